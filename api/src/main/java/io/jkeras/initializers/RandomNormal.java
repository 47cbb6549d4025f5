package io.jkeras.initializers;

import io.jkeras.Tensor;
import java.util.Random;

/**
 * Keras's {@code RandomNormal}: values from a normal distribution.
 *
 * @param mean the mean; Keras's default is 0
 * @param stddev the standard deviation; Keras's default is 0.05
 */
public record RandomNormal(double mean, double stddev) implements Initializer {
    /** Keras's defaults: {@code mean=0, stddev=0.05}. */
    public RandomNormal() {
        this(0.0, 0.05);
    }

    @Override
    public Tensor apply(int[] shape, Random rng) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (mean + stddev * rng.nextGaussian());
        }
        return t;
    }

    @Override
    public String name() {
        return "random_normal";
    }
}
