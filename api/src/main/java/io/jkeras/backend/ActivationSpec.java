package io.jkeras.backend;

import io.jkeras.activations.Activation;

/**
 * Keras's {@code Activation} layer: the function applied to every value, no weights. Softmax and
 * log-softmax act on the last axis.
 *
 * @param name the layer's name
 * @param shape the per-sample shape, in and out
 * @param activation the function
 */
public record ActivationSpec(String name, int[] shape, Activation activation) implements SameShapeSpec {

    /** Copies the shape. */
    public ActivationSpec {
        shape = shape.clone();
    }

    /** An activation over samples of {@code size} features. */
    public ActivationSpec(String name, int size, Activation activation) {
        this(name, new int[] {size}, activation);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The length of the last axis, along which softmax normalises. */
    public int lastAxis() {
        return shape.length == 0 ? 1 : shape[shape.length - 1];
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.activation(this);
    }
}
