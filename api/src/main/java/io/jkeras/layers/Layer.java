package io.jkeras.layers;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.MaskSpec;
import io.jkeras.backend.Shapes;
import io.jkeras.backend.VariableSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A Keras layer: its configuration, its shapes once built, its variables, the nodes where it was
 * called, and access to its weights. Configuration methods may be called until the layer is built
 * (called on symbolic tensors, or added to a model whose input shape is known).
 *
 * <p>A layer is called on symbolic tensors with {@link #apply(KerasTensor...)}; the first call
 * builds it for those shapes and draws its initial weights, and every later call must have the same
 * shapes (the calls share the weights).
 */
public abstract class Layer {
    private String name;
    private List<int[]> inputShapes;
    private int[] outputShape;
    /** Every output's shape: one, or several for a layer whose call returns several tensors. */
    private List<int[]> outputShapes;
    private WeightStore store;
    private int[] declaredInputShape;
    private final List<Node> nodes = new ArrayList<>();
    private Object owner;
    private String ownerName;

    /** A layer with an automatic name. */
    protected Layer() {
    }

    /** The layer's class name, as Keras shows it in {@code summary()}: {@code "Dense"}. */
    public abstract String className();

    /** The prefix of automatic names: {@code "dense"}. */
    protected abstract String namePrefix();

    /**
     * The output shape of one sample for these input shapes of one sample. Layers with one input
     * override {@link #computeOutputShape(int[])} instead.
     *
     * @throws KerasException if the layer cannot take these inputs
     */
    protected int[] computeOutputShape(List<int[]> inputShapes) {
        return computeOutputShape(inputShapes.get(0));
    }

    /** The output shape for one input of this per-sample shape; layers with one input override it. */
    protected int[] computeOutputShape(int[] inputShape) {
        throw new IllegalStateException(className() + " takes several inputs.");
    }

    /**
     * The per-sample shape of every output of a call, for a layer whose call returns several tensors
     * (a recurrent layer with {@code returnState}); by default the one output of
     * {@link #computeOutputShape(List)}.
     */
    protected List<int[]> computeOutputShapes(List<int[]> inputShapes) {
        return List.of(computeOutputShape(inputShapes));
    }

    /** The variables for these input shapes, in Keras order (trainable first); none by default. */
    protected List<VariableSpec> variables(List<int[]> inputShapes) {
        return List.of();
    }

    /** Draws the initial weights, one tensor per variable, in order; none by default. */
    protected List<Tensor> initialWeights(List<int[]> inputShapes, Random rng) {
        return List.of();
    }

    /**
     * Checks the values a model input feeds this layer directly, before any backend runs (Embedding
     * checks its indices); nothing by default.
     *
     * @param x the batch, {@code (samples, ...inputShape)}
     * @param input the model input's name
     * @param call the call, for messages: {@code "fit"}, {@code "predict"}...
     * @throws KerasException naming the sample and the value the layer cannot take
     */
    public void checkInputValues(Tensor x, String input, String call) {
    }

    /** The backend's description of this layer, once built. */
    public abstract LayerSpec toSpec();

    /**
     * The backend's description of this layer at a node that receives this mask (Keras's
     * {@code mask} argument); layers that honour masks override it, the others never receive one
     * (see {@link #outputMask}).
     */
    public LayerSpec toSpec(MaskSpec inputMask) {
        return toSpec();
    }

    /**
     * Keras's {@code compute_mask}: the mask of this layer's output at a node, given its first input
     * tensor and the mask arriving with it ({@code null}: none). By default a layer makes no mask
     * and takes none: a mask arriving at a layer that does not handle it yet is refused.
     *
     * @param input the name of the node's first input tensor
     * @param inputShape that tensor's per-sample shape
     * @throws KerasException if a mask arrives and the layer cannot honour it
     */
    public MaskSpec outputMask(String input, int[] inputShape, MaskSpec inputMask) {
        if (inputMask != null) {
            throw new KerasException(className() + " '" + name + "' receives the mask made from tensor '"
                    + inputMask.source() + "' (by Embedding(maskZero=true) or Masking), and masks through " + className()
                    + " are not supported yet; only the recurrent layers, Dense, Dropout and Activation take a mask.");
        }
        return null;
    }

    /**
     * How many tensors a call of this layer returns, known before it is built: 1, or more for a
     * recurrent layer with {@code returnState}; the size of {@link #computeOutputShapes}.
     */
    public int outputCount() {
        return 1;
    }

    /** The fewest inputs the layer takes: 1 unless it merges several. */
    protected int minInputs() {
        return 1;
    }

    /** The most inputs the layer takes. */
    protected int maxInputs() {
        return 1;
    }

    // ------------------------------------------------------------------ calling on symbolic tensors

    /** Calls the layer on symbolic tensors (Keras's {@code layer(x)} or {@code layer([a, b])}). */
    public final KerasTensor apply(KerasTensor... inputs) {
        Objects.requireNonNull(inputs, "inputs");
        return apply(Arrays.asList(inputs));
    }

    /**
     * Calls the layer on symbolic tensors; the first call builds it.
     *
     * @throws KerasException for the wrong number of inputs, or shapes the layer cannot take or was not
     *     built for, or a layer whose call returns several tensors (use {@link #applyAll(List)})
     */
    public final KerasTensor apply(List<? extends KerasTensor> inputs) {
        return call(inputs, true).get(0);
    }

    /**
     * Calls the layer on symbolic tensors and returns every tensor the call produces, in Keras's order
     * (Keras's {@code output, h, c = LSTM(4, return_state=True)(x)}): one for most layers. Each is a
     * tensor like any other: a model output, or the input of further layers.
     *
     * @throws KerasException as {@link #apply(List)} for the wrong inputs
     */
    public final List<KerasTensor> applyAll(KerasTensor... inputs) {
        Objects.requireNonNull(inputs, "inputs");
        return call(Arrays.asList(inputs), false);
    }

    /** {@link #applyAll(KerasTensor...)} on a list of tensors. */
    public final List<KerasTensor> applyAll(List<? extends KerasTensor> inputs) {
        return call(inputs, false);
    }

    private List<KerasTensor> call(List<? extends KerasTensor> inputs, boolean single) {
        Objects.requireNonNull(inputs, "inputs");
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i) == null) {
                throw new KerasException("Input " + i + " of the call of layer '" + nameOrClass() + "' is null.");
            }
        }
        assignNameIfAbsent();
        List<int[]> shapes = new ArrayList<>();
        for (KerasTensor t : inputs) {
            shapes.add(t.shape());
        }
        checkInputCount(shapes);
        if (!isBuilt()) {
            build(shapes, Keras.rng());
        } else {
            checkBuiltFor(shapes);
        }
        if (single && outputShapes.size() > 1) {
            throw new KerasException(className() + " '" + name + "' returns " + outputShapes.size() + " tensors "
                    + shapeList(outputShapes) + "; call it with applyAll(...), which gives the list, as Keras's layer(x) does.");
        }
        Node node = new Node(this, new ArrayList<>(inputs), nodes.size());
        List<KerasTensor> out = new ArrayList<>();
        for (int k = 0; k < outputShapes.size(); k++) {
            out.add(new KerasTensor(outputShapes.get(k), node, k));
        }
        node.setOutputs(out);
        nodes.add(node);
        return List.copyOf(out);
    }

    /** The nodes where the layer was called, in order (Keras's {@code _inbound_nodes}). */
    public final List<Node> inboundNodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** Forgets the nodes, so that a model can call the layer again in a new graph; called by the model. */
    public final void resetNodes() {
        nodes.clear();
    }

    /** The node of an {@link InputLayer}. */
    final Node addInputNode(Input input) {
        Node node = new Node(this, List.of(), 0);
        node.setOutputs(List.of(input));
        nodes.add(node);
        return node;
    }

    /**
     * Records the model this layer belongs to; called by the model.
     *
     * @throws KerasException if the layer already belongs to another model
     */
    public final void claim(Object model, String modelName) {
        if (owner != null && owner != model) {
            throw new KerasException("Layer '" + name + "' is already part of model '" + ownerName + "'; a layer belongs to"
                    + " one model. Create a new layer, or call this one only inside model '" + ownerName + "'.");
        }
        owner = model;
        ownerName = modelName;
    }

    /** Lets another model claim the layer, e.g. after Sequential.pop(); called by the model. */
    public final void release(Object model) {
        if (owner == model) {
            owner = null;
            ownerName = null;
        }
    }

    // ------------------------------------------------------------------ configuration

    /** The layer's name; set when it is first called or added to a model, if not given. */
    public String getName() {
        return name;
    }

    /** Names the layer; Keras's {@code name=} argument. */
    public Layer name(String newName) {
        checkNotBuilt("name");
        this.name = checkName(newName);
        return this;
    }

    /**
     * Keras's rule for names: a non-empty string without {@code /} (Keras uses {@code /} in
     * variable paths, and backends in their own vertex names).
     *
     * @throws KerasException otherwise
     */
    public static String checkName(String name) {
        if (name == null || name.isEmpty() || name.contains("/")) {
            throw new KerasException("Argument `name` must be a non-empty string and cannot contain character `/`."
                    + " Received: name=" + name);
        }
        return name;
    }

    /**
     * Declares the input shape of one sample, Keras's {@code input_shape=} argument; meaningful on
     * the first layer of a {@code Sequential}.
     */
    public Layer inputShape(int... shape) {
        checkNotBuilt("the input shape");
        for (int d : shape) {
            if (d <= 0) {
                throw new KerasException("Input shape dimensions must be positive. Received: "
                        + Tensor.shapeToString(shape) + " for layer '" + name + "'.");
            }
        }
        this.declaredInputShape = shape.clone();
        return this;
    }

    /** The declared input shape of one sample, or {@code null}. */
    public int[] declaredInputShape() {
        return declaredInputShape == null ? null : declaredInputShape.clone();
    }

    /** Whether shapes and initial weights are known. */
    public boolean isBuilt() {
        return outputShape != null;
    }

    /** The input shape of one sample (the first input's, for a layer with several), or {@code null} before build. */
    public int[] inputShape() {
        return inputShapes == null ? null : inputShapes.get(0).clone();
    }

    /** Every input's shape of one sample, or {@code null} before build. */
    public List<int[]> inputShapes() {
        return inputShapes == null ? null : copies(inputShapes);
    }

    /** A list of copies of these shapes. */
    private static List<int[]> copies(List<int[]> shapes) {
        List<int[]> out = new ArrayList<>();
        for (int[] s : shapes) {
            out.add(s.clone());
        }
        return out;
    }

    /** The output shape of one sample (the first output's, for a call with several), or {@code null} before build. */
    public int[] outputShape() {
        return outputShape == null ? null : outputShape.clone();
    }

    /** Every output's shape of one sample (one for most layers), or {@code null} before build. */
    public List<int[]> outputShapes() {
        return outputShapes == null ? null : copies(outputShapes);
    }

    /** The variables, in Keras order (trainable first); empty before build. */
    public List<VariableSpec> variables() {
        return isBuilt() ? variables(inputShapes) : List.of();
    }

    /**
     * The variables this layer would have if it were built for these per-sample input shapes,
     * without building it or drawing any weight: loaders check every size against the file before
     * they allocate anything.
     *
     * @throws KerasException if the layer cannot take these inputs
     */
    public final List<VariableSpec> plannedVariables(List<int[]> sampleInputShapes) {
        List<int[]> shapes = new ArrayList<>();
        for (int[] s : sampleInputShapes) {
            shapes.add(s.clone());
        }
        checkInputCount(shapes);
        computeOutputShape(shapes);
        return variables(shapes);
    }

    /** The shapes of the weights, in Keras order; empty before build. */
    public List<int[]> weightShapes() {
        List<int[]> shapes = new ArrayList<>();
        for (VariableSpec v : variables()) {
            shapes.add(v.shape());
        }
        return shapes;
    }

    /** The number of weights. */
    public long countParams() {
        return count(false);
    }

    /** The number of weights the optimizer trains. */
    public long countTrainableParams() {
        return count(true);
    }

    private long count(boolean trainableOnly) {
        long n = 0;
        for (VariableSpec v : variables()) {
            if (v.trainable() || !trainableOnly) {
                n += v.size();
            }
        }
        return n;
    }

    /** The weights, in Keras order and shapes (Dense: kernel {@code (in, units)}, bias {@code (units,)}); copies. */
    public List<Tensor> getWeights() {
        if (store == null) {
            return List.of();
        }
        return store.get();
    }

    /**
     * Replaces the weights.
     *
     * @throws KerasException naming the layer and the shapes, if the list does not match
     */
    public void setWeights(List<Tensor> weights) {
        Objects.requireNonNull(weights, "weights");
        if (!isBuilt()) {
            throw new KerasException("Layer '" + name + "' is not built yet: give the model an input shape"
                    + " (Input(...) or inputShape(...)) or call it on data first.");
        }
        List<int[]> shapes = weightShapes();
        if (weights.size() != shapes.size()) {
            throw new KerasException("Layer '" + name + "' expects " + shapes.size() + " weights"
                    + describe(shapes) + ". Received: " + weights.size() + ".");
        }
        for (int i = 0; i < shapes.size(); i++) {
            Tensor w = weights.get(i);
            if (w == null || !Arrays.equals(shapes.get(i), w.shape())) {
                throw new KerasException("Layer '" + name + "' weight " + i + " has shape "
                        + Tensor.shapeToString(shapes.get(i)) + ". Received: "
                        + (w == null ? "null" : "shape " + Tensor.shapeToString(w.shape())) + ".");
            }
        }
        List<Tensor> copies = new ArrayList<>(weights.size());
        for (Tensor t : weights) {
            copies.add(t.copy());
        }
        store.set(copies);
    }

    /**
     * Builds the layer for these input shapes and draws its weights; called on the first
     * {@link #apply} or by a Sequential model.
     *
     * @return the output shape of one sample
     */
    public final int[] build(List<int[]> sampleInputShapes, Random rng) {
        List<int[]> shapes = new ArrayList<>();
        for (int[] s : sampleInputShapes) {
            shapes.add(s.clone());
        }
        checkInputCount(shapes);
        List<int[]> outs = computeOutputShapes(shapes);
        for (int[] o : outs) {
            Shapes.size(o, "the output of layer '" + name + "'");
        }
        int[] out = outs.get(0);
        checkWeightsFit(shapes);
        this.inputShapes = List.copyOf(shapes);
        this.outputShape = out.clone();
        this.outputShapes = List.copyOf(copies(outs));
        holdWeights(initialWeights(shapes, rng));
        return out.clone();
    }

    /**
     * Refuses weights too large to count or to hold, before any is drawn: a variable of more than
     * {@code 2^31 - 1} values (so {@link #countParams} is exact), or weights the heap cannot hold.
     */
    private void checkWeightsFit(List<int[]> shapes) {
        List<VariableSpec> vars;
        try {
            vars = variables(shapes);
        } catch (KerasException e) {
            throw new KerasException("Layer '" + name + "' cannot be built for the per-sample input shapes"
                    + describe(shapes) + ": " + e.getMessage(), e);
        }
        long values = 0;
        for (VariableSpec v : vars) {
            values += v.size();
        }
        Shapes.requireHeap(4L * values, "The weights of layer '" + name + "' (" + values + " float32 values)");
    }

    /** Builds a one-input layer for this input shape; see {@link #build(List, Random)}. */
    public final int[] build(int[] sampleInputShape, Random rng) {
        return build(List.of(sampleInputShape), rng);
    }

    /** Builds an {@link InputLayer}: output shape = input shape, no weights. */
    final void buildAsInput(int[] shape) {
        this.inputShapes = List.of(shape.clone());
        this.outputShape = shape.clone();
        this.outputShapes = List.of(shape.clone());
        holdWeights(List.of());
    }

    /** Keeps these weights in the layer itself, e.g. when the backend program is closed; called by the model. */
    public final void holdWeights(List<Tensor> weights) {
        this.store = new LocalStore(weights);
    }

    /** Moves the weights to another store (the compiled backend); called by the model. */
    public final void attach(WeightStore newStore) {
        this.store = newStore;
    }

    /** Assigns an automatic name if none was given; called by the model. */
    public final void assignNameIfAbsent() {
        if (name == null) {
            name = Keras.uniqueName(namePrefix());
        }
    }

    /** Throws if the layer is built; configuration methods call it first. */
    protected final void checkNotBuilt(String what) {
        if (isBuilt()) {
            throw new KerasException("Cannot change " + what + " of layer '" + name + "' after it is built.");
        }
    }

    private void checkInputCount(List<int[]> shapes) {
        int n = shapes.size();
        if (n < minInputs() || n > maxInputs()) {
            String expected = minInputs() == maxInputs() ? "exactly " + minInputs()
                    : "at least " + minInputs();
            throw new KerasException("A `" + className() + "` layer should be called on " + expected + " input"
                    + (minInputs() == 1 && maxInputs() == 1 ? "" : "s") + ". Received: " + n + " inputs with input_shape="
                    + shapeList(shapes) + " (layer '" + nameOrClass() + "').");
        }
    }

    private void checkBuiltFor(List<int[]> shapes) {
        for (int i = 0; i < shapes.size(); i++) {
            if (!Arrays.equals(shapes.get(i), inputShapes.get(i))) {
                throw new KerasException("Input " + i + " of layer \"" + name + "\" is incompatible with the layer: it was built"
                        + " for input shape " + Shapes.withBatch(inputShapes.get(i)) + ", but received input with shape "
                        + Shapes.withBatch(shapes.get(i)) + ". A layer called several times shares its weights, so every"
                        + " call needs the same input shapes.");
            }
        }
    }

    /** Keras's way of listing input shapes in messages: {@code [(None, 3), (None, 4)]}. */
    protected static String shapeList(List<int[]> shapes) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shapes.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(Shapes.withBatch(shapes.get(i)));
        }
        return sb.append(']').toString();
    }

    private String nameOrClass() {
        return name != null ? name : className();
    }

    private static String describe(List<int[]> shapes) {
        StringBuilder sb = new StringBuilder(" (");
        for (int i = 0; i < shapes.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(Tensor.shapeToString(shapes.get(i)));
        }
        return sb.append(')').toString();
    }

    @Override
    public String toString() {
        return "<" + className() + " name=" + name + ", built=" + isBuilt() + ">";
    }

    private static final class LocalStore implements WeightStore {
        private List<Tensor> weights;

        LocalStore(List<Tensor> weights) {
            this.weights = weights;
        }

        @Override
        public List<Tensor> get() {
            List<Tensor> out = new ArrayList<>(weights.size());
            for (Tensor t : weights) {
                out.add(t.copy());
            }
            return out;
        }

        @Override
        public void set(List<Tensor> newWeights) {
            this.weights = newWeights;
        }
    }
}
