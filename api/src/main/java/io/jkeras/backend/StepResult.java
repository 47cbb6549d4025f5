package io.jkeras.backend;

import io.jkeras.Tensor;

/**
 * What one training or test step gives back.
 *
 * @param loss the batch's loss, Keras's reduction, regularization penalties included
 * @param predictions the model's outputs for the batch, {@code (batch, outputSize)}, computed
 *     before the update; {@code null} unless asked for. May be a buffer the backend reuses at
 *     the next call: read it before calling again
 */
public record StepResult(float loss, Tensor predictions) {
}
