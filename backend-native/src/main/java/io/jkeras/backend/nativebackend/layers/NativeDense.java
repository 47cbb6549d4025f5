package io.jkeras.backend.nativebackend.layers;

import io.jkeras.activations.Activation;
import io.jkeras.backend.DenseSpec;
import io.jkeras.backend.nativebackend.kernels.ActivationKernels;
import io.jkeras.backend.nativebackend.kernels.Gemm;
import java.util.Arrays;

/**
 * Keras's {@code Dense}: {@code out = activation(in @ kernel + bias)} on the last axis, with the
 * kernel kept in Keras's layout, row-major {@code (inputSize, units)}. An input of per-sample
 * shape {@code (..., inputSize)} is {@code rows = batch * rowsPerSample} rows of the product.
 *
 * <p>Forward: the bias is written into each output row and the matrix product accumulates onto
 * it (gemm with {@code beta = 1}), then one pass applies the activation in place. The
 * pre-activation is kept in scratch space only for activations whose derivative needs it.
 *
 * <p>Backward: {@code dz = activation'(z) dOut} (in place), {@code dKernel = in^T dz},
 * {@code dBias = sum over the rows of dz}, {@code dIn = dz kernel^T}. At a second node of the
 * same layer the variable gradients are added ({@code beta = 1}).
 */
public final class NativeDense extends NativeLayer {
    private final int inSize;
    private final int units;
    private final int rowsPerSample;
    private final Activation activation;
    private final boolean keepInput;
    private final NativeVariable kernel;
    private final NativeVariable bias;

    /** A Dense layer for this specification, with zero weights until they are set. */
    public NativeDense(DenseSpec spec) {
        super(spec);
        this.inSize = spec.inputSize();
        this.units = spec.units();
        this.rowsPerSample = spec.rowsPerSample();
        this.activation = spec.activation();
        this.keepInput = ActivationKernels.backwardNeedsInput(activation);
        this.kernel = variables().get(0);
        this.bias = spec.useBias() ? variables().get(1) : null;
    }

    @Override
    public int scratchSize(int batch) {
        return keepInput ? batch * rowsPerSample * units : 0;
    }

    @Override
    public void forward(float[][] inputs, float[] out, float[] scratch, int batch) {
        float[] in = inputs[0];
        int rows = batch * rowsPerSample;
        float[] z = keepInput ? scratch : out;
        float beta = 0f;
        if (bias != null) {
            float[] b = bias.value();
            for (int r = 0; r < rows; r++) {
                System.arraycopy(b, 0, z, r * units, units);
            }
            beta = 1f;
        }
        Gemm.gemm(false, false, rows, units, inSize, 1f, in, 0, inSize, kernel.value(), 0, units, beta, z, 0, units);
        if (activation != Activation.LINEAR) {
            ActivationKernels.forward(activation, z, out, rows, units);
        }
    }

    @Override
    public void backward(float[][] inputs, float[] out, float[] scratch, float[] dOut, float[][] dIn, int batch,
            boolean accumulate) {
        float[] in = inputs[0];
        int rows = batch * rowsPerSample;
        if (activation != Activation.LINEAR) {
            ActivationKernels.backward(activation, keepInput ? scratch : null, out, dOut, dOut, rows, units);
        }
        float[] dz = dOut;
        float beta = accumulate ? 1f : 0f;
        Gemm.gemm(true, false, inSize, units, rows, 1f, in, 0, inSize, dz, 0, units, beta, kernel.grad(), 0, units);
        if (bias != null) {
            float[] db = bias.grad();
            if (!accumulate) {
                Arrays.fill(db, 0f);
            }
            for (int r = 0; r < rows; r++) {
                int off = r * units;
                for (int j = 0; j < units; j++) {
                    db[j] += dz[off + j];
                }
            }
        }
        if (dIn[0] != null) {
            Gemm.gemm(false, true, rows, inSize, units, 1f, dz, 0, units, kernel.value(), 0, units, 0f, dIn[0], 0, inSize);
        }
    }
}
