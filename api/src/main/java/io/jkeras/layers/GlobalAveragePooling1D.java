package io.jkeras.layers;

import io.jkeras.backend.PoolingSpec;

/**
 * Keras's {@code GlobalAveragePooling1D}: each channel's mean over every spatial position. No weights.
 *
 * <p>Input shape: {@code (batch, steps, channels)}. Output shape: {@code (batch, channels)}.
 */
public final class GlobalAveragePooling1D extends BaseGlobalPooling {

    /** The layer. */
    public GlobalAveragePooling1D() {
        super(1, PoolingSpec.Op.AVERAGE);
    }

    @Override
    public String className() {
        return "GlobalAveragePooling1D";
    }

    @Override
    protected String namePrefix() {
        return "global_average_pooling1d";
    }
}
