package io.jkeras.initializers;

import io.jkeras.Tensor;
import java.util.Random;

/**
 * Keras's {@code Constant} (and {@code Zeros}, {@code Ones}): every value is {@code value}.
 *
 * @param value the value
 */
public record Constant(float value) implements Initializer {
    @Override
    public Tensor apply(int[] shape, Random rng) {
        return Tensor.full(value, shape);
    }

    @Override
    public String name() {
        return value == 0f ? "zeros" : value == 1f ? "ones" : "constant";
    }
}
