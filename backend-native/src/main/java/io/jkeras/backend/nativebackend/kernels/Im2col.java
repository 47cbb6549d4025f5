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
     * Fills {@code cols} with the windows of {@code batch} row-major {@code (inHeight, inWidth, channels)} samples.
     *
     * @param in the input, {@code batch * w.inputSize()} values
     * @param cols the rows, {@code batch * w.outputPositions() * w.patchSize()} values from {@code colsOff}
     * @param colsOff where the rows start in {@code cols}
     */
    public static void im2col(Window w, float[] in, float[] cols, int colsOff, int batch) {
        int c = w.channels();
        int patch = w.patchSize();
        int row = 0;
        for (int n = 0; n < batch; n++) {
            int sample = n * w.inputSize();
            for (int oy = 0; oy < w.outHeight(); oy++) {
                for (int ox = 0; ox < w.outWidth(); ox++, row++) {
                    int dst = colsOff + row * patch;
                    for (int ky = 0; ky < w.kernelHeight(); ky++) {
                        int iy = oy * w.strideHeight() - w.padTop() + ky * w.dilationHeight();
                        for (int kx = 0; kx < w.kernelWidth(); kx++, dst += c) {
                            int ix = ox * w.strideWidth() - w.padLeft() + kx * w.dilationWidth();
                            if (iy < 0 || iy >= w.inHeight() || ix < 0 || ix >= w.inWidth()) {
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

    /**
     * Overwrites {@code in} with the sum, at every input position, of the row entries that
     * {@link #im2col} read from it.
     *
     * @param cols rows as {@code im2col} lays them out, from {@code colsOff}
     * @param colsOff where the rows start in {@code cols}
     * @param in the input-shaped result, {@code batch * w.inputSize()} values
     */
    public static void col2im(Window w, float[] cols, int colsOff, float[] in, int batch) {
        int c = w.channels();
        int patch = w.patchSize();
        Arrays.fill(in, 0, batch * w.inputSize(), 0f);
        int row = 0;
        for (int n = 0; n < batch; n++) {
            int sample = n * w.inputSize();
            for (int oy = 0; oy < w.outHeight(); oy++) {
                for (int ox = 0; ox < w.outWidth(); ox++, row++) {
                    int src = colsOff + row * patch;
                    for (int ky = 0; ky < w.kernelHeight(); ky++) {
                        int iy = oy * w.strideHeight() - w.padTop() + ky * w.dilationHeight();
                        for (int kx = 0; kx < w.kernelWidth(); kx++, src += c) {
                            int ix = ox * w.strideWidth() - w.padLeft() + kx * w.dilationWidth();
                            if (iy >= 0 && iy < w.inHeight() && ix >= 0 && ix < w.inWidth()) {
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
