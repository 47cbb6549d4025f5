package io.jkeras.backend.nativebackend.layers;

import io.jkeras.backend.MaskingSpec;

/**
 * Keras's {@code Masking}: a step whose every feature equals the mask value becomes zeros, the
 * others pass unchanged; backward passes the gradient of the kept steps only.
 */
public final class NativeMasking extends NativeLayer {
    private final int features;
    private final float value;

    /** The layer for this specification. */
    public NativeMasking(MaskingSpec spec) {
        super(spec);
        this.features = spec.features();
        this.value = spec.maskValue();
    }

    /** Whether the step at {@code off} has a feature other than the mask value. */
    private boolean kept(float[] x, int off) {
        for (int f = 0; f < features; f++) {
            if (x[off + f] != value) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void forward(float[][] in, float[] out, float[] scratch, int batch) {
        float[] x = in[0];
        int n = batch * inputSize();
        for (int off = 0; off < n; off += features) {
            boolean keep = kept(x, off);
            for (int f = 0; f < features; f++) {
                out[off + f] = keep ? x[off + f] : 0f;
            }
        }
    }

    @Override
    public void backward(float[][] in, float[] out, float[] scratch, float[] dOut, float[][] dIn, int batch,
            boolean accumulate) {
        if (dIn[0] == null) {
            return;
        }
        float[] x = in[0];
        int n = batch * inputSize();
        for (int off = 0; off < n; off += features) {
            boolean keep = kept(x, off);
            for (int f = 0; f < features; f++) {
                dIn[0][off + f] = keep ? dOut[off + f] : 0f;
            }
        }
    }
}
