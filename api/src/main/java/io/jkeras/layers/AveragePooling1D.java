package io.jkeras.layers;

import io.jkeras.backend.PoolingSpec;

/**
 * Keras's {@code AveragePooling1D}: each channel's mean over each window; see {@link BasePooling} for the
 * arguments. No weights.
 *
 * <p>Input shape: {@code (batch, steps, channels)}. Output shape: {@code (batch, newSteps, channels)}.
 */
public final class AveragePooling1D extends BasePooling<AveragePooling1D> {

    /** Windows of {@code poolSize} steps. */
    public AveragePooling1D(int poolSize) {
        super(1, PoolingSpec.Op.AVERAGE, new int[] {poolSize});
    }

    /** Windows of 2 steps, Keras's default. */
    public AveragePooling1D() {
        this(2);
    }

    @Override
    public String className() {
        return "AveragePooling1D";
    }

    @Override
    protected String namePrefix() {
        return "average_pooling1d";
    }
}
