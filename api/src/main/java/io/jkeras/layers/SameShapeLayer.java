package io.jkeras.layers;

import io.jkeras.Tensor;
import java.util.List;
import java.util.Random;

/** A layer without weights whose output has its input's shape: {@link Activation}, {@link Dropout}. */
abstract class SameShapeLayer extends Layer {

    @Override
    protected final int[] computeOutputShape(int[] in) {
        return in.clone();
    }

    @Override
    public final List<int[]> weightShapes(int[] in) {
        return List.of();
    }

    @Override
    protected List<Tensor> initialWeights(int[] in, Random rng) {
        return List.of();
    }

    /** Values per sample: the product of the input shape. */
    final int sampleSize() {
        int size = 1;
        for (int d : inputShape()) {
            size *= d;
        }
        return size;
    }
}
