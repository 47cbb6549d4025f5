package io.jkeras.backend.dl4j.optimizers;

import io.jkeras.optimizers.Adagrad;

/**
 * Keras 3's Adagrad: the accumulator starts at {@code initialAccumulatorValue}; each step
 * {@code acc += g^2}, {@code w -= lr g / sqrt(acc + epsilon)}.
 */
public final class Dl4jAdagrad extends Dl4jOptimizer {
    private final float epsilon;
    private final float[] accumulator;

    /** Adagrad over {@code size} parameters. */
    public Dl4jAdagrad(Adagrad spec, int size) {
        super(spec, size);
        this.epsilon = spec.epsilon();
        this.accumulator = new float[size];
        java.util.Arrays.fill(accumulator, spec.initialAccumulatorValue());
    }

    @Override
    protected void update(float[] w, float[] g, float divisor, float lr, long step) {
        float[] acc = accumulator;
        for (int i = 0; i < w.length; i++) {
            float gi = g[i] / divisor;
            float a = acc[i] + gi * gi;
            acc[i] = a;
            w[i] -= gi * lr / sqrt(a + epsilon);
        }
    }
}
