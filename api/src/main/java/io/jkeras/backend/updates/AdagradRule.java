package io.jkeras.backend.updates;

import io.jkeras.optimizers.Adagrad;

/**
 * Keras 3's Adagrad: the accumulator starts at {@code initialAccumulatorValue}; each step
 * {@code a += g^2}, {@code w -= lr g / sqrt(a + epsilon)}.
 */
final class AdagradRule extends UpdateRule {
    private final float epsilon;
    private final float[][] accumulator;

    AdagradRule(Adagrad spec, int[] sizes) {
        super(spec, sizes);
        this.epsilon = spec.epsilon();
        this.accumulator = newSlot("accumulator", spec.initialAccumulatorValue());
    }

    @Override
    protected void update(int variable, float[] w, float[] g, float divisor, float lr, int from, int to) {
        float[] acc = accumulator[variable];
        for (int i = from; i < to; i++) {
            float gi = g[i] / divisor;
            float a = acc[i] + gi * gi;
            acc[i] = a;
            w[i] -= gi * lr / sqrt(a + epsilon);
        }
    }
}
