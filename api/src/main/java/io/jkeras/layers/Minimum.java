package io.jkeras.layers;

import io.jkeras.backend.MergeSpec;

/**
 * Keras's {@code Minimum} layer: the elementwise minimum of its inputs.
 *
 * <p>Input: a list of two or more tensors of the same shape, {@code apply(a, b)}. Output: that shape.
 */
public final class Minimum extends Merge {

    /** A Minimum layer. */
    public Minimum() {
        super(MergeSpec.Op.MINIMUM);
    }

    @Override
    protected String namePrefix() {
        return "minimum";
    }
}
