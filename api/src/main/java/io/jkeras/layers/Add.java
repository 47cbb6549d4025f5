package io.jkeras.layers;

import io.jkeras.backend.MergeSpec;

/**
 * Keras's {@code Add} layer: the sum of its inputs, {@code a + b + ...}.
 *
 * <p>Input: a list of two or more tensors of the same shape, {@code apply(a, b)}. Output: that shape.
 */
public final class Add extends Merge {

    /** A Add layer. */
    public Add() {
        super(MergeSpec.Op.ADD);
    }

    @Override
    protected String namePrefix() {
        return "add";
    }
}
