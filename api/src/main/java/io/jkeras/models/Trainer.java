package io.jkeras.models;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.Gradients;
import io.jkeras.backend.Shapes;
import io.jkeras.backend.StepResult;
import io.jkeras.backend.TrainableModel;
import io.jkeras.callbacks.Callback;
import io.jkeras.callbacks.History;
import io.jkeras.callbacks.Progbar;
import io.jkeras.data.PyDataset;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.layers.Node;
import io.jkeras.losses.CategoricalCrossentropy;
import io.jkeras.losses.Loss;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.metrics.Metric;
import io.jkeras.metrics.Metrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * The training loops of every model, written once (Keras 3's {@code trainers/}): the checks of
 * {@code x} and {@code y} against the model's inputs, outputs and losses; the epoch loop with
 * validation split, shuffling and reused batch buffers; the compiled losses and metrics and their
 * log names; the callbacks, with History and the progress bar added in one place.
 */
final class Trainer {
    private final Model model;
    /** Whether the last training step's loss was NaN, so that a NaN run is reported once, not every step. */
    private boolean lossWasNaN;
    /** The checks' view of the model for the current program; see {@link #plan()}. */
    private Plan plan;

    Trainer(Model model) {
        this.model = model;
    }

    /** A checked batch: one tensor per input, {@code (n, ...inputShape)}; one per output, as the loss takes it. */
    record Batch(List<Tensor> x, List<Tensor> y) {
        int size() {
            return x.get(0).dim(0);
        }

        Batch slice(int from, int to) {
            return new Batch(sliceAll(x, from, to), y == null ? null : sliceAll(y, from, to));
        }

        private static List<Tensor> sliceAll(List<Tensor> ts, int from, int to) {
            List<Tensor> out = new ArrayList<>(ts.size());
            for (Tensor t : ts) {
                out.add(t.slice(from, to));
            }
            return out;
        }
    }

    // ------------------------------------------------------------------ entry points

    /**
     * What the checks of every batch read from the model (shapes, names, the layers that check an
     * input's values), worked out once per backend program: the model's inputs, outputs, layers and
     * losses cannot change while a program exists (add, pop and compile close it).
     */
    private static final class Plan {
        final TrainableModel program;
        final int[][] inputShapes;
        final String[] inputNames;
        final boolean[] integerInputs;
        final List<List<Layer>> consumers;
        final int[][] outputShapes;
        final int[] outputSizes;
        final int[] lastAxis;
        final String[] targetNames;
        /** What {@link #newMetrics()} gives (an empty list per compiled output) when no output has metrics, else null. */
        final List<List<Metric>> noMetrics;

        Plan(Model model) {
            this.program = model.program;
            List<Input> inputs = model.inputs();
            int ni = inputs.size();
            inputShapes = new int[ni][];
            inputNames = new String[ni];
            integerInputs = new boolean[ni];
            List<List<Layer>> users = new ArrayList<>(ni);
            for (int i = 0; i < ni; i++) {
                Input in = inputs.get(i);
                inputShapes[i] = in.shape();
                inputNames[i] = ni == 1 ? "x" : "x[" + i + "] (input '" + in.name() + "')";
                integerInputs[i] = in.isInteger();
                List<Layer> ls = new ArrayList<>();
                for (Node node : model.nodes()) {
                    if (node.inputs().contains(in)) {
                        ls.add(node.layer());
                    }
                }
                users.add(List.copyOf(ls));
            }
            consumers = List.copyOf(users);
            int no = model.outputs().size();
            outputShapes = new int[no][];
            outputSizes = new int[no];
            lastAxis = new int[no];
            targetNames = new String[no];
            boolean anyMetric = false;
            for (int o = 0; o < no; o++) {
                int[] s = model.outputs().get(o).shape();
                outputShapes[o] = s;
                outputSizes[o] = Shapes.size(s, "an output");
                lastAxis[o] = s[s.length - 1];
                targetNames[o] = no == 1 ? "y" : "y for output '" + model.outputNames().get(o) + "'";
                anyMetric |= o < model.metrics.size() && !model.metrics.get(o).isEmpty();
            }
            List<List<Metric>> none = new ArrayList<>(model.metrics.size());
            for (int o = 0; o < model.metrics.size(); o++) {
                none.add(List.of());
            }
            noMetrics = anyMetric ? null : List.copyOf(none);
        }
    }

    /** The plan of the current program, made again when the program changed (or made fresh while there is none). */
    private Plan plan() {
        Plan p = plan;
        if (p == null || p.program != model.program || model.program == null) {
            p = new Plan(model);
            plan = p;
        }
        return p;
    }


    Map<String, Double> oneBatch(List<Tensor> x, List<Tensor> y, boolean train) {
        String call = train ? "trainOnBatch" : "testOnBatch";
        return model.exclusive(call, () -> oneBatchNow(x, y, train, call));
    }

    /** {@link #oneBatch}'s total loss alone ({@code trainOnBatch(x, y)}): the same step, no logs map built. */
    float oneBatchLoss(List<Tensor> x, List<Tensor> y, boolean train) {
        String call = train ? "trainOnBatch" : "testOnBatch";
        return model.exclusive(call, () -> checkedStep(x, y, train, call, metricsForOneBatch())).loss();
    }

    private Map<String, Double> oneBatchNow(List<Tensor> x, List<Tensor> y, boolean train, String call) {
        List<List<Metric>> ms = metricsForOneBatch();
        StepResult r = checkedStep(x, y, train, call, ms);
        return logs(r.loss(), toDouble(r.outputLosses()), ms, "");
    }

    /** One checked step on one batch, updating {@code ms}. */
    private StepResult checkedStep(List<Tensor> x, List<Tensor> y, boolean train, String call, List<List<Metric>> ms) {
        ensureTrainable(x, call);
        Batch b = checkBatch(x, y, call, "");
        return step(b, train, ms);
    }

    /** Fresh metrics for one batch; the plan's shared empty lists when the model has none. */
    private List<List<Metric>> metricsForOneBatch() {
        Plan p = plan();
        return p.noMetrics != null ? p.noMetrics : newMetrics();
    }

    Gradients computeGradients(List<Tensor> x, List<Tensor> y) {
        return model.exclusive("computeGradients", () -> {
            ensureTrainable(x, "computeGradients");
            Batch b = checkBatch(x, y, "computeGradients", "");
            requireSamples(b, "computeGradients", "");
            return backendCall("computeGradients", b.x(), () -> model.program.computeGradients(b.x(), b.y()));
        });
    }

    Map<String, Double> applyGradients(Gradients g) {
        java.util.Objects.requireNonNull(g, "gradients");
        return model.exclusive("applyGradients", () -> {
            if (model.optimizer == null || !model.isBuilt()) {
                throw new KerasException("applyGradients(): " + model.className() + " '" + model.getName()
                        + "' must be built and compiled first.");
            }
            checkGradients(g);
            model.ensureProgram(true);
            StepResult r = backendCall("applyGradients", List.of(), () -> model.program.applyGradients(g));
            return logs(r.loss(), toDouble(r.outputLosses()), noMetrics(), "");
        });
    }

    /** Gradients must name every layer with trainable variables, with one tensor of its shape per variable. */
    private void checkGradients(Gradients g) {
        Map<String, List<int[]>> want = new LinkedHashMap<>();
        for (Layer l : model.layers()) {
            List<int[]> shapes = new ArrayList<>();
            for (io.jkeras.backend.VariableSpec v : l.variables()) {
                if (v.trainable()) {
                    shapes.add(v.shape());
                }
            }
            if (!shapes.isEmpty()) {
                want.put(l.getName(), shapes);
            }
        }
        String what = model.className() + " '" + model.getName() + "'";
        if (!want.keySet().equals(g.layers().keySet())) {
            throw new KerasException("applyGradients(): " + what + " has trainable variables in layers " + want.keySet()
                    + ". Received gradients for layers " + g.layers().keySet() + ".");
        }
        if (g.outputLossSums().length != model.outputs().size()) {
            throw new KerasException("applyGradients(): " + what + " has " + model.outputs().size()
                    + " outputs. Received gradients with " + g.outputLossSums().length + " output losses.");
        }
        for (Map.Entry<String, List<int[]>> e : want.entrySet()) {
            List<Tensor> got = g.layer(e.getKey());
            List<String> gotShapes = got.stream().map(t -> Tensor.shapeToString(t.shape())).toList();
            List<String> wantShapes = e.getValue().stream().map(Tensor::shapeToString).toList();
            if (!gotShapes.equals(wantShapes)) {
                throw new KerasException("applyGradients(): layer '" + e.getKey() + "' of " + what
                        + " has trainable variables of shapes " + wantShapes + ". Received gradients of shapes "
                        + gotShapes + ".");
            }
        }
    }

    List<Tensor> predictOnBatch(List<Tensor> x) {
        return model.exclusive("predictOnBatch", () -> predictOnBatchNow(x));
    }

    private List<Tensor> predictOnBatchNow(List<Tensor> x) {
        model.ensureBuiltFrom(x);
        List<Tensor> xs = checkX(x, "predictOnBatch", "");
        model.ensureProgram(false);
        return forward(xs);
    }

    List<Tensor> predict(List<Tensor> x, int batchSize, int verbose) {
        return model.exclusive("predict", () -> predictNow(x, batchSize, verbose));
    }

    private List<Tensor> predictNow(List<Tensor> x, int batchSize, int verbose) {
        model.ensureBuiltFrom(x);
        List<Tensor> xs = checkX(x, "predict", "");
        model.ensureProgram(false);
        return predictBatches(new ArraySource(new Batch(xs, null), batchSize), verbose);
    }

    List<Tensor> predict(PyDataset data, int verbose) {
        java.util.Objects.requireNonNull(data, "dataset");
        return model.exclusive("predict", () -> predictNow(data, verbose));
    }

    private List<Tensor> predictNow(PyDataset data, int verbose) {
        DatasetSource source = new DatasetSource(data, "predict", "", false);
        model.ensureBuiltFrom(source.inputsForBuilding());
        model.ensureProgram(false);
        return predictBatches(source, verbose);
    }

    Map<String, Double> evaluate(List<Tensor> x, List<Tensor> y, int batchSize, int verbose) {
        return model.exclusive("evaluate", () -> evaluateNow(x, y, batchSize, verbose));
    }

    private Map<String, Double> evaluateNow(List<Tensor> x, List<Tensor> y, int batchSize, int verbose) {
        ensureTrainable(x, "evaluate");
        return evaluateBatches(arrays(x, y, batchSize, "evaluate", ""), verbose, "");
    }

    Map<String, Double> evaluate(PyDataset data, int verbose) {
        java.util.Objects.requireNonNull(data, "dataset");
        return model.exclusive("evaluate", () -> evaluateNow(data, verbose));
    }

    private Map<String, Double> evaluateNow(PyDataset data, int verbose) {
        DatasetSource source = new DatasetSource(data, "evaluate", "", true);
        ensureTrainable(source.inputsForBuilding(), "evaluate");
        return evaluateBatches(source, verbose, "");
    }

    History fit(List<Tensor> x, List<Tensor> y, FitOptions o) {
        java.util.Objects.requireNonNull(o, "options");
        return model.exclusive("fit", () -> fitNow(x, y, o));
    }

    private History fitNow(List<Tensor> x, List<Tensor> y, FitOptions o) {
        ensureTrainable(x, "fit");
        checkSamples(x, y, "fit");
        List<Tensor> trainX = x;
        List<Tensor> trainY = y;
        List<Tensor> valX = null;
        List<Tensor> valY = null;
        if (o.validationX == null && o.validationData == null && o.validationSplit > 0) {
            int n = x.get(0).dim(0);
            int split = (int) Math.floor(n * (1 - o.validationSplit));
            if (split <= 0 || split >= n) {
                throw new KerasException("validationSplit=" + o.validationSplit + " leaves no samples to "
                        + (split <= 0 ? "train on" : "validate on") + " out of " + n + ".");
            }
            Batch whole = new Batch(x, y);
            Batch t = whole.slice(0, split);
            Batch v = whole.slice(split, n);
            trainX = t.x();
            trainY = t.y();
            valX = v.x();
            valY = v.y();
        }
        Source train = arrays(trainX, trainY, o.batchSize, "fit", "");
        Source val = valX == null ? validation(o) : arrays(valX, valY, o.batchSize, "fit", "validation ");
        return train(train, val, o);
    }

    History fit(PyDataset data, FitOptions o) {
        java.util.Objects.requireNonNull(data, "dataset");
        java.util.Objects.requireNonNull(o, "options");
        return model.exclusive("fit", () -> fitNow(data, o));
    }

    private History fitNow(PyDataset data, FitOptions o) {
        if (o.validationSplit > 0 && o.validationX == null && o.validationData == null) {
            // Keras 3's message from array_slicing.train_validation_split.
            throw new KerasException("Argument `validationSplit` is only supported for tensors. Found incompatible type"
                    + " in the input: [" + data.getClass().getName() + "]. Pass validationData instead.");
        }
        DatasetSource train = new DatasetSource(data, "fit", "", true);
        ensureTrainable(train.inputsForBuilding(), "fit");
        return train(train, validation(o), o);
    }

    History fit(BatchSource source, FitOptions o) {
        java.util.Objects.requireNonNull(source, "source");
        java.util.Objects.requireNonNull(o, "options");
        return model.exclusive("fit", () -> fitNow(source, o));
    }

    private History fitNow(BatchSource source, FitOptions o) {
        if (model.optimizer == null) {
            throw new KerasException("You must call compile() before fit() on " + model.className() + " '"
                    + model.getName() + "'.");
        }
        if (!model.isBuilt()) {
            throw new KerasException("fit() over a BatchSource needs a built model: give "
                    + model.className() + " '" + model.getName() + "' its input shape first.");
        }
        for (List<String> ms : model.metrics) {
            if (!ms.isEmpty()) {
                throw new KerasException("fit() over a BatchSource computes the loss only;"
                        + " compile " + model.className() + " '" + model.getName() + "' without metrics (received "
                        + model.metrics + ") and evaluate them separately.");
            }
        }
        if (o.validationX == null && o.validationData == null && o.validationSplit > 0) {
            throw new KerasException("validationSplit cannot split the data of a BatchSource; pass validationData"
                    + " instead.");
        }
        model.ensureProgram(true);
        int n = source.size();
        if (n <= 0) {
            throw new KerasException("fit() received a BatchSource of " + n + " samples; there is nothing to train on.");
        }
        return train(new StepsElsewhere(source, o.batchSize), validation(o), o);
    }

    /** The validation data given in the options, arrays or a PyDataset, or {@code null}. */
    private Source validation(FitOptions o) {
        if (o.validationX != null) {
            return arrays(o.validationX, o.validationY, o.batchSize, "fit", "validation ");
        }
        return o.validationData == null ? null : new DatasetSource(o.validationData, "fit", "validation ", true);
    }

    /** Checked arrays, cut into batches of {@code batchSize}; refused when they hold no sample. */
    private Source arrays(List<Tensor> x, List<Tensor> y, int batchSize, String call, String prefix) {
        Batch all = checkBatch(x, y, call, prefix);
        requireSamples(all, call, prefix);
        return new ArraySource(all, batchSize);
    }

    // ------------------------------------------------------------------ loops

    /**
     * Keras 3's {@code fit} loop over any source of batches: the callbacks, an epoch of training
     * steps, the validation pass, the epoch logs. A PyDataset's hooks run where Keras 3 runs them:
     * {@code onEpochEnd} once before the first epoch ({@code EpochIterator.reset()}), then
     * {@code onEpochBegin} and {@code onEpochEnd} around each epoch's batches (not after an epoch
     * that a callback stopped).
     */
    private History train(Source data, Source val, FitOptions o) {
        int steps = data.steps();
        History history = new History();
        List<Callback> callbacks = new ArrayList<>(o.callbacks);
        callbacks.add(history);
        List<List<Metric>> metrics = newMetrics();
        model.setStopTraining(false);
        model.resumeEpoch = -1;
        callbacks.forEach(c -> c.setModel(model));
        data.reset();
        callbacks.forEach(Callback::onTrainBegin);
        int start = model.resumeEpoch >= 0 ? model.resumeEpoch : o.initialEpoch;
        model.resumeEpoch = -1;
        Map<String, Double> epochLogs = new LinkedHashMap<>();
        Random rng = Keras.rng();
        int outputs = model.outputs().size();
        // A resumed run draws the shuffles of the epochs it skips, so that its epochs see the
        // orders of the unbroken run.
        for (int skipped = 0; skipped < Math.min(start, o.epochs) && o.shuffle; skipped++) {
            data.shuffle(rng);
        }
        for (int epoch = start; epoch < o.epochs && !model.isStopTraining(); epoch++) {
            final int e = epoch;
            callbacks.forEach(c -> c.onEpochBegin(e));
            if (o.verbose == 1) {
                Keras.output().println("Epoch " + (epoch + 1) + "/" + o.epochs);
            }
            Progbar bar = o.verbose > 0 ? Progbar.create(steps, o.verbose, Keras.output()) : null;
            data.begin();
            if (o.shuffle) {
                data.shuffle(rng);
            }
            metrics.forEach(ms -> ms.forEach(Metric::reset));
            double lossSum = 0;
            double[] outputSums = new double[outputs];
            int seen = 0;
            boolean stopped = false;
            for (int s = 0; s < steps; s++) {
                Ran ran = data.train(s, this, metrics);
                StepResult r = ran.result();
                int rows = ran.rows();
                lossSum += (double) r.loss() * rows;
                for (int k = 0; k < outputs; k++) {
                    outputSums[k] += (double) r.outputLosses()[k] * rows;
                }
                seen += rows;
                if (bar != null || !o.callbacks.isEmpty()) {
                    Map<String, Double> running = logs(lossSum / seen, means(outputSums, seen), metrics, "");
                    if (bar != null) {
                        bar.update(s + 1, running);
                    }
                    final int sb = s;
                    o.callbacks.forEach(c -> c.onTrainBatchEnd(sb, running));
                }
                if (model.isStopTraining()) {
                    stopped = true;
                    break;
                }
            }
            if (!stopped) {
                data.end();
            }
            epochLogs = logs(seen == 0 ? 0 : lossSum / seen, means(outputSums, seen), metrics, "");
            if (val != null) {
                epochLogs.putAll(evaluateBatches(val, 0, "val_"));
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

    /** Keras 3's {@code evaluate} loop: the mean loss and metrics over every batch, weighted by batch size. */
    private Map<String, Double> evaluateBatches(Source data, int verbose, String prefix) {
        int steps = data.steps();
        Progbar bar = verbose > 0 ? Progbar.create(Math.max(1, steps), verbose, Keras.output()) : null;
        List<List<Metric>> metrics = newMetrics();
        int outputs = model.outputs().size();
        double lossSum = 0;
        double[] outputSums = new double[outputs];
        int seen = 0;
        data.reset();
        data.begin();
        for (int s = 0; s < steps; s++) {
            Batch b = data.batch(s);
            StepResult r = step(b, false, metrics);
            lossSum += (double) r.loss() * b.size();
            for (int k = 0; k < outputs; k++) {
                outputSums[k] += (double) r.outputLosses()[k] * b.size();
            }
            seen += b.size();
            if (bar != null) {
                bar.update(s + 1, logs(lossSum / seen, means(outputSums, seen), metrics, ""));
            }
        }
        data.end();
        Map<String, Double> result = logs(seen == 0 ? 0 : lossSum / seen, means(outputSums, seen), metrics, prefix);
        if (bar != null) {
            bar.finish(result);
        }
        return result;
    }

    /** Keras 3's {@code predict} loop: every output of every batch, concatenated along the batch axis. */
    private List<Tensor> predictBatches(Source data, int verbose) {
        int steps = data.steps();
        Progbar bar = verbose > 0 ? Progbar.create(Math.max(1, steps), verbose, Keras.output()) : null;
        List<int[]> outShapes = outputShapes();
        List<List<Tensor>> parts = new ArrayList<>();
        outShapes.forEach(sh -> parts.add(new ArrayList<>()));
        data.begin();
        for (int s = 0; s < steps; s++) {
            List<Tensor> p = forward(data.batch(s).x());
            for (int o = 0; o < parts.size(); o++) {
                parts.get(o).add(p.get(o));
            }
            if (bar != null) {
                bar.update(s + 1, Map.of());
            }
        }
        data.end();
        if (bar != null) {
            bar.finish(Map.of());
        }
        List<Tensor> result = new ArrayList<>();
        for (int o = 0; o < parts.size(); o++) {
            result.add(concat(parts.get(o), outShapes.get(o)));
        }
        return result;
    }

    /** Batches of one output, {@code (rows_i, ...shape)}, as one tensor; a single batch is returned as it is. */
    private static Tensor concat(List<Tensor> parts, int[] shape) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int n = 0;
        for (Tensor t : parts) {
            n = Math.addExact(n, t.dim(0));
        }
        float[] out = new float[Math.multiplyExact(n, Shapes.size(shape, "an output"))];
        int at = 0;
        for (Tensor t : parts) {
            System.arraycopy(t.data(), 0, out, at, t.size());
            at += t.size();
        }
        return Tensor.of(out, Shapes.batchShape(n, shape));
    }

    private StepResult step(Batch b, boolean train, List<List<Metric>> metrics) {
        boolean want = false;
        for (List<Metric> ms : metrics) {
            want |= !ms.isEmpty();
        }
        boolean wantPredictions = want;
        StepResult r = backendCall(train ? "trainOnBatch" : "testOnBatch", b.x(),
                () -> train ? model.program.trainOnBatch(b.x(), b.y(), wantPredictions)
                        : model.program.testOnBatch(b.x(), b.y(), wantPredictions));
        if (want) {
            for (int o = 0; o < metrics.size(); o++) {
                if (metrics.get(o).isEmpty()) {
                    continue;
                }
                Tensor yRows = rows(b.y().get(o), labelWidth(o));
                Tensor pRows = rows(r.prediction(o), lastAxis(o));
                float[] rowWeights = rowMask(o, b.x(), pRows.dim(0));
                for (Metric m : metrics.get(o)) {
                    m.update(yRows, pRows, rowWeights);
                }
            }
        }
        if (train) {
            boolean nan = Float.isNaN(r.loss());
            if (nan && !lossWasNaN) {
                LoggerFactory.getLogger(Model.class).warn(
                        "Loss is NaN after {} steps on {} '{}'; the learning rate may be too high. "
                        + "TerminateOnNaN stops fit when this happens.", model.program.iterations(), model.className(),
                        model.getName());
            }
            lossWasNaN = nan;
        }
        return r;
    }

    private List<Tensor> forward(List<Tensor> xs) {
        List<Tensor> p = backendCall("predictOnBatch", xs, () -> model.program.predictOnBatch(xs));
        List<int[]> shapes = outputShapes();
        List<Tensor> out = new ArrayList<>(p.size());
        int n = xs.get(0).dim(0);
        for (int o = 0; o < p.size(); o++) {
            // The backend returns new tensors: give them the output shape without copying.
            out.add(Tensor.of(p.get(o).data(), Shapes.batchShape(n, shapes.get(o))));
        }
        return out;
    }

    private <T> T backendCall(String what, List<Tensor> x, Supplier<T> call) {
        try {
            return call.get();
        } catch (KerasException e) {
            throw e;
        } catch (RuntimeException e) {
            StringBuilder shapes = new StringBuilder();
            for (Tensor t : x) {
                shapes.append(shapes.length() > 0 ? ", " : "").append(Tensor.shapeToString(t.shape()));
            }
            throw new KerasException("Backend '" + model.getBackend().name() + "' failed in " + what + " of "
                    + model.className() + " '" + model.getName() + "' on a batch of shape " + shapes + ": " + e, e);
        }
    }

    // ------------------------------------------------------------------ metrics and logs

    private List<List<Metric>> newMetrics() {
        List<List<Metric>> out = new ArrayList<>();
        for (int o = 0; o < model.metrics.size(); o++) {
            List<Metric> ms = new ArrayList<>();
            for (String name : model.metrics.get(o)) {
                ms.add(Metrics.get(name, labelWidth(o), lastAxis(o)));
            }
            out.add(ms);
        }
        return out;
    }

    /** An empty list of metrics per output, for logs of losses only. */
    private List<List<Metric>> noMetrics() {
        List<List<Metric>> none = new ArrayList<>();
        for (int k = 0; k < model.outputs().size(); k++) {
            none.add(List.of());
        }
        return none;
    }

    /**
     * Keras's logs: {@code loss} and the metrics for one output; with several outputs also each
     * output's {@code <name>_loss}, the metrics named {@code <name>_<metric>}, and every key sorted,
     * as Keras 3 gives them.
     */
    private Map<String, Double> logs(double loss, double[] outputLosses, List<List<Metric>> metrics, String prefix) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (outputLosses.length <= 1) {
            m.put(prefix + "loss", loss);
            for (List<Metric> ms : metrics) {
                for (Metric metric : ms) {
                    m.put(prefix + metric.name(), metric.result());
                }
            }
            return m;
        }
        Map<String, Double> sorted = new TreeMap<>();
        sorted.put("loss", loss);
        for (int o = 0; o < outputLosses.length; o++) {
            sorted.put(model.logName(o, "loss"), outputLosses[o]);
            for (Metric metric : metrics.get(o)) {
                sorted.put(model.logName(o, metric.name()), metric.result());
            }
        }
        sorted.forEach((k, v) -> m.put(prefix + k, v));
        return m;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static double[] means(double[] sums, int seen) {
        double[] m = new double[sums.length];
        for (int i = 0; i < sums.length; i++) {
            m[i] = seen == 0 ? 0 : sums[i] / seen;
        }
        return m;
    }

    // ------------------------------------------------------------------ checks

    private void ensureTrainable(List<Tensor> x, String call) {
        if (model.optimizer == null) {
            throw new KerasException("You must call compile() before " + call + "() on " + model.className() + " '"
                    + model.getName() + "'.");
        }
        model.ensureBuiltFrom(x);
        model.ensureProgram(true);
    }

    private static void checkBatchSize(int batchSize) {
        if (batchSize <= 0) {
            throw new KerasException("batchSize must be positive. Received: batchSize=" + batchSize);
        }
    }

    private void checkSamples(List<Tensor> x, List<Tensor> y, String call) {
        int n = -1;
        for (int i = 0, size = x.size() + y.size(); i < size; i++) {
            Tensor t = i < x.size() ? x.get(i) : y.get(i - x.size());
            if (t.rank() == 0 || (n >= 0 && t.dim(0) != n)) {
                throw new KerasException(call + "(): every x and y must have the same number of samples. Received: x of shape "
                        + shapes(x) + ", y of shape " + shapes(y) + ".");
            }
            n = t.dim(0);
        }
    }

    private static String shapes(List<Tensor> ts) {
        StringBuilder sb = new StringBuilder();
        for (Tensor t : ts) {
            sb.append(sb.length() > 0 ? " and " : "").append(Tensor.shapeToString(t.shape()));
        }
        return sb.toString();
    }

    /** Checks each x against its input; returns them as {@code (n, ...inputShape)} over the same arrays. */
    /** Refuses an empty data set: Keras has no loss for it, and a loss of 0 would look perfect to EarlyStopping. */
    private static void requireSamples(Batch b, String call, String prefix) {
        if (b.size() == 0) {
            throw new KerasException(call + "() received " + prefix + "data with 0 samples (x of shape "
                    + shapes(b.x()) + "); there is nothing to " + (call.equals("fit") && prefix.isEmpty() ? "train on"
                    : "evaluate") + ".");
        }
    }

    private List<Tensor> checkX(List<Tensor> x, String call, String prefix) {
        List<Input> inputs = model.inputs();
        if (x.size() != inputs.size()) {
            throw new KerasException(model.className() + " \"" + model.getName() + "\" expects " + inputs.size()
                    + " input(s) with names " + CompileOptions.pyList(model.inputNames()) + ", but it received " + x.size()
                    + " input tensors in " + call + "(). Pass a list in that order, or a map by input name.");
        }
        Plan plan = plan();
        int n = x.get(0).rank() == 0 ? -1 : x.get(0).dim(0);
        for (int i = 0; i < x.size(); i++) {
            Tensor t = x.get(i);
            int[] want = plan.inputShapes[i];
            boolean ok = t.rank() == want.length + 1;
            for (int d = 0; ok && d < want.length; d++) {
                ok = t.dim(d + 1) == want[d];
            }
            if (!ok) {
                throw new KerasException(expects(i, want) + ". Received: shape " + Tensor.shapeToString(t.shape()) + " in "
                        + call + "().");
            }
            if (t.dim(0) != n) {
                throw new KerasException(call + "(): every input must have the same number of samples. Received: "
                        + shapes(x) + ".");
            }
            requireFinite(t, prefix.isEmpty() ? plan.inputNames[i] : prefix + plan.inputNames[i], call);
            if (plan.integerInputs[i]) {
                requireWhole(t, inputs.get(i).name(), call);
            }
            for (Layer consumer : plan.consumers.get(i)) {
                consumer.checkInputValues(t, inputs.get(i).name(), call);
            }
        }
        // Every tensor passed unchanged: the list itself when it is already an immutable copy (as Data's are).
        return List.copyOf(x);
    }

    /** The message head for input {@code i}: the first layer for a Sequential model, the input otherwise. */
    private String expects(int i, int[] want) {
        String expected = want.length == 1 ? "input with " + want[0] + " features"
                : "input of shape " + Shapes.withBatch(want);
        if (model instanceof Sequential seq && !seq.layers().isEmpty()) {
            Layer first = seq.layers().get(0);
            return first.className() + " '" + first.getName() + "' expects " + expected;
        }
        return "Input '" + model.inputs().get(i).name() + "' of model '" + model.getName() + "' expects " + expected;
    }

    /** Checks x and y against the model and the losses; returns both as the backend takes them. */
    private Batch checkBatch(List<Tensor> x, List<Tensor> y, String call, String prefix) {
        List<Tensor> xs = checkX(x, call, prefix);
        int outputs = model.outputs().size();
        if (y.size() != outputs) {
            throw new KerasException(call + "() of " + model.className() + " '" + model.getName() + "' received " + y.size()
                    + " target(s) for " + outputs + " output(s) " + CompileOptions.pyList(model.outputNames())
                    + ": y_true and y_pred have different structures. Pass one target per output, in order or by name.");
        }
        checkSamples(xs, y, call);
        if (outputs == 1) {
            Tensor y0 = y.get(0);
            Tensor checked = checkY(y0, 0, call, prefix);
            return new Batch(xs, checked == y0 ? List.copyOf(y) : List.of(checked));
        }
        List<Tensor> ys = new ArrayList<>(outputs);
        for (int o = 0; o < outputs; o++) {
            ys.add(checkY(y.get(o), o, call, prefix));
        }
        return new Batch(xs, ys);
    }

    private Tensor checkY(Tensor y, int o, String call, String prefix) {
        Plan plan = plan();
        Loss loss = model.losses.get(o);
        int[] outShape = plan.outputShapes[o];
        int width = plan.lastAxis[o];
        int rows = plan.outputSizes[o] / width;
        int n = y.dim(0);
        String which = prefix.isEmpty() ? plan.targetNames[o] : prefix + plan.targetNames[o];
        if (loss instanceof SparseCategoricalCrossentropy) {
            if (y.sampleSize() != rows) {
                throw new KerasException("Loss sparse_categorical_crossentropy expects one integer class index per sample,"
                        + " y of shape " + Shapes.withBatch(Arrays.copyOf(outShape, outShape.length - 1)) + " or "
                        + Shapes.withBatch(withLast(outShape, 1)) + ". Received: " + which + " of shape "
                        + Tensor.shapeToString(y.shape()) + " in " + call + "(). For one-hot labels use categorical_crossentropy.");
            }
            float[] d = y.data();
            for (int i = 0; i < d.length; i++) {
                float v = d[i];
                if (!(v >= 0 && v < width) || v != Math.rint(v)) {
                    throw new KerasException("Label " + v + " at sample " + (i / rows) + " is out of range for"
                            + " sparse_categorical_crossentropy: expected an integer in [0, " + width + ") (the last layer has "
                            + width + " units), in " + call + "()" + (which.equals("y") ? "" : " (" + which + ")") + ".");
                }
            }
            return y.rank() == 2 && y.dim(1) == rows ? y : Tensor.of(d, n, rows);
        }
        int outSize = plan.outputSizes[o];
        boolean ok = y.sampleSize() == outSize && (y.rank() == 2 || (y.rank() == 1 && outSize == 1)
                || hasSampleShape(y, outShape));
        if (!ok) {
            String hint = y.sampleSize() == rows && width > 1 && loss instanceof CategoricalCrossentropy
                    ? " For integer labels use sparse_categorical_crossentropy." : "";
            throw new KerasException("Loss " + loss.name() + " expects " + (which.equals("y") ? "y" : which) + " of shape "
                    + Shapes.withBatch(outShape) + " to match the model's output. Received: y of shape "
                    + Tensor.shapeToString(y.shape()) + " in " + call + "()." + hint);
        }
        requireFinite(y, which, call);
        return hasSampleShape(y, outShape) ? y : Tensor.of(y.data(), Shapes.batchShape(n, outShape));
    }

    /** Whether {@code t} is {@code (n, ...sampleShape)}. */
    private static boolean hasSampleShape(Tensor t, int[] sampleShape) {
        if (t.rank() != sampleShape.length + 1) {
            return false;
        }
        for (int d = 0; d < sampleShape.length; d++) {
            if (t.dim(d + 1) != sampleShape[d]) {
                return false;
            }
        }
        return true;
    }

    private static int[] withLast(int[] shape, int last) {
        int[] s = shape.clone();
        s[s.length - 1] = last;
        return s;
    }

    /** The length of output {@code o}'s last axis: the width of the rows losses and metrics see. */
    private int lastAxis(int o) {
        return plan().lastAxis[o];
    }

    /** The per-row width of output {@code o}'s targets: 1 for sparse labels, the last axis otherwise. */
    private int labelWidth(int o) {
        return model.losses.get(o) instanceof SparseCategoricalCrossentropy ? 1 : lastAxis(o);
    }

    /**
     * Keras's mask of output {@code o} for this batch, one value per row (its metrics' sample
     * weights, as Keras's {@code MeanMetricWrapper} applies {@code y_pred._keras_mask}), or {@code null}.
     */
    private float[] rowMask(int o, List<Tensor> x, int rows) {
        io.jkeras.backend.MaskSpec m = o < model.outputMasks.size() ? model.outputMasks.get(o) : null;
        if (m == null) {
            return null;
        }
        float[] mask = new float[rows];
        int input = model.inputNames().indexOf(m.source());
        m.fill(x.get(input).data(), x.get(input).dim(0), mask, 0);
        return mask;
    }

    private static Tensor rows(Tensor t, int width) {
        return t.rank() == 2 && t.dim(1) == width ? t : Tensor.of(t.data(), t.size() / width, width);
    }

    private List<int[]> outputShapes() {
        return Arrays.asList(plan().outputShapes);
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

    private static void requireWhole(Tensor t, String input, String call) {
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            if (d[i] != Math.rint(d[i])) {
                int per = Math.max(1, t.sampleSize());
                throw new KerasException("Input '" + input + "' holds integer indices, but sample " + (i / per) + " has "
                        + d[i] + " (value " + (i % per) + " of that sample) in " + call + "().");
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

    // ------------------------------------------------------------------ sources of batches

    /**
     * Where a loop's batches come from (Keras 3's data adapters): arrays cut into batches, or a
     * PyDataset's batches. Every batch it hands out is checked against the model.
     */
    private abstract static class Source {
        /** The visiting order of the units the source shuffles: samples, or a PyDataset's batches. */
        final int[] order;

        Source(int units) {
            order = new int[units];
            for (int i = 0; i < units; i++) {
                order[i] = i;
            }
        }

        /** The number of batches in one pass. */
        abstract int steps();

        /** Keras's {@code EpochIterator.reset()}, which ends the data's pending epoch before a pass. */
        void reset() {
        }

        /** The start of a pass. */
        void begin() {
        }

        /** A new visiting order, from the previous one. */
        void shuffle(Random rng) {
            Trainer.shuffle(order, rng);
        }

        /** The checked batch of step {@code step} of this pass. */
        abstract Batch batch(int step);

        /** Runs training step {@code step} of this pass: by default {@link #batch}'s step on this model's program. */
        Ran train(int step, Trainer trainer, List<List<Metric>> metrics) {
            Batch b = batch(step);
            return new Ran(trainer.step(b, true, metrics), b.size());
        }

        /** The end of a pass that took every batch. */
        void end() {
        }
    }

    /** A training step's result and the number of samples it took. */
    private record Ran(StepResult result, int rows) {
    }

    /** A source visited by sample in {@link #order}, in steps of {@code batchSize} samples (the last one short). */
    private abstract static class SampleSteps extends Source {
        final int batchSize;
        private final int steps;

        SampleSteps(int samples, int batchSize) {
            super(samples);
            checkBatchSize(batchSize);
            this.batchSize = Math.min(batchSize, Math.max(samples, 1));
            this.steps = (samples + this.batchSize - 1) / this.batchSize;
        }

        @Override
        int steps() {
            return steps;
        }

        /** The first position in {@link #order} of step {@code step}. */
        int from(int step) {
            return step * batchSize;
        }

        /** The position after the last of step {@code step}. */
        int to(int step) {
            return Math.min(order.length, from(step) + batchSize);
        }
    }

    /**
     * A {@link BatchSource}'s samples; each step is run by the source (on a cluster, say), not by
     * this model's program.
     */
    private static final class StepsElsewhere extends SampleSteps {
        private final BatchSource source;

        StepsElsewhere(BatchSource source, int batchSize) {
            super(source.size(), batchSize);
            this.source = source;
        }

        @Override
        Batch batch(int step) {
            throw new IllegalStateException("A BatchSource's steps run in the source; its batches stay there.");
        }

        @Override
        Ran train(int step, Trainer trainer, List<List<Metric>> metrics) {
            return new Ran(source.trainStep(Arrays.copyOfRange(order, from(step), to(step))), to(step) - from(step));
        }
    }

    /** Checked arrays, through reused batch buffers. */
    private static final class ArraySource extends SampleSteps {
        private final Batch all;
        private BatchBuffers full;
        private BatchBuffers tail;
        private boolean shuffled;

        ArraySource(Batch all, int batchSize) {
            super(all.size(), batchSize);
            this.all = all;
        }

        @Override
        void shuffle(Random rng) {
            super.shuffle(rng);
            shuffled = true;
        }

        @Override
        Batch batch(int step) {
            int from = from(step);
            int to = to(step);
            if (steps() == 1 && !shuffled) {
                return all;
            }
            BatchBuffers buf;
            if (to - from == batchSize) {
                buf = full == null ? full = new BatchBuffers(batchSize, all) : full;
            } else {
                buf = tail == null ? tail = new BatchBuffers(to - from, all) : tail;
            }
            buf.gather(all, order, from);
            return buf.batch;
        }
    }

    /** A PyDataset, visited by batch in {@link #order}; each batch checked as it arrives. */
    private final class DatasetSource extends Source {
        private final PyDataset data;
        private final String call;
        private final String prefix;
        private final boolean targets;

        DatasetSource(PyDataset data, String call, String prefix, boolean targets) {
            super(batches(data, call, prefix, targets));
            this.data = data;
            this.call = call;
            this.prefix = prefix;
            this.targets = targets;
        }

        private static int batches(PyDataset data, String call, String prefix, boolean targets) {
            int n = data.size();
            if (n < 0 || (n == 0 && targets)) {
                throw new KerasException(call + "() received a " + prefix + "PyDataset with " + n + " batches (size() of "
                        + data.getClass().getName() + "); " + (n < 0 ? "size() must be the number of batches."
                        : "there is nothing to " + (call.equals("fit") && prefix.isEmpty() ? "train on." : "evaluate.")));
            }
            return n;
        }

        @Override
        int steps() {
            return order.length;
        }

        /** The inputs of batch 0, for building a model that has no input shape yet; nothing when it has one. */
        List<Tensor> inputsForBuilding() {
            return model.isBuilt() || order.length == 0 ? List.of() : fetch(0).inputs();
        }

        @Override
        void reset() {
            data.onEpochEnd();
        }

        @Override
        void begin() {
            data.onEpochBegin();
        }

        @Override
        void end() {
            data.onEpochEnd();
        }

        @Override
        Batch batch(int step) {
            int index = order[step];
            PyDataset.Batch raw = fetch(index);
            String where = call + "(): batch " + index + " of the " + prefix + "PyDataset";
            if (targets && raw.targets().isEmpty()) {
                throw new KerasException(where + " has inputs only (x of shape " + shapes(raw.inputs()) + "); " + call
                        + "() needs targets: return PyDataset.Batch.of(x, y).");
            }
            Batch b;
            try {
                b = targets ? checkBatch(raw.inputs(), raw.targets(), call, prefix)
                        : new Batch(checkX(raw.inputs(), call, prefix), null);
            } catch (KerasException e) {
                throw new KerasException(where + " (x of shape " + shapes(raw.inputs())
                        + (targets ? ", y of shape " + shapes(raw.targets()) : "") + ") does not fit the model: "
                        + e.getMessage(), e);
            }
            if (b.size() == 0) {
                throw new KerasException(where + " has 0 samples (x of shape " + shapes(raw.inputs()) + ").");
            }
            return b;
        }

        private PyDataset.Batch fetch(int index) {
            PyDataset.Batch raw = data.get(index);
            if (raw == null) {
                throw new KerasException(call + "(): " + data.getClass().getName() + ".get(" + index + ") returned null"
                        + " for batch " + index + " of the " + prefix + "PyDataset.");
            }
            return raw;
        }
    }

    /** Reusable buffers for one batch size, so an epoch allocates nothing per batch. */
    private static final class BatchBuffers {
        final Batch batch;
        private final int rows;

        BatchBuffers(int rows, Batch like) {
            this.rows = rows;
            this.batch = new Batch(buffers(rows, like.x()), like.y() == null ? null : buffers(rows, like.y()));
        }

        private static List<Tensor> buffers(int rows, List<Tensor> like) {
            List<Tensor> out = new ArrayList<>();
            for (Tensor t : like) {
                int[] s = t.shape();
                s[0] = rows;
                out.add(Tensor.zeros(s));
            }
            return out;
        }

        void gather(Batch src, int[] order, int from) {
            gather(src.x(), batch.x(), order, from);
            if (src.y() != null) {
                gather(src.y(), batch.y(), order, from);
            }
        }

        private void gather(List<Tensor> src, List<Tensor> dst, int[] order, int from) {
            for (int k = 0; k < src.size(); k++) {
                float[] s = src.get(k).data();
                float[] d = dst.get(k).data();
                int w = dst.get(k).sampleSize();
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(s, order[from + r] * w, d, r * w, w);
                }
            }
        }
    }
}
