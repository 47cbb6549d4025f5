package io.jkeras.backend;

import io.jkeras.losses.Loss;
import io.jkeras.optimizers.Optimizer;
import java.util.Objects;

/**
 * How a model is trained: Keras's {@code compile(optimizer, loss)}.
 *
 * @param loss the loss, reduced as Keras's {@code sum_over_batch_size}
 * @param optimizer the optimizer; read {@link Optimizer#getLearningRate()} at every step
 */
public record TrainingSpec(Loss loss, Optimizer optimizer) {
    /** Checks that neither part is missing. */
    public TrainingSpec {
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(optimizer, "optimizer");
    }
}
