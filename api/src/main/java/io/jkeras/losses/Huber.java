package io.jkeras.losses;

import io.jkeras.KerasException;

/**
 * Keras's Huber loss: per value {@code 0.5 * e^2} where {@code |e| <= delta}, else
 * {@code delta * |e| - 0.5 * delta^2}, with {@code e = y_true - y_pred}; the mean over the last
 * axis per sample.
 *
 * @param delta where the loss turns from quadratic to linear; Keras's default is 1.0
 */
public record Huber(float delta) implements Loss {
    /** Keras's default, {@code delta = 1.0}. */
    public Huber() {
        this(1.0f);
    }

    /**
     * Checks that delta is positive.
     *
     * @throws KerasException if {@code delta} is not a positive number
     */
    public Huber {
        if (!(delta > 0) || Float.isInfinite(delta)) {
            throw new KerasException("Huber delta must be positive. Received: delta=" + delta);
        }
    }

    @Override
    public String name() {
        return "huber";
    }
}
