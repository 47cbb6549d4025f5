package io.jkeras.layers;

/** A layer without weights whose output has its input's shape: {@link Activation}, {@link Dropout}. */
abstract class SameShapeLayer extends Layer {

    @Override
    protected final int[] computeOutputShape(int[] in) {
        return in.clone();
    }
}
