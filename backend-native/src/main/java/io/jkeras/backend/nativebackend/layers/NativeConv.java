package io.jkeras.backend.nativebackend.layers;

import io.jkeras.activations.Activation;
import io.jkeras.backend.ConvSpec;
import io.jkeras.backend.Window;
import io.jkeras.backend.nativebackend.kernels.ActivationKernels;
import io.jkeras.backend.nativebackend.kernels.ConvKernels;
import io.jkeras.backend.nativebackend.kernels.Gemm;
import io.jkeras.backend.nativebackend.kernels.Im2col;
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
 * The forward product and {@code dKernel} read {@code cols} and the kernel in place on the SIMD
 * path ({@link ConvKernels#productAdd}, no packing, the same bits as {@link Gemm}); ReLU's
 * backward pass is {@link ActivationKernels#backward} (for ReLU a vector select on the SIMD path).
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
        return zSize(batch) + rows(batch) * patch;
    }

    /** The pre-activation, kept at the start of the scratch space when the activation's derivative needs it. */
    private int zSize(int batch) {
        return keepInput ? rows(batch) * filters : 0;
    }

    @Override
    public void forward(float[][] inputs, float[] out, float[] scratch, int batch) {
        long work = (long) rows(batch) * patch * filters;
        Parallel.forRange(batch, work, (from, to) -> forwardSamples(inputs[0], out, scratch, batch, from, to));
    }

    /** The forward pass of samples {@code [from, to)}: their windows, rows of z and of the output. */
    private void forwardSamples(float[] in, float[] out, float[] scratch, int batch, int from, int to) {
        int r0 = rows(from);
        int rows = rows(to) - r0;
        int colsOff = zSize(batch);
        Im2col.im2col(window, in, scratch, colsOff, from, to);
        float[] z = keepInput ? scratch : out;
        // z starts as the bias (or zero) and the product adds onto it.
        if (bias != null) {
            float[] b = bias.value();
            for (int r = r0; r < r0 + rows; r++) {
                System.arraycopy(b, 0, z, r * filters, filters);
            }
        } else {
            Arrays.fill(z, r0 * filters, (r0 + rows) * filters, 0f);
        }
        ConvKernels.productAdd(false, rows, filters, patch, scratch, colsOff + r0 * patch, patch, kernel.value(), 0, filters,
                z, r0 * filters, filters);
        if (activation != Activation.LINEAR) {
            ActivationKernels.forward(activation, z, out, r0 * filters, rows, filters);
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
            for (int r = 0; r < rows; r++) {
                int off = r * filters;
                for (int j = 0; j < filters; j++) {
                    db[j] += dz[off + j];
                }
            }
        }
        float[] dx = dIn[0];
        if (dx != null) {
            // dCols = dz kernel^T over the windows (no longer needed), then back onto the input positions.
            Parallel.forRange(batch, work, (from, to) -> {
                int r0 = rows(from);
                Gemm.gemm(false, true, rows(to) - r0, patch, filters, 1f, dz, r0 * filters, filters, kernel.value(),
                        0, filters, 0f, scratch, colsOff + r0 * patch, patch);
                Im2col.col2im(window, scratch, colsOff, dx, from, to);
            });
        }
    }
}
