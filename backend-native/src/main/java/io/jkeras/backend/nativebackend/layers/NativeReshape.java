package io.jkeras.backend.nativebackend.layers;

import io.jkeras.backend.ReshapeSpec;

/**
 * Keras's {@code Flatten} and {@code Reshape}: row-major, the output is the input's values under
 * another shape. The model gives the output the input's own buffers ({@link #aliasesInput()}), so
 * neither pass moves a value; the passes below are the copies a caller without aliasing would need.
 */
public final class NativeReshape extends NativeLayer {

    /** The layer for this specification. */
    public NativeReshape(ReshapeSpec spec) {
        super(spec);
    }

    @Override
    public boolean aliasesInput() {
        return true;
    }

    @Override
    public void forward(float[][] in, float[] out, float[] scratch, int batch) {
        if (in[0] != out) {
            System.arraycopy(in[0], 0, out, 0, batch * outputSize());
        }
    }

    @Override
    public void backward(float[][] in, float[] out, float[] scratch, float[] dOut, float[][] dIn, int batch,
            boolean accumulate) {
        if (dIn[0] != null && dIn[0] != dOut) {
            System.arraycopy(dOut, 0, dIn[0], 0, batch * outputSize());
        }
    }
}
