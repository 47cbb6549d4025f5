package io.jkeras.layers;

import io.jkeras.backend.MergeSpec;

/**
 * Keras's {@code Average} layer: the elementwise mean of its inputs, {@code (a + b + ...) / n}.
 *
 * <p>Input: a list of two or more tensors of the same shape, {@code apply(a, b)}. Output: that shape.
 */
public final class Average extends Merge {

    /** A Average layer. */
    public Average() {
        super(MergeSpec.Op.AVERAGE);
    }

    @Override
    protected String namePrefix() {
        return "average";
    }
}
