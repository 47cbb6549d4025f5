package io.jkeras.backend.nativebackend.layers;

import io.jkeras.backend.GlobalPoolingSpec;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.Padding;
import io.jkeras.backend.PoolingSpec;
import io.jkeras.backend.Window;
import io.jkeras.backend.nativebackend.kernels.ConvKernels;
import io.jkeras.backend.nativebackend.kernels.Parallel;
import java.util.Arrays;

/**
 * Keras's {@code MaxPooling1D/2D} and {@code AveragePooling1D/2D}, channels last, over the window
 * geometry of the spec (one spatial axis is an image of height 1), and the global poolings as one
 * window the size of the input. Padding never takes part: a
 * maximum is over the input positions of its window, and a mean divides by their count.
 *
 * <p>Max: the backward pass sends each {@code dOut} to the first input position in window order
 * that equals the window's maximum (the forward pass's output), found again from the input; the
 * forward pass keeps no indices, so both loops run over whole channel runs without a branch
 * (keeping an index per output value cost a mispredicted branch per compared value, 17 % of the
 * MNIST convnet's training step). Average: each {@code dOut / count} goes to every input position
 * of its window. Both passes run split over the samples of the batch ({@link Parallel}).
 */
public final class NativePooling extends NativeLayer {
    private final Window w;
    private final boolean max;
    /** The input rows {@code [rowStart[oy], rowEnd[oy])} and columns of each output position's window, padding left out. */
    private final int[] rowStart;
    private final int[] rowEnd;
    private final int[] colStart;
    private final int[] colEnd;
    /** Whether the windows tile the input, each input position in at most one window (strides equal to the pool size). */
    private final boolean tiles;

    /** The layer for this specification. */
    public NativePooling(PoolingSpec spec) {
        this(spec, spec.window(), spec.op());
    }

    /** A global pooling: one window as large as the input. */
    public NativePooling(GlobalPoolingSpec spec) {
        this(spec, wholeInput(spec.inputShape()), spec.op());
    }

    private static Window wholeInput(int[] inputShape) {
        int rank = inputShape.length - 1;
        int[] ones = new int[rank];
        Arrays.fill(ones, 1);
        return Window.of(inputShape, Arrays.copyOf(inputShape, rank), ones, ones, Padding.VALID);
    }

    private NativePooling(LayerSpec spec, Window w, PoolingSpec.Op op) {
        super(spec);
        this.w = w;
        this.max = op == PoolingSpec.Op.MAX;
        this.rowStart = new int[w.outHeight()];
        this.rowEnd = new int[w.outHeight()];
        for (int oy = 0; oy < rowStart.length; oy++) {
            int first = oy * w.strideHeight() - w.padTop();
            rowStart[oy] = Math.max(0, first);
            rowEnd[oy] = Math.min(w.inHeight(), first + w.kernelHeight());
        }
        this.tiles = w.strideHeight() == w.kernelHeight() && w.strideWidth() == w.kernelWidth()
                && w.outHeight() > 0 && w.outWidth() > 0;
        this.colStart = new int[w.outWidth()];
        this.colEnd = new int[w.outWidth()];
        for (int ox = 0; ox < colStart.length; ox++) {
            int first = ox * w.strideWidth() - w.padLeft();
            colStart[ox] = Math.max(0, first);
            colEnd[ox] = Math.min(w.inWidth(), first + w.kernelWidth());
        }
    }


    @Override
    public int scratchSize(int batch) {
        // Max: one run of channels per sample, the gradient still to place in the backward pass.
        return max ? batch * w.channels() : 0;
    }

    @Override
    public void forward(float[][] inputs, float[] out, float[] scratch, int batch) {
        Parallel.forRange(batch, (long) batch * inputSize() * 4,
                (from, to) -> forwardSamples(inputs[0], out, from, to));
    }

    private void forwardSamples(float[] in, float[] out, int from, int to) {
        int c = w.channels();
        int o = from * outputSize();
        for (int n = from; n < to; n++) {
            int sample = n * w.inputSize();
            for (int oy = 0; oy < w.outHeight(); oy++) {
                for (int ox = 0; ox < w.outWidth(); ox++, o += c) {
                    if (max) {
                        maxWindow(in, out, o, sample, rowStart[oy], rowEnd[oy], colStart[ox], colEnd[ox]);
                    } else {
                        meanWindow(in, out, o, sample, rowStart[oy], rowEnd[oy], colStart[ox], colEnd[ox]);
                    }
                }
            }
        }
    }

    /** The maximum of each channel over rows {@code [y0, y1)} and columns {@code [x0, x1)} of one sample into {@code out[o..o+c)}. */
    private void maxWindow(float[] in, float[] out, int o, int sample, int y0, int y1, int x0, int x1) {
        int c = w.channels();
        ConvKernels.maxWindow(in, sample + (y0 * w.inWidth() + x0) * c, y1 - y0, x1 - x0, w.inWidth() * c, out, o, c);
    }

    /** The mean of each channel over rows {@code [y0, y1)} and columns {@code [x0, x1)} of one sample into {@code out[o..o+c)}. */
    private void meanWindow(float[] in, float[] out, int o, int sample, int y0, int y1, int x0, int x1) {
        int c = w.channels();
        Arrays.fill(out, o, o + c, 0f);
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int i = sample + (y * w.inWidth() + x) * c;
                for (int j = 0; j < c; j++) {
                    out[o + j] += in[i + j];
                }
            }
        }
        float inv = 1f / ((y1 - y0) * (x1 - x0));
        for (int j = 0; j < c; j++) {
            out[o + j] *= inv;
        }
    }

    @Override
    public void backward(float[][] inputs, float[] out, float[] scratch, float[] dOut, float[][] dIn, int batch,
            boolean accumulate) {
        float[] d = dIn[0];
        if (d == null) {
            return;
        }
        Parallel.forRange(batch, (long) batch * inputSize() * 4,
                (from, to) -> backwardSamples(inputs[0], out, scratch, dOut, d, from, to));
    }

    private void backwardSamples(float[] in, float[] out, float[] scratch, float[] dOut, float[] d, int from, int to) {
        if (max && tiles) {
            tiledMaxBackward(in, out, scratch, dOut, d, from, to);
            return;
        }
        Arrays.fill(d, from * inputSize(), to * inputSize(), 0f);
        int c = w.channels();
        int o = from * outputSize();
        for (int n = from; n < to; n++) {
            int sample = n * w.inputSize();
            for (int oy = 0; oy < w.outHeight(); oy++) {
                int y0 = rowStart[oy];
                int y1 = rowEnd[oy];
                for (int ox = 0; ox < w.outWidth(); ox++, o += c) {
                    int x0 = colStart[ox];
                    int x1 = colEnd[ox];
                    if (max) {
                        maxWindowBackward(in, out, scratch, from * c, dOut, d, o, sample, y0, y1, x0, x1);
                        continue;
                    }
                    float inv = 1f / ((y1 - y0) * (x1 - x0));
                    for (int y = y0; y < y1; y++) {
                        for (int x = x0; x < x1; x++) {
                            int i = sample + (y * w.inWidth() + x) * c;
                            for (int j = 0; j < c; j++) {
                                d[i + j] += dOut[o + j] * inv;
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Max pooling's backward pass when the windows tile the input (strides equal to the pool size):
     * each window writes its positions' gradients ({@link ConvKernels#placeWindow}), and only the
     * positions that no window covers (the last rows or columns of an odd size) are set to zero,
     * instead of a pass of zeros over the whole gradient first.
     */
    private void tiledMaxBackward(float[] in, float[] out, float[] rest, float[] dOut, float[] d, int from, int to) {
        int c = w.channels();
        int rowValues = w.inWidth() * c;
        int coveredRows = rowEnd[rowEnd.length - 1];
        int coveredCols = colEnd[colEnd.length - 1];
        int o = from * outputSize();
        for (int n = from; n < to; n++) {
            int sample = n * w.inputSize();
            if (coveredCols < w.inWidth()) {
                for (int y = 0; y < coveredRows; y++) {
                    int row = sample + y * rowValues;
                    Arrays.fill(d, row + coveredCols * c, row + rowValues, 0f);
                }
            }
            Arrays.fill(d, sample + coveredRows * rowValues, sample + w.inputSize(), 0f);
            for (int oy = 0; oy < w.outHeight(); oy++) {
                int y0 = rowStart[oy];
                for (int ox = 0; ox < w.outWidth(); ox++, o += c) {
                    int x0 = colStart[ox];
                    ConvKernels.placeWindow(in, sample + (y0 * w.inWidth() + x0) * c, rowEnd[oy] - y0,
                            colEnd[ox] - x0, rowValues, out, o, dOut, d, c, rest, from * c);
                }
            }
        }
    }

    /**
     * Adds {@code dOut[o..o+c)} at the first input position of the window (window order) whose
     * value equals the maximum {@code out[o..o+c)}, channel by channel; {@code rest[r..r+c)} holds,
     * per channel, the gradient not yet placed (zero once placed).
     */
    private void maxWindowBackward(float[] in, float[] out, float[] rest, int r, float[] dOut, float[] d, int o,
            int sample, int y0, int y1, int x0, int x1) {
        int c = w.channels();
        System.arraycopy(dOut, o, rest, r, c);
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                ConvKernels.placeAtMax(in, sample + (y * w.inWidth() + x) * c, out, o, rest, r, d, c);
            }
        }
    }
}
