package io.jkeras.backend.nativebackend.optimizers;

import static io.jkeras.optimizers.Optimizer.oneMinus;

import io.jkeras.optimizers.RMSprop;

/**
 * Keras 3's RMSprop: {@code v = rho v + (1 - rho) g^2}; centered, also
 * {@code a = rho a + (1 - rho) g} and the denominator {@code v - a^2 + epsilon}, else
 * {@code v + epsilon}; {@code step = lr g / sqrt(denominator)}; with momentum
 * {@code m = momentum m + step}, {@code w -= m}, else {@code w -= step}.
 */
public final class NativeRMSprop extends NativeOptimizer {
    private final float rho;
    private final float momentum;
    private final float epsilon;
    private final float oneMinusRho;
    private final float[][] velocity;
    private final float[][] average;
    private final float[][] moment;

    /** RMSprop over variables of these sizes. */
    public NativeRMSprop(RMSprop spec, int[] sizes) {
        super(spec);
        this.rho = spec.rho();
        this.momentum = spec.momentum();
        this.epsilon = spec.epsilon();
        this.oneMinusRho = oneMinus(rho);
        this.velocity = slots(sizes);
        this.average = spec.centered() ? slots(sizes) : null;
        this.moment = momentum > 0f ? slots(sizes) : null;
    }

    @Override
    protected void update(int slot, float[] w, float[] g, float lr) {
        float[] vs = velocity[slot];
        float[] as = average == null ? null : average[slot];
        float[] ms = moment == null ? null : moment[slot];
        float c = oneMinusRho;
        int n = w.length;
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float vi = rho * vs[i] + c * (gi * gi);
            vs[i] = vi;
            float denominator;
            if (as != null) {
                float ai = rho * as[i] + c * gi;
                as[i] = ai;
                denominator = vi - ai * ai + epsilon;
            } else {
                denominator = vi + epsilon;
            }
            float increment = lr * gi / (float) Math.sqrt(denominator);
            if (ms != null) {
                float mi = momentum * ms[i] + increment;
                ms[i] = mi;
                w[i] -= mi;
            } else {
                w[i] -= increment;
            }
        }
    }
}
