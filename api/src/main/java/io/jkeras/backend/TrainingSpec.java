package io.jkeras.backend;

import io.jkeras.losses.Loss;
import io.jkeras.optimizers.Optimizer;
import java.util.List;
import java.util.Objects;

/**
 * How a model is trained: Keras's {@code compile(optimizer, loss, loss_weights)}. The total loss of
 * a batch is {@code sum_i lossWeights[i] * losses[i](y_i, output_i)} plus every variable's penalty.
 *
 * @param losses one loss per output of the model, in output order, each reduced as Keras's
 *     {@code sum_over_batch_size}
 * @param lossWeights one weight per output (Keras's {@code loss_weights}, 1 by default)
 * @param optimizer the optimizer; read {@link Optimizer#getLearningRate()} at every step
 */
public record TrainingSpec(List<Loss> losses, float[] lossWeights, Optimizer optimizer) {

    /** Checks that nothing is missing and that there is a weight per loss. */
    public TrainingSpec {
        losses = List.copyOf(losses);
        lossWeights = lossWeights.clone();
        Objects.requireNonNull(optimizer, "optimizer");
        if (losses.isEmpty() || lossWeights.length != losses.size()) {
            throw new IllegalArgumentException("TrainingSpec needs one loss and one loss weight per output. Received: "
                    + losses.size() + " losses, " + lossWeights.length + " weights.");
        }
    }

    /** One loss, weight 1: a model with one output. */
    public TrainingSpec(Loss loss, Optimizer optimizer) {
        this(List.of(Objects.requireNonNull(loss, "loss")), new float[] {1f}, optimizer);
    }

    @Override
    public float[] lossWeights() {
        return lossWeights.clone();
    }

    /** The loss of output {@code i}. */
    public Loss loss(int i) {
        return losses.get(i);
    }
}
