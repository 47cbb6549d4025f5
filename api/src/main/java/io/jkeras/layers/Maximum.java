package io.jkeras.layers;

import io.jkeras.backend.MergeSpec;

/**
 * Keras's {@code Maximum} layer: the elementwise maximum of its inputs.
 *
 * <p>Input: a list of two or more tensors of the same shape, {@code apply(a, b)}. Output: that shape.
 */
public final class Maximum extends Merge {

    /** A Maximum layer. */
    public Maximum() {
        super(MergeSpec.Op.MAXIMUM);
    }

    @Override
    protected String namePrefix() {
        return "maximum";
    }
}
