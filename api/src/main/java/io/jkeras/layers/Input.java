package io.jkeras.layers;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import java.util.Locale;

/**
 * Keras's {@code keras.Input(shape)}: a symbolic tensor for one input of a model, with the shape of
 * one sample. Call layers on it to build a Functional model, or add it first to a
 * {@code Sequential} to declare the input shape (like in Keras, it is then not one of the model's
 * layers).
 *
 * <pre>{@code
 * Input inputs = new Input(784).name("img");
 * KerasTensor x = new Dense(64, "relu").apply(inputs);
 * Model model = new Model(inputs, new Dense(10, "softmax").apply(x));
 * }</pre>
 */
public final class Input extends KerasTensor {
    private final int[] shape;
    private String name;
    private boolean integer;
    private Node node;

    /** The shape of one sample, without the batch axis: {@code new Input(784)}, {@code new Input(28, 28)}. */
    public Input(int... shape) {
        super(check(shape));
        this.shape = shape.clone();
    }

    private static int[] check(int[] shape) {
        if (shape == null || shape.length == 0) {
            throw new KerasException("Input needs a shape, e.g. new Input(784).");
        }
        for (int d : shape) {
            if (d <= 0) {
                throw new KerasException("Input shape dimensions must be positive. Received: " + Tensor.shapeToString(shape));
            }
        }
        return shape;
    }

    /**
     * Names the input (Keras's {@code name=}); by default {@code input_layer}, {@code input_layer_1}...
     *
     * @throws KerasException once a layer has been called on it
     */
    public Input name(String newName) {
        if (node != null) {
            throw new KerasException("Cannot rename Input '" + node.layer().getName() + "' after layers were called on it.");
        }
        this.name = Layer.checkName(newName);
        return this;
    }

    /**
     * Keras's {@code dtype=}: {@code "float32"} (the default), or {@code "int32"} / {@code "int64"}
     * for integer indices (e.g. for an Embedding).
     */
    public Input dtype(String dtype) {
        if (node != null) {
            throw new KerasException("Cannot change the dtype of Input '" + node.layer().getName() + "' after layers were called on it.");
        }
        switch (dtype.toLowerCase(Locale.ROOT)) {
            case "float32" -> integer = false;
            case "int32", "int64" -> integer = true;
            default -> throw new KerasException("Input dtype must be float32, int32 or int64. Received: dtype=" + dtype);
        }
        return this;
    }

    /** Whether the input holds integer indices. */
    public boolean isInteger() {
        return integer;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The input's node, made (and the input named) on first use. */
    @Override
    public synchronized Node node() {
        if (node == null) {
            InputLayer layer = new InputLayer(name != null ? name : Keras.uniqueName("input_layer"), shape, integer);
            node = layer.addInputNode(this);
        }
        return node;
    }

    /** The input's name, assigned on first use when none was given. */
    @Override
    public String name() {
        return node().layer().getName();
    }

    /** The layer behind this input. */
    public InputLayer layer() {
        return (InputLayer) node().layer();
    }
}
