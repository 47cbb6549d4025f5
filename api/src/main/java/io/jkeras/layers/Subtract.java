package io.jkeras.layers;

import io.jkeras.backend.MergeSpec;

/**
 * Keras's {@code Subtract} layer: {@code a - b}.
 *
 * <p>Input: exactly two tensors of the same shape, {@code apply(a, b)}. Output: that shape.
 */
public final class Subtract extends Merge {

    /** A Subtract layer. */
    public Subtract() {
        super(MergeSpec.Op.SUBTRACT);
    }

    @Override
    protected String namePrefix() {
        return "subtract";
    }

    @Override
    protected int maxInputs() {
        return 2;
    }
}
