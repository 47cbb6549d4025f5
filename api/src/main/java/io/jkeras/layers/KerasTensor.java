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
    private final int tensorIndex;

    /** Output {@code tensorIndex} of {@code node}, of this per-sample shape; made by layers. */
    KerasTensor(int[] shape, Node node, int tensorIndex) {
        this.shape = shape.clone();
        this.node = node;
        this.tensorIndex = tensorIndex;
    }

    /** A tensor whose node is set by the subclass ({@link Input}). */
    KerasTensor(int[] shape) {
        this.shape = shape.clone();
        this.node = null;
        this.tensorIndex = 0;
    }

    /** The shape of one sample (no batch axis). */
    public int[] shape() {
        return shape.clone();
    }

    /** The node that produces this tensor: a layer's call, or the input's own node. */
    public Node node() {
        return node;
    }

    /** Which output of its node this is (Keras's tensor index in {@code keras_history}): 0 but for multi-output calls. */
    public int tensorIndex() {
        return tensorIndex;
    }

    /**
     * The name of the tensor: the layer's name, with {@code :k} for the layer's node {@code k > 0},
     * and {@code #i} for output {@code i > 0} of a call with several outputs.
     */
    public String name() {
        Node n = node();
        String base = n.index() == 0 ? n.layer().getName() : n.layer().getName() + ":" + n.index();
        return tensorIndex == 0 ? base : base + "#" + tensorIndex;
    }

    /** Keras's reference to this tensor, {@code layer[node][tensor]}, as {@code summary()} shows it. */
    public String reference() {
        Node n = node();
        return n.layer().getName() + "[" + n.index() + "][" + tensorIndex + "]";
    }

    @Override
    public String toString() {
        return "<KerasTensor shape=" + Shapes.withBatch(shape) + ", name=" + name() + ">";
    }
}
