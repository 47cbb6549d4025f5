package io.jkeras.backend;

import java.util.List;

/**
 * A whole model for a backend to compile: a stack of layers from {@code inputSize} features to
 * the last layer's output.
 *
 * @param name the model's name, e.g. {@code "sequential"}
 * @param inputSize features per sample
 * @param layers the layers, in order; each one's input size is the previous one's output size
 */
public record ModelSpec(String name, int inputSize, List<LayerSpec> layers) {

    /** Copies the layer list and checks that sizes chain. */
    public ModelSpec {
        layers = List.copyOf(layers);
        int size = inputSize;
        for (LayerSpec l : layers) {
            if (l.inputSize() != size) {
                throw new IllegalArgumentException("Layer '" + l.name() + "' takes " + l.inputSize()
                        + " features but receives " + size + ".");
            }
            size = l.outputSize();
        }
    }

    /** Features per sample coming out of the last layer. */
    public int outputSize() {
        return layers.isEmpty() ? inputSize : layers.get(layers.size() - 1).outputSize();
    }
}
