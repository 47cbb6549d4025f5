package io.jkeras.models;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.Backend;
import io.jkeras.backend.Backends;
import io.jkeras.backend.Gradients;
import io.jkeras.backend.InputSpec;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.MaskSpec;
import io.jkeras.backend.ModelSpec;
import io.jkeras.backend.NodeSpec;
import io.jkeras.backend.Shapes;
import io.jkeras.backend.SliceSpec;
import io.jkeras.backend.TrainableModel;
import io.jkeras.backend.TrainingSpec;
import io.jkeras.callbacks.History;
import io.jkeras.data.PyDataset;
import io.jkeras.layers.Input;
import io.jkeras.layers.InputLayer;
import io.jkeras.layers.KerasTensor;
import io.jkeras.layers.Layer;
import io.jkeras.layers.Node;
import io.jkeras.layers.WeightStore;
import io.jkeras.losses.Loss;
import io.jkeras.losses.Losses;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.Optimizers;
import io.jkeras.saving.SavingLib;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Keras's {@code Model}: a graph of layers from named inputs to named outputs, built with the
 * Functional API, that compiles, trains, evaluates and predicts.
 *
 * <pre>{@code
 * Input a = new Input(3).name("in_a");
 * Input b = new Input(3).name("in_b");
 * Dense shared = new Dense(4, "tanh");
 * KerasTensor merged = new Concatenate().apply(shared.apply(a), shared.apply(b));
 * Model model = new Model(List.of(a, b), List.of(new Dense(1).name("score").apply(merged)));
 * model.compile("adam", "mse");
 * model.fit(List.of(xa, xb), List.of(y), new FitOptions().epochs(5));
 * }</pre>
 *
 * <p>{@link Sequential} is the chain case of the same graph. The loops of {@code fit},
 * {@code evaluate} and {@code predict} live in one {@code Trainer} shared by every model; the
 * arithmetic runs on the backend chosen as {@link Backends} says.
 */
public class Model {
    private final String name;
    private List<Input> inputs = List.of();
    private List<KerasTensor> outputs = List.of();
    /** Every layer in Keras's order: InputLayers first for a Functional model. */
    private List<Layer> graphLayers = List.of();
    /** The calls of layers, in an order where each comes after those it reads. */
    private List<Node> graphNodes = List.of();

    Optimizer optimizer;
    List<Loss> losses = List.of();
    float[] lossWeights = new float[0];
    List<List<String>> metrics = List.of();
    private Backend requestedBackend;
    private Backend backend;
    TrainableModel program;
    /** Whether {@link #program} was compiled with the training spec (not for inference only). */
    private boolean programTrains;
    /** Keras's mask of each output of {@link #program} ({@code null}: none), for the metrics. */
    List<MaskSpec> outputMasks = List.of();
    private volatile boolean stopTraining;
    /** The epoch the running {@code fit} starts at, when a callback sets it in {@code onTrainBegin}; -1 for none. */
    int resumeEpoch = -1;
    final Trainer trainer = new Trainer(this);
    /** Held by every call that runs the backend program or replaces it; see {@link #exclusive} and {@link #changing}. */
    private final ReentrantLock lock = new ReentrantLock();
    /** The call that holds {@link #lock} ({@code "fit"}) and its thread, for messages. */
    private volatile String busyCall;
    private volatile Thread busyThread;

    /** A Functional model from one input to one output. */
    public Model(KerasTensor input, KerasTensor output) {
        this(List.of(Objects.requireNonNull(input, "input")), List.of(Objects.requireNonNull(output, "output")));
    }

    /** A Functional model from these inputs to these outputs, named {@code functional}, {@code functional_1}... */
    public Model(List<? extends KerasTensor> inputs, List<? extends KerasTensor> outputs) {
        this(inputs, outputs, Keras.uniqueName("functional"));
    }

    /**
     * A Functional model from these inputs to these outputs.
     *
     * @throws KerasException if an input is not an {@link Input}, an output does not depend only on
     *     the inputs given ("Graph disconnected"), two layers share a name, or a layer belongs to another model
     */
    public Model(List<? extends KerasTensor> inputs, List<? extends KerasTensor> outputs, String name) {
        this.name = Objects.requireNonNull(name, "name");
        setGraph(checkInputs(inputs), checkOutputs(outputs));
    }

    /** A model whose graph is set later, by {@link Sequential}. */
    Model(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    private List<Input> checkInputs(List<? extends KerasTensor> given) {
        Objects.requireNonNull(given, "inputs");
        if (given.isEmpty()) {
            throw new KerasException("`inputs` argument cannot be empty. Model '" + name + "' needs at least one Input.");
        }
        List<Input> in = new ArrayList<>();
        for (KerasTensor t : given) {
            if (!(t instanceof Input i)) {
                throw new KerasException("The inputs of model '" + name + "' must be Input tensors (new Input(shape));"
                        + " received " + t + ".");
            }
            if (in.contains(i)) {
                throw new KerasException("Input '" + i.name() + "' is given twice to model '" + name + "'.");
            }
            in.add(i);
        }
        return in;
    }

    private List<KerasTensor> checkOutputs(List<? extends KerasTensor> given) {
        Objects.requireNonNull(given, "outputs");
        if (given.isEmpty()) {
            throw new KerasException("`outputs` argument cannot be empty. Model '" + name + "' needs at least one output.");
        }
        for (KerasTensor t : given) {
            if (t == null) {
                throw new KerasException("An output of model '" + name + "' is null.");
            }
        }
        return List.copyOf(given);
    }

    /**
     * Sets the graph from inputs to outputs: orders nodes and layers as Keras's {@code _build_map}
     * does (depth from the outputs, then first visit), checks that it is connected and that names are
     * unique, and claims every layer.
     */
    final void setGraph(List<Input> newInputs, List<KerasTensor> newOutputs) {
        // Depth-first from the outputs: post-order gives a topological order; the first visit of
        // each layer breaks ties between layers of the same depth.
        List<Node> postOrder = new ArrayList<>();
        Map<Layer, Integer> firstVisit = new IdentityHashMap<>();
        Set<Node> finished = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Node> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Input> given = Collections.newSetFromMap(new IdentityHashMap<>());
        given.addAll(newInputs);
        for (KerasTensor out : newOutputs) {
            visit(out, null, given, postOrder, firstVisit, finished, inProgress);
        }
        Map<Node, Integer> nodeDepth = new IdentityHashMap<>();
        Map<Layer, Integer> layerDepth = new IdentityHashMap<>();
        for (int i = postOrder.size() - 1; i >= 0; i--) {
            Node n = postOrder.get(i);
            int depth = Math.max(nodeDepth.getOrDefault(n, 0), layerDepth.getOrDefault(n.layer(), 0));
            layerDepth.put(n.layer(), depth);
            nodeDepth.put(n, depth);
            for (KerasTensor t : n.inputs()) {
                nodeDepth.merge(t.node(), depth + 1, Math::max);
            }
        }
        for (Input in : newInputs) {
            layerDepth.putIfAbsent(in.layer(), Integer.MAX_VALUE);
            firstVisit.putIfAbsent(in.layer(), firstVisit.size());
        }
        List<Layer> ordered = new ArrayList<>(layerDepth.keySet());
        ordered.sort((x, y) -> {
            int byDepth = Integer.compare(layerDepth.get(y), layerDepth.get(x));
            return byDepth != 0 ? byDepth : Integer.compare(firstVisit.get(x), firstVisit.get(y));
        });
        List<Layer> inputsFirst = new ArrayList<>();
        for (Input in : newInputs) {
            inputsFirst.add(in.layer());
        }
        for (Layer l : ordered) {
            if (!(l instanceof InputLayer)) {
                inputsFirst.add(l);
            }
        }
        checkUniqueNames(inputsFirst);
        List<Node> nodes = new ArrayList<>();
        for (Node n : postOrder) {
            if (!n.isInput()) {
                nodes.add(n);
            }
        }
        nodes.sort((x, y) -> Integer.compare(nodeDepth.get(y), nodeDepth.get(x)));
        for (Layer l : inputsFirst) {
            l.claim(this, name);
        }
        this.inputs = List.copyOf(newInputs);
        this.outputs = List.copyOf(newOutputs);
        this.graphLayers = List.copyOf(inputsFirst);
        this.graphNodes = List.copyOf(nodes);
    }

    private void visit(KerasTensor t, Node consumer, Set<Input> given, List<Node> postOrder, Map<Layer, Integer> firstVisit,
            Set<Node> finished, Set<Node> inProgress) {
        Node n = t.node();
        if (finished.contains(n)) {
            return;
        }
        if (inProgress.contains(n)) {
            throw new KerasException("The graph of model '" + name + "' has a cycle at layer '" + n.layer().getName() + "'.");
        }
        if (n.isInput() && !given.contains(t)) {
            throw new KerasException("Graph disconnected: cannot obtain value for tensor " + t + " at layer '"
                    + (consumer == null ? t.name() : consumer.layer().getName()) + "'. It comes from Input '" + t.name()
                    + "', which is not one of the inputs of model '" + name + "' (" + inputNamesOf(given) + ").");
        }
        firstVisit.putIfAbsent(n.layer(), firstVisit.size());
        inProgress.add(n);
        for (KerasTensor in : n.inputs()) {
            visit(in, n, given, postOrder, firstVisit, finished, inProgress);
        }
        inProgress.remove(n);
        finished.add(n);
        postOrder.add(n);
    }

    private static String inputNamesOf(Set<Input> given) {
        List<String> names = new ArrayList<>();
        for (Input i : given) {
            names.add(i.name());
        }
        Collections.sort(names);
        return String.join(", ", names);
    }

    private void checkUniqueNames(List<Layer> layers) {
        Map<String, Integer> counts = new HashMap<>();
        for (Layer l : layers) {
            counts.merge(l.getName(), 1, Integer::sum);
        }
        for (Layer l : layers) {
            int c = counts.get(l.getName());
            if (c > 1) {
                throw new KerasException("The name \"" + l.getName() + "\" is used " + c + " times in the model '" + name
                        + "'. All operation names should be unique.");
            }
        }
    }

    /** Forgets the graph and releases its layers (Sequential, before it makes a new chain). */
    final void clearGraph() {
        for (Layer l : graphLayers) {
            l.release(this);
        }
        inputs = List.of();
        outputs = List.of();
        graphLayers = List.of();
        graphNodes = List.of();
    }

    // ------------------------------------------------------------------ structure

    /** The model's name. */
    public String getName() {
        return name;
    }

    /** The layers in Keras's order; for a Functional model the InputLayers come first, as in Keras. */
    public List<Layer> layers() {
        return graphLayers;
    }

    /** The layer at this index of {@link #layers()}. */
    public Layer getLayer(int index) {
        List<Layer> ls = layers();
        if (index < 0 || index >= ls.size()) {
            throw new KerasException(className() + " '" + name + "' has " + ls.size()
                    + " layers; there is no layer at index " + index + ".");
        }
        return ls.get(index);
    }

    /** The layer with this name. */
    public Layer getLayer(String layerName) {
        for (Layer l : layers()) {
            if (l.getName().equals(layerName)) {
                return l;
            }
        }
        throw new KerasException("No layer named '" + layerName + "' in " + className() + " '" + name + "'. Layers: "
                + String.join(", ", layers().stream().map(Layer::getName).toList()) + ".");
    }

    /** The model's inputs; empty for a Sequential model not built yet. */
    public List<Input> inputs() {
        return inputs;
    }

    /** The model's output tensors. */
    public List<KerasTensor> outputs() {
        return outputs;
    }

    /** The names of the inputs, in order: the keys {@code fit} and {@code predict} take in a map. */
    public List<String> inputNames() {
        return inputs.stream().map(Input::name).toList();
    }

    /** The names of the outputs (their layers' names), in order: the keys of per-output losses and metrics. */
    public List<String> outputNames() {
        return outputs.stream().map(t -> t.node().layer().getName()).toList();
    }

    /** Whether the graph is known (a Functional model always is). */
    public boolean isBuilt() {
        return !inputs.isEmpty();
    }

    /** The input shape of one sample of the only input, or {@code null} before build. */
    public int[] inputShape() {
        return isBuilt() ? inputs.get(0).shape() : null;
    }

    /** The output shape of one sample of the first output, or {@code null} before build. */
    public int[] outputShape() {
        return isBuilt() ? outputs.get(0).shape() : null;
    }

    /** The number of weights in the model. */
    public long countParams() {
        long n = 0;
        for (Layer l : graphLayers) {
            n += l.countParams();
        }
        return n;
    }

    /** The number of weights the optimizer trains. */
    public long countTrainableParams() {
        long n = 0;
        for (Layer l : graphLayers) {
            n += l.countTrainableParams();
        }
        return n;
    }

    /** The nodes of the graph in execution order (no input nodes). */
    List<Node> nodes() {
        return graphNodes;
    }

    /** "Functional" or "Sequential", for messages. */
    String className() {
        return "Model";
    }

    // ------------------------------------------------------------------ weights

    /** Every weight of the model, layer by layer, each layer's in Keras order; copies. */
    public List<Tensor> getWeights() {
        List<Tensor> all = new ArrayList<>();
        for (Layer l : graphLayers) {
            all.addAll(l.getWeights());
        }
        return all;
    }

    /**
     * Replaces every weight of the model, in the order {@link #getWeights()} gives them.
     *
     * @throws KerasException if the count or a shape does not match
     */
    public void setWeights(List<Tensor> weights) {
        Objects.requireNonNull(weights, "weights");
        changing("setWeights", () -> {
            setWeightsNow(weights);
            return null;
        });
    }

    private void setWeightsNow(List<Tensor> weights) {
        if (!isBuilt()) {
            throw new KerasException(className() + " '" + name + "' is not built yet; give it an input shape first.");
        }
        int expected = 0;
        for (Layer l : graphLayers) {
            expected += l.weightShapes().size();
        }
        if (weights.size() != expected) {
            throw new KerasException(className() + " '" + name + "' has " + expected + " weight tensors. Received: "
                    + weights.size() + ".");
        }
        int k = 0;
        for (Layer l : graphLayers) {
            int n = l.weightShapes().size();
            l.setWeights(weights.subList(k, k + n));
            k += n;
        }
    }

    // ------------------------------------------------------------------ compile

    /** Compiles with an optimizer and a loss given by Keras names, e.g. {@code compile("adam", "mse")}. */
    public void compile(String optimizer, String loss, String... metrics) {
        compile(Optimizers.get(optimizer), Losses.get(loss), List.of(metrics), null);
    }

    /** Compiles with an optimizer object and a loss by name. */
    public void compile(Optimizer optimizer, String loss, String... metrics) {
        compile(optimizer, Losses.get(loss), List.of(metrics), null);
    }

    /** Compiles with an optimizer by name and a loss object. */
    public void compile(String optimizer, Loss loss, String... metrics) {
        compile(Optimizers.get(optimizer), loss, List.of(metrics), null);
    }

    /** Compiles with an optimizer and a loss object. */
    public void compile(Optimizer optimizer, Loss loss, String... metrics) {
        compile(optimizer, loss, List.of(metrics), null);
    }

    /**
     * Compiles the model for training on a backend: the configured one when {@code onBackend} is
     * {@code null}. One loss applies to every output. Compiling again keeps the current weights and
     * starts the optimizer afresh.
     *
     * @throws KerasException for an unknown metric or an empty model
     */
    public void compile(Optimizer optimizer, Loss loss, List<String> metrics, Backend onBackend) {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(metrics, "metrics");
        CompileOptions o = new CompileOptions(optimizer).loss(loss).backend(onBackend);
        if (!metrics.isEmpty()) {
            o.metrics(metrics.toArray(String[]::new));
        }
        compile(o);
    }

    /**
     * Keras's {@code compile} with every argument: per-output losses, loss weights and metrics.
     *
     * @throws KerasException for an unknown metric or output name, or a missing loss
     */
    public void compile(CompileOptions options) {
        Objects.requireNonNull(options, "options");
        changing("compile", () -> {
            compileNow(options);
            return null;
        });
    }

    private void compileNow(CompileOptions options) {
        checkCompilable();
        List<String> outs = compileOutputNames();
        CompileOptions.Resolved r = options.resolve(name, outs);
        closeProgram();
        this.optimizer = options.optimizer();
        this.losses = List.copyOf(r.losses());
        this.lossWeights = r.lossWeights();
        this.metrics = List.copyOf(r.metrics());
        this.requestedBackend = options.backend();
        if (isBuilt()) {
            ensureProgram(true);
        }
    }

    /** Throws if the model cannot be compiled yet (Sequential without layers). */
    void checkCompilable() {
    }

    /** The output names losses and metrics are given for (a Sequential model knows its last layer before it is built). */
    List<String> compileOutputNames() {
        return outputNames();
    }

    /** Builds the model from the first batch of data, if it can and must (Sequential); called before every check. */
    void ensureBuiltFrom(List<Tensor> x) {
    }

    /** Whether {@code compile} has been called. */
    public boolean isCompiled() {
        return optimizer != null;
    }

    /** The optimizer given to compile (change its learning rate at any time), or {@code null}. */
    public Optimizer getOptimizer() {
        return optimizer;
    }

    /** The loss of the first output given to compile, or {@code null}. */
    public Loss getLoss() {
        return losses.isEmpty() ? null : losses.get(0);
    }

    /** The loss of each output, in output order; empty before compile. */
    public List<Loss> getLosses() {
        return losses;
    }

    /** The backend the model is compiled on, or {@code null} before it is. */
    public Backend getBackend() {
        return backend;
    }

    /**
     * Keras's {@code model.stop_training = ...}: set from a callback to end {@code fit} after the
     * current batch, as Keras 3 does; the epoch is then closed as usual (validation, epoch logs,
     * {@code onEpochEnd}) and {@code onTrainEnd} runs. {@code fit} clears it when it starts.
     */
    public void setStopTraining(boolean stop) {
        this.stopTraining = stop;
    }

    /**
     * Keras's {@code model._initial_epoch}: a callback's {@code onTrainBegin} (as
     * {@link io.jkeras.callbacks.BackupAndRestore}'s) sets the epoch the starting {@code fit} begins
     * at, from 0, overriding {@link FitOptions#initialEpoch}. {@code fit} clears it when it starts.
     */
    public void setInitialEpoch(int epoch) {
        if (epoch < 0) {
            throw new KerasException("The initial epoch must be >= 0. Received: " + epoch);
        }
        this.resumeEpoch = epoch;
    }

    /** Keras's {@code model.stop_training}: whether a callback asked the running {@code fit} to stop. */
    public boolean isStopTraining() {
        return stopTraining;
    }

    /**
     * The names of the compiled metrics, in order, as logs and {@code History} show them:
     * {@code accuracy} for a model with one output, {@code out2_accuracy} with several.
     */
    public List<String> getMetricNames() {
        List<String> names = new ArrayList<>();
        for (int o = 0; o < metrics.size(); o++) {
            for (String m : metrics.get(o)) {
                names.add(logName(o, m));
            }
        }
        return names;
    }

    /**
     * Keras 3's log name of a quantity of output {@code output} ({@code "loss"} or a metric):
     * the name itself for a model with one output, {@code <output name>_<name>} with several.
     */
    final String logName(int output, String quantity) {
        return losses.size() > 1 ? outputNames().get(output) + "_" + quantity : quantity;
    }

    // ------------------------------------------------------------------ threads

    /**
     * Runs a call that uses the backend program (a step, a prediction, reading weights), waiting
     * for any other such call on this model to finish: calls from several threads run one at a
     * time, so each sees the weights of a whole step and gets the numbers it would alone.
     */
    final <T> T exclusive(String what, Supplier<T> body) {
        lock.lock();
        return holding(what, body);
    }

    /**
     * Runs a call that changes the program or the weights (compile, setWeights, add, pop): at once
     * if nothing else runs on this model, from within a running call on the same thread (a
     * callback), and refused with a {@link KerasException} while another thread is in a call.
     */
    final <T> T changing(String what, Supplier<T> body) {
        if (!lock.tryLock()) {
            throw new KerasException(className() + " '" + name + "' is busy in " + busyCall + "() on thread " + busyName() + "; " + what
                    + "() cannot run on thread " + Thread.currentThread().getName() + " meanwhile. Call it after that"
                    + " returns (predict, evaluate and getWeights wait for their turn; " + what + " does not).");
        }
        return holding(what, body);
    }

    /** The name of the thread in a call, for the busy message (looked up then, not on every call). */
    private String busyName() {
        Thread t = busyThread;
        return t == null ? "?" : t.getName();
    }

    private <T> T holding(String what, Supplier<T> body) {
        String previousCall = busyCall;
        Thread previousThread = busyThread;
        busyCall = what;
        busyThread = Thread.currentThread();
        try {
            return body.get();
        } finally {
            busyCall = previousCall;
            busyThread = previousThread;
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ the backend program

    /**
     * Makes sure a backend program exists: one that trains when {@code training}, else any (a model
     * never compiled gets an inference-only program, kept for later predictions).
     */
    final void ensureProgram(boolean training) {
        if (program != null && (programTrains || !training)) {
            return;
        }
        closeProgram();
        createProgram(optimizer != null);
    }

    private void createProgram(boolean training) {
        Backend b = requestedBackend != null ? requestedBackend : Backends.current();
        ModelSpec ms = toSpec(training);
        Map<String, List<Tensor>> weights = new LinkedHashMap<>();
        for (Layer l : graphLayers) {
            if (!l.weightShapes().isEmpty()) {
                weights.put(l.getName(), l.getWeights());
            }
        }
        TrainingSpec ts = training ? new TrainingSpec(losses, lossWeights, optimizer) : null;
        TrainableModel p;
        try {
            p = b.build(ms, ts, weights);
        } catch (KerasException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KerasException("Backend '" + b.name() + "' could not compile " + className() + " '" + name + "': " + e, e);
        }
        this.backend = b;
        this.program = p;
        this.programTrains = training;
        this.outputMasks = new ArrayList<>();
        for (int o = 0; o < ms.outputs().size(); o++) {
            outputMasks.add(ms.outputMask(o));
        }
        for (Layer layer : graphLayers) {
            if (layer.weightShapes().isEmpty()) {
                continue;
            }
            String ln = layer.getName();
            layer.attach(new WeightStore() {
                @Override
                public List<Tensor> get() {
                    return exclusive("getWeights", () -> program.getWeights(ln));
                }

                @Override
                public void set(List<Tensor> w) {
                    changing("setWeights", () -> {
                        program.setWeights(ln, w);
                        return null;
                    });
                }
            });
        }
    }

    /** Closes the backend program, keeping its weights in the layers. */
    final void closeProgram() {
        if (program != null) {
            Map<Layer, List<Tensor>> w = new IdentityHashMap<>();
            for (Layer l : graphLayers) {
                w.put(l, l.getWeights());
            }
            TrainableModel old = program;
            program = null;
            programTrains = false;
            for (Layer l : graphLayers) {
                l.holdWeights(w.get(l));
            }
            old.close();
        }
    }

    /** The backend's description of the graph, with Keras's masks of its outputs. */
    ModelSpec toSpec() {
        return toSpec(true);
    }

    /**
     * The backend's description of the graph; {@code withOutputMasks}: with Keras's masks of its
     * outputs, which only losses and metrics use (a program for inference only does without them).
     */
    ModelSpec toSpec(boolean withOutputMasks) {
        List<InputSpec> in = new ArrayList<>();
        for (Input i : inputs) {
            in.add(new InputSpec(i.name(), i.shape(), i.isInteger()));
        }
        List<LayerSpec> specs = new ArrayList<>();
        Set<Layer> seen = new HashSet<>();
        List<NodeSpec> nodes = new ArrayList<>();
        // Keras's masks: each tensor's mask (or none), from the layers that make, pass and consume them.
        Map<String, MaskSpec> masks = new HashMap<>();
        Map<Layer, MaskSpec> maskOfLayer = new HashMap<>();
        Set<String> read = new HashSet<>(outputs.stream().map(KerasTensor::name).toList());
        for (Node n : graphNodes) {
            n.inputs().forEach(t -> read.add(t.name()));
        }
        for (Node n : graphNodes) {
            Layer l = n.layer();
            MaskSpec mask = n.inputMask(masks);
            MaskSpec out = n.outputMask(mask);
            List<String> inputNames = new ArrayList<>(n.inputs().stream().map(KerasTensor::name).toList());
            if (seen.add(l)) {
                LayerSpec spec = l.toSpec(mask);
                specs.add(spec);
                maskOfLayer.put(l, mask);
            } else if (mask != null || maskOfLayer.get(l) != null) {
                if (mask == null || !mask.sameAs(maskOfLayer.get(l))) {
                    throw new KerasException("Layer '" + l.getName() + "' is called at several nodes with different masks;"
                            + " a shared layer with masks is not supported yet.");
                }
            }
            if (mask != null && l.toSpec(mask).inputShapes().size() > n.inputs().size()) {
                inputNames.add(mask.source());
            }
            if (out != null) {
                masks.put(n.output().name(), out);
            }
            if (n.outputs().size() == 1) {
                nodes.add(new NodeSpec(l.getName(), inputNames, n.output().name()));
            } else {
                addPackedNode(n, inputNames, read, specs, nodes);
            }
        }
        Map<String, MaskSpec> outputMasks = withOutputMasks ? outputMasks(masks, in) : Map.of();
        try {
            return new ModelSpec(name, in, specs, nodes, outputs.stream().map(KerasTensor::name).toList(), outputMasks);
        } catch (IllegalArgumentException e) {
            throw new KerasException("The graph of " + className() + " '" + name + "' cannot be compiled: " + e.getMessage(), e);
        }
    }

    /**
     * Keras's {@code y_pred._keras_mask} of each output that carries one, which its loss and metrics
     * apply; the backends compute it from a model input, so a mask made from another tensor is refused.
     */
    private Map<String, MaskSpec> outputMasks(Map<String, MaskSpec> masks, List<InputSpec> in) {
        Map<String, MaskSpec> out = new HashMap<>();
        for (KerasTensor o : outputs) {
            MaskSpec m = masks.get(o.name());
            if (m == null) {
                continue;
            }
            if (in.stream().noneMatch(i -> i.name().equals(m.source()))) {
                throw new KerasException("Output '" + o.name() + "' of " + className() + " '" + name
                        + "' carries the mask made from tensor '" + m.source() + "', which is not a model input;"
                        + " a masked output's loss needs its mask made by Embedding(maskZero=true) or Masking called"
                        + " on a model input, for now.");
            }
            int[] shape = o.shape();
            if (shape.length < 2 || m.steps() * shape[shape.length - 1] != Shapes.size(shape, o.name())) {
                throw new KerasException("Output '" + o.name() + "' of " + className() + " '" + name + "' has shape "
                        + Shapes.withBatch(shape) + " and carries a mask of " + m.steps()
                        + " steps; a masked output's loss needs one mask value per step (shape (None, "
                        + m.steps() + ", width)).");
            }
            out.put(o.name(), m);
        }
        return out;
    }

    /**
     * A call with several outputs: one node writing them packed side by side ({@code <tensor>/packed}),
     * then a {@link SliceSpec} node for each output the graph reads (docs/design.md).
     */
    private static void addPackedNode(Node n, List<String> inputNames, Set<String> read, List<LayerSpec> specs,
            List<NodeSpec> nodes) {
        String packed = n.output().name() + "/packed";
        nodes.add(new NodeSpec(n.layer().getName(), inputNames, packed));
        int total = 0;
        for (KerasTensor t : n.outputs()) {
            total += Shapes.size(t.shape(), t.name());
        }
        int offset = 0;
        for (KerasTensor t : n.outputs()) {
            if (read.contains(t.name())) {
                SliceSpec slice = new SliceSpec(t.name() + "/slice", total, offset, t.shape());
                specs.add(slice);
                nodes.add(new NodeSpec(slice.name(), List.of(packed), t.name()));
            }
            offset += Shapes.size(t.shape(), t.name());
        }
    }

    // ------------------------------------------------------------------ one batch

    /** Keras's {@code train_on_batch} for one input and one output: the total loss before the step. */
    public float trainOnBatch(Tensor x, Tensor y) {
        return trainer.oneBatchLoss(Data.of(this, x, "x"), Data.of(this, y, "y"), true);
    }

    /** Keras's {@code train_on_batch} with one tensor per input and per output (in order): the total loss. */
    public float trainOnBatch(List<Tensor> x, List<Tensor> y) {
        return trainer.oneBatchLoss(Data.of(this, x, "x"), Data.of(this, y, "y"), true);
    }

    /** Keras's {@code train_on_batch(..., return_dict=True)}: the losses and every metric on this batch. */
    public Map<String, Double> trainOnBatchDict(Tensor x, Tensor y) {
        return trainer.oneBatch(Data.of(this, x, "x"), Data.of(this, y, "y"), true);
    }

    /** {@link #trainOnBatchDict(Tensor, Tensor)} with inputs and targets by name. */
    public Map<String, Double> trainOnBatchDict(Map<String, Tensor> x, Map<String, Tensor> y) {
        return trainer.oneBatch(Data.of(this, x, "x"), Data.of(this, y, "y"), true);
    }

    /** Keras's {@code test_on_batch}: the total loss on this batch, nothing updated. */
    public float testOnBatch(Tensor x, Tensor y) {
        return trainer.oneBatchLoss(Data.of(this, x, "x"), Data.of(this, y, "y"), false);
    }

    /** Keras's {@code test_on_batch} with one tensor per input and per output. */
    public float testOnBatch(List<Tensor> x, List<Tensor> y) {
        return trainer.oneBatchLoss(Data.of(this, x, "x"), Data.of(this, y, "y"), false);
    }

    /** Keras's {@code test_on_batch(..., return_dict=True)}. */
    public Map<String, Double> testOnBatchDict(Tensor x, Tensor y) {
        return trainer.oneBatch(Data.of(this, x, "x"), Data.of(this, y, "y"), false);
    }

    /** {@link #testOnBatchDict(Tensor, Tensor)} with inputs and targets by name. */
    public Map<String, Double> testOnBatchDict(Map<String, Tensor> x, Map<String, Tensor> y) {
        return trainer.oneBatch(Data.of(this, x, "x"), Data.of(this, y, "y"), false);
    }

    /** Keras's {@code predict_on_batch} for one input and one output. */
    public Tensor predictOnBatch(Tensor x) {
        return single(trainer.predictOnBatch(Data.of(this, x, "x")), "predictOnBatch(List)");
    }

    /** Keras's {@code predict_on_batch}: every output, in order. */
    public List<Tensor> predictOnBatch(List<Tensor> x) {
        return trainer.predictOnBatch(Data.of(this, x, "x"));
    }

    // ------------------------------------------------------------------ custom training loops

    /**
     * The gradients of the loss on this batch with respect to the trainable weights, not applied:
     * what a Keras custom training loop computes with its backend's gradient tape before
     * {@code optimizer.apply_gradients}. The forward pass runs in training mode at the current step,
     * as {@link #trainOnBatch(Tensor, Tensor)} would. The result holds sums over the batch's samples
     * (see {@link Gradients}), so the gradients of the shards of a batch add up with
     * {@link Gradients#plus} to the whole batch's; {@link Gradients#mean(String)} is Keras's gradient
     * of the mean loss.
     *
     * @throws KerasException as {@code trainOnBatch} does for a model not compiled or bad data
     */
    public Gradients computeGradients(Tensor x, Tensor y) {
        return trainer.computeGradients(Data.of(this, x, "x"), Data.of(this, y, "y"));
    }

    /** {@link #computeGradients(Tensor, Tensor)} with one tensor per input and per output (in order). */
    public Gradients computeGradients(List<Tensor> x, List<Tensor> y) {
        return trainer.computeGradients(Data.of(this, x, "x"), Data.of(this, y, "y"));
    }

    /**
     * Keras's {@code optimizer.apply_gradients}: one step of the compiled optimizer with these
     * gradients (divided by their sample count, the weight penalties' gradients added), the step
     * counter advanced. {@code applyGradients(computeGradients(x, y))} is {@code trainOnBatch(x, y)}.
     *
     * @return the logs {@code trainOnBatchDict} gives, without metrics: {@code loss} (the gradients'
     *     mean loss plus the penalties before the step) and, with several outputs, each output's loss
     * @throws KerasException if the gradients do not name every layer with trainable weights with
     *     the shapes of its trainable weights
     */
    public Map<String, Double> applyGradients(Gradients gradients) {
        return trainer.applyGradients(gradients);
    }

    /**
     * Keras's {@code fit} over data that is not in memory here (a cluster): the same epoch loop,
     * shuffles, logs, validation, callbacks, History and progress bar as {@code fit} on tensors,
     * with each step run by {@link BatchSource#trainStep}. {@code validationSplit} is not
     * available (pass {@code validationData}), and compiled metrics are refused: the steps give
     * losses only.
     *
     * @throws KerasException if the model is not compiled and built, or has metrics
     */
    public History fit(BatchSource data, FitOptions options) {
        return trainer.fit(data, options);
    }

    // ------------------------------------------------------------------ fit / evaluate / predict

    /** Keras's {@code fit(x, y, epochs=epochs)} with the other defaults (batch 32, shuffle, verbose 1). */
    public History fit(Tensor x, Tensor y, int epochs) {
        return fit(x, y, new FitOptions().epochs(epochs));
    }

    /** Keras's {@code fit(x, y, epochs, batch_size)}. */
    public History fit(Tensor x, Tensor y, int epochs, int batchSize) {
        return fit(x, y, new FitOptions().epochs(epochs).batchSize(batchSize));
    }

    /** Keras's {@code fit(x, y, epochs, batch_size, verbose)}. */
    public History fit(Tensor x, Tensor y, int epochs, int batchSize, int verbose) {
        return fit(x, y, new FitOptions().epochs(epochs).batchSize(batchSize).verbose(verbose));
    }

    /**
     * Keras's {@code fit}: trains for {@code epochs} passes over the data in batches, in a new
     * random order each epoch when {@code shuffle}, reporting the mean loss and metrics of each
     * epoch (weighted by batch size, as Keras does) and their validation values.
     */
    public History fit(Tensor x, Tensor y, FitOptions options) {
        return trainer.fit(Data.of(this, x, "x"), Data.of(this, y, "y"), options);
    }

    /** Keras's {@code fit} with one tensor per input and per output, in order. */
    public History fit(List<Tensor> x, List<Tensor> y, FitOptions options) {
        return trainer.fit(Data.of(this, x, "x"), Data.of(this, y, "y"), options);
    }

    /** Keras's {@code fit} with inputs and targets by name. */
    public History fit(Map<String, Tensor> x, Map<String, Tensor> y, FitOptions options) {
        return trainer.fit(Data.of(this, x, "x"), Data.of(this, y, "y"), options);
    }

    /**
     * Keras's {@code fit(dataset, epochs=epochs)}: trains on the batches of a {@link PyDataset}
     * (a {@link io.jkeras.data.TimeseriesGenerator}, or your own) with the other defaults
     * (batch order shuffled each epoch, verbose 1).
     */
    public History fit(PyDataset data, int epochs) {
        return fit(data, new FitOptions().epochs(epochs));
    }

    /**
     * Keras's {@code fit(dataset, ...)}: one step per batch of {@code data}, {@code data.size()}
     * steps per epoch, the batch order shuffled each epoch when {@code shuffle}; batches may differ in
     * size. {@code batchSize} is not used; {@code validationSplit} is refused, as in Keras.
     *
     * @throws KerasException naming the batch index and shapes when a batch does not fit the model
     */
    public History fit(PyDataset data, FitOptions options) {
        return trainer.fit(data, options);
    }

    /** Keras's {@code evaluate(x, y)} with batch size 32 and the progress bar: the total loss. */
    public float evaluate(Tensor x, Tensor y) {
        return evaluate(x, y, 32, 1);
    }

    /** Keras's {@code evaluate(x, y, batch_size)}: the total loss. */
    public float evaluate(Tensor x, Tensor y, int batchSize) {
        return evaluate(x, y, batchSize, 1);
    }

    /** Keras's {@code evaluate(x, y, batch_size, verbose)}: the total loss. */
    public float evaluate(Tensor x, Tensor y, int batchSize, int verbose) {
        return evaluateDict(x, y, batchSize, verbose).get("loss").floatValue();
    }

    /** Keras's {@code evaluate(..., return_dict=True)}: the losses and every compiled metric. */
    public Map<String, Double> evaluateDict(Tensor x, Tensor y, int batchSize, int verbose) {
        return trainer.evaluate(Data.of(this, x, "x"), Data.of(this, y, "y"), batchSize, verbose);
    }

    /** {@link #evaluateDict(Tensor, Tensor, int, int)} with one tensor per input and per output. */
    public Map<String, Double> evaluateDict(List<Tensor> x, List<Tensor> y, int batchSize, int verbose) {
        return trainer.evaluate(Data.of(this, x, "x"), Data.of(this, y, "y"), batchSize, verbose);
    }

    /** {@link #evaluateDict(Tensor, Tensor, int, int)} with inputs and targets by name. */
    public Map<String, Double> evaluateDict(Map<String, Tensor> x, Map<String, Tensor> y, int batchSize, int verbose) {
        return trainer.evaluate(Data.of(this, x, "x"), Data.of(this, y, "y"), batchSize, verbose);
    }

    /** Keras's {@code evaluate(dataset)} with the progress bar: the total loss over every batch of {@code data}. */
    public float evaluate(PyDataset data) {
        return evaluate(data, 1);
    }

    /** Keras's {@code evaluate(dataset, verbose)}: the total loss over every batch of {@code data}. */
    public float evaluate(PyDataset data, int verbose) {
        return evaluateDict(data, verbose).get("loss").floatValue();
    }

    /**
     * Keras's {@code evaluate(dataset, verbose, return_dict=True)}: the losses and every compiled
     * metric over every batch of {@code data}, in order, weighted by batch size.
     */
    public Map<String, Double> evaluateDict(PyDataset data, int verbose) {
        return trainer.evaluate(data, verbose);
    }

    /** Keras's {@code predict(x)}: batch size 32, with the progress bar. */
    public Tensor predict(Tensor x) {
        return predict(x, 32, 1);
    }

    /** Keras's {@code predict(x, batch_size)}. */
    public Tensor predict(Tensor x, int batchSize) {
        return predict(x, batchSize, 1);
    }

    /** Keras's {@code predict(x, batch_size, verbose)} for a model with one input and one output. */
    public Tensor predict(Tensor x, int batchSize, int verbose) {
        return single(trainer.predict(Data.of(this, x, "x"), batchSize, verbose), "predict(List)");
    }

    /** Keras's {@code predict} with one tensor per input: every output, in order. */
    public List<Tensor> predict(List<Tensor> x, int batchSize, int verbose) {
        return trainer.predict(Data.of(this, x, "x"), batchSize, verbose);
    }

    /** Keras's {@code predict} with inputs by name: every output, in order. */
    public List<Tensor> predict(Map<String, Tensor> x, int batchSize, int verbose) {
        return trainer.predict(Data.of(this, x, "x"), batchSize, verbose);
    }

    /** Keras's {@code predict(dataset)} with the progress bar, for a model with one output. */
    public Tensor predict(PyDataset data) {
        return predict(data, 1);
    }

    /**
     * Keras's {@code predict(dataset, verbose)} for a model with one output: the predictions for
     * the inputs of every batch of {@code data}, in order (targets in the batches are not used).
     */
    public Tensor predict(PyDataset data, int verbose) {
        return single(trainer.predict(data, verbose), "predictOutputs(PyDataset, int)");
    }

    /** Keras's {@code predict(dataset, verbose)}: every output, in order, over every batch of {@code data}. */
    public List<Tensor> predictOutputs(PyDataset data, int verbose) {
        return trainer.predict(data, verbose);
    }

    private Tensor single(List<Tensor> outs, String call) {
        if (outs.size() != 1) {
            throw new KerasException(className() + " '" + name + "' has " + outs.size() + " outputs " + outputNames()
                    + "; " + call + " returns them all.");
        }
        return outs.get(0);
    }

    // ------------------------------------------------------------------ saving

    /**
     * Keras's {@code model.save("m.keras")}: writes the model's configuration, its weights, its
     * compile configuration and its optimizer's state to a {@code .keras} file that Python Keras 3
     * loads. The file is written next to its final place and moved there, so a failed save leaves
     * any previous file intact. Load it with {@link Models#load(Path)}.
     *
     * @throws io.jkeras.saving.SavingException if the file cannot be written
     */
    public void save(Path path) {
        SavingLib.saveModel(this, path);
    }

    /**
     * Keras's {@code model.save_weights("m.weights.h5")}: every layer's weights (and the
     * optimizer's state) in Keras 3's HDF5 layout, written atomically.
     *
     * @throws io.jkeras.saving.SavingException if the name does not end in {@code .weights.h5} or the file cannot be written
     */
    public void saveWeights(Path path) {
        SavingLib.saveWeights(this, path);
    }

    /**
     * Keras's {@code model.load_weights(path)}: reads a Keras 3 {@code .weights.h5} file, a legacy
     * Keras 2 {@code .h5} weights or model file, or the weights of a {@code .keras} file, checking
     * every layer's names, counts and shapes against this model.
     *
     * @throws io.jkeras.saving.SavingException naming the file and the entry, if the file does not fit the model
     */
    public void loadWeights(Path path) {
        SavingLib.loadWeights(this, path);
    }

    /** Keras's {@code optimizer.iterations}: the optimizer steps taken so far; 0 before any training. */
    public long getIterations() {
        return program != null && programTrains ? program.iterations() : 0L;
    }

    /**
     * Sets Keras's {@code optimizer.iterations}, e.g. when training resumes from a file.
     *
     * @throws KerasException if the model is not compiled and built
     */
    public void setIterations(long iterations) {
        trainingProgram("setIterations").setIterations(iterations);
    }

    /**
     * The optimizer's state for one layer's trainable variables (Keras's {@code optimizer.variables}
     * beyond the step counter and the learning rate): per kind of state, in the update rule's order
     * ({@code momentum}, {@code velocity}...), one tensor per trainable variable of the layer; copies.
     *
     * @throws KerasException if the model is not compiled and built, or has no such layer
     */
    public Map<String, List<Tensor>> getOptimizerSlots(String layer) {
        return trainingProgram("getOptimizerSlots").getOptimizerSlots(getLayer(layer).getName());
    }

    /**
     * Replaces the optimizer's state for one layer's trainable variables, as {@link #getOptimizerSlots} gives it.
     *
     * @throws KerasException for a state whose names, counts or shapes do not match
     */
    public void setOptimizerSlots(String layer, Map<String, List<Tensor>> slots) {
        Objects.requireNonNull(slots, "slots");
        TrainableModel p = trainingProgram("setOptimizerSlots");
        Map<String, List<Tensor>> current = p.getOptimizerSlots(getLayer(layer).getName());
        if (!current.keySet().equals(slots.keySet())) {
            throw new KerasException("The optimizer of " + className() + " '" + name + "' keeps " + current.keySet()
                    + " for layer '" + layer + "'. Received: " + slots.keySet() + ".");
        }
        for (Map.Entry<String, List<Tensor>> e : current.entrySet()) {
            List<Tensor> given = e.getValue();
            List<Tensor> got = slots.get(e.getKey());
            for (int i = 0; i < Math.max(given.size(), got.size()); i++) {
                if (i >= given.size() || i >= got.size() || !java.util.Arrays.equals(given.get(i).shape(), got.get(i).shape())) {
                    throw new KerasException("Optimizer state '" + e.getKey() + "' of layer '" + layer + "' has "
                            + given.size() + " tensors of shapes " + given.stream().map(t -> Tensor.shapeToString(t.shape())).toList()
                            + ". Received: " + got.stream().map(t -> Tensor.shapeToString(t.shape())).toList() + ".");
                }
            }
        }
        p.setOptimizerSlots(getLayer(layer).getName(), slots);
    }

    /** The metric names given to compile, per output in output order (Keras's {@code metrics} argument); empty before compile. */
    public List<List<String>> getCompiledMetrics() {
        return metrics;
    }

    /** The weight of each output's loss in the total, in output order (Keras's {@code loss_weights}); empty before compile. */
    public float[] getLossWeights() {
        return lossWeights.clone();
    }

    private TrainableModel trainingProgram(String call) {
        if (optimizer == null || !isBuilt()) {
            throw new KerasException(call + "(): " + className() + " '" + name + "' must be built and compiled first.");
        }
        ensureProgram(true);
        return program;
    }

    // ------------------------------------------------------------------ summary

    /** Prints Keras's summary table to {@link Keras#output()}. */
    public void summary() {
        Keras.output().print(summaryString());
        Keras.output().flush();
    }

    /** Keras's summary table, as text. */
    public String summaryString() {
        return Summary.of(this);
    }

    @Override
    public String toString() {
        return "<" + className() + " name=" + name + ", built=" + isBuilt() + ">";
    }
}
