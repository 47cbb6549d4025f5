package io.jkeras.layers;

import io.jkeras.backend.PoolingSpec;

/**
 * Keras's {@code GlobalMaxPooling1D}: each channel's maximum over every spatial position. No weights.
 *
 * <p>Input shape: {@code (batch, steps, channels)}. Output shape: {@code (batch, channels)}.
 */
public final class GlobalMaxPooling1D extends BaseGlobalPooling {

    /** The layer. */
    public GlobalMaxPooling1D() {
        super(1, PoolingSpec.Op.MAX);
    }

    @Override
    public String className() {
        return "GlobalMaxPooling1D";
    }

    @Override
    protected String namePrefix() {
        return "global_max_pooling1d";
    }
}
