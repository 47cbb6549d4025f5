package io.jkeras.backend.dl4j;

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
import io.jkeras.backend.dl4j.layers.Dl4jLayer;
import io.jkeras.backend.dl4j.losses.Dl4jLoss;
import io.jkeras.backend.dl4j.ops.Dl4jOps;
import io.jkeras.backend.dl4j.ops.Nd4jTensors;
import io.jkeras.backend.updates.UpdateRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A model compiled by the dl4j backend: a float32 {@link ComputationGraph} built by
 * {@link Dl4jGraphBuilder}, whose output layers carry the Keras losses.
 *
 * <p>A training step lets DL4J run the forward pass and back-propagation
 * ({@code computeGradientAndScore}), which fills the network's flat gradient vector with the
 * gradient of {@code sum_i w_i / r_i * sum_rows loss_i} (each output's loss weight over its rows
 * per sample); the copies of a layer called at several nodes then get the sum of their gradients,
 * and Keras's update rule ({@link UpdateRule}) runs over heap copies of the flat parameter vector
 * in one pass that also divides the gradient by the batch size (Keras's mean). With weight
 * penalties the gradient is divided first and their gradients are added before the update. DL4J's
 * own updater is configured as a no-op and never runs. Non-trainable variables
 * (BatchNormalization's moving statistics, assigned by their layer in the training forward pass)
 * sit in the same vector; the update leaves their ranges alone ({@link Dl4jLayer#frozenParams}).
 * Input and label arrays are made once per batch size and refilled. A model built without a
 * {@link TrainingSpec} has placeholder losses and refuses to train.
 */
final class Dl4jModel implements TrainableModel {
    /** Batch arrays kept at once: fit uses two sizes (full and last batch), evaluate and predict others. */
    private static final int MAX_BATCH_ARRAYS = 4;
    private static final AtomicLong MODEL_IDS = new AtomicLong();
    /** The large call whose size this thread's ND4J workspaces have, if it kept them (see {@link #guarded}). */
    private static final ThreadLocal<WorkspaceUse> KEPT_WORKSPACES = new ThreadLocal<>();

    /** A large call's identity for its workspaces: the model (by id, so the thread holds no model), call, batch size. */
    private record WorkspaceUse(long model, String call, int batch) {
    }

    private final long id = MODEL_IDS.incrementAndGet();

    private final Dl4jBackend backend;
    private final String name;
    private final ComputationGraph net;
    /** By layer name, in the model's order. */
    private final Map<String, Dl4jLayer> layers = new LinkedHashMap<>();
    /** The Dropout layers, told the step before each training pass. */
    /** The loss of each output, as the network calls it. */
    private final Dl4jLoss[] losses;
    /** Per output: Keras's mask of it ({@code null}: none) and the model input it is computed from. */
    private final MaskSpec[] outputMasks;
    private final int[] maskInputs;
    private final float[] lossWeights;
    private final boolean trainable;
    private final UpdateRule rule;
    private final INDArray params;
    private final INDArray grads;
    /** Heap copies of the parameters and gradient for the update rule. */
    private final float[][] w;
    private final float[][] g;
    /**
     * Whether {@link #w} holds the parameters as the last update wrote them, so that the next update
     * reads back only the frozen ranges instead of the whole vector; false until the first update
     * and after {@link #setWeights} (the other calls that write the parameters put the same values back).
     */
    private boolean heapParams;
    private final int[] inputSizes;
    private final int[][] outputShapes;
    /** Rows per sample of each output: the loss sees {@code batch * rows} rows of the last axis. */
    private final int[] outputRows;
    /** Whether a layer has a weight penalty; without one the step divides the gradient inside the update. */
    private final boolean regularized;
    /**
     * The ranges {@code (start, length)} of the flat parameter vector the update rule leaves alone:
     * non-trainable variables (BatchNormalization's moving statistics, which its layer assigns in the
     * forward pass). Their gradient is zeroed before the rule and their values are put back after it.
     */
    private final int[][] frozenRanges;
    private final float[] frozenValues;
    private final List<Map<Integer, INDArray>> xArrays = new ArrayList<>();
    private final List<Map<Integer, INDArray>> yArrays = new ArrayList<>();
    private long iterations;
    /** Off-heap float32 values per sample of an inference call and of a training step, at most (Dl4jMemory). */
    private final long inferenceValues;
    private final long trainingValues;
    /** Per sample, the input and label arrays' values and the outputs' (copied out of DL4J's workspaces). */
    private final long batchArrayValues;
    /** The parameters and their gradients off the heap, in bytes. */
    private final long parameterBytes;
    private boolean closed;

    Dl4jModel(Dl4jBackend backend, ModelSpec model, TrainingSpec training, Map<String, List<Tensor>> initialWeights,
            float epsilon) {
        this.backend = backend;
        this.name = model.name();
        if (model.nodes().isEmpty()) {
            throw new KerasException("Model '" + name + "' has no layers; the dl4j backend needs at least one.");
        }
        int outputs = model.outputs().size();
        this.trainable = training != null;
        if (trainable && training.losses().size() != outputs) {
            throw new KerasException("Model '" + name + "' has " + outputs + " outputs but received "
                    + training.losses().size() + " losses.");
        }
        Dl4jLoss[] configured = new Dl4jLoss[outputs];
        for (int i = 0; i < outputs; i++) {
            configured[i] = trainable ? Dl4jLoss.of(training.loss(i), epsilon) : Dl4jLoss.inferenceOnly();
        }
        this.lossWeights = trainable ? training.lossWeights() : new float[outputs];
        this.outputMasks = new MaskSpec[outputs];
        this.maskInputs = new int[outputs];
        for (int i = 0; i < outputs; i++) {
            outputMasks[i] = trainable ? model.outputMask(i) : null;
            maskInputs[i] = outputMasks[i] == null ? -1 : model.inputIndex(outputMasks[i].source());
        }
        this.inputSizes = new int[model.inputs().size()];
        for (int i = 0; i < inputSizes.length; i++) {
            inputSizes[i] = Shapes.size(model.inputs().get(i).shape(), "input '" + model.inputs().get(i).name() + "'");
            xArrays.add(lru());
        }
        this.outputShapes = new int[outputs][];
        this.outputRows = new int[outputs];
        for (int i = 0; i < outputs; i++) {
            outputShapes[i] = model.outputShape(i);
            int size = Shapes.size(outputShapes[i], "output '" + model.outputs().get(i) + "'");
            int last = outputShapes[i].length == 0 ? 1 : outputShapes[i][outputShapes[i].length - 1];
            outputRows[i] = last == 0 ? 1 : size / last;
            yArrays.add(lru());
        }
        this.inferenceValues = Dl4jMemory.stepValuesPerSample(model, false);
        this.trainingValues = Dl4jMemory.stepValuesPerSample(model, true);
        long arrays = 0;
        for (int size : inputSizes) {
            arrays += size;
        }
        for (int[] shape : outputShapes) {
            arrays += 2L * Shapes.size(shape, "an output");
        }
        this.batchArrayValues = arrays;
        this.parameterBytes = checkParametersFit(model);
        Dl4jGraphBuilder builder = new Dl4jGraphBuilder(model, configured);
        this.net = new ComputationGraph(builder.build());
        net.init();
        boolean hasParams = net.numParams() > 0;
        if (hasParams) {
            net.initGradientsView();
        }
        this.params = hasParams ? net.params() : null;
        // DL4J keeps the parameters as (n,) and the gradients as (1, n): give the update one shape.
        // A reshape of the contiguous gradient vector is a view, so DL4J's writes show through it.
        this.grads = hasParams ? net.getGradientsViewArray().reshape(params.shape()) : null;
        if (hasParams && grads.data().address() != net.getGradientsViewArray().data().address()) {
            throw new IllegalStateException("DL4J's gradient vector could not be viewed as " + params.shapeInfoToString());
        }
        this.losses = new Dl4jLoss[outputs];
        for (int i = 0; i < outputs; i++) {
            // The instance the network calls, in case DL4J copied the configuration.
            org.deeplearning4j.nn.conf.layers.Layer out = net.getOutputLayer(i).conf().getLayer();
            losses[i] = (Dl4jLoss) (out instanceof LossLayer l ? l.getLossFn() : ((BaseOutputLayer) out).getLossFn());
            losses[i].setGradientScale(lossWeights[i] / outputRows[i]);
        }
        boolean anyRegularizer = false;
        List<int[]> frozen = new ArrayList<>();
        for (LayerSpec spec : model.layers()) {
            List<Layer> copies = new ArrayList<>();
            for (String v : builder.layerVertices().get(spec.name())) {
                copies.add(net.getLayer(v));
            }
            Dl4jLayer layer = Dl4jLayer.over(spec, copies);
            layers.put(spec.name(), layer);
            if (!spec.variables().isEmpty()) {
                List<Tensor> initial = initialWeights.get(spec.name());
                if (initial == null) {
                    throw new KerasException("Model '" + name + "' received no initial weights for layer '" + spec.name()
                            + "'.");
                }
                layer.setWeights(initial);
            }
            for (INDArray view : layer.frozenParams()) {
                frozen.add(rangeOf(view, spec.name()));
            }
            anyRegularizer |= layer.hasRegularizer();
        }
        this.regularized = anyRegularizer;
        this.frozenRanges = frozen.toArray(new int[0][]);
        int frozenSize = 0;
        for (int[] r : frozenRanges) {
            frozenSize += r[1];
        }
        this.frozenValues = new float[frozenSize];
        int n = hasParams ? Math.toIntExact(params.length()) : 0;
        this.rule = hasParams && trainable ? UpdateRule.of(training.optimizer(), new int[] {n}) : null;
        this.w = new float[][] {rule == null ? null : new float[n]};
        this.g = new float[][] {rule == null ? null : new float[n]};
    }

    @Override
    public StepResult trainOnBatch(List<Tensor> x, List<Tensor> y, boolean returnPredictions) {
        return guarded("trainOnBatch", x, () -> {
            int n = checkBatch(x, y, "trainOnBatch", true);
            float[] outputLosses = new float[losses.length];
            double value = backward(x, y, n, returnPredictions, outputLosses);
            List<Tensor> predictions = null;
            if (returnPredictions) {
                predictions = new ArrayList<>();
                for (int i = 0; i < losses.length; i++) {
                    predictions.add(Tensor.of(losses[i].takeCapturedOutput(), Shapes.batchShape(n, outputShapes[i])));
                }
            }
            return new StepResult((float) update(n, value), outputLosses, predictions);
        });
    }

    /**
     * The forward and backward pass in training mode at the current step: the network's gradient
     * vector holds the gradient sum over the batch (copies of a shared layer tied). Returns the
     * weighted total loss; each output's loss goes to {@code outputLosses}.
     */
    private double backward(List<Tensor> x, List<Tensor> y, int n, boolean capture, float[] outputLosses) {
        net.setInputs(inputs(x, n));
        net.setLabels(labels(y, n));
        setRowMasks(x, n);
        for (Dl4jLayer l : layers.values()) {
            l.setStep(iterations);
        }
        if (capture) {
            for (Dl4jLoss l : losses) {
                l.captureNextOutput();
            }
        }
        float[] frozenBefore = frozenRanges.length == 0 ? null : readFrozen();
        try {
            net.computeGradientAndScore();
        } catch (RuntimeException | OutOfMemoryError e) {
            // The forward pass may have assigned moving statistics before the step failed.
            if (frozenBefore != null) {
                writeFrozen(frozenBefore);
            }
            throw e;
        }
        double value = 0;
        for (int i = 0; i < losses.length; i++) {
            outputLosses[i] = (float) losses[i].lastScore();
            value += lossWeights[i] * losses[i].lastScore();
        }
        if (rule != null) {
            for (Dl4jLayer l : layers.values()) {
                l.tieGradients();
            }
        }
        return value;
    }

    /**
     * The optimizer step over the gradient sum of {@code n} samples in the network's gradient
     * vector; returns {@code value} plus the penalties before the step.
     */
    private double update(int n, double value) {
        iterations++;
        if (rule != null) {
            float divisor = n;
            if (regularized) {
                // The penalties' gradients are added to the mean gradient, so divide first.
                grads.divi(n);
                divisor = 1f;
                for (Dl4jLayer l : layers.values()) {
                    value += l.regularize(true);
                }
            }
            if (heapParams) {
                refreshFrozen();
            } else {
                Nd4jTensors.copyOut(params, w[0]);
            }
            Nd4jTensors.copyOut(grads, g[0]);
            holdFrozen();
            rule.apply(w, g, divisor, iterations);
            restoreFrozen();
            Nd4jTensors.copyInto(w[0], params);
            heapParams = true;
        }
        return value;
    }

    /**
     * Each layer's gradient is read and written through its weight views, as its optimizer state
     * is (see {@link #getOptimizerSlots}): the gradient vector is swapped into the parameters.
     */
    @Override
    public Gradients computeGradients(List<Tensor> x, List<Tensor> y) {
        return guarded("computeGradients", x, () -> {
            int n = checkBatch(x, y, "computeGradients", true);
            float[] outputLosses = new float[losses.length];
            double value = backward(x, y, n, false, outputLosses);
            Map<String, List<Tensor>> sums = new LinkedHashMap<>();
            if (rule != null) {
                float[] saved = new float[w[0].length];
                Nd4jTensors.copyOut(params, saved);
                Nd4jTensors.copyOut(grads, g[0]);
                try {
                    Nd4jTensors.copyInto(g[0], params);
                    for (Map.Entry<String, Dl4jLayer> e : layers.entrySet()) {
                        List<Tensor> grad = e.getValue().getTrainableWeights();
                        if (!grad.isEmpty()) {
                            sums.put(e.getKey(), grad);
                        }
                    }
                } finally {
                    Nd4jTensors.copyInto(saved, params);
                }
            }
            return Gradients.ofBatch(n, value, outputLosses, sums);
        });
    }

    @Override
    public StepResult applyGradients(Gradients gradients) {
        return guarded("applyGradients", null, () -> {
            if (!trainable) {
                throw new KerasException("applyGradients(): model '" + name + "' was compiled for inference only; it has"
                        + " no optimizer.");
            }
            int n = gradients.samples();
            if (rule != null) {
                float[] saved = new float[w[0].length];
                Nd4jTensors.copyOut(params, saved);
                try {
                    for (Map.Entry<String, Dl4jLayer> e : layers.entrySet()) {
                        if (!e.getValue().getTrainableWeights().isEmpty()) {
                            e.getValue().setTrainableWeights(gradients.layer(e.getKey()));
                        }
                    }
                    Nd4jTensors.copyOut(params, g[0]);
                    Nd4jTensors.copyInto(g[0], grads);
                } finally {
                    Nd4jTensors.copyInto(saved, params);
                }
            }
            return new StepResult((float) update(n, gradients.lossSum() / n), gradients.outputLossMeans(), null);
        });
    }

    /**
     * Brings the frozen ranges of the heap copy up to date: the layers that own them (BatchNormalization's
     * moving statistics) assign them in the training forward pass.
     */
    private void refreshFrozen() {
        System.arraycopy(readFrozen(), 0, frozenValues, 0, frozenValues.length);
        restoreFrozen();
    }

    /** Keeps the frozen ranges' values and zeroes their gradient, so the rule changes neither them nor their state. */
    private void holdFrozen() {
        int k = 0;
        for (int[] r : frozenRanges) {
            System.arraycopy(w[0], r[0], frozenValues, k, r[1]);
            java.util.Arrays.fill(g[0], r[0], r[0] + r[1], 0f);
            k += r[1];
        }
    }

    /** The frozen ranges' values in the parameter vector, one after another. */
    private float[] readFrozen() {
        float[] values = new float[frozenValues.length];
        int k = 0;
        for (int[] r : frozenRanges) {
            float[] range = Nd4jTensors.toFloats(params.get(NDArrayIndex.interval(r[0], r[0] + r[1])));
            System.arraycopy(range, 0, values, k, r[1]);
            k += r[1];
        }
        return values;
    }

    /** Writes {@link #readFrozen}'s values back into the parameter vector. */
    private void writeFrozen(float[] values) {
        int k = 0;
        for (int[] r : frozenRanges) {
            float[] range = java.util.Arrays.copyOfRange(values, k, k + r[1]);
            params.get(NDArrayIndex.interval(r[0], r[0] + r[1])).assign(Nd4j.createFromArray(range));
            k += r[1];
        }
    }

    /** Puts the frozen ranges' values back (weight decay would have shrunk them). */
    private void restoreFrozen() {
        int k = 0;
        for (int[] r : frozenRanges) {
            System.arraycopy(frozenValues, k, w[0], r[0], r[1]);
            k += r[1];
        }
    }

    /** Where a parameter view lies in the flat parameter vector: {@code (start, length)}, checked against its values. */
    private int[] rangeOf(INDArray view, String layer) {
        long start = view.offset() - params.offset();
        long length = view.length();
        boolean inside = start >= 0 && start + length <= params.length();
        if (!inside || !java.util.Arrays.equals(Nd4jTensors.toFloats(view),
                Nd4jTensors.toFloats(params.get(NDArrayIndex.interval(start, start + length))))) {
            throw new IllegalStateException("A parameter of layer '" + layer + "' is not a range of DL4J's parameter"
                    + " vector: " + view.shapeInfoToString());
        }
        return new int[] {Math.toIntExact(start), Math.toIntExact(length)};
    }

    @Override
    public StepResult testOnBatch(List<Tensor> x, List<Tensor> y, boolean returnPredictions) {
        return guarded("testOnBatch", x, () -> {
            int n = checkBatch(x, y, "testOnBatch", false);
            setRowMasks(x, n);
            INDArray[] out = net.output(false, inputs(x, n));
            INDArray[] labels = labels(y, n);
            float[] outputLosses = new float[losses.length];
            double value = 0;
            for (int i = 0; i < losses.length; i++) {
                double loss = losses[i].meanOnOutput(labels[i], out[i]);
                outputLosses[i] = (float) loss;
                value += lossWeights[i] * loss;
            }
            for (Dl4jLayer l : layers.values()) {
                value += l.regularize(false);
            }
            return new StepResult((float) value, outputLosses, returnPredictions ? tensors(out, n) : null);
        });
    }

    @Override
    public List<Tensor> predictOnBatch(List<Tensor> x) {
        return guarded("predictOnBatch", x, () -> {
            int n = checkX(x, "predictOnBatch", false);
            return tensors(net.output(false, inputs(x, n)), n);
        });
    }

    @Override
    public List<Tensor> getWeights(String layer) {
        return guarded("getWeights", null, () -> layer(layer).getWeights());
    }

    @Override
    public void setWeights(String layer, List<Tensor> weights) {
        guarded("setWeights", null, () -> {
            heapParams = false;
            layer(layer).setWeights(weights);
            return null;
        });
    }

    @Override
    public long iterations() {
        return iterations;
    }

    /**
     * The rule keeps each kind of state as one vector parallel to DL4J's flat parameter vector. A
     * layer's share of it is read and written through the layer's own weight views (which know
     * DL4J's layout): the state is swapped into the parameter vector, the layer's weights are read
     * or written, and the parameters are put back.
     */
    @Override
    public Map<String, List<Tensor>> getOptimizerSlots(String layer) {
        return guarded("getOptimizerSlots", null, () -> {
            Dl4jLayer l = stateLayer(layer, "getOptimizerSlots");
            Map<String, List<Tensor>> out = new LinkedHashMap<>();
            if (rule == null || l.getTrainableWeights().isEmpty()) {
                return out;
            }
            float[] saved = new float[w[0].length];
            Nd4jTensors.copyOut(params, saved);
            try {
                for (String slot : rule.slotNames()) {
                    Nd4jTensors.copyInto(rule.slot(slot, 0), params);
                    out.put(slot, l.getTrainableWeights());
                }
            } finally {
                Nd4jTensors.copyInto(saved, params);
            }
            return out;
        });
    }

    @Override
    public void setOptimizerSlots(String layer, Map<String, List<Tensor>> slots) {
        guarded("setOptimizerSlots", null, () -> {
            Dl4jLayer l = stateLayer(layer, "setOptimizerSlots");
            if (rule == null || l.getTrainableWeights().isEmpty()) {
                return null;
            }
            float[] saved = new float[w[0].length];
            Nd4jTensors.copyOut(params, saved);
            try {
                for (String slot : rule.slotNames()) {
                    List<Tensor> given = slots.get(slot);
                    if (given == null) {
                        throw new KerasException("setOptimizerSlots(): layer '" + layer + "' of model '" + name
                                + "' needs state '" + slot + "'. Received: " + slots.keySet() + ".");
                    }
                    float[] state = rule.slot(slot, 0);
                    Nd4jTensors.copyInto(state, params);
                    l.setTrainableWeights(given);
                    Nd4jTensors.copyOut(params, state);
                }
            } finally {
                Nd4jTensors.copyInto(saved, params);
            }
            return null;
        });
    }

    @Override
    public void setIterations(long newIterations) {
        this.iterations = newIterations;
    }

    private Dl4jLayer stateLayer(String layer, String call) {
        Dl4jLayer l = layer(layer);
        if (!trainable) {
            throw new KerasException(call + "(): model '" + name + "' was compiled for inference only; it has no optimizer.");
        }
        return l;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            xArrays.clear();
            yArrays.clear();
            net.close();
        }
    }

    private Dl4jLayer layer(String layerName) {
        Dl4jLayer l = layers.get(layerName);
        if (l == null) {
            throw new KerasException("Model '" + name + "' has no layer named '" + layerName + "'. Its layers: "
                    + String.join(", ", layers.keySet()) + ".");
        }
        return l;
    }

    /** Each output as a tensor of {@code (batch, ...outputShape)}. */
    private List<Tensor> tensors(INDArray[] out, int n) {
        List<Tensor> l = new ArrayList<>(out.length);
        for (int i = 0; i < out.length; i++) {
            l.add(Nd4jTensors.toTensor(out[i], Shapes.batchShape(n, outputShapes[i])));
        }
        return l;
    }

    /**
     * Refuses a model whose parameters and their gradients (one flat vector each, off the heap) or
     * the update rule's heap copies of them cannot be held, before DL4J allocates any; returns their
     * bytes off the heap.
     */
    private long checkParametersFit(ModelSpec model) {
        long values = 0;
        for (LayerSpec l : model.layers()) {
            for (VariableSpec v : l.variables()) {
                values += v.size();
            }
        }
        String what = "Model '" + name + "' on the dl4j backend (" + values + " parameters and their gradients, in float32)";
        long bytes = 2 * 4 * values;
        Dl4jMemory.require(bytes, what);
        if (trainable) {
            Shapes.requireHeap(bytes, what + ", copied to the heap for the update rule,");
        }
        return bytes;
    }

    private int checkX(List<Tensor> x, String call, boolean training) {
        if (x.size() != inputSizes.length) {
            throw new KerasException("Model '" + name + "' expects " + inputSizes.length + " inputs. Received: "
                    + x.size() + " in " + call + "().");
        }
        Tensor first = x.get(0);
        int n = first.rank() == 0 ? 0 : first.dim(0);
        if (n == 0) {
            throw new KerasException(call + "() needs at least one sample. Received: x of shape "
                    + Tensor.shapeToString(first.shape()) + ".");
        }
        for (int i = 0; i < inputSizes.length; i++) {
            Tensor t = x.get(i);
            if (t.rank() == 0 || t.dim(0) != n || t.size() != (long) n * inputSizes[i]) {
                throw new KerasException("Model '" + name + "' expects input " + i + " with " + inputSizes[i]
                        + " values per sample and " + n + " samples. Received: shape " + Tensor.shapeToString(t.shape())
                        + " in " + call + "().");
            }
        }
        long perSample = (training ? trainingValues : inferenceValues) + batchArrayValues;
        Dl4jMemory.requireStep(parameterBytes, 4L * n * perSample, call + "() of model '" + name + "' on the dl4j"
                + " backend with a batch of " + n + " samples (" + perSample + " float32 values per sample at most)");
        return n;
    }

    private int checkBatch(List<Tensor> x, List<Tensor> y, String call, boolean training) {
        if (!trainable) {
            throw new KerasException("Model '" + name + "' was compiled for inference only (no loss, no optimizer);"
                    + " compile it with a loss and an optimizer before " + call + "().");
        }
        int n = checkX(x, call, training);
        if (y.size() != losses.length) {
            throw new KerasException("Model '" + name + "' has " + losses.length + " outputs. Received: " + y.size()
                    + " targets in " + call + "().");
        }
        for (Tensor t : y) {
            if (t.rank() == 0 || t.dim(0) != n) {
                throw new KerasException(call + "(): x and y must have the same number of samples. Received: x of shape "
                        + Tensor.shapeToString(x.get(0).shape()) + ", y of shape " + Tensor.shapeToString(t.shape()) + ".");
            }
        }
        return n;
    }

    /** Hands each masked output's loss Keras's mask of this batch, one value per row, from the model input. */
    private void setRowMasks(List<Tensor> x, int n) {
        for (int i = 0; i < losses.length; i++) {
            if (outputMasks[i] != null) {
                float[] mask = new float[n * outputRows[i]];
                outputMasks[i].fill(x.get(maskInputs[i]).data(), n, mask, 0);
                losses[i].setRowMask(mask);
            }
        }
    }

    private INDArray[] inputs(List<Tensor> x, int n) {
        INDArray[] a = new INDArray[x.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = fill(xArrays.get(i), x.get(i), n);
        }
        return a;
    }

    /** Each target as the rows its loss sees: {@code (batch * rows, values per row)}. */
    private INDArray[] labels(List<Tensor> y, int n) {
        INDArray[] a = new INDArray[y.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = fill(yArrays.get(i), y.get(i), n * outputRows[i]);
        }
        return a;
    }

    /** The values in the array kept for {@code rows} rows of this width, made on first use. */
    private static INDArray fill(Map<Integer, INDArray> cache, Tensor t, int rows) {
        long width = t.size() / rows;
        INDArray a = cache.get(rows);
        if (a == null || a.size(1) != width) {
            a = Nd4j.create(DataType.FLOAT, rows, width);
            cache.put(rows, a);
        }
        Nd4jTensors.copyInto(t.data(), a);
        return a;
    }

    /**
     * Runs a call on the model, turning ND4J's and DL4J's exceptions into a {@link KerasException} saying what was done;
     * an {@code OutOfMemoryError} anywhere in the chain (JavaCPP's limits, or the heap) is named as such.
     *
     * <p>A call that failed frees its thread's ND4J workspaces afterwards (a failed pass may leave one open). So does a
     * call estimated to need more than {@link Dl4jOps#SCRATCH_RETAINED_BYTES} off the heap, unless the call before it
     * on this thread was the same call (same model, call and batch size): DL4J's workspaces keep the size of the
     * largest batch they saw, so a one-off large call must not leave its memory behind, while a loop of equal steps
     * ({@code fit}'s) reuses the workspaces its first calls sized, as DL4J intends, instead of zeroing and
     * re-learning them at every step. What such a loop holds between its calls is one call's working memory, which
     * its next call needs again. The layers' own working arrays (the recurrent layers', kept outside the workspaces)
     * follow the same decision ({@link Dl4jLayer#releaseScratch}).
     */
    private <T> T guarded(String call, List<Tensor> x, Supplier<T> body) {
        if (closed) {
            throw new KerasException("Model '" + name + "' was closed on the dl4j backend; compile it again before "
                    + call + "().");
        }
        backend.bindThread();
        boolean failed = true;
        try {
            T result = body.get();
            failed = false;
            return result;
        } catch (KerasException e) {
            throw e;
        } catch (RuntimeException | OutOfMemoryError e) {
            OutOfMemoryError oom = outOfMemory(e);
            if (oom != null) {
                throw new KerasException("The dl4j backend ran out of memory in " + call + "() of model '" + name + "'"
                        + batchShapes(x) + "; the model is unchanged. ND4J keeps arrays off the Java heap; raise"
                        + " -Dorg.bytedeco.javacpp.maxbytes and -Dorg.bytedeco.javacpp.maxphysicalbytes (or -Xmx),"
                        + " or use a smaller batch size: " + oom.getMessage(), e);
            }
            throw new KerasException("The dl4j backend (DL4J/ND4J) failed in " + call + "() of model '" + name + "'"
                    + batchShapes(x) + ": " + e, e);
        } finally {
            releaseWorkspaces(call, x, failed);
        }
    }

    private void releaseWorkspaces(String call, List<Tensor> x, boolean failed) {
        if (!failed && !largeBatch(x)) {
            return;
        }
        WorkspaceUse use = failed ? null : new WorkspaceUse(id, call, x.get(0).dim(0));
        if (use == null || !use.equals(KEPT_WORKSPACES.get())) {
            Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
            for (Dl4jLayer l : layers.values()) {
                l.releaseScratch();
            }
        }
        KEPT_WORKSPACES.set(use);
    }

    /** The bytes of the working arrays the model's layers keep for their next call (the recurrent layers'). */
    long layerScratchBytes() {
        long bytes = 0;
        for (Dl4jLayer l : layers.values()) {
            bytes += l.scratchBytes();
        }
        return bytes;
    }

    /** Whether a call on {@code x} was estimated to need more off-heap memory than a thread keeps between calls. */
    private boolean largeBatch(List<Tensor> x) {
        if (x == null || x.isEmpty() || x.get(0).rank() == 0) {
            return false;
        }
        long perSample = Math.max(trainingValues, inferenceValues) + batchArrayValues;
        return 4L * x.get(0).dim(0) * perSample > Dl4jOps.SCRATCH_RETAINED_BYTES;
    }

    /** The {@code OutOfMemoryError} in {@code e}'s chain of causes, or null. */
    private static OutOfMemoryError outOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                return oom;
            }
        }
        return null;
    }

    private static String batchShapes(List<Tensor> x) {
        if (x == null || x.isEmpty()) {
            return "";
        }
        List<String> shapes = new ArrayList<>();
        for (Tensor t : x) {
            shapes.add(Tensor.shapeToString(t.shape()));
        }
        return " on a batch of shape " + String.join(", ", shapes);
    }

    private static Map<Integer, INDArray> lru() {
        return new LinkedHashMap<>(8, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, INDArray> eldest) {
                return size() > MAX_BATCH_ARRAYS;
            }
        };
    }
}
