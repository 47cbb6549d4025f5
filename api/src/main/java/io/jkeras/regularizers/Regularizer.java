package io.jkeras.regularizers;

import io.jkeras.KerasException;
import java.util.Objects;

/**
 * Keras's weight penalty {@code l1 * sum(|w|) + l2 * sum(w^2)}, added to the loss (and so to the
 * loss Keras reports). {@code L1(0.01)}, {@code L2(0.01)} and {@code L1L2(l1, l2)} are the Keras
 * spellings.
 *
 * @param l1 the L1 factor
 * @param l2 the L2 factor
 */
public record Regularizer(float l1, float l2) {

    /**
     * Checks that the factors are finite and not negative.
     *
     * @throws KerasException if a factor is negative, NaN or infinite
     */
    public Regularizer {
        if (!(l1 >= 0) || !(l2 >= 0) || Float.isInfinite(l1) || Float.isInfinite(l2)) {
            throw new KerasException("Regularization factors must be finite and >= 0. Received: l1="
                    + l1 + ", l2=" + l2);
        }
    }

    /** Keras's {@code L1(l1)}; Keras's default factor is 0.01. */
    public static Regularizer l1(float l1) {
        return new Regularizer(l1, 0f);
    }

    /** Keras's {@code L2(l2)}; Keras's default factor is 0.01. */
    public static Regularizer l2(float l2) {
        return new Regularizer(0f, l2);
    }

    /** Keras's {@code L1L2(l1, l2)}. */
    public static Regularizer l1l2(float l1, float l2) {
        return new Regularizer(l1, l2);
    }

    /**
     * The penalty for these weights, in double precision.
     *
     * @throws NullPointerException if {@code w} is {@code null}
     */
    public double penalty(float[] w) {
        Objects.requireNonNull(w, "w must not be null");
        double a = 0;
        double s = 0;
        for (float v : w) {
            a += Math.abs(v);
            s += (double) v * v;
        }
        return l1 * a + l2 * s;
    }
}
