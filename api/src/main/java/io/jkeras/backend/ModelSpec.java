package io.jkeras.backend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole model for a backend to compile, as a graph: named inputs, the layers, the nodes (calls
 * of layers on named tensors) in an order where every node comes after the nodes whose outputs it
 * reads, and the named outputs. A Sequential model is the chain case: one input, one node per
 * layer, each reading the previous one's output.
 *
 * <p>The constructor checks the graph: unique names, every tensor read defined before it is read,
 * shapes that match what each layer takes, outputs that exist. The facade has already given users
 * Keras's messages for these; a failure here is a facade bug.
 *
 * @param name the model's name, e.g. {@code "sequential"}
 * @param inputs the inputs, in the order the model is called with them
 * @param layers every layer, each once, however many nodes call it
 * @param nodes the calls, in a topological order
 * @param outputs the names of the output tensors, in order
 * @param outputMasks Keras's mask of each output that carries one ({@code y_pred._keras_mask}), by
 *     output tensor name: its losses weight each row (step) by it and divide by the kept rows, as
 *     Keras's {@code apply_mask}; the mask's source is always one of the model's inputs
 */
public record ModelSpec(String name, List<InputSpec> inputs, List<LayerSpec> layers, List<NodeSpec> nodes,
        List<String> outputs, Map<String, MaskSpec> outputMasks) {

    /** A graph whose outputs carry no mask. */
    public ModelSpec(String name, List<InputSpec> inputs, List<LayerSpec> layers, List<NodeSpec> nodes,
            List<String> outputs) {
        this(name, inputs, layers, nodes, outputs, Map.of());
    }

    /** Copies the lists and checks the graph. */
    public ModelSpec {
        inputs = List.copyOf(inputs);
        layers = List.copyOf(layers);
        nodes = List.copyOf(nodes);
        outputs = List.copyOf(outputs);
        outputMasks = Map.copyOf(outputMasks);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("Model '" + name + "' has no inputs.");
        }
        Map<String, LayerSpec> byName = new HashMap<>();
        for (LayerSpec l : layers) {
            if (byName.put(l.name(), l) != null) {
                throw new IllegalArgumentException("Model '" + name + "' has two layers named '" + l.name() + "'.");
            }
        }
        Map<String, int[]> shapes = new HashMap<>();
        for (InputSpec in : inputs) {
            if (shapes.put(in.name(), in.shape()) != null) {
                throw new IllegalArgumentException("Model '" + name + "' has two tensors named '" + in.name() + "'.");
            }
        }
        for (NodeSpec n : nodes) {
            LayerSpec l = byName.get(n.layer());
            if (l == null) {
                throw new IllegalArgumentException("Node of '" + n.layer() + "' in model '" + name + "' names no layer.");
            }
            List<int[]> want = l.inputShapes();
            if (want.size() != n.inputs().size()) {
                throw new IllegalArgumentException("Layer '" + l.name() + "' takes " + want.size() + " inputs, its node "
                        + n.output() + " gives it " + n.inputs().size() + ".");
            }
            for (int i = 0; i < want.size(); i++) {
                int[] got = shapes.get(n.inputs().get(i));
                if (got == null) {
                    throw new IllegalArgumentException("Node " + n.output() + " reads tensor '" + n.inputs().get(i)
                            + "', which no earlier node or input defines.");
                }
                if (!Arrays.equals(got, want.get(i))) {
                    throw new IllegalArgumentException("Layer '" + l.name() + "' takes " + Shapes.withBatch(want.get(i))
                            + " as input " + i + "; tensor '" + n.inputs().get(i) + "' is " + Shapes.withBatch(got) + ".");
                }
            }
            if (shapes.put(n.output(), l.outputShape()) != null) {
                throw new IllegalArgumentException("Model '" + name + "' has two tensors named '" + n.output() + "'.");
            }
        }
        for (String o : outputs) {
            if (!shapes.containsKey(o)) {
                throw new IllegalArgumentException("Output '" + o + "' of model '" + name + "' is not a tensor of the graph.");
            }
        }
        for (Map.Entry<String, MaskSpec> e : outputMasks.entrySet()) {
            MaskSpec m = e.getValue();
            int[] out = shapes.get(e.getKey());
            if (!outputs.contains(e.getKey()) || inputs.stream().noneMatch(i -> i.name().equals(m.source()))
                    || out.length < 2 || m.steps() * out[out.length - 1] != Shapes.size(out, e.getKey())) {
                throw new IllegalArgumentException("The mask of output '" + e.getKey() + "' of model '" + name
                        + "' must come from a model input and have one value per row of the output. Received: source '"
                        + m.source() + "', " + m.steps() + " steps, output " + (out == null ? "none" : Shapes.withBatch(out)) + ".");
            }
        }
    }

    /** Keras's mask of output {@code i}, or {@code null} when it carries none. */
    public MaskSpec outputMask(int i) {
        return outputMasks.get(outputs.get(i));
    }

    /** The position of the model input named {@code input}, or -1. */
    public int inputIndex(String input) {
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).name().equals(input)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The chain a Sequential model is: each layer called once on the previous layer's output.
     * Tensor names are the input's name, then each layer's name.
     */
    public static ModelSpec chain(String name, InputSpec input, List<LayerSpec> layers) {
        List<NodeSpec> nodes = new ArrayList<>();
        String previous = input.name();
        for (LayerSpec l : layers) {
            nodes.add(new NodeSpec(l.name(), List.of(previous), l.name()));
            previous = l.name();
        }
        return new ModelSpec(name, List.of(input), layers, nodes, List.of(previous));
    }

    /** The layer with this name. */
    public LayerSpec layer(String layerName) {
        for (LayerSpec l : layers) {
            if (l.name().equals(layerName)) {
                return l;
            }
        }
        throw new IllegalArgumentException("Model '" + name + "' has no layer '" + layerName + "'.");
    }

    /** Every tensor's per-sample shape, by name: the inputs', then each node's output. */
    public Map<String, int[]> tensorShapes() {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (InputSpec in : inputs) {
            shapes.put(in.name(), in.shape());
        }
        for (NodeSpec n : nodes) {
            shapes.put(n.output(), layer(n.layer()).outputShape());
        }
        return shapes;
    }

    /** The per-sample shape of output {@code i}. */
    public int[] outputShape(int i) {
        return tensorShapes().get(outputs.get(i));
    }

    /** Whether the graph is a chain: one input, one output, each layer called once on the previous node's output. */
    public boolean isChain() {
        if (inputs.size() != 1 || outputs.size() != 1 || nodes.size() != layers.size()) {
            return false;
        }
        String previous = inputs.get(0).name();
        for (NodeSpec n : nodes) {
            if (n.inputs().size() != 1 || !n.inputs().get(0).equals(previous)) {
                return false;
            }
            previous = n.output();
        }
        return outputs.get(0).equals(previous);
    }
}
