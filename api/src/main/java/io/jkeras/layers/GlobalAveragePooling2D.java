package io.jkeras.layers;

import io.jkeras.backend.PoolingSpec;

/**
 * Keras's {@code GlobalAveragePooling2D}: each channel's mean over every spatial position. No weights.
 *
 * <p>Input shape: {@code (batch, height, width, channels)}. Output shape: {@code (batch, channels)}.
 */
public final class GlobalAveragePooling2D extends BaseGlobalPooling {

    /** The layer. */
    public GlobalAveragePooling2D() {
        super(2, PoolingSpec.Op.AVERAGE);
    }

    @Override
    public String className() {
        return "GlobalAveragePooling2D";
    }

    @Override
    protected String namePrefix() {
        return "global_average_pooling2d";
    }
}
