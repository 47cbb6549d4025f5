package io.jkeras.models;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.Backends;
import io.jkeras.layers.Input;
import io.jkeras.layers.KerasTensor;
import io.jkeras.layers.Layer;
import io.jkeras.losses.Loss;
import io.jkeras.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Keras's {@code Sequential} model: a plain stack of layers, each with one input and one output.
 *
 * <pre>{@code
 * Sequential model = new Sequential();
 * model.add(new Dense(10, "relu").inputDim(1));
 * model.add(new Dense(1));
 * model.compile(new SGD(0.05f), "mse");
 * float loss = model.trainOnBatch(x, y);
 * }</pre>
 *
 * <p>Once its input shape is known (an {@link Input} added first, a first layer that declares it,
 * {@link #build}, or the first batch of data) it is the chain case of a Functional {@link Model}:
 * each layer called once on the previous one's output. The model checks every shape and value
 * before a backend sees it; the backend is chosen as {@link Backends} says, or passed to
 * {@link #compile(Optimizer, Loss, List, io.jkeras.backend.Backend)}.
 */
public class Sequential extends Model {
    private final List<Layer> stack = new ArrayList<>();
    private Input input;
    private int[] inputShape;

    /** An empty model named {@code sequential}, {@code sequential_1}... */
    public Sequential() {
        this(Keras.uniqueName("sequential"));
    }

    /** An empty model with this name. */
    public Sequential(String name) {
        super(name);
    }

    /** A model made of these layers, added in order. */
    public Sequential(Layer... layers) {
        this();
        for (Layer l : layers) {
            add(l);
        }
    }

    // ------------------------------------------------------------------ building

    /**
     * Declares the input shape of one sample, as {@code keras.Input(shape)} added first.
     *
     * @throws KerasException if layers were added already
     */
    public Sequential add(Input in) {
        Objects.requireNonNull(in, "input");
        return changing("add", () -> addNow(in));
    }

    private Sequential addNow(Input in) {
        if (!stack.isEmpty() || inputShape != null) {
            throw new KerasException("An Input must be the first thing added to Sequential '" + getName() + "'.");
        }
        this.input = in;
        this.inputShape = in.shape();
        rebuildChain();
        return this;
    }

    /**
     * Adds a layer on top of the stack; it is built at once when the input shape is known.
     *
     * @throws KerasException if the layer was already added to a model, or cannot take the output of the previous layer
     */
    public Sequential add(Layer layer) {
        Objects.requireNonNull(layer, "layer");
        return changing("add", () -> addNow(layer));
    }

    private Sequential addNow(Layer layer) {
        if (layer.isBuilt() || stack.contains(layer)) {
            throw new KerasException("Layer '" + layer.getName() + "' is already part of a model; create a new layer.");
        }
        if (program != null) {
            throw new KerasException("Cannot add layers to Sequential '" + getName() + "' after compile(); add every layer first.");
        }
        layer.assignNameIfAbsent();
        if (layer.outputCount() != 1) {
            throw new KerasException("All layers in a Sequential model should have a single output tensor. For multi-output"
                    + " layers, use the functional API. Layer '" + layer.getName() + "' (" + layer.className() + ") returns "
                    + layer.outputCount() + " tensors (returnState=true), so it cannot be added to Sequential '" + getName()
                    + "'.");
        }
        for (Layer l : stack) {
            if (l.getName().equals(layer.getName())) {
                throw new KerasException("All layers added to a Sequential model should have unique names. Name '"
                        + layer.getName() + "' is already the name of a layer in this model (Sequential '" + getName()
                        + "'). Update the `name` argument to pass a unique name.");
            }
        }
        if (stack.isEmpty() && inputShape == null && layer.declaredInputShape() != null) {
            inputShape = layer.declaredInputShape();
        } else if (!stack.isEmpty() && layer.declaredInputShape() != null) {
            throw new KerasException("Only the first layer of a Sequential model may declare an input shape;"
                    + " layer '" + layer.getName() + "' declares " + Tensor.shapeToString(layer.declaredInputShape()) + ".");
        }
        if (isBuilt()) {
            KerasTensor last = outputs().get(0);
            KerasTensor out = layer.apply(last);
            stack.add(layer);
            extendChain(out);
        } else {
            stack.add(layer);
            if (inputShape != null) {
                rebuildChain();
            }
        }
        return this;
    }

    /**
     * Removes the last layer (Keras's {@code pop()}).
     *
     * @throws KerasException if the model has no layers or is compiled
     */
    public Layer pop() {
        return changing("pop", this::popNow);
    }

    private Layer popNow() {
        if (stack.isEmpty()) {
            throw new KerasException("There are no layers in Sequential '" + getName() + "' to remove.");
        }
        closeProgram();
        Layer removed = stack.remove(stack.size() - 1);
        removed.resetNodes();
        removed.release(this);
        if (isBuilt()) {
            rebuildChain();
        }
        return removed;
    }

    /**
     * Builds the model for this input shape of one sample (Keras's {@code build((None, ...))}),
     * drawing every layer's initial weights.
     */
    public Sequential build(int... sampleShape) {
        Objects.requireNonNull(sampleShape, "sampleShape");
        return changing("build", () -> buildNow(sampleShape));
    }

    private Sequential buildNow(int[] sampleShape) {
        if (inputShape != null) {
            if (!Arrays.equals(inputShape, sampleShape)) {
                throw new KerasException("Sequential '" + getName() + "' is built for input shape (None, "
                        + Tensor.shapeToString(inputShape).substring(1) + ". Received: " + Tensor.shapeToString(sampleShape));
            }
            if (!isBuilt()) {
                rebuildChain();
            }
            return this;
        }
        inputShape = sampleShape.clone();
        rebuildChain();
        return this;
    }

    /** Makes the chain from the input through every layer, building layers not built yet in order. */
    private void rebuildChain() {
        clearGraph();
        if (input == null || !Arrays.equals(input.shape(), inputShape)) {
            input = new Input(inputShape);
        }
        KerasTensor t = input;
        for (Layer l : stack) {
            l.resetNodes();
            t = l.apply(t);
        }
        setGraph(List.of(input), List.of(t));
    }

    private void extendChain(KerasTensor out) {
        clearGraph();
        setGraph(List.of(input), List.of(out));
    }

    /** The layers, in order (an {@link Input} is not one of them, as in Keras). */
    @Override
    public List<Layer> layers() {
        return Collections.unmodifiableList(stack);
    }

    /** The input shape of one sample, or {@code null} before build. */
    @Override
    public int[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    /** The output shape of one sample, or {@code null} before build. */
    @Override
    public int[] outputShape() {
        if (!isBuilt()) {
            return null;
        }
        return stack.isEmpty() ? inputShape.clone() : outputs().get(0).shape();
    }

    @Override
    String className() {
        return "Sequential";
    }

    @Override
    void checkCompilable() {
        if (stack.isEmpty()) {
            throw new KerasException("Sequential '" + getName() + "' has no layers; add layers before compile().");
        }
    }

    @Override
    List<String> compileOutputNames() {
        return List.of(stack.get(stack.size() - 1).getName());
    }

    @Override
    public List<String> outputNames() {
        return stack.isEmpty() ? List.of() : compileOutputNames();
    }

    @Override
    void ensureBuiltFrom(List<Tensor> x) {
        if (!isBuilt()) {
            if (stack.isEmpty()) {
                throw new KerasException("Sequential '" + getName() + "' has no layers; add layers first.");
            }
            Tensor first = x.get(0);
            if (x.size() != 1 || first.rank() < 2) {
                throw new KerasException("Sequential '" + getName() + "' needs inputs with a batch axis, shape (batch, ...)."
                        + " Received: shape " + Tensor.shapeToString(first.shape()));
            }
            build(Arrays.copyOfRange(first.shape(), 1, first.rank()));
        }
    }
}
