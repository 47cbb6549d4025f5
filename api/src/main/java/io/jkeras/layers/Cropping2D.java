package io.jkeras.layers;

import io.jkeras.backend.PadCropSpec;

/**
 * Keras's {@code Cropping2D(cropping=((0, 0), (0, 0)))}: rows removed at the top and bottom of an
 * image, and columns at its left and right, channels last. No weights. The crop must leave at
 * least one row and one column.
 *
 * <p>Input shape: {@code (batch, height, width, channels)}. Output shape:
 * {@code (batch, height - top - bottom, width - left - right, channels)}.
 */
public final class Cropping2D extends BasePadCrop2D<Cropping2D> {

    /** Keras's default: no cropping. */
    public Cropping2D() {
        this(0);
    }

    /** {@code cropping} rows and columns off every side. */
    public Cropping2D(int cropping) {
        this(every(cropping));
    }

    /** {@code height} rows off the top and the bottom, {@code width} columns off the left and the right. */
    public Cropping2D(int height, int width) {
        this(symmetric(height, width));
    }

    /** Keras's {@code ((top, bottom), (left, right))}. */
    public Cropping2D(int[][] cropping) {
        super(PadCropSpec.Mode.CROP, "cropping", cropping);
    }

    /** {@code ((top, bottom), (left, right))}; a copy. */
    public int[][] getCropping() {
        return amounts();
    }

    @Override
    public String className() {
        return "Cropping2D";
    }

    @Override
    protected String namePrefix() {
        return "cropping2d";
    }
}
