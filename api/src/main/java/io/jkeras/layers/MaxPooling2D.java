package io.jkeras.layers;

import io.jkeras.backend.PoolingSpec;

/**
 * Keras's {@code MaxPooling2D}: each channel's maximum over each window; see {@link BasePooling} for the
 * arguments. No weights.
 *
 * <p>Input shape: {@code (batch, height, width, channels)}. Output shape: {@code (batch, newHeight, newWidth, channels)}.
 */
public final class MaxPooling2D extends BasePooling<MaxPooling2D> {

    /** Windows of {@code poolSize x poolSize} (Keras's default is 2). */
    public MaxPooling2D(int poolSize) {
        this(new int[] {poolSize});
    }

    /** Windows of {@code (height, width)} (one value: square). */
    public MaxPooling2D(int[] poolSize) {
        super(2, PoolingSpec.Op.MAX, poolSize);
    }

    /** Windows of 2 x 2, Keras's default. */
    public MaxPooling2D() {
        this(2);
    }

    @Override
    public String className() {
        return "MaxPooling2D";
    }

    @Override
    protected String namePrefix() {
        return "max_pooling2d";
    }
}
