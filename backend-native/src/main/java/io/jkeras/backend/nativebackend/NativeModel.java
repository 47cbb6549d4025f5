package io.jkeras.backend.nativebackend;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.Gradients;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.MaskSpec;
import io.jkeras.backend.ModelSpec;
import io.jkeras.backend.Shapes;
import io.jkeras.backend.StepResult;
import io.jkeras.backend.TrainableModel;
import io.jkeras.backend.TrainingSpec;
import io.jkeras.backend.VariableSpec;
import io.jkeras.backend.nativebackend.NativeGraph.Workspace;
import io.jkeras.backend.nativebackend.kernels.NativeParameters;
import io.jkeras.backend.nativebackend.kernels.Parallel;
import io.jkeras.backend.nativebackend.layers.NativeLayer;
import io.jkeras.backend.nativebackend.layers.NativeVariable;
import io.jkeras.backend.nativebackend.losses.NativeLoss;
import io.jkeras.backend.updates.UpdateRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model compiled by the native backend: a graph runner over float arrays (see
 * {@link NativeGraph}), with one loss per output and the shared Keras update rule.
 *
 * <p>A training step runs every node in topological order, each output's loss and its weighted
 * gradient, the backward pass in reverse order, adds the regularization penalties and their
 * gradients, then updates the trainable variables. Every per-batch array lives in a
 * {@link Workspace} made once per batch size and reused; model inputs are read in place.
 */
final class NativeModel implements TrainableModel {
    /** Workspaces kept at once: fit uses two sizes (full and last batch), evaluate and predict others. */
    private static final int MAX_WORKSPACES = 4;

    private final String name;
    private final Map<String, NativeLayer> layers = new LinkedHashMap<>();
    /** Per layer with trainable variables: the index of its first one in {@link #values} and their count. */
    private final Map<String, int[]> trainableRange = new LinkedHashMap<>();
    private final NativeGraph graph;
    private final NativeVariable[] variables;
    /** {@code null} for a model compiled for inference only. */
    private final NativeLoss[] losses;
    private final float[] lossWeights;
    /** Per output: Keras's mask of it ({@code null}: none) and the model input it is computed from. */
    private final MaskSpec[] outputMasks;
    private final int[] maskInputs;
    private float[] rowMask = new float[0];
    private final UpdateRule rule;
    private final float[][] values;
    private final float[][] grads;
    private final int[][] trainableShapes;
    private final Map<Integer, Workspace> workspaces = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Workspace> eldest) {
            return size() > MAX_WORKSPACES;
        }
    };
    private Workspace lastWorkspace;
    private long iterations;

    NativeModel(ModelSpec model, TrainingSpec training, Map<String, List<Tensor>> initialWeights, float epsilon) {
        this.name = model.name();
        checkWeightsFit(model);
        List<NativeVariable> vars = new ArrayList<>();
        for (LayerSpec spec : model.layers()) {
            NativeLayer layer = NativeLayer.of(spec);
            layers.put(spec.name(), layer);
            List<Tensor> w = initialWeights.get(spec.name());
            if (w != null) {
                layer.setWeights(w);
            } else if (!layer.variables().isEmpty()) {
                throw new KerasException("Model '" + name + "': no initial weights for layer '" + spec.name() + "'.");
            }
            vars.addAll(layer.variables());
        }
        for (String layer : initialWeights.keySet()) {
            layer(layer);
        }
        this.variables = vars.toArray(new NativeVariable[0]);
        this.graph = new NativeGraph(model, layers);
        if (training == null) {
            this.losses = null;
            this.lossWeights = null;
            this.outputMasks = null;
            this.maskInputs = null;
            this.rule = null;
            this.values = null;
            this.grads = null;
            this.trainableShapes = null;
            return;
        }
        int outputs = model.outputs().size();
        if (training.losses().size() != outputs) {
            throw new KerasException("Model '" + name + "' has " + outputs + " outputs but received "
                    + training.losses().size() + " losses.");
        }
        this.losses = new NativeLoss[outputs];
        for (int o = 0; o < outputs; o++) {
            losses[o] = NativeLoss.of(training.loss(o), epsilon);
        }
        this.lossWeights = training.lossWeights();
        this.outputMasks = new MaskSpec[outputs];
        this.maskInputs = new int[outputs];
        for (int o = 0; o < outputs; o++) {
            outputMasks[o] = model.outputMask(o);
            maskInputs[o] = outputMasks[o] == null ? -1 : model.inputIndex(outputMasks[o].source());
        }
        List<NativeVariable> trainable = new ArrayList<>();
        for (Map.Entry<String, NativeLayer> e : layers.entrySet()) {
            int first = trainable.size();
            for (NativeVariable v : e.getValue().variables()) {
                if (v.trainable()) {
                    trainable.add(v);
                }
            }
            if (trainable.size() > first) {
                trainableRange.put(e.getKey(), new int[] {first, trainable.size() - first});
            }
        }
        this.trainableShapes = new int[trainable.size()][];
        this.values = new float[trainable.size()][];
        this.grads = new float[trainable.size()][];
        int[] sizes = new int[trainable.size()];
        for (int i = 0; i < sizes.length; i++) {
            values[i] = trainable.get(i).value();
            grads[i] = trainable.get(i).grad();
            sizes[i] = trainable.get(i).size();
            trainableShapes[i] = trainable.get(i).shape();
        }
        this.rule = UpdateRule.of(training.optimizer(), sizes);
    }

    /** Refuses a model whose variables and their gradients the heap cannot hold, before allocating them. */
    private static void checkWeightsFit(ModelSpec model) {
        long values = 0;
        for (LayerSpec spec : model.layers()) {
            for (VariableSpec v : spec.variables()) {
                values += v.size();
            }
        }
        Shapes.requireHeap(2 * 4 * values, "Model '" + model.name() + "' on the native backend (its " + values
                + " weights and their gradients, in float32)");
    }

    @Override
    public StepResult trainOnBatch(List<Tensor> x, List<Tensor> y, boolean returnPredictions) {
        return step(x, y, true, returnPredictions);
    }

    @Override
    public StepResult testOnBatch(List<Tensor> x, List<Tensor> y, boolean returnPredictions) {
        return step(x, y, false, returnPredictions);
    }

    /** A training step ({@code train}) or a test step: the losses before any update. */
    private StepResult step(List<Tensor> x, List<Tensor> y, boolean train, boolean returnPredictions) {
        Workspace ws = workspace(checkBatch(x, y, train ? "trainOnBatch" : "testOnBatch"));
        ws.bind(x);
        ws.forward(train, iterations);
        float[] outputLosses = new float[losses.length];
        double total = losses(ws, x, y, outputLosses, train);
        if (train) {
            ws.backward();
            total = update(total);
        } else {
            for (NativeVariable v : variables) {
                if (v.regularizer() != null) {
                    total += v.regularizer().penalty(v.value());
                }
            }
        }
        return new StepResult((float) total, outputLosses, returnPredictions ? ws.outputs() : null);
    }

    /**
     * The optimizer step over the mean gradients in {@link #grads}: the penalties' gradients added,
     * the rule applied, the counter advanced. Returns {@code total} plus the penalties.
     */
    private double update(double total) {
        for (NativeVariable v : variables) {
            total += v.applyRegularizer();
        }
        iterations++;
        rule.apply(values, grads, 1f, iterations, NativeModel::updateRanges);
        return total;
    }

    /** A variable's update split over the backend's threads when it has enough values. */
    private static void updateRanges(int size, UpdateRule.Range task) {
        long work = (long) size * (NativeParameters.GEMM_PARALLEL_WORK / NativeParameters.UPDATE_PARALLEL_VALUES);
        Parallel.forRange(size, work, task::run);
    }

    @Override
    public Gradients computeGradients(List<Tensor> x, List<Tensor> y) {
        Workspace ws = workspace(checkBatch(x, y, "computeGradients"));
        ws.bind(x);
        ws.forward(true, iterations);
        float[] outputLosses = new float[losses.length];
        double total = losses(ws, x, y, outputLosses, true);
        ws.backward();
        int n = ws.batch;
        Map<String, List<Tensor>> sums = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : trainableRange.entrySet()) {
            int[] range = e.getValue();
            List<Tensor> ts = new ArrayList<>(range[1]);
            for (int i = range[0]; i < range[0] + range[1]; i++) {
                float[] mean = grads[i];
                float[] sum = new float[mean.length];
                for (int j = 0; j < sum.length; j++) {
                    sum[j] = mean[j] * n;
                }
                ts.add(Tensor.of(sum, trainableShapes[i]));
            }
            sums.put(e.getKey(), ts);
        }
        return Gradients.ofBatch(n, total, outputLosses, sums);
    }

    @Override
    public StepResult applyGradients(Gradients gradients) {
        if (rule == null) {
            throw new KerasException("applyGradients(): model '" + name + "' was compiled for inference only; it has no"
                    + " optimizer.");
        }
        int n = gradients.samples();
        for (Map.Entry<String, int[]> e : trainableRange.entrySet()) {
            int[] range = e.getValue();
            List<Tensor> given = gradients.layer(e.getKey());
            for (int k = 0; k < range[1]; k++) {
                float[] sum = given.get(k).data();
                float[] mean = grads[range[0] + k];
                for (int j = 0; j < mean.length; j++) {
                    mean[j] = sum[j] / n;
                }
            }
        }
        return new StepResult((float) update(gradients.lossSum() / n), gradients.outputLossMeans(), null);
    }

    @Override
    public List<Tensor> predictOnBatch(List<Tensor> x) {
        checkInputs(x, "predictOnBatch");
        Workspace ws = workspace(x.get(0).dim(0));
        ws.bind(x);
        ws.forward(false, iterations);
        List<Tensor> out = new ArrayList<>();
        for (int o = 0; o < graph.outputStorage.length; o++) {
            Tensor t = ws.outputTensor(o);
            out.add(Tensor.of(t.data().clone(), t.shape()));
        }
        return out;
    }

    @Override
    public List<Tensor> getWeights(String layer) {
        return layer(layer).getWeights();
    }

    @Override
    public void setWeights(String layer, List<Tensor> weights) {
        layer(layer).setWeights(weights);
    }

    @Override
    public long iterations() {
        return iterations;
    }

    @Override
    public Map<String, List<Tensor>> getOptimizerSlots(String layer) {
        int[] range = trainableRange(layer, "getOptimizerSlots");
        Map<String, List<Tensor>> out = new LinkedHashMap<>();
        if (range == null) {
            return out;
        }
        for (String slot : rule.slotNames()) {
            List<Tensor> ts = new ArrayList<>();
            for (int i = range[0]; i < range[0] + range[1]; i++) {
                ts.add(Tensor.of(rule.slot(slot, i).clone(), trainableShapes[i]));
            }
            out.put(slot, ts);
        }
        return out;
    }

    @Override
    public void setOptimizerSlots(String layer, Map<String, List<Tensor>> slots) {
        int[] range = trainableRange(layer, "setOptimizerSlots");
        if (range == null) {
            return;
        }
        for (String slot : rule.slotNames()) {
            List<Tensor> ts = slots.get(slot);
            if (ts == null || ts.size() != range[1]) {
                throw new KerasException("setOptimizerSlots(): layer '" + layer + "' of model '" + name + "' needs "
                        + range[1] + " tensors of state '" + slot + "'. Received: " + (ts == null ? "none" : ts.size()) + ".");
            }
            for (int k = 0; k < range[1]; k++) {
                float[] target = rule.slot(slot, range[0] + k);
                System.arraycopy(ts.get(k).data(), 0, target, 0, target.length);
            }
        }
    }

    @Override
    public void setIterations(long newIterations) {
        this.iterations = newIterations;
    }

    /** The range of the layer's trainable variables, {@code null} if it has none; throws for inference-only models. */
    private int[] trainableRange(String layer, String call) {
        layer(layer);
        if (rule == null) {
            throw new KerasException(call + "(): model '" + name + "' was compiled for inference only; it has no optimizer.");
        }
        return trainableRange.get(layer);
    }

    @Override
    public void close() {
        workspaces.clear();
        lastWorkspace = null;
    }

    /** The weighted sum of the outputs' losses; each unweighted loss goes to {@code outputLosses}. */
    private double losses(Workspace ws, List<Tensor> x, List<Tensor> y, float[] outputLosses, boolean withGradient) {
        double total = 0;
        for (int o = 0; o < losses.length; o++) {
            int s = graph.outputStorage[o];
            float[] grad = withGradient ? ws.lossGradient(o) : null;
            int rows = ws.batch * graph.outputRowsPerSample[o];
            double loss;
            if (outputMasks[o] == null) {
                loss = losses[o].compute(y.get(o).data(), ws.acts[s], rows, graph.outputWidth[o], grad, lossWeights[o]);
            } else {
                if (rowMask.length < rows) {
                    rowMask = new float[rows];
                }
                outputMasks[o].fill(x.get(maskInputs[o]).data(), ws.batch, rowMask, 0);
                loss = losses[o].computeMasked(y.get(o).data(), ws.acts[s], rows, graph.outputWidth[o], rowMask, grad,
                        lossWeights[o]);
            }
            if (grad != null) {
                ws.addLossGradient(o);
            }
            outputLosses[o] = (float) loss;
            total += lossWeights[o] * loss;
        }
        return total;
    }

    private NativeLayer layer(String layer) {
        NativeLayer l = layers.get(layer);
        if (l == null) {
            throw new KerasException("Model '" + name + "' has no layer '" + layer + "'. Its layers: "
                    + String.join(", ", layers.keySet()) + ".");
        }
        return l;
    }

    private void checkInputs(List<Tensor> x, String call) {
        if (x.size() != graph.inputCount) {
            throw new KerasException(call + "(): model '" + name + "' takes " + graph.inputCount + " inputs. Received: "
                    + x.size() + ".");
        }
        int batch = x.get(0).dim(0);
        for (int i = 0; i < x.size(); i++) {
            Tensor t = x.get(i);
            if (t.rank() == 0 || t.dim(0) != batch || t.size() != batch * graph.storageSize[i]) {
                throw new KerasException(call + "(): input " + i + " of model '" + name + "' must be (" + batch + ", "
                        + graph.storageSize[i] + " values per sample). Received: shape "
                        + Tensor.shapeToString(t.shape()) + ".");
            }
        }
    }

    private int checkBatch(List<Tensor> x, List<Tensor> y, String call) {
        if (losses == null) {
            throw new KerasException(call + "(): model '" + name + "' was compiled for inference only (no loss, no "
                    + "optimizer). Compile it with a loss and an optimizer to train or evaluate it.");
        }
        checkInputs(x, call);
        int batch = x.get(0).dim(0);
        if (batch == 0) {
            throw new KerasException(call + "() needs at least one sample. Received: x of shape "
                    + Tensor.shapeToString(x.get(0).shape()) + ".");
        }
        if (y.size() != losses.length) {
            throw new KerasException(call + "(): model '" + name + "' has " + losses.length + " outputs. Received: "
                    + y.size() + " targets.");
        }
        for (Tensor t : y) {
            if (t.rank() == 0 || t.dim(0) != batch) {
                throw new KerasException(call + "(): x and y must have the same number of samples. Received: x of shape "
                        + Tensor.shapeToString(x.get(0).shape()) + ", y of shape " + Tensor.shapeToString(t.shape()) + ".");
            }
        }
        return batch;
    }

    private Workspace workspace(int batch) {
        // Most calls repeat the previous batch size: skip the map (and boxing the key).
        Workspace ws = lastWorkspace;
        if (ws != null && ws.batch == batch) {
            return ws;
        }
        ws = workspaces.get(batch);
        if (ws == null) {
            ws = graph.new Workspace(batch);
            workspaces.put(batch, ws);
        }
        lastWorkspace = ws;
        return ws;
    }
}
