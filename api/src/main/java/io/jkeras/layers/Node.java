package io.jkeras.layers;

import java.util.List;

/**
 * One call of a layer on symbolic tensors (Keras's {@code Node}): the layer, the tensors it was
 * called on and the tensor it produced. A layer called several times has one node per call, and
 * shares its weights between them.
 */
public final class Node {
    private final Layer layer;
    private final List<KerasTensor> inputs;
    private final int index;
    private KerasTensor output;

    Node(Layer layer, List<KerasTensor> inputs, int index) {
        this.layer = layer;
        this.inputs = List.copyOf(inputs);
        this.index = index;
    }

    void setOutput(KerasTensor output) {
        this.output = output;
    }

    /** The layer called. */
    public Layer layer() {
        return layer;
    }

    /** The tensors it was called on, in order; empty for an input's node. */
    public List<KerasTensor> inputs() {
        return inputs;
    }

    /** The tensor it produced. */
    public KerasTensor output() {
        return output;
    }

    /** Which call of its layer this is, from 0. */
    public int index() {
        return index;
    }

    /** Whether this is the node of an {@link Input}. */
    public boolean isInput() {
        return layer instanceof InputLayer;
    }
}
