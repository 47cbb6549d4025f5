package io.jkeras.backend.updates;

import io.jkeras.optimizers.SGD;

/**
 * Keras 3's SGD. Without momentum: {@code w -= lr g}. With momentum:
 * {@code m = momentum m - lr g}, then {@code w += m}, or with Nesterov {@code w += momentum m - lr g}.
 */
final class SgdRule extends UpdateRule {
    private final float momentum;
    private final boolean nesterov;
    private final float[][] m;

    SgdRule(SGD spec, int[] sizes) {
        super(spec, sizes);
        this.momentum = spec.momentum();
        this.nesterov = spec.nesterov();
        this.m = momentum != 0f ? newSlot("momentum", 0f) : null;
    }

    @Override
    protected void update(int variable, float[] w, float[] g, float divisor, float lr, int from, int to) {
        if (m == null) {
            for (int i = from; i < to; i++) {
                w[i] -= g[i] / divisor * lr;
            }
            return;
        }
        float[] v = m[variable];
        for (int i = from; i < to; i++) {
            float s = g[i] / divisor * lr;
            float vi = v[i] * momentum - s;
            v[i] = vi;
            w[i] += nesterov ? vi * momentum - s : vi;
        }
    }
}
