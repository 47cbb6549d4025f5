package io.jkeras.backend.nativebackend;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.ModelSpec;
import io.jkeras.backend.StepResult;
import io.jkeras.backend.TrainableModel;
import io.jkeras.backend.TrainingSpec;
import io.jkeras.backend.nativebackend.layers.NativeLayer;
import io.jkeras.backend.nativebackend.layers.NativeVariable;
import io.jkeras.backend.nativebackend.losses.NativeLoss;
import io.jkeras.backend.nativebackend.optimizers.NativeOptimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model compiled by the native backend: its layers, loss and optimizer over float arrays.
 *
 * <p>A training step runs the forward pass, the loss and its gradient, the backward pass,
 * adds the regularization penalties and their gradients, then updates every variable. Every
 * per-batch array lives in a {@link Workspace} made once per batch size and reused.
 */
final class NativeModel implements TrainableModel {
    /** Workspaces kept at once: fit uses two sizes (full and last batch), evaluate and predict others. */
    private static final int MAX_WORKSPACES = 4;

    private final NativeLayer[] layers;
    private final NativeLoss loss;
    private final NativeOptimizer optimizer;
    private final NativeVariable[] variables;
    private final float[][] values;
    private final float[][] grads;
    private final int inputSize;
    private final int outputSize;
    private final Map<Integer, Workspace> workspaces = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Workspace> eldest) {
            return size() > MAX_WORKSPACES;
        }
    };
    private Workspace lastWorkspace;
    private long iterations;

    NativeModel(ModelSpec model, TrainingSpec training, List<List<Tensor>> initialWeights, float epsilon) {
        if (initialWeights.size() != model.layers().size()) {
            throw new KerasException("Model '" + model.name() + "' has " + model.layers().size()
                    + " layers but received initial weights for " + initialWeights.size() + ".");
        }
        this.inputSize = model.inputSize();
        this.outputSize = model.outputSize();
        this.layers = new NativeLayer[model.layers().size()];
        List<NativeVariable> vars = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            LayerSpec spec = model.layers().get(i);
            layers[i] = NativeLayer.of(spec);
            layers[i].setWeights(initialWeights.get(i));
            vars.addAll(layers[i].variables());
        }
        this.variables = vars.toArray(new NativeVariable[0]);
        this.values = new float[variables.length][];
        this.grads = new float[variables.length][];
        int[] sizes = new int[variables.length];
        for (int i = 0; i < variables.length; i++) {
            values[i] = variables[i].value();
            grads[i] = variables[i].grad();
            sizes[i] = variables[i].size();
        }
        this.loss = NativeLoss.of(training.loss(), epsilon);
        this.optimizer = NativeOptimizer.of(training.optimizer(), sizes);
    }

    @Override
    public StepResult trainOnBatch(Tensor x, Tensor y, boolean returnPredictions) {
        int batch = checkBatch(x, y, "trainOnBatch");
        Workspace ws = workspace(batch);
        forward(ws, x.data(), true);
        float[] out = ws.acts[layers.length];
        double value = loss.compute(y.data(), out, batch, outputSize, ws.grads[layers.length]);
        backward(ws, x.data());
        for (NativeVariable v : variables) {
            value += v.applyRegularizer();
        }
        iterations++;
        optimizer.step(values, grads, iterations);
        return new StepResult((float) value, returnPredictions ? output(ws, x) : null);
    }

    @Override
    public StepResult testOnBatch(Tensor x, Tensor y, boolean returnPredictions) {
        int batch = checkBatch(x, y, "testOnBatch");
        Workspace ws = workspace(batch);
        forward(ws, x.data());
        double value = loss.compute(y.data(), ws.acts[layers.length], batch, outputSize, null);
        for (NativeVariable v : variables) {
            if (v.regularizer() != null) {
                value += v.regularizer().penalty(v.value());
            }
        }
        return new StepResult((float) value, returnPredictions ? output(ws, x) : null);
    }

    @Override
    public Tensor predictOnBatch(Tensor x) {
        int batch = x.dim(0);
        Workspace ws = workspace(batch);
        forward(ws, x.data());
        return Tensor.of(ws.acts[layers.length].clone(), batch, outputSize);
    }

    @Override
    public List<Tensor> getWeights(int layer) {
        return layers[layer].getWeights();
    }

    @Override
    public void setWeights(int layer, List<Tensor> weights) {
        layers[layer].setWeights(weights);
    }

    @Override
    public long iterations() {
        return iterations;
    }

    @Override
    public void close() {
        workspaces.clear();
        lastWorkspace = null;
    }

    private int checkBatch(Tensor x, Tensor y, String call) {
        int batch = x.dim(0);
        if (batch == 0) {
            throw new KerasException(call + "() needs at least one sample. Received: x of shape "
                    + Tensor.shapeToString(x.shape()) + ".");
        }
        if (y.dim(0) != batch) {
            throw new KerasException(call + "(): x and y must have the same number of samples. Received: x of shape "
                    + Tensor.shapeToString(x.shape()) + ", y of shape " + Tensor.shapeToString(y.shape()) + ".");
        }
        return batch;
    }

    private void forward(Workspace ws, float[] x) {
        forward(ws, x, false);
    }

    /** The forward pass; while {@code training}, with the masks of step {@link #iterations} (from 0). */
    private void forward(Workspace ws, float[] x, boolean training) {
        ws.acts[0] = x;
        for (int i = 0; i < layers.length; i++) {
            if (training) {
                layers[i].forwardTraining(ws.acts[i], ws.acts[i + 1], ws.scratch[i], ws.batch, iterations);
            } else {
                layers[i].forward(ws.acts[i], ws.acts[i + 1], ws.scratch[i], ws.batch);
            }
        }
    }

    /** Back-propagates {@code ws.grads[last]}; the first layer's input gradient is not needed. */
    private void backward(Workspace ws, float[] x) {
        ws.acts[0] = x;
        for (int i = layers.length - 1; i >= 0; i--) {
            layers[i].backward(ws.acts[i], ws.acts[i + 1], ws.scratch[i], ws.grads[i + 1], i == 0 ? null : ws.grads[i],
                    ws.batch);
        }
    }

    /** The predictions of the last forward pass; a model without layers outputs its input. */
    private Tensor output(Workspace ws, Tensor x) {
        return ws.output != null ? ws.output : Tensor.of(x.data(), ws.batch, outputSize);
    }

    private Workspace workspace(int batch) {
        // Most calls repeat the previous batch size: skip the map (and boxing the key).
        Workspace ws = lastWorkspace;
        if (ws != null && ws.batch == batch) {
            return ws;
        }
        ws = workspaces.get(batch);
        if (ws == null) {
            ws = new Workspace(batch);
            workspaces.put(batch, ws);
        }
        lastWorkspace = ws;
        return ws;
    }

    /** The per-batch arrays for one batch size: each layer's output, its gradient and scratch space. */
    private final class Workspace {
        final int batch;
        /** acts[i] is layer i's input; acts[0] is set to the caller's x at each call. */
        final float[][] acts;
        /** grads[i] is the gradient with respect to acts[i]; grads[0] is never used. */
        final float[][] grads;
        final float[][] scratch;
        /** The last layer's output as a tensor, handed out by train and test steps. */
        final Tensor output;

        Workspace(int batch) {
            this.batch = batch;
            int n = layers.length;
            acts = new float[n + 1][];
            grads = new float[n + 1][];
            scratch = new float[n][];
            for (int i = 0; i < n; i++) {
                acts[i + 1] = new float[batch * layers[i].outputSize()];
                grads[i + 1] = new float[batch * layers[i].outputSize()];
                scratch[i] = new float[layers[i].scratchSize(batch)];
            }
            float[] last = n == 0 ? null : acts[n];
            output = last == null ? null : Tensor.of(last, batch, outputSize);
        }
    }
}
