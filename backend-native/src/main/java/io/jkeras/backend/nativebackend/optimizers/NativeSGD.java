package io.jkeras.backend.nativebackend.optimizers;

import io.jkeras.optimizers.SGD;

/**
 * Keras 3's SGD. Without momentum: {@code w -= lr g}. With momentum:
 * {@code m = momentum m - lr g}, then {@code w += m}, or with Nesterov {@code w += momentum m - lr g}.
 */
public final class NativeSGD extends NativeOptimizer {
    private final float momentum;
    private final boolean nesterov;
    private final float[][] m;

    /** SGD over variables of these sizes. */
    public NativeSGD(SGD spec, int[] sizes) {
        super(spec);
        this.momentum = spec.momentum();
        this.nesterov = spec.nesterov();
        this.m = momentum != 0f ? slots(sizes) : null;
    }

    @Override
    protected void update(int slot, float[] w, float[] g, float lr) {
        int n = w.length;
        if (m == null) {
            for (int i = 0; i < n; i++) {
                w[i] -= g[i] * lr;
            }
            return;
        }
        float[] v = m[slot];
        for (int i = 0; i < n; i++) {
            float step = -g[i] * lr;
            float vi = step + v[i] * momentum;
            v[i] = vi;
            w[i] += nesterov ? step + vi * momentum : vi;
        }
    }
}
