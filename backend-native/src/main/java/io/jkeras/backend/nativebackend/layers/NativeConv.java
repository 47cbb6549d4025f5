package io.jkeras.backend.nativebackend.layers;

import io.jkeras.activations.Activation;
import io.jkeras.backend.ConvSpec;
import io.jkeras.backend.Window;
import io.jkeras.backend.nativebackend.kernels.ActivationKernels;
import io.jkeras.backend.nativebackend.kernels.ConvKernels;
import io.jkeras.backend.nativebackend.kernels.Gemm;
import io.jkeras.backend.nativebackend.kernels.Im2col;
import io.jkeras.backend.nativebackend.kernels.NativeParameters;
import io.jkeras.backend.nativebackend.kernels.Parallel;
import java.util.Arrays;

/**
 * Keras's {@code Conv1D} and {@code Conv2D}, channels last, as one matrix product per batch: the
 * windows of the batch become the rows of {@code cols} ({@link Im2col}), and
 * {@code z = cols @ kernel + bias} with the kernel in Keras's layout, row-major
 * {@code (kh * kw * in, filters)}; {@code out = activation(z)}. A one-dimensional convolution is
 * the two-dimensional one on an image of height 1.
 *
 * <p>Backward: {@code dz = activation'(z) dOut} (in place), {@code dKernel = cols^T dz},
 * {@code dBias = sum over rows of dz}, and {@code dCols = dz kernel^T}, written over {@code cols}
 * (no longer needed) and added back onto the input positions ({@link Im2col#col2im}).
 *
 * <p>The forward pass, the activation's backward pass and {@code dCols} with {@code col2im} run
 * split over the samples of the batch on the backend's threads ({@link Parallel}), each sample's
 * windows, products and gradients on one thread; {@code dKernel} is one product the threads share.
 * Each thread works through its samples in blocks (about {@link NativeParameters#CONV_BLOCK_VALUES}
 * values of windows, whole tiles of the product): a block's windows are written and at once
 * multiplied, and a block's {@code dCols} is written into one reused part of {@code cols} and at
 * once added back by {@code col2im}, so the product and {@code col2im} read them from cache. In
 * inference every block's windows reuse that part too; in training they stay for {@code dKernel}.
 * On the SIMD path the forward product starts from the bias and applies ReLU per tile
 * ({@link ConvKernels#biasProduct}), {@code dCols} runs on the kernel transposed once, and
 * {@code dKernel} reads {@code cols} and {@code dz} in place ({@link ConvKernels#productAdd}): no
 * packing, the same bits as {@link Gemm}. ReLU's backward pass is {@link ActivationKernels#backward}
 * (a vector select on the SIMD path).
 */
public final class NativeConv extends NativeLayer {
    private final Window window;
    private final int patch;
    private final int filters;
    private final Activation activation;
    private final boolean keepInput;
    private final NativeVariable kernel;
    private final NativeVariable bias;

    /** A convolution for this specification, with zero weights until they are set. */
    public NativeConv(ConvSpec spec) {
        super(spec);
        this.window = spec.window();
        this.patch = window.patchSize();
        this.filters = spec.filters();
        this.activation = spec.activation();
        this.keepInput = ActivationKernels.backwardNeedsInput(activation);
        this.kernel = variables().get(0);
        this.bias = spec.useBias() ? variables().get(1) : null;
    }

    private int rows(int batch) {
        return batch * window.outputPositions();
    }

    @Override
    public int scratchSize(int batch) {
        // z (if kept), the windows, the transposed kernel and a row of zeros for dCols.
        return zSize(batch) + rows(batch) * patch + patch * filters + patch;
    }

    /** Samples per block of the forward pass and of dCols: their windows stay in cache between the two steps. */
    private int blockSamples() {
        int positions = Math.max(1, window.outputPositions());
        int fit = Math.max(1, NativeParameters.CONV_BLOCK_VALUES / (positions * patch));
        // Whole tiles of the direct product when that takes at most twice the values: the rows
        // left over from the tiles run one at a time, at a quarter of the speed.
        int tile = ConvKernels.tileRows();
        int align = tile / gcd(positions, tile);
        return align <= 2 * fit ? Math.max(align, fit / align * align) : fit;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** The pre-activation, kept at the start of the scratch space when the activation's derivative needs it. */
    private int zSize(int batch) {
        return keepInput ? rows(batch) * filters : 0;
    }

    /** Inference: the windows of each block of samples go to the same place, as no backward pass reads them. */
    @Override
    public void forward(float[][] inputs, float[] out, float[] scratch, int batch) {
        long work = (long) rows(batch) * patch * filters;
        Parallel.forRange(batch, work, (from, to) -> forwardSamples(inputs[0], out, scratch, batch, from, to, false));
    }

    /** Training: the windows of the whole batch stay in the scratch space for the kernel's gradient. */
    @Override
    public void forwardTraining(float[][] inputs, float[] out, float[] scratch, int batch, long step) {
        long work = (long) rows(batch) * patch * filters;
        Parallel.forRange(batch, work, (from, to) -> forwardSamples(inputs[0], out, scratch, batch, from, to, true));
    }

    /**
     * Where {@link Im2col} puts row 0 so that the rows of samples {@code [n, ...)} land in this
     * thread's block of the windows: at their own place when {@code keep}, else at the start of the
     * thread's range {@code [from, ...)}, reused by every block (still in cache).
     */
    private int blockCols(int colsOff, int from, int n, boolean keep) {
        return keep ? colsOff : colsOff + (rows(from) - rows(n)) * patch;
    }

    /**
     * The forward pass of samples {@code [from, to)}, a block of samples at a time: their windows,
     * then their rows of z (the bias, the product and, for ReLU, the activation in one store).
     */
    private void forwardSamples(float[] in, float[] out, float[] scratch, int batch, int from, int to, boolean keep) {
        int colsOff = zSize(batch);
        float[] z = keepInput ? scratch : out;
        boolean relu = activation == Activation.RELU && !keepInput;
        float[] b = bias == null ? null : bias.value();
        int block = blockSamples();
        for (int n = from; n < to; n += block) {
            int end = Math.min(to, n + block);
            int r0 = rows(n);
            int cols = blockCols(colsOff, from, n, keep);
            Im2col.im2col(window, in, scratch, cols, n, end);
            ConvKernels.biasProduct(rows(end) - r0, filters, patch, scratch, cols + r0 * patch, patch,
                    kernel.value(), 0, filters, b, 0, relu, z, r0 * filters, filters);
        }
        if (activation != Activation.LINEAR && !relu) {
            ActivationKernels.forward(activation, z, out, rows(from) * filters, rows(to) - rows(from), filters);
        }
    }

    @Override
    public void backward(float[][] inputs, float[] out, float[] scratch, float[] dOut, float[][] dIn, int batch,
            boolean accumulate) {
        int rows = rows(batch);
        int colsOff = zSize(batch);
        long work = (long) rows * patch * filters;
        if (activation != Activation.LINEAR) {
            float[] z = keepInput ? scratch : null;
            Parallel.forRange(batch, work, (from, to) -> {
                ActivationKernels.backward(activation, z, out, dOut, dOut, rows(from) * filters, rows(to) - rows(from),
                        filters);
            });
        }
        float[] dz = dOut;
        if (!accumulate) {
            Arrays.fill(kernel.grad(), 0f);
        }
        ConvKernels.productAdd(true, patch, filters, rows, scratch, colsOff, patch, dz, 0, filters, kernel.grad(), 0,
                filters);
        if (bias != null) {
            float[] db = bias.grad();
            if (!accumulate) {
                Arrays.fill(db, 0f);
            }
            ConvKernels.sumRows(dz, 0, rows, filters, db, 0);
        }
        float[] dx = dIn[0];
        if (dx != null && ConvKernels.direct(patch)) {
            // dCols = dz kernel^T (from a row of zeros: the bits of Gemm with beta 0) on the kernel
            // transposed once, a block of samples at a time into the same part of the windows (no
            // longer needed), each block added back onto its input positions while in cache.
            int kT = colsOff + rows * patch;
            int zeros = kT + patch * filters;
            ConvKernels.transpose(kernel.value(), 0, patch, filters, scratch, kT);
            Arrays.fill(scratch, zeros, zeros + patch, 0f);
            int block = blockSamples();
            Parallel.forRange(batch, work, (from, to) -> {
                for (int n = from; n < to; n += block) {
                    int end = Math.min(to, n + block);
                    int r0 = rows(n);
                    int cols = blockCols(colsOff, from, n, false);
                    ConvKernels.biasProduct(rows(end) - r0, patch, filters, dz, r0 * filters, filters, scratch, kT,
                            patch, scratch, zeros, false, scratch, cols + r0 * patch, patch);
                    Im2col.col2im(window, scratch, cols, dx, n, end);
                }
            });
        } else if (dx != null) {
            Parallel.forRange(batch, work, (from, to) -> {
                int r0 = rows(from);
                Gemm.gemm(false, true, rows(to) - r0, patch, filters, 1f, dz, r0 * filters, filters, kernel.value(),
                        0, filters, 0f, scratch, colsOff + r0 * patch, patch);
                Im2col.col2im(window, scratch, colsOff, dx, from, to);
            });
        }
    }
}
