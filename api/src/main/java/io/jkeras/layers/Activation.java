package io.jkeras.layers;

import io.jkeras.Tensor;
import io.jkeras.backend.ActivationSpec;
import io.jkeras.backend.LayerSpec;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Keras's {@code Activation} layer: applies an activation function to its input.
 *
 * <p>Input shape: any. Output shape: the same.
 */
public final class Activation extends Layer {
    private final io.jkeras.activations.Activation activation;

    /** An activation layer by Keras name, e.g. {@code "softmax"}. */
    public Activation(String activation) {
        this(io.jkeras.activations.Activation.get(activation));
    }

    /** An activation layer applying this function. */
    public Activation(io.jkeras.activations.Activation activation) {
        this.activation = Objects.requireNonNull(activation, "activation");
    }

    /** The function applied. */
    public io.jkeras.activations.Activation getActivation() {
        return activation;
    }

    @Override
    public String className() {
        return "Activation";
    }

    @Override
    protected String namePrefix() {
        return "activation";
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        return in.clone();
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
        int size = 1;
        for (int d : inputShape()) {
            size *= d;
        }
        return new ActivationSpec(getName(), size, activation);
    }
}
