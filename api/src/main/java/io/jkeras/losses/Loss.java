package io.jkeras.losses;

/**
 * A Keras loss: an immutable description, computed by the backend. Every loss reduces as Keras's
 * default {@code "sum_over_batch_size"}: the mean over the batch of a per-sample loss.
 */
public sealed interface Loss
        permits MeanSquaredError, MeanAbsoluteError, Huber, BinaryCrossentropy,
                CategoricalCrossentropy, SparseCategoricalCrossentropy {

    /** Keras's fuzz factor, {@code keras.backend.epsilon()}: crossentropies clip probabilities to {@code [EPSILON, 1 - EPSILON]}. */
    float EPSILON = 1e-7f;

    /** The Keras name of the loss function, e.g. {@code "mean_squared_error"}. */
    String name();
}
