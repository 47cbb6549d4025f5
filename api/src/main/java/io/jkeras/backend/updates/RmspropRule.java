package io.jkeras.backend.updates;

import static io.jkeras.optimizers.Optimizer.oneMinus;

import io.jkeras.optimizers.RMSprop;

/**
 * Keras 3's RMSprop: {@code v = rho v + (1 - rho) g^2}; centered, also
 * {@code a = rho a + (1 - rho) g} and the denominator is {@code v - a^2};
 * {@code increment = lr g / sqrt(denominator + epsilon)}; with momentum,
 * {@code m = momentum m + increment} and {@code w -= m}, else {@code w -= increment}.
 */
final class RmspropRule extends UpdateRule {
    private final float rho;
    private final float oneMinusRho;
    private final float momentum;
    private final float epsilon;
    private final float[][] velocity;
    private final float[][] moment;
    private final float[][] average;

    RmspropRule(RMSprop spec, int[] sizes) {
        super(spec, sizes);
        this.rho = spec.rho();
        this.oneMinusRho = oneMinus(rho);
        this.momentum = spec.momentum();
        this.epsilon = spec.epsilon();
        this.velocity = newSlot("velocity", 0f);
        this.moment = momentum > 0f ? newSlot("momentum", 0f) : null;
        this.average = spec.centered() ? newSlot("average_gradient", 0f) : null;
    }

    @Override
    protected void update(int variable, float[] w, float[] g, float divisor, float lr, int from, int to) {
        float[] vs = velocity[variable];
        float[] as = average == null ? null : average[variable];
        float[] ms = moment == null ? null : moment[variable];
        float c = oneMinusRho;
        for (int i = from; i < to; i++) {
            float gi = g[i] / divisor;
            float vi = vs[i] * rho + gi * gi * c;
            vs[i] = vi;
            float denominator = vi;
            if (as != null) {
                float ai = as[i] * rho + gi * c;
                as[i] = ai;
                denominator -= ai * ai;
            }
            float increment = gi * lr / sqrt(denominator + epsilon);
            if (ms != null) {
                float mi = ms[i] * momentum + increment;
                ms[i] = mi;
                w[i] -= mi;
            } else {
                w[i] -= increment;
            }
        }
    }
}
