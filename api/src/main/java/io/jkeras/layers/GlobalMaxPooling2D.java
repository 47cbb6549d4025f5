package io.jkeras.layers;

import io.jkeras.backend.PoolingSpec;

/**
 * Keras's {@code GlobalMaxPooling2D}: each channel's maximum over every spatial position. No weights.
 *
 * <p>Input shape: {@code (batch, height, width, channels)}. Output shape: {@code (batch, channels)}.
 */
public final class GlobalMaxPooling2D extends BaseGlobalPooling {

    /** The layer. */
    public GlobalMaxPooling2D() {
        super(2, PoolingSpec.Op.MAX);
    }

    @Override
    public String className() {
        return "GlobalMaxPooling2D";
    }

    @Override
    protected String namePrefix() {
        return "global_max_pooling2d";
    }
}
