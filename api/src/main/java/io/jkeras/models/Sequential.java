package io.jkeras.models;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.Backend;
import io.jkeras.backend.Backends;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.ModelSpec;
import io.jkeras.backend.StepResult;
import io.jkeras.backend.TrainableModel;
import io.jkeras.backend.TrainingSpec;
import io.jkeras.callbacks.Callback;
import io.jkeras.callbacks.History;
import io.jkeras.callbacks.Progbar;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.layers.WeightStore;
import io.jkeras.losses.Loss;
import io.jkeras.losses.Losses;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.metrics.Metric;
import io.jkeras.metrics.Metrics;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.Optimizers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

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
 * <p>The model checks every shape and value before a backend sees it; the backend is chosen as
 * {@link Backends} says, or passed to {@link #compile(Optimizer, Loss, List, Backend)}.
 */
public class Sequential {
    private final String name;
    private final List<Layer> layers = new ArrayList<>();
    private int[] inputShape;
    private int[] outputShape;

    private Optimizer optimizer;
    private Loss loss;
    private List<String> metricNames = List.of();
    private Backend requestedBackend;
    private Backend backend;
    private TrainableModel program;
    private ModelSpec spec;
    private volatile boolean stopTraining;
    /** Whether the last training step's loss was NaN, so that a NaN run is reported once, not every step. */
    private boolean lossWasNaN;

    /** An empty model named {@code sequential}, {@code sequential_1}... */
    public Sequential() {
        this(Keras.uniqueName("sequential"));
    }

    /** An empty model with this name. */
    public Sequential(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** A model made of these layers, added in order. */
    public Sequential(Layer... layers) {
        this();
        for (Layer l : layers) {
            add(l);
        }
    }

    /** The model's name. */
    public String getName() {
        return name;
    }

    // ------------------------------------------------------------------ building

    /**
     * Declares the input shape of one sample, as {@code keras.Input(shape)} added first.
     *
     * @throws KerasException if layers were added already
     */
    public Sequential add(Input input) {
        if (!layers.isEmpty() || inputShape != null) {
            throw new KerasException("An Input must be the first thing added to Sequential '" + name + "'.");
        }
        this.inputShape = input.shape();
        this.outputShape = inputShape.clone();
        return this;
    }

    /**
     * Adds a layer on top of the stack; it is built at once when the input shape is known.
     *
     * @throws KerasException if the layer was already added to a model, or cannot take the output of the previous layer
     */
    public Sequential add(Layer layer) {
        Objects.requireNonNull(layer, "layer");
        if (layer.isBuilt() || layers.contains(layer)) {
            throw new KerasException("Layer '" + layer.getName() + "' is already part of a model; create a new layer.");
        }
        if (program != null) {
            throw new KerasException("Cannot add layers to Sequential '" + name + "' after compile(); add every layer first.");
        }
        layer.assignNameIfAbsent();
        for (Layer l : layers) {
            if (l.getName().equals(layer.getName())) {
                throw new KerasException("Sequential '" + name + "' already has a layer named '" + layer.getName()
                        + "'. Layer names must be unique.");
            }
        }
        if (layers.isEmpty() && inputShape == null && layer.declaredInputShape() != null) {
            inputShape = layer.declaredInputShape();
            outputShape = inputShape.clone();
        } else if (!layers.isEmpty() && layer.declaredInputShape() != null) {
            throw new KerasException("Only the first layer of a Sequential model may declare an input shape;"
                    + " layer '" + layer.getName() + "' declares " + Tensor.shapeToString(layer.declaredInputShape()) + ".");
        }
        layers.add(layer);
        if (outputShape != null) {
            outputShape = layer.build(outputShape, Keras.rng());
        }
        return this;
    }

    /**
     * Builds the model for this input shape of one sample (Keras's {@code build((None, ...))}),
     * drawing every layer's initial weights.
     */
    public Sequential build(int... sampleShape) {
        if (inputShape != null) {
            if (!Arrays.equals(inputShape, sampleShape)) {
                throw new KerasException("Sequential '" + name + "' is built for input shape (None, "
                        + Tensor.shapeToString(inputShape).substring(1) + "). Received: " + Tensor.shapeToString(sampleShape));
            }
            return this;
        }
        inputShape = sampleShape.clone();
        int[] shape = inputShape.clone();
        Random rng = Keras.rng();
        for (Layer l : layers) {
            shape = l.build(shape, rng);
        }
        outputShape = shape;
        return this;
    }

    /** Whether the input shape is known and every layer is built. */
    public boolean isBuilt() {
        return inputShape != null;
    }

    /** The layers, in order (an {@link Input} is not one of them, as in Keras). */
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** The layer at this index. */
    public Layer getLayer(int index) {
        if (index < 0 || index >= layers.size()) {
            throw new KerasException("Sequential '" + name + "' has " + layers.size()
                    + " layers; there is no layer at index " + index + ".");
        }
        return layers.get(index);
    }

    /** The layer with this name. */
    public Layer getLayer(String layerName) {
        for (Layer l : layers) {
            if (l.getName().equals(layerName)) {
                return l;
            }
        }
        throw new KerasException("No layer named '" + layerName + "' in Sequential '" + name + "'. Layers: "
                + String.join(", ", layers.stream().map(Layer::getName).toList()) + ".");
    }

    /** The input shape of one sample, or {@code null} before build. */
    public int[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    /** The output shape of one sample, or {@code null} before build. */
    public int[] outputShape() {
        return outputShape == null ? null : outputShape.clone();
    }

    /** The number of weights in the model. */
    public long countParams() {
        long n = 0;
        for (Layer l : layers) {
            n += l.countParams();
        }
        return n;
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
     * {@code null}. Compiling again keeps the current weights and starts the optimizer afresh.
     *
     * @throws KerasException for an unknown metric or an empty model
     */
    public void compile(Optimizer optimizer, Loss loss, List<String> metrics, Backend onBackend) {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(loss, "loss");
        if (layers.isEmpty()) {
            throw new KerasException("Sequential '" + name + "' has no layers; add layers before compile().");
        }
        for (String m : metrics) {
            Metrics.validate(m);
        }
        List<List<Tensor>> keep = program == null ? null : currentWeights();
        closeProgram();
        this.optimizer = optimizer;
        this.loss = loss;
        this.metricNames = List.copyOf(metrics);
        this.requestedBackend = onBackend;
        if (isBuilt()) {
            createProgram(keep);
        }
    }

    /** Whether {@code compile} has been called. */
    public boolean isCompiled() {
        return optimizer != null;
    }

    /** The optimizer given to compile (change its learning rate at any time), or {@code null}. */
    public Optimizer getOptimizer() {
        return optimizer;
    }

    /** The loss given to compile, or {@code null}. */
    public Loss getLoss() {
        return loss;
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

    /** Keras's {@code model.stop_training}: whether a callback asked the running {@code fit} to stop. */
    public boolean isStopTraining() {
        return stopTraining;
    }

    /** The metric names given to {@code compile}, in order, as they appear in logs and {@code History}. */
    public List<String> getMetricNames() {
        return metricNames;
    }

    private void createProgram(List<List<Tensor>> keep) {
        Backend b = requestedBackend != null ? requestedBackend : Backends.current();
        List<LayerSpec> specs = new ArrayList<>();
        java.util.Map<String, List<Tensor>> weights = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            specs.add(l.toSpec());
            weights.put(l.getName(), keep != null ? keep.get(i) : l.getWeights());
        }
        ModelSpec ms = ModelSpec.chain(name, new io.jkeras.backend.InputSpec("input", inputShape), specs);
        TrainableModel p;
        try {
            p = b.build(ms, new TrainingSpec(loss, optimizer), weights);
        } catch (KerasException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KerasException("Backend '" + b.name() + "' could not compile Sequential '" + name + "': " + e, e);
        }
        this.backend = b;
        this.spec = ms;
        this.program = p;
        for (Layer layer : layers) {
            String ln = layer.getName();
            layer.attach(new WeightStore() {
                @Override
                public List<Tensor> get() {
                    return program.getWeights(ln);
                }

                @Override
                public void set(List<Tensor> w) {
                    program.setWeights(ln, w);
                }
            });
        }
    }

    private void closeProgram() {
        if (program != null) {
            List<List<Tensor>> w = currentWeights();
            TrainableModel old = program;
            program = null;
            for (int i = 0; i < layers.size(); i++) {
                layers.get(i).holdWeights(w.get(i));
            }
            old.close();
        }
    }

    private List<List<Tensor>> currentWeights() {
        List<List<Tensor>> out = new ArrayList<>();
        for (Layer l : layers) {
            out.add(l.getWeights());
        }
        return out;
    }

    /** Builds from data if needed, checks compile, and makes sure the backend program exists. */
    private void ensureReady(Tensor x, String call) {
        if (optimizer == null) {
            throw new KerasException("You must call compile() before " + call + "() on Sequential '" + name + "'.");
        }
        ensureBuiltFrom(x);
        if (program == null) {
            createProgram(null);
        }
    }

    private void ensureBuiltFrom(Tensor x) {
        if (!isBuilt()) {
            if (x.rank() < 2) {
                throw new KerasException("Sequential '" + name + "' needs inputs with a batch axis, shape (batch, ...). Received: shape "
                        + Tensor.shapeToString(x.shape()));
            }
            build(Arrays.copyOfRange(x.shape(), 1, x.rank()));
        }
    }

    // ------------------------------------------------------------------ weights

    /** Every weight of the model, layer by layer, in Keras order; copies. */
    public List<Tensor> getWeights() {
        List<Tensor> all = new ArrayList<>();
        for (Layer l : layers) {
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
        if (!isBuilt()) {
            throw new KerasException("Sequential '" + name + "' is not built yet; give it an input shape first.");
        }
        int expected = 0;
        for (Layer l : layers) {
            expected += l.weightShapes(l.inputShape()).size();
        }
        if (weights.size() != expected) {
            throw new KerasException("Sequential '" + name + "' has " + expected + " weight tensors. Received: "
                    + weights.size() + ".");
        }
        int k = 0;
        for (Layer l : layers) {
            int n = l.weightShapes(l.inputShape()).size();
            l.setWeights(weights.subList(k, k + n));
            k += n;
        }
    }

    // ------------------------------------------------------------------ one batch

    /** Keras's {@code train_on_batch}: one gradient step on this batch; returns the loss before the step. */
    public float trainOnBatch(Tensor x, Tensor y) {
        ensureReady(x, "trainOnBatch");
        Batch b = checkBatch(x, y, "trainOnBatch", true);
        return step(b, true, null).loss();
    }

    /** Keras's {@code train_on_batch(..., return_dict=True)}: the loss and every metric on this batch. */
    public Map<String, Double> trainOnBatchDict(Tensor x, Tensor y) {
        return oneBatchWithMetrics(x, y, true);
    }

    /** Keras's {@code test_on_batch}: the loss on this batch, nothing updated. */
    public float testOnBatch(Tensor x, Tensor y) {
        ensureReady(x, "testOnBatch");
        Batch b = checkBatch(x, y, "testOnBatch", true);
        return step(b, false, null).loss();
    }

    /** Keras's {@code test_on_batch(..., return_dict=True)}. */
    public Map<String, Double> testOnBatchDict(Tensor x, Tensor y) {
        return oneBatchWithMetrics(x, y, false);
    }

    private Map<String, Double> oneBatchWithMetrics(Tensor x, Tensor y, boolean train) {
        String call = train ? "trainOnBatch" : "testOnBatch";
        ensureReady(x, call);
        Batch b = checkBatch(x, y, call, true);
        List<Metric> ms = newMetrics(b.y, b.x.dim(0));
        StepResult r = step(b, train, ms);
        return logs(r.loss(), ms, "");
    }

    /** Keras's {@code predict_on_batch}: the model's outputs for this batch. */
    public Tensor predictOnBatch(Tensor x) {
        ensureBuiltFrom(x);
        Tensor xf = checkX(x, "predictOnBatch", true);
        return withPredictionProgram(() -> forward(xf));
    }

    /** The outputs for a batch already checked and flattened to {@code (batch, features)}. */
    private Tensor forward(Tensor xf) {
        Tensor p = backendCall("predictOnBatch", xf, () -> program.predictOnBatch(List.of(xf))).get(0);
        // The backend returns a new tensor: give it the output shape without copying.
        return Tensor.of(p.data(), outputBatchShape(xf.dim(0)));
    }

    /**
     * Runs {@code body} with a backend program: the compiled one, or, for a model that was never
     * compiled (Keras predicts with those too), a throwaway one closed afterwards.
     */
    private <T> T withPredictionProgram(java.util.function.Supplier<T> body) {
        if (program != null) {
            return body.get();
        }
        if (optimizer != null) {
            createProgram(null);
            return body.get();
        }
        try {
            optimizer = new io.jkeras.optimizers.SGD();
            loss = new io.jkeras.losses.MeanSquaredError();
            createProgram(null);
            return body.get();
        } finally {
            closeProgram();
            optimizer = null;
            loss = null;
        }
    }

    private int[] outputBatchShape(int n) {
        int[] s = new int[outputShape.length + 1];
        s[0] = n;
        System.arraycopy(outputShape, 0, s, 1, outputShape.length);
        return s;
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
    public History fit(Tensor x, Tensor y, FitOptions o) {
        ensureReady(x, "fit");
        checkSamples(x, y, "fit");
        Tensor trainX = x;
        Tensor trainY = y;
        Tensor valX = o.validationX;
        Tensor valY = o.validationY;
        if (valX == null && o.validationSplit > 0) {
            int n = x.dim(0);
            int split = (int) Math.floor(n * (1 - o.validationSplit));
            if (split <= 0 || split >= n) {
                throw new KerasException("validationSplit=" + o.validationSplit + " leaves no samples to "
                        + (split <= 0 ? "train on" : "validate on") + " out of " + n + ".");
            }
            trainX = x.slice(0, split);
            trainY = y.slice(0, split);
            valX = x.slice(split, n);
            valY = y.slice(split, n);
        }
        Batch all = checkBatch(trainX, trainY, "fit", true);
        Batch val = valX == null ? null : checkBatch(valX, valY, "fit (validation data)", true);

        int n = all.x.dim(0);
        int bs = Math.min(o.batchSize, Math.max(n, 1));
        int steps = (n + bs - 1) / bs;
        int xw = all.x.dim(1);
        int yw = all.y.dim(1);
        BatchBuffers full = new BatchBuffers(bs, xw, yw);
        BatchBuffers tail = n % bs == 0 ? full : new BatchBuffers(n % bs, xw, yw);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        History history = new History();
        List<Callback> callbacks = new ArrayList<>(o.callbacks);
        callbacks.add(history);
        List<Metric> metrics = newMetrics(all.y, n);
        stopTraining = false;
        callbacks.forEach(c -> c.setModel(this));
        callbacks.forEach(Callback::onTrainBegin);
        Map<String, Double> epochLogs = new LinkedHashMap<>();
        Random rng = Keras.rng();
        for (int epoch = 0; epoch < o.epochs && !stopTraining; epoch++) {
            final int e = epoch;
            callbacks.forEach(c -> c.onEpochBegin(e));
            if (o.verbose == 1) {
                Keras.output().println("Epoch " + (epoch + 1) + "/" + o.epochs);
            }
            Progbar bar = o.verbose > 0 ? Progbar.create(steps, o.verbose, Keras.output()) : null;
            if (o.shuffle) {
                shuffle(order, rng);
            }
            metrics.forEach(Metric::reset);
            double lossSum = 0;
            int seen = 0;
            for (int s = 0; s < steps; s++) {
                int from = s * bs;
                int to = Math.min(n, from + bs);
                BatchBuffers buf = (to - from) == bs ? full : tail;
                buf.gather(all, order, from);
                StepResult r = step(new Batch(buf.x, buf.y), true, metrics);
                lossSum += (double) r.loss() * (to - from);
                seen += to - from;
                if (bar != null || o.callbacks.size() > 0) {
                    Map<String, Double> running = logs(lossSum / seen, metrics, "");
                    if (bar != null) {
                        bar.update(s + 1, running);
                    }
                    final int sb = s;
                    o.callbacks.forEach(c -> c.onTrainBatchEnd(sb, running));
                }
                if (stopTraining) {
                    break;
                }
            }
            epochLogs = logs(seen == 0 ? 0 : lossSum / seen, metrics, "");
            if (val != null) {
                epochLogs.putAll(evaluateBatches(val, o.batchSize, 0, "val_"));
            }
            // As in Keras 3: the user's callbacks, then History, then the progress bar, all on the
            // same map, so that what a callback adds (ReduceLROnPlateau's learning_rate) is
            // recorded and printed.
            for (Callback c : callbacks) {
                c.onEpochEnd(e, epochLogs);
            }
            if (bar != null) {
                bar.finish(epochLogs);
            }
        }
        for (Callback c : callbacks) {
            c.onTrainEnd(epochLogs);
        }
        return history;
    }

    /** Keras's {@code evaluate(x, y)} with batch size 32 and the progress bar: the loss. */
    public float evaluate(Tensor x, Tensor y) {
        return evaluate(x, y, 32, 1);
    }

    /** Keras's {@code evaluate(x, y, batch_size)}: the loss. */
    public float evaluate(Tensor x, Tensor y, int batchSize) {
        return evaluate(x, y, batchSize, 1);
    }

    /** Keras's {@code evaluate(x, y, batch_size, verbose)}: the loss. */
    public float evaluate(Tensor x, Tensor y, int batchSize, int verbose) {
        return evaluateDict(x, y, batchSize, verbose).get("loss").floatValue();
    }

    /** Keras's {@code evaluate(..., return_dict=True)}: the loss and every compiled metric. */
    public Map<String, Double> evaluateDict(Tensor x, Tensor y, int batchSize, int verbose) {
        ensureReady(x, "evaluate");
        Batch all = checkBatch(x, y, "evaluate", true);
        return evaluateBatches(all, batchSize, verbose, "");
    }

    private Map<String, Double> evaluateBatches(Batch all, int batchSize, int verbose, String prefix) {
        if (batchSize <= 0) {
            throw new KerasException("batchSize must be positive. Received: batchSize=" + batchSize);
        }
        int n = all.x.dim(0);
        int steps = Math.max(1, (n + batchSize - 1) / batchSize);
        Progbar bar = verbose > 0 ? Progbar.create(steps, verbose, Keras.output()) : null;
        List<Metric> metrics = newMetrics(all.y, n);
        double lossSum = 0;
        int seen = 0;
        for (int s = 0; s < steps && n > 0; s++) {
            int from = s * batchSize;
            int to = Math.min(n, from + batchSize);
            Batch b = from == 0 && to == n ? all : new Batch(all.x.slice(from, to), all.y.slice(from, to));
            StepResult r = step(b, false, metrics);
            lossSum += (double) r.loss() * (to - from);
            seen += to - from;
            if (bar != null) {
                bar.update(s + 1, logs(lossSum / seen, metrics, ""));
            }
        }
        Map<String, Double> result = logs(seen == 0 ? 0 : lossSum / seen, metrics, prefix);
        if (bar != null) {
            bar.finish(result);
        }
        return result;
    }

    /** Keras's {@code predict(x)}: batch size 32, with the progress bar. */
    public Tensor predict(Tensor x) {
        return predict(x, 32, 1);
    }

    /** Keras's {@code predict(x, batch_size)}. */
    public Tensor predict(Tensor x, int batchSize) {
        return predict(x, batchSize, 1);
    }

    /** Keras's {@code predict(x, batch_size, verbose)}: the outputs for every sample, in batches. */
    public Tensor predict(Tensor x, int batchSize, int verbose) {
        if (batchSize <= 0) {
            throw new KerasException("batchSize must be positive. Received: batchSize=" + batchSize);
        }
        ensureBuiltFrom(x);
        Tensor xf = checkX(x, "predict", true);
        return withPredictionProgram(() -> predictBatches(xf, batchSize, verbose));
    }

    private Tensor predictBatches(Tensor xf, int batchSize, int verbose) {
        int n = xf.dim(0);
        int steps = Math.max(1, (n + batchSize - 1) / batchSize);
        Progbar bar = verbose > 0 ? Progbar.create(steps, verbose, Keras.output()) : null;
        int outSize = sampleSize(outputShape);
        float[] out = new float[n * outSize];
        for (int s = 0; s < steps && n > 0; s++) {
            int from = s * batchSize;
            int to = Math.min(n, from + batchSize);
            Tensor p = forward(from == 0 && to == n ? xf : xf.slice(from, to));
            System.arraycopy(p.data(), 0, out, from * outSize, (to - from) * outSize);
            if (bar != null) {
                bar.update(s + 1, Map.of());
            }
        }
        if (bar != null) {
            bar.finish(Map.of());
        }
        return Tensor.of(out, outputBatchShape(n));
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

    // ------------------------------------------------------------------ internals

    private record Batch(Tensor x, Tensor y) {
    }

    private StepResult step(Batch b, boolean train, List<Metric> metrics) {
        boolean want = metrics != null && !metrics.isEmpty();
        StepResult r = backendCall(train ? "trainOnBatch" : "testOnBatch", b.x,
                () -> train ? program.trainOnBatch(List.of(b.x), List.of(b.y), want) : program.testOnBatch(List.of(b.x), List.of(b.y), want));
        if (want) {
            for (Metric m : metrics) {
                m.update(b.y, r.prediction(0));
            }
        }
        if (train) {
            boolean nan = Float.isNaN(r.loss());
            if (nan && !lossWasNaN) {
                org.slf4j.LoggerFactory.getLogger(Sequential.class).warn(
                        "Loss is NaN after {} steps on Sequential '{}'; the learning rate may be too high. "
                        + "TerminateOnNaN stops fit when this happens.", program.iterations(), name);
            }
            lossWasNaN = nan;
        }
        return r;
    }

    private <T> T backendCall(String what, Tensor x, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (KerasException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KerasException("Backend '" + backend.name() + "' failed in " + what + " of Sequential '" + name
                    + "' on a batch of shape " + Tensor.shapeToString(x.shape()) + ": " + e, e);
        }
    }

    private List<Metric> newMetrics(Tensor y, int n) {
        if (metricNames.isEmpty()) {
            return List.of();
        }
        int labelWidth = n == 0 ? 1 : y.size() / n;
        int outWidth = sampleSize(outputShape);
        List<Metric> out = new ArrayList<>(metricNames.size());
        for (String m : metricNames) {
            out.add(Metrics.get(m, labelWidth, outWidth));
        }
        return out;
    }

    private static Map<String, Double> logs(double lossValue, List<Metric> metrics, String prefix) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(prefix + "loss", lossValue);
        for (Metric metric : metrics) {
            m.put(prefix + metric.name(), metric.result());
        }
        return m;
    }

    private void checkSamples(Tensor x, Tensor y, String call) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.rank() == 0 || y.rank() == 0 || x.dim(0) != y.dim(0)) {
            throw new KerasException(call + "(): x and y must have the same number of samples. Received: x of shape "
                    + Tensor.shapeToString(x.shape()) + ", y of shape " + Tensor.shapeToString(y.shape()) + ".");
        }
    }

    /** Checks x's shape and values; returns it as {@code (batch, features)} over the same array. */
    private Tensor checkX(Tensor x, String call, boolean checkFinite) {
        Objects.requireNonNull(x, "x");
        int[] s = x.shape();
        boolean ok = s.length == inputShape.length + 1;
        for (int i = 0; ok && i < inputShape.length; i++) {
            ok = s[i + 1] == inputShape[i];
        }
        if (!ok) {
            Layer first = layers.get(0);
            String expected = inputShape.length == 1 ? "input with " + inputShape[0] + " features"
                    : "input of shape (None, " + Tensor.shapeToString(inputShape).substring(1);
            throw new KerasException(first.className() + " '" + first.getName() + "' expects " + expected
                    + ". Received: shape " + Tensor.shapeToString(s) + " in " + call + "().");
        }
        if (checkFinite) {
            requireFinite(x, "x", call);
        }
        return s.length == 2 ? x : Tensor.of(x.data(), s[0], sampleSize(inputShape));
    }

    /** Checks x and y against the model and the loss; returns both as rank-2 views. */
    private Batch checkBatch(Tensor x, Tensor y, String call, boolean checkFinite) {
        checkSamples(x, y, call);
        Tensor xf = checkX(x, call, checkFinite);
        int n = y.dim(0);
        int outWidth = sampleSize(outputShape);
        Tensor yf;
        if (loss instanceof SparseCategoricalCrossentropy) {
            if (y.sampleSize() != 1) {
                throw new KerasException("Loss sparse_categorical_crossentropy expects one integer class index per sample,"
                        + " y of shape (None,) or (None, 1). Received: y of shape " + Tensor.shapeToString(y.shape())
                        + " in " + call + "(). For one-hot labels use categorical_crossentropy.");
            }
            float[] d = y.data();
            for (int i = 0; i < n; i++) {
                float v = d[i];
                if (!(v >= 0 && v < outWidth) || v != Math.rint(v)) {
                    throw new KerasException("Label " + v + " at sample " + i + " is out of range for sparse_categorical_crossentropy:"
                            + " expected an integer in [0, " + outWidth + ") (the last layer has " + outWidth + " units), in "
                            + call + "().");
                }
            }
            yf = Tensor.of(d, n, 1);
        } else {
            boolean ok = y.sampleSize() == outWidth && (y.rank() == 2 || (y.rank() == 1 && outWidth == 1)
                    || Arrays.equals(Arrays.copyOfRange(y.shape(), 1, y.rank()), outputShape));
            if (!ok) {
                String hint = y.sampleSize() == 1 && outWidth > 1 && loss instanceof io.jkeras.losses.CategoricalCrossentropy
                        ? " For integer labels use sparse_categorical_crossentropy." : "";
                throw new KerasException("Loss " + loss.name() + " expects y of shape (None, " + outWidth
                        + ") to match the model's output. Received: y of shape " + Tensor.shapeToString(y.shape())
                        + " in " + call + "()." + hint);
            }
            if (checkFinite) {
                requireFinite(y, "y", call);
            }
            yf = y.rank() == 2 ? y : Tensor.of(y.data(), n, outWidth);
        }
        return new Batch(xf, yf);
    }

    private static void requireFinite(Tensor t, String what, String call) {
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            if (!Float.isFinite(d[i])) {
                int per = Math.max(1, t.sampleSize());
                throw new KerasException(what + " contains " + d[i] + " at sample " + (i / per) + " (value " + (i % per)
                        + " of that sample) in " + call + "(). jkeras does not train on NaN or infinite values;"
                        + " clean or impute the data first.");
            }
        }
    }

    private static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    static int sampleSize(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Reusable buffers for one batch size, so an epoch allocates nothing per batch. */
    private static final class BatchBuffers {
        final Tensor x;
        final Tensor y;
        private final int rows;

        BatchBuffers(int rows, int xw, int yw) {
            this.rows = rows;
            this.x = Tensor.zeros(rows, xw);
            this.y = Tensor.zeros(rows, yw);
        }

        void gather(Batch src, int[] order, int from) {
            float[] sx = src.x.data();
            float[] sy = src.y.data();
            float[] dx = x.data();
            float[] dy = y.data();
            int xw = x.dim(1);
            int yw = y.dim(1);
            for (int r = 0; r < rows; r++) {
                int i = order[from + r];
                System.arraycopy(sx, i * xw, dx, r * xw, xw);
                System.arraycopy(sy, i * yw, dy, r * yw, yw);
            }
        }
    }
}
