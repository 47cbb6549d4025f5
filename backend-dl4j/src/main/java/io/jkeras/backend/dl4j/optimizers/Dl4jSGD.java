package io.jkeras.backend.dl4j.optimizers;

import io.jkeras.optimizers.SGD;

/**
 * Keras 3's SGD. Without momentum: {@code w -= lr g}. With momentum:
 * {@code m = momentum m - lr g}, then {@code w += m}, or with Nesterov {@code w += momentum m - lr g}.
 */
public final class Dl4jSGD extends Dl4jOptimizer {
    private final float momentum;
    private final boolean nesterov;
    private final float[] m;

    /** SGD over {@code size} parameters. */
    public Dl4jSGD(SGD spec, int size) {
        super(spec, size);
        this.momentum = spec.momentum();
        this.nesterov = spec.nesterov();
        this.m = momentum != 0f ? new float[size] : null;
    }

    @Override
    protected void update(float[] w, float[] g, float divisor, float lr, long step) {
        for (int i = 0; i < w.length; i++) {
            // The step against the gradient.
            float s = g[i] / divisor * lr;
            if (m == null) {
                w[i] -= s;
            } else {
                float mi = m[i] * momentum - s;
                m[i] = mi;
                w[i] += nesterov ? mi * momentum - s : mi;
            }
        }
    }
}
