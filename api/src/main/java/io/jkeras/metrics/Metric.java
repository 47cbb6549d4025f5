package io.jkeras.metrics;

import io.jkeras.Tensor;

/**
 * A Keras metric: a running value over the batches seen since the last {@link #reset()}. Metrics
 * are computed by the facade from the model's predictions, so they are the same on every backend.
 */
public interface Metric {

    /** The name shown in logs and {@code History}, e.g. {@code "accuracy"}. */
    String name();

    /**
     * Accumulates one batch.
     *
     * @throws NullPointerException if {@code yTrue} or {@code yPred} is {@code null}
     */
    void update(Tensor yTrue, Tensor yPred);

    /** The value over everything accumulated since the last reset. */
    double result();

    /** Forgets everything accumulated. */
    void reset();
}
