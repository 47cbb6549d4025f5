package io.jkeras.layers;

import io.jkeras.Tensor;
import io.jkeras.backend.LayerSpec;
import java.util.List;
import java.util.Random;

/**
 * Keras's {@code Flatten}: turns each sample into one axis of features, e.g. {@code (28, 28)}
 * into {@code (784,)}. Tensors are row-major, so no value moves: backends never see this layer.
 */
public final class Flatten extends Layer {

    /** A Flatten layer. */
    public Flatten() {
    }

    @Override
    public String className() {
        return "Flatten";
    }

    @Override
    protected String namePrefix() {
        return "flatten";
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        int n = 1;
        for (int d : in) {
            n *= d;
        }
        return new int[] {n};
    }

    @Override
    public List<int[]> weightShapes(int[] in) {
        return List.of();
    }

    @Override
    protected List<Tensor> initialWeights(int[] in, Random rng) {
        return List.of();
    }

    @Override
    public LayerSpec toSpec() {
        return new io.jkeras.backend.ReshapeSpec(getName(), inputShape(), outputShape());
    }
}
