package io.jkeras.backend.nativebackend.layers;

import io.jkeras.activations.Activation;
import io.jkeras.backend.ActivationSpec;
import io.jkeras.backend.nativebackend.kernels.ActivationKernels;

/**
 * Keras's {@code Activation} layer: {@code out = f(in)} over any per-sample shape, no weights;
 * softmax and log-softmax normalise along the last axis, so the values are
 * {@code batch * size / lastAxis} rows of {@code lastAxis}. Backward is the exact
 * vector-Jacobian product of {@code f} (see {@link ActivationKernels#backward}).
 */
public final class NativeActivation extends NativeLayer {
    private final Activation activation;
    private final int rowsPerSample;
    private final int cols;

    /** The layer for this specification. */
    public NativeActivation(ActivationSpec spec) {
        super(spec);
        this.activation = spec.activation();
        this.cols = spec.lastAxis();
        this.rowsPerSample = cols == 0 ? 0 : spec.size() / cols;
    }

    @Override
    public void forward(float[][] in, float[] out, float[] scratch, int batch) {
        ActivationKernels.forward(activation, in[0], out, batch * rowsPerSample, cols);
    }

    @Override
    public void backward(float[][] in, float[] out, float[] scratch, float[] dOut, float[][] dIn, int batch,
            boolean accumulate) {
        if (dIn[0] != null) {
            ActivationKernels.backward(activation, in[0], out, dOut, dIn[0], batch * rowsPerSample, cols);
        }
    }
}
