package io.jkeras.backend.nativebackend.layers;

import io.jkeras.backend.DropoutSpec;

/**
 * Keras's {@code Dropout} over any per-sample shape: while training, {@code out = in * mask} with
 * the mask of {@link io.jkeras.backend.DropoutMask} ({@code 1 / (1 - rate)} where a value is kept, 0
 * where it is dropped; positions are flat row-major indices in the batch, shared along the noise
 * shape's axes of size 1 for SpatialDropout2D), kept in scratch space for the
 * backward pass, {@code dIn = dOut * mask}; otherwise {@code out = in}.
 */
public final class NativeDropout extends NativeLayer {
    private final DropoutSpec spec;

    /** The layer for this specification. */
    public NativeDropout(DropoutSpec spec) {
        super(spec);
        this.spec = spec;
    }

    @Override
    public int scratchSize(int batch) {
        return batch * inputSize();
    }

    @Override
    public void forward(float[][] in, float[] out, float[] scratch, int batch) {
        System.arraycopy(in[0], 0, out, 0, batch * inputSize());
    }

    @Override
    public void forwardTraining(float[][] inputs, float[] out, float[] scratch, int batch, long step) {
        float[] in = inputs[0];
        int n = batch * inputSize();
        spec.fillMask(scratch, batch, step);
        for (int i = 0; i < n; i++) {
            out[i] = in[i] * scratch[i];
        }
    }

    @Override
    public void backward(float[][] in, float[] out, float[] scratch, float[] dOut, float[][] dIn, int batch,
            boolean accumulate) {
        float[] d = dIn[0];
        if (d != null) {
            int n = batch * inputSize();
            for (int i = 0; i < n; i++) {
                d[i] = dOut[i] * scratch[i];
            }
        }
    }
}
