package io.jkeras.layers;

import io.jkeras.backend.ActivationSpec;
import io.jkeras.backend.LayerSpec;
import java.util.Objects;

/**
 * Keras's {@code Activation} layer: applies an activation function to its input.
 *
 * <p>Input shape: any. Output shape: the same.
 */
public final class Activation extends SameShapeLayer {
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
    public LayerSpec toSpec() {
        return new ActivationSpec(getName(), inputShape(), activation);
    }

    /** Keras's {@code supports_masking}: the mask passes through unchanged. */
    @Override
    public io.jkeras.backend.MaskSpec outputMask(String input, int[] inputShape, io.jkeras.backend.MaskSpec inputMask) {
        return inputMask;
    }
}
