package io.jkeras.backend.dl4j.optimizers;

import static io.jkeras.optimizers.Optimizer.oneMinus;

import io.jkeras.optimizers.RMSprop;

/**
 * Keras 3's RMSprop: {@code v = rho v + (1 - rho) g^2}; centered, also
 * {@code a = rho a + (1 - rho) g} and the denominator {@code v - a^2 + epsilon}, else
 * {@code v + epsilon}; {@code step = lr g / sqrt(denominator)}; with momentum
 * {@code m = momentum m + step}, {@code w -= m}, else {@code w -= step}.
 */
public final class Dl4jRMSprop extends Dl4jOptimizer {
    private final float rho;
    private final float oneMinusRho;
    private final float momentum;
    private final float epsilon;
    private final float[] velocity;
    private final float[] average;
    private final float[] moment;

    /** RMSprop over {@code size} parameters. */
    public Dl4jRMSprop(RMSprop spec, int size) {
        super(spec, size);
        this.rho = spec.rho();
        this.oneMinusRho = oneMinus(rho);
        this.momentum = spec.momentum();
        this.epsilon = spec.epsilon();
        this.velocity = new float[size];
        this.average = spec.centered() ? new float[size] : null;
        this.moment = momentum > 0f ? new float[size] : null;
    }

    @Override
    protected void update(float[] w, float[] g, float divisor, float lr, long step) {
        float c = oneMinusRho;
        for (int i = 0; i < w.length; i++) {
            float gi = g[i] / divisor;
            float vi = velocity[i] * rho + gi * gi * c;
            velocity[i] = vi;
            float denominator = vi;
            if (average != null) {
                float ai = average[i] * rho + gi * c;
                average[i] = ai;
                denominator -= ai * ai;
            }
            float increment = gi * lr / sqrt(denominator + epsilon);
            if (moment != null) {
                float mi = moment[i] * momentum + increment;
                moment[i] = mi;
                w[i] -= mi;
            } else {
                w[i] -= increment;
            }
        }
    }
}
