package io.jkeras.backend;

import io.jkeras.Tensor;
import java.util.List;

/**
 * What one training or test step gives back.
 *
 * @param loss the batch's total loss: each output's loss times its weight, plus the penalties
 * @param outputLosses each output's unweighted loss, in output order
 * @param predictions each output of the model for the batch, {@code (batch, ...outputShape)},
 *     computed before the update; {@code null} unless asked for. May be buffers the backend reuses
 *     at the next call: read them before calling again
 */
public record StepResult(float loss, float[] outputLosses, List<Tensor> predictions) {

    /** The prediction of output {@code i}. */
    public Tensor prediction(int i) {
        return predictions.get(i);
    }
}
