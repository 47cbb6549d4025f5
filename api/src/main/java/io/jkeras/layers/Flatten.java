package io.jkeras.layers;

import io.jkeras.backend.LayerSpec;

/**
 * Keras's {@code Flatten}: turns each sample into one axis of features, e.g. {@code (28, 28)}
 * into {@code (784,)}. Tensors are row-major, so no value moves; backends receive it as a
 * {@link io.jkeras.backend.ReshapeSpec}.
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
        return new int[] {io.jkeras.backend.Shapes.size(in, "the input of Flatten '" + getName() + "'")};
    }

    @Override
    public LayerSpec toSpec() {
        return new io.jkeras.backend.ReshapeSpec(getName(), inputShape(), outputShape());
    }
}
