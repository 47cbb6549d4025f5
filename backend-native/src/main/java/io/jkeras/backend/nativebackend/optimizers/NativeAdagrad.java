package io.jkeras.backend.nativebackend.optimizers;

import io.jkeras.optimizers.Adagrad;
import java.util.Arrays;

/**
 * Keras 3's Adagrad: the accumulator starts at {@code initialAccumulatorValue}; each step
 * {@code acc += g^2}, {@code w -= lr g / sqrt(acc + epsilon)}.
 */
public final class NativeAdagrad extends NativeOptimizer {
    private final float epsilon;
    private final float[][] accumulator;

    /** Adagrad over variables of these sizes. */
    public NativeAdagrad(Adagrad spec, int[] sizes) {
        super(spec);
        this.epsilon = spec.epsilon();
        this.accumulator = slots(sizes);
        for (float[] a : accumulator) {
            Arrays.fill(a, spec.initialAccumulatorValue());
        }
    }

    @Override
    protected void update(int slot, float[] w, float[] g, float lr) {
        float[] acc = accumulator[slot];
        int n = w.length;
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float ai = acc[i] + gi * gi;
            acc[i] = ai;
            w[i] -= lr * gi / (float) Math.sqrt(ai + epsilon);
        }
    }
}
