package io.jkeras.backend;

import java.util.List;

/**
 * One call of a layer in a {@link ModelSpec} (Keras's {@code Node}): the layer, the named tensors
 * it reads, and the named tensor it writes. A layer called at several nodes shares its weights
 * between them; the gradients of its variables are the sum over its nodes.
 *
 * @param layer the name of the layer called
 * @param inputs the names of the tensors it is called on, in order (model inputs or earlier nodes' outputs)
 * @param output the name of the tensor it produces, unique in the model
 */
public record NodeSpec(String layer, List<String> inputs, String output) {

    /** Copies the list. */
    public NodeSpec {
        inputs = List.copyOf(inputs);
    }
}
