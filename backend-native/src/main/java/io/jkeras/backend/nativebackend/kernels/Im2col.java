package io.jkeras.backend.nativebackend.kernels;

import io.jkeras.backend.Window;
import java.util.Arrays;

/**
 * Lowers a channels-last convolution to one matrix product: {@link #im2col} copies every window
 * of a batch into one row of a matrix {@code (batch * outHeight * outWidth, kernelHeight * kernelWidth * channels)},
 * in the order of a Keras kernel {@code (kh, kw, in, out)} read as rows, so that the convolution is
 * {@code cols @ kernel}; {@link #col2im} adds such rows back onto the positions they were read from
 * (the gradient with respect to the input). Padding reads as zeros and receives nothing.
 */
public final class Im2col {

    private Im2col() {
    }

    /**
     * Fills {@code cols} with the windows of samples {@code [from, to)} of a batch of row-major
     * {@code (inHeight, inWidth, channels)} samples; sample {@code n}'s rows start at row
     * {@code n * w.outputPositions()}. With dilation 1 along the width, the {@code kernelWidth * channels}
     * values of one window row are one run in both arrays and are copied at once.
     *
     * @param in the input, {@code w.inputSize()} values per sample
     * @param cols the rows, {@code w.patchSize()} values per row, from {@code colsOff}
     * @param colsOff where row 0 starts in {@code cols}
     * @param from the first sample
     * @param to the sample after the last
     */
    public static void im2col(Window w, float[] in, float[] cols, int colsOff, int from, int to) {
        int c = w.channels();
        int kw = w.kernelWidth();
        int run = kw * c;
        boolean runs = w.dilationWidth() == 1;
        int patch = w.patchSize();
        int row = from * w.outputPositions();
        for (int n = from; n < to; n++) {
            int sample = n * w.inputSize();
            for (int oy = 0; oy < w.outHeight(); oy++) {
                for (int ox = 0; ox < w.outWidth(); ox++, row++) {
                    int dst = colsOff + row * patch;
                    int ix0 = ox * w.strideWidth() - w.padLeft();
                    boolean inside = runs && ix0 >= 0 && ix0 + kw <= w.inWidth();
                    for (int ky = 0; ky < w.kernelHeight(); ky++) {
                        int iy = oy * w.strideHeight() - w.padTop() + ky * w.dilationHeight();
                        if (iy < 0 || iy >= w.inHeight()) {
                            Arrays.fill(cols, dst, dst + run, 0f);
                            dst += run;
                        } else if (inside) {
                            int src = sample + (iy * w.inWidth() + ix0) * c;
                            if (run <= 16) {
                                for (int j = 0; j < run; j++) {
                                    cols[dst + j] = in[src + j];
                                }
                            } else {
                                System.arraycopy(in, src, cols, dst, run);
                            }
                            dst += run;
                        } else {
                            for (int kx = 0; kx < kw; kx++, dst += c) {
                                int ix = ix0 + kx * w.dilationWidth();
                                if (ix < 0 || ix >= w.inWidth()) {
                                    Arrays.fill(cols, dst, dst + c, 0f);
                                } else {
                                    System.arraycopy(in, sample + (iy * w.inWidth() + ix) * c, cols, dst, c);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Overwrites samples {@code [from, to)} of {@code in} with the sum, at every input position,
     * of the row entries that {@link #im2col} read from it.
     *
     * @param cols rows as {@code im2col} lays them out, from {@code colsOff}
     * @param colsOff where row 0 starts in {@code cols}
     * @param in the input-shaped result, {@code w.inputSize()} values per sample
     * @param from the first sample
     * @param to the sample after the last
     */
    public static void col2im(Window w, float[] cols, int colsOff, float[] in, int from, int to) {
        int c = w.channels();
        int kw = w.kernelWidth();
        int run = kw * c;
        boolean runs = w.dilationWidth() == 1;
        int patch = w.patchSize();
        Arrays.fill(in, from * w.inputSize(), to * w.inputSize(), 0f);
        int row = from * w.outputPositions();
        for (int n = from; n < to; n++) {
            int sample = n * w.inputSize();
            for (int oy = 0; oy < w.outHeight(); oy++) {
                for (int ox = 0; ox < w.outWidth(); ox++, row++) {
                    int src = colsOff + row * patch;
                    int ix0 = ox * w.strideWidth() - w.padLeft();
                    boolean inside = runs && ix0 >= 0 && ix0 + kw <= w.inWidth();
                    for (int ky = 0; ky < w.kernelHeight(); ky++) {
                        int iy = oy * w.strideHeight() - w.padTop() + ky * w.dilationHeight();
                        if (iy < 0 || iy >= w.inHeight()) {
                            src += run;
                        } else if (inside) {
                            int dst = sample + (iy * w.inWidth() + ix0) * c;
                            for (int j = 0; j < run; j++) {
                                in[dst + j] += cols[src + j];
                            }
                            src += run;
                        } else {
                            for (int kx = 0; kx < kw; kx++, src += c) {
                                int ix = ix0 + kx * w.dilationWidth();
                                if (ix >= 0 && ix < w.inWidth()) {
                                    int dst = sample + (iy * w.inWidth() + ix) * c;
                                    for (int j = 0; j < c; j++) {
                                        in[dst + j] += cols[src + j];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
