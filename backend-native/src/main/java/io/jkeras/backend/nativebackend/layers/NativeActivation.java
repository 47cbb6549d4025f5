package io.jkeras.backend.nativebackend.layers;

import io.jkeras.activations.Activation;
import io.jkeras.backend.ActivationSpec;
import io.jkeras.backend.nativebackend.kernels.ActivationKernels;

/**
 * Keras's {@code Activation} layer: {@code out = f(in)}, no weights. Backward is the exact
 * vector-Jacobian product of {@code f} (see {@link ActivationKernels#backward}).
 */
public final class NativeActivation extends NativeLayer {
    private final Activation activation;

    /** The layer for this specification. */
    public NativeActivation(ActivationSpec spec) {
        super(spec.name(), spec.size(), spec.size());
        this.activation = spec.activation();
    }

    @Override
    public void forward(float[] in, float[] out, float[] scratch, int batch) {
        ActivationKernels.forward(activation, in, out, batch, inputSize());
    }

    @Override
    public void backward(float[] in, float[] out, float[] scratch, float[] dOut, float[] dIn, int batch) {
        if (dIn != null) {
            ActivationKernels.backward(activation, in, out, dOut, dIn, batch, inputSize());
        }
    }
}
