package io.jkeras.backend;

import io.jkeras.activations.Activation;

/**
 * Keras's {@code Activation} layer: the function applied to every sample, no weights.
 *
 * @param name the layer's name
 * @param size features per sample, in and out
 * @param activation the function
 */
public record ActivationSpec(String name, int size, Activation activation) implements SameSizeSpec {
}
