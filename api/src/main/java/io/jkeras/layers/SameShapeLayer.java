package io.jkeras.layers;

/** A layer without weights whose output has its input's shape: {@link Activation}, {@link Dropout}. */
abstract class SameShapeLayer extends Layer {

    @Override
    protected final int[] computeOutputShape(int[] in) {
        checkInput(in);
        return in.clone();
    }

    /** Checks the per-sample input shape at build time; any shape by default. */
    protected void checkInput(int[] in) {
    }
}
