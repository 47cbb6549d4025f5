package io.jkeras.layers;

import io.jkeras.backend.Shapes;

/**
 * Keras's symbolic tensor: what {@link Input} is and what calling a layer on symbolic tensors
 * gives ({@code new Dense(64, "relu").apply(x)}). It holds no values, only the per-sample shape and
 * the {@link Node} that produces it; a {@code Model} is made from input and output tensors.
 */
public class KerasTensor {
    private final int[] shape;
    private final Node node;

    /** A tensor of this per-sample shape produced by {@code node}; made by layers and {@link Input}. */
    KerasTensor(int[] shape, Node node) {
        this.shape = shape.clone();
        this.node = node;
    }

    /** A tensor whose node is set by the subclass ({@link Input}). */
    KerasTensor(int[] shape) {
        this.shape = shape.clone();
        this.node = null;
    }

    /** The shape of one sample (no batch axis). */
    public int[] shape() {
        return shape.clone();
    }

    /** The node that produces this tensor: a layer's call, or the input's own node. */
    public Node node() {
        return node;
    }

    /** The name of the tensor: the layer's name, with {@code :k} for the layer's node {@code k > 0}. */
    public String name() {
        Node n = node();
        return n.index() == 0 ? n.layer().getName() : n.layer().getName() + ":" + n.index();
    }

    /** Keras's reference to this tensor, {@code layer[node][0]}, as {@code summary()} shows it. */
    public String reference() {
        Node n = node();
        return n.layer().getName() + "[" + n.index() + "][0]";
    }

    @Override
    public String toString() {
        return "<KerasTensor shape=" + Shapes.withBatch(shape) + ", name=" + name() + ">";
    }
}
