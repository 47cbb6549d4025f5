package io.jkeras.layers;

import io.jkeras.backend.MergeSpec;

/**
 * Keras's {@code Multiply} layer: the elementwise product of its inputs, {@code a * b * ...}.
 *
 * <p>Input: a list of two or more tensors of the same shape, {@code apply(a, b)}. Output: that shape.
 */
public final class Multiply extends Merge {

    /** A Multiply layer. */
    public Multiply() {
        super(MergeSpec.Op.MULTIPLY);
    }

    @Override
    protected String namePrefix() {
        return "multiply";
    }
}
