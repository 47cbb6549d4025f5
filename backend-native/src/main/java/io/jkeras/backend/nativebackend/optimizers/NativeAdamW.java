package io.jkeras.backend.nativebackend.optimizers;

import io.jkeras.optimizers.AdamW;

/**
 * Keras 3's AdamW: decoupled weight decay {@code w -= w * weightDecay * lr} before each Adam
 * step (see {@link NativeAdam}).
 */
public final class NativeAdamW extends NativeAdam {
    private final float weightDecay;

    /** AdamW over variables of these sizes. */
    public NativeAdamW(AdamW spec, int[] sizes) {
        super(spec, spec.beta1(), spec.beta2(), spec.epsilon(), spec.amsgrad(), sizes);
        this.weightDecay = spec.weightDecay();
    }

    @Override
    protected void update(int slot, float[] w, float[] g, float lr) {
        // Keras's order of operations: w - w * wd * lr.
        for (int i = 0; i < w.length; i++) {
            w[i] = w[i] - w[i] * weightDecay * lr;
        }
        super.update(slot, w, g, lr);
    }
}
