package io.jkeras.data;

import io.jkeras.Tensor;
import java.util.Objects;

/**
 * Inputs and their targets, one per sample along the first axis.
 *
 * @param x the inputs
 * @param y the targets
 */
public record Dataset(Tensor x, Tensor y) {

    /** Checks that both parts are present. */
    public Dataset {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
    }

    /** The number of samples. */
    public int size() {
        return x.dim(0);
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive); copies. */
    public Dataset slice(int from, int to) {
        return new Dataset(x.slice(from, to), y.slice(from, to));
    }
}
