package io.jkeras.layers;

import io.jkeras.backend.PadCropSpec;

/**
 * Keras's {@code ZeroPadding2D(padding=(1, 1))}: rows of zeros added at the top and bottom of an
 * image, and columns at its left and right, channels last. No weights.
 *
 * <p>Input shape: {@code (batch, height, width, channels)}. Output shape:
 * {@code (batch, top + height + bottom, left + width + right, channels)}.
 */
public final class ZeroPadding2D extends BasePadCrop2D<ZeroPadding2D> {

    /** Keras's default: one row and one column of zeros on every side. */
    public ZeroPadding2D() {
        this(1);
    }

    /** {@code padding} rows and columns of zeros on every side. */
    public ZeroPadding2D(int padding) {
        this(every(padding));
    }

    /** {@code height} rows at the top and at the bottom, {@code width} columns at the left and at the right. */
    public ZeroPadding2D(int height, int width) {
        this(symmetric(height, width));
    }

    /** Keras's {@code ((top, bottom), (left, right))}. */
    public ZeroPadding2D(int[][] padding) {
        super(PadCropSpec.Mode.ZERO_PAD, "padding", padding);
    }

    /** {@code ((top, bottom), (left, right))}; a copy. */
    public int[][] getPadding() {
        return amounts();
    }

    @Override
    public String className() {
        return "ZeroPadding2D";
    }

    @Override
    protected String namePrefix() {
        return "zero_padding2d";
    }
}
