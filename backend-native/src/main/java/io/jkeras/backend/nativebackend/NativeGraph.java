package io.jkeras.backend.nativebackend;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.InputSpec;
import io.jkeras.backend.ModelSpec;
import io.jkeras.backend.NodeSpec;
import io.jkeras.backend.Shapes;
import io.jkeras.backend.nativebackend.layers.NativeLayer;
import io.jkeras.backend.nativebackend.layers.NativeVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan of a {@link ModelSpec} for the native backend, worked out once at compile time: which
 * buffer holds each tensor, which nodes the backward pass runs, and where each gradient goes.
 *
 * <p><b>Buffers.</b> Each tensor has a storage, one activation buffer and one gradient buffer per
 * batch size. A Reshape or Flatten output shares its input's storage (no value moves). A storage
 * rooted at a model input reads the caller's array, is never written, and has no gradient.
 *
 * <p><b>Gradients.</b> A tensor's gradient is the sum of what its consumers send back: each
 * output's weighted loss first, then the nodes that read it, in reverse topological order. The
 * first contribution writes the gradient buffer; each later one is written to a temporary buffer
 * and added, so layers only ever overwrite their {@code dIn}. A node whose output reaches no loss
 * is skipped by the backward pass; the first node of a layer (in backward order) overwrites the
 * layer's variable gradients, its other nodes add to them.
 */
final class NativeGraph {
    /** No gradient is wanted for this input slot (a model input, or nothing depends on it). */
    static final int NONE = -1;
    /** The gradient goes straight into the storage's gradient buffer: the first contribution. */
    static final int DIRECT = 0;
    /** The longest array a JVM allocates. */
    static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    final int inputCount;
    final int[] storageSize;
    final boolean[] fromInput;
    /** Each node's layer, input storages and output storage, in topological order. */
    final NativeLayer[] nodeLayer;
    final int[][] nodeIn;
    final int[] nodeOut;
    /** Whether the backward pass runs the node (its output reaches a loss, and it is not an alias). */
    final boolean[] live;
    /** Whether the node adds to its layer's variable gradients rather than overwriting them. */
    final boolean[] accumulate;
    /** Per node and input slot: {@link #NONE}, {@link #DIRECT}, or {@code k > 0} for temporary buffer {@code k - 1}. */
    final int[][] slotTarget;
    /** Per output: the storage, the per-sample shape, the loss rows per sample and the row width. */
    final int[] outputStorage;
    final int[][] outputShape;
    final int[] outputRowsPerSample;
    final int[] outputWidth;
    /** Per output, where its loss gradient goes, as {@link #slotTarget}. */
    final int[] lossTarget;
    /** Variables of layers no live node calls: their gradients are zero at every step. */
    final NativeVariable[] idleVariables;
    final int temps;
    final int tempSize;

    NativeGraph(ModelSpec spec, Map<String, NativeLayer> layers) {
        List<InputSpec> inputs = spec.inputs();
        List<NodeSpec> nodes = spec.nodes();
        inputCount = inputs.size();
        Map<String, Integer> storageOf = new HashMap<>();
        List<Integer> sizes = new ArrayList<>();
        List<Boolean> rooted = new ArrayList<>();
        for (InputSpec in : inputs) {
            storageOf.put(in.name(), sizes.size());
            sizes.add(Shapes.size(in.shape(), "input '" + in.name() + "'"));
            rooted.add(true);
        }
        int n = nodes.size();
        nodeLayer = new NativeLayer[n];
        nodeIn = new int[n][];
        nodeOut = new int[n];
        for (int i = 0; i < n; i++) {
            NodeSpec node = nodes.get(i);
            NativeLayer layer = layers.get(node.layer());
            nodeLayer[i] = layer;
            nodeIn[i] = new int[node.inputs().size()];
            for (int k = 0; k < nodeIn[i].length; k++) {
                nodeIn[i][k] = storageOf.get(node.inputs().get(k));
            }
            if (layer.aliasesInput()) {
                nodeOut[i] = nodeIn[i][0];
            } else {
                nodeOut[i] = sizes.size();
                sizes.add(layer.outputSize());
                rooted.add(false);
            }
            storageOf.put(node.output(), nodeOut[i]);
        }
        int storages = sizes.size();
        storageSize = new int[storages];
        fromInput = new boolean[storages];
        for (int s = 0; s < storages; s++) {
            storageSize[s] = sizes.get(s);
            fromInput[s] = rooted.get(s);
        }

        List<String> outputs = spec.outputs();
        Map<String, int[]> shapes = spec.tensorShapes();
        int outs = outputs.size();
        outputStorage = new int[outs];
        outputShape = new int[outs][];
        outputRowsPerSample = new int[outs];
        outputWidth = new int[outs];
        lossTarget = new int[outs];
        boolean[] written = new boolean[storages];
        boolean lossTemp = false;
        for (int o = 0; o < outs; o++) {
            int s = storageOf.get(outputs.get(o));
            int[] shape = shapes.get(outputs.get(o));
            outputStorage[o] = s;
            outputShape[o] = shape;
            outputWidth[o] = shape.length == 0 ? 1 : shape[shape.length - 1];
            outputRowsPerSample[o] = outputWidth[o] == 0 ? 0 : storageSize[s] / outputWidth[o];
            lossTarget[o] = fromInput[s] ? NONE : written[s] ? 1 : DIRECT;
            lossTemp |= lossTarget[o] > 0;
            written[s] = true;
        }

        live = new boolean[n];
        accumulate = new boolean[n];
        slotTarget = new int[n][];
        Map<NativeLayer, Boolean> hasLiveNode = new HashMap<>();
        int maxTemps = lossTemp ? 1 : 0;
        for (int i = n - 1; i >= 0; i--) {
            NativeLayer layer = nodeLayer[i];
            slotTarget[i] = new int[nodeIn[i].length];
            Arrays.fill(slotTarget[i], NONE);
            live[i] = !layer.aliasesInput() && written[nodeOut[i]];
            if (!live[i]) {
                continue;
            }
            accumulate[i] = hasLiveNode.put(layer, true) != null;
            int used = 0;
            for (int k = 0; k < nodeIn[i].length; k++) {
                int s = nodeIn[i][k];
                if (!fromInput[s]) {
                    slotTarget[i][k] = written[s] ? ++used : DIRECT;
                    written[s] = true;
                }
            }
            maxTemps = Math.max(maxTemps, used);
        }
        List<NativeVariable> idle = new ArrayList<>();
        for (NativeLayer layer : layers.values()) {
            if (!hasLiveNode.containsKey(layer)) {
                idle.addAll(layer.variables());
            }
        }
        idleVariables = idle.toArray(new NativeVariable[0]);
        temps = maxTemps;
        tempSize = maxTemps == 0 ? 0 : Arrays.stream(storageSize).max().orElse(0);
    }

    /** Each output's shape with the batch axis. */
    int[] outputBatchShape(int o, int batch) {
        return Shapes.batchShape(batch, outputShape[o]);
    }

    /** The per-batch buffers of a model for one batch size, made once and reused. */
    final class Workspace {
        final int batch;
        /** Activations by storage; a storage rooted at a model input holds the caller's array of the current call. */
        final float[][] acts;
        /** Gradients by storage; {@code null} for storages rooted at a model input. */
        final float[][] grads;
        /** Per node, its inputs' activations and where its input gradients go. */
        final float[][][] in;
        final float[][][] dIn;
        final float[][] scratch;
        final float[][] temp;
        /** The outputs as tensors over the activation buffers, or {@code null} when one reads a model input. */
        final List<Tensor> outputs;

        Workspace(int batch) {
            this.batch = batch;
            checkFits(batch);
            int storages = storageSize.length;
            acts = new float[storages][];
            grads = new float[storages][];
            for (int s = 0; s < storages; s++) {
                if (!fromInput[s]) {
                    acts[s] = new float[batch * storageSize[s]];
                    grads[s] = new float[batch * storageSize[s]];
                }
            }
            temp = new float[temps][];
            for (int t = 0; t < temps; t++) {
                temp[t] = new float[batch * tempSize];
            }
            int n = nodeLayer.length;
            in = new float[n][][];
            dIn = new float[n][][];
            scratch = new float[n][];
            for (int i = 0; i < n; i++) {
                in[i] = new float[nodeIn[i].length][];
                dIn[i] = new float[nodeIn[i].length][];
                for (int k = 0; k < nodeIn[i].length; k++) {
                    in[i][k] = acts[nodeIn[i][k]];
                    int target = slotTarget[i][k];
                    dIn[i][k] = target == NONE ? null : target == DIRECT ? grads[nodeIn[i][k]] : temp[target - 1];
                }
                scratch[i] = new float[nodeLayer[i].scratchSize(batch)];
            }
            boolean own = true;
            for (int s : outputStorage) {
                own &= !fromInput[s];
            }
            outputs = own ? List.copyOf(outputs()) : null;
        }

        /**
         * Refuses a batch whose buffers cannot be made, before any is: one that would be longer than
         * a Java array (the product of the batch and a layer's size used to wrap to a
         * {@code NegativeArraySizeException}), or all of them more than the heap holds.
         */
        private void checkFits(int batch) {
            long floats = 0;
            for (NativeLayer layer : nodeLayer) {
                if (!layer.aliasesInput()) {
                    floats += 2 * arrayLength(batch, layer.outputSize(), 0, layer, "output");
                }
                // Affine in the batch size: worked out in long from the sizes for 1 and 2 samples.
                long one = layer.scratchSize(1);
                long perSample = layer.scratchSize(2) - one;
                floats += arrayLength(batch, perSample, one - perSample, layer, "scratch space");
            }
            floats += temps * arrayLength(batch, tempSize, 0, null, "gradient sums");
            Shapes.requireHeap(4 * floats, "A batch of " + batch + " samples on the native backend (activations,"
                    + " gradients and scratch space, " + floats + " float32 values)");
        }

        /** {@code fixed + batch * perSample}, checked against the longest array a JVM allocates. */
        private static long arrayLength(int batch, long perSample, long fixed, NativeLayer layer, String what) {
            long n = fixed + batch * perSample;
            if (n > MAX_ARRAY_LENGTH) {
                throw new KerasException("A batch of " + batch + " samples is too large for "
                        + (layer == null ? "the native backend" : "layer '" + layer.name() + "' on the native backend")
                        + ": its " + what + " would hold " + n + " values (" + perSample + " per sample), more than the "
                        + MAX_ARRAY_LENGTH + " a Java array holds. Use a smaller batch size.");
            }
            return n;
        }

        /** Points the storages rooted at the model inputs at the caller's arrays. */
        void bind(List<Tensor> x) {
            for (int i = 0; i < inputCount; i++) {
                acts[i] = x.get(i).data();
            }
            for (int j = 0; j < nodeIn.length; j++) {
                int[] ins = nodeIn[j];
                for (int k = 0; k < ins.length; k++) {
                    if (ins[k] < inputCount) {
                        in[j][k] = acts[ins[k]];
                    }
                }
            }
        }

        /** Runs every node; while {@code training}, with the masks of training step {@code step}. */
        void forward(boolean training, long step) {
            for (int i = 0; i < nodeLayer.length; i++) {
                NativeLayer layer = nodeLayer[i];
                if (layer.aliasesInput()) {
                    continue;
                }
                if (training) {
                    layer.forwardTraining(in[i], acts[nodeOut[i]], scratch[i], batch, step);
                } else {
                    layer.forward(in[i], acts[nodeOut[i]], scratch[i], batch);
                }
            }
        }

        /** Where output {@code o}'s loss gradient goes, or {@code null} if none is needed. */
        float[] lossGradient(int o) {
            int target = lossTarget[o];
            return target == NONE ? null : target == DIRECT ? grads[outputStorage[o]] : temp[target - 1];
        }

        /** Adds output {@code o}'s loss gradient to its tensor's gradient if it went to a temporary buffer. */
        void addLossGradient(int o) {
            if (lossTarget[o] > 0) {
                add(grads[outputStorage[o]], temp[lossTarget[o] - 1], batch * storageSize[outputStorage[o]]);
            }
        }

        /** Back-propagates the loss gradients into every variable gradient. */
        void backward() {
            for (NativeVariable v : idleVariables) {
                Arrays.fill(v.grad(), 0f);
            }
            for (int i = nodeLayer.length - 1; i >= 0; i--) {
                if (!live[i]) {
                    continue;
                }
                int out = nodeOut[i];
                nodeLayer[i].backward(in[i], acts[out], scratch[i], grads[out], dIn[i], batch, accumulate[i]);
                int[] targets = slotTarget[i];
                for (int k = 0; k < targets.length; k++) {
                    if (targets[k] > 0) {
                        int s = nodeIn[i][k];
                        add(grads[s], temp[targets[k] - 1], batch * storageSize[s]);
                    }
                }
            }
        }

        /** The outputs of the last forward pass: the workspace's own buffers where it can. */
        List<Tensor> outputs() {
            if (outputs != null) {
                return outputs;
            }
            List<Tensor> outs = new ArrayList<>();
            for (int o = 0; o < outputStorage.length; o++) {
                outs.add(outputTensor(o));
            }
            return outs;
        }

        /** Output {@code o} over its activation buffer (the caller's array for a model input). */
        Tensor outputTensor(int o) {
            return Tensor.of(acts[outputStorage[o]], outputBatchShape(o, batch));
        }
    }

    private static void add(float[] into, float[] from, int n) {
        for (int j = 0; j < n; j++) {
            into[j] += from[j];
        }
    }
}
