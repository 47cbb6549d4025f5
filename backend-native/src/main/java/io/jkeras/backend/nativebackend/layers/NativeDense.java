package io.jkeras.backend.nativebackend.layers;

import io.jkeras.activations.Activation;
import io.jkeras.backend.DenseSpec;
import io.jkeras.backend.nativebackend.kernels.ActivationKernels;
import io.jkeras.backend.nativebackend.kernels.Gemm;
import java.util.List;

/**
 * Keras's {@code Dense}: {@code out = activation(in @ kernel + bias)}, with the kernel kept in
 * Keras's layout, row-major {@code (inputSize, units)}.
 *
 * <p>Forward: the bias is written into each output row and the matrix product accumulates onto
 * it (gemm with {@code beta = 1}), then one pass applies the activation in place. The
 * pre-activation is kept in scratch space only for activations whose derivative needs it.
 *
 * <p>Backward: {@code dz = activation'(z) dOut} (in place), {@code dKernel = in^T dz},
 * {@code dBias = sum over the batch of dz}, {@code dIn = dz kernel^T}.
 */
public final class NativeDense extends NativeLayer {
    private final int units;
    private final Activation activation;
    private final boolean keepInput;
    private final NativeVariable kernel;
    private final NativeVariable bias;
    private final List<NativeVariable> variables;

    /** A Dense layer for this specification, with zero weights until they are set. */
    public NativeDense(DenseSpec spec) {
        super(spec.name(), spec.inputSize(), spec.units());
        this.units = spec.units();
        this.activation = spec.activation();
        this.keepInput = ActivationKernels.backwardNeedsInput(activation);
        this.kernel = new NativeVariable(spec.name() + "/kernel", new int[] {spec.inputSize(), units},
                spec.kernelRegularizer());
        this.bias = spec.useBias() ? new NativeVariable(spec.name() + "/bias", new int[] {units}, spec.biasRegularizer())
                : null;
        this.variables = bias == null ? List.of(kernel) : List.of(kernel, bias);
    }

    @Override
    public int scratchSize(int batch) {
        return keepInput ? batch * units : 0;
    }

    @Override
    public void forward(float[] in, float[] out, float[] scratch, int batch) {
        int inSize = inputSize();
        float[] z = keepInput ? scratch : out;
        float beta = 0f;
        if (bias != null) {
            float[] b = bias.value();
            for (int r = 0; r < batch; r++) {
                System.arraycopy(b, 0, z, r * units, units);
            }
            beta = 1f;
        }
        Gemm.gemm(false, false, batch, units, inSize, 1f, in, 0, inSize, kernel.value(), 0, units, beta, z, 0, units);
        if (activation != Activation.LINEAR) {
            ActivationKernels.forward(activation, z, out, batch, units);
        }
    }

    @Override
    public void backward(float[] in, float[] out, float[] scratch, float[] dOut, float[] dIn, int batch) {
        int inSize = inputSize();
        if (activation != Activation.LINEAR) {
            ActivationKernels.backward(activation, keepInput ? scratch : null, out, dOut, dOut, batch, units);
        }
        float[] dz = dOut;
        Gemm.gemm(true, false, inSize, units, batch, 1f, in, 0, inSize, dz, 0, units, 0f, kernel.grad(), 0, units);
        if (bias != null) {
            float[] db = bias.grad();
            java.util.Arrays.fill(db, 0f);
            for (int r = 0; r < batch; r++) {
                int off = r * units;
                for (int j = 0; j < units; j++) {
                    db[j] += dz[off + j];
                }
            }
        }
        if (dIn != null) {
            Gemm.gemm(false, true, batch, inSize, units, 1f, dz, 0, units, kernel.value(), 0, units, 0f, dIn, 0, inSize);
        }
    }

    @Override
    public List<NativeVariable> variables() {
        return variables;
    }
}
