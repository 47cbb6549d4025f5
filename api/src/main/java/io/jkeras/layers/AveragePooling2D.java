package io.jkeras.layers;

import io.jkeras.backend.PoolingSpec;

/**
 * Keras's {@code AveragePooling2D}: each channel's mean over each window; see {@link BasePooling} for the
 * arguments. No weights.
 *
 * <p>Input shape: {@code (batch, height, width, channels)}. Output shape: {@code (batch, newHeight, newWidth, channels)}.
 */
public final class AveragePooling2D extends BasePooling<AveragePooling2D> {

    /** Windows of {@code poolSize x poolSize} (Keras's default is 2). */
    public AveragePooling2D(int poolSize) {
        this(new int[] {poolSize});
    }

    /** Windows of {@code (height, width)} (one value: square). */
    public AveragePooling2D(int[] poolSize) {
        super(2, PoolingSpec.Op.AVERAGE, poolSize);
    }

    /** Windows of 2 x 2, Keras's default. */
    public AveragePooling2D() {
        this(2);
    }

    @Override
    public String className() {
        return "AveragePooling2D";
    }

    @Override
    protected String namePrefix() {
        return "average_pooling2d";
    }
}
