package io.jkeras.layers;

import io.jkeras.backend.PoolingSpec;

/**
 * Keras's {@code MaxPooling1D}: each channel's maximum over each window; see {@link BasePooling} for the
 * arguments. No weights.
 *
 * <p>Input shape: {@code (batch, steps, channels)}. Output shape: {@code (batch, newSteps, channels)}.
 */
public final class MaxPooling1D extends BasePooling<MaxPooling1D> {

    /** Windows of {@code poolSize} steps. */
    public MaxPooling1D(int poolSize) {
        super(1, PoolingSpec.Op.MAX, new int[] {poolSize});
    }

    /** Windows of 2 steps, Keras's default. */
    public MaxPooling1D() {
        this(2);
    }

    @Override
    public String className() {
        return "MaxPooling1D";
    }

    @Override
    protected String namePrefix() {
        return "max_pooling1d";
    }
}
