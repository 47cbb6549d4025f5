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

    /**
     * Accumulates one batch whose rows carry Keras's mask of the output (Keras's
     * {@code MeanMetricWrapper} turns {@code y_pred._keras_mask} into sample weights): a row counts
     * with its weight, 0 for a masked row. {@code null} weights: {@link #update(Tensor, Tensor)}.
     *
     * @param rowWeights one weight per row of {@code yPred}, or {@code null}
     * @throws io.jkeras.KerasException if the metric cannot weight its rows
     */
    default void update(Tensor yTrue, Tensor yPred, float[] rowWeights) {
        if (rowWeights != null) {
            throw new io.jkeras.KerasException("Metric '" + name() + "' cannot weight its rows by a mask.");
        }
        update(yTrue, yPred);
    }

    /** The value over everything accumulated since the last reset. */
    double result();

    /** Forgets everything accumulated. */
    void reset();
}
