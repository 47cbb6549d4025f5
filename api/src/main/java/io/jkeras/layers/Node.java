package io.jkeras.layers;

import io.jkeras.backend.MaskSpec;
import java.util.List;
import java.util.Map;

/**
 * One call of a layer on symbolic tensors (Keras's {@code Node}): the layer, the tensors it was
 * called on and the tensors it produced (one for most layers; several for a recurrent layer with
 * {@code returnState}, each with its index in the call, Keras's {@code keras_history} tensor index).
 * A layer called several times has one node per call, and shares its weights between them.
 */
public final class Node {
    private final Layer layer;
    private final List<KerasTensor> inputs;
    private final int index;
    private List<KerasTensor> outputs = List.of();

    Node(Layer layer, List<KerasTensor> inputs, int index) {
        this.layer = layer;
        this.inputs = List.copyOf(inputs);
        this.index = index;
    }

    void setOutputs(List<KerasTensor> outputs) {
        this.outputs = List.copyOf(outputs);
    }

    /** The layer called. */
    public Layer layer() {
        return layer;
    }

    /** The tensors it was called on, in order; empty for an input's node. */
    public List<KerasTensor> inputs() {
        return inputs;
    }

    /** The tensor it produced (the first, for a call that produces several). */
    public KerasTensor output() {
        return outputs.get(0);
    }

    /** Every tensor it produced, in order of their tensor index. */
    public List<KerasTensor> outputs() {
        return outputs;
    }

    /** Which call of its layer this is, from 0. */
    public int index() {
        return index;
    }

    /**
     * Keras's mask arriving at this node: the first mask among its inputs' ({@code null}: none).
     *
     * @param masks the mask of each tensor made so far, by tensor name
     */
    public MaskSpec inputMask(Map<String, MaskSpec> masks) {
        for (KerasTensor t : inputs) {
            MaskSpec m = masks.get(t.name());
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    /**
     * Keras's {@code compute_mask} at this node: the mask of its output, given the mask arriving.
     *
     * @throws io.jkeras.KerasException if a mask arrives and the layer cannot honour it
     */
    public MaskSpec outputMask(MaskSpec arriving) {
        KerasTensor first = inputs.get(0);
        return layer.outputMask(first.name(), first.shape(), arriving);
    }

    /** Whether this is the node of an {@link Input}. */
    public boolean isInput() {
        return layer instanceof InputLayer;
    }
}
