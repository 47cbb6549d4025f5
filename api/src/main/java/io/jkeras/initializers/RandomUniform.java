package io.jkeras.initializers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import java.util.Random;

/**
 * Keras's {@code RandomUniform}: values drawn uniformly from {@code [minval, maxval)}.
 *
 * @param minval the lower bound; Keras's default is -0.05
 * @param maxval the upper bound; Keras's default is 0.05
 */
public record RandomUniform(double minval, double maxval) implements Initializer {
    /** Keras's defaults: {@code minval=-0.05, maxval=0.05}. */
    public RandomUniform() {
        this(-0.05, 0.05);
    }

    /**
     * Checks that the bounds are ordered.
     *
     * @throws KerasException if {@code minval > maxval} or a bound is NaN
     */
    public RandomUniform {
        if (!(minval <= maxval)) {
            throw new KerasException("RandomUniform needs minval <= maxval. Received: minval=" + minval
                    + ", maxval=" + maxval);
        }
    }

    @Override
    public Tensor apply(int[] shape, Random rng) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (minval + (maxval - minval) * rng.nextDouble());
        }
        return t;
    }

    @Override
    public String name() {
        return "random_uniform";
    }
}
