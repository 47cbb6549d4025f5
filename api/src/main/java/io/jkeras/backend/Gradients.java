package io.jkeras.backend;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gradients of one batch, not yet applied: what {@link TrainableModel#computeGradients} gives
 * and {@link TrainableModel#applyGradients} takes (Keras's {@code grads} in a custom training loop,
 * before {@code optimizer.apply_gradients}).
 *
 * <p>Everything is a <em>sum over the batch's samples</em>, so that the gradients of the shards of
 * a batch add up ({@link #plus}) to the gradients of the whole batch: with Keras's
 * {@code sum_over_batch_size} reduction the loss is the mean over the batch, and its gradient is
 * {@link #mean(String)}, {@code sum / samples}. Weight penalties (regularizers) are not included:
 * they belong to the step, not to the samples, and {@code applyGradients} adds them once.
 * Gradients are {@link java.io.Serializable}, so that the shards' sums travel to where they are added.
 *
 * @param samples how many samples the sums are over, at least 1
 * @param lossSum the sum over the samples of the weighted total loss (each output's loss times its
 *     weight), without penalties; {@code lossSum / samples} is the batch's loss
 * @param outputLossSums per output, the sum over the samples of its unweighted loss
 * @param layers per layer with trainable variables (model order), the gradient sum of each trainable
 *     variable in the layer's order and Keras's shape; a layer called at several nodes gets the sum
 *     over its nodes
 */
public record Gradients(int samples, double lossSum, double[] outputLossSums, Map<String, List<Tensor>> layers)
        implements java.io.Serializable {

    /** Checks the counts and keeps unmodifiable copies of the containers (the tensors are kept as given). */
    public Gradients {
        if (samples < 1) {
            throw new KerasException("Gradients must be over at least one sample. Received: samples=" + samples + ".");
        }
        outputLossSums = outputLossSums.clone();
        Map<String, List<Tensor>> copy = new LinkedHashMap<>();
        layers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        layers = Collections.unmodifiableMap(copy);
    }

    /**
     * The gradients of a batch of {@code samples} whose mean losses a step computed: {@code loss}
     * (the weighted total, without penalties) and each output's, turned into sums.
     */
    public static Gradients ofBatch(int samples, double loss, float[] outputLosses, Map<String, List<Tensor>> layers) {
        double[] sums = new double[outputLosses.length];
        for (int o = 0; o < sums.length; o++) {
            sums[o] = (double) outputLosses[o] * samples;
        }
        return new Gradients(samples, loss * samples, sums, layers);
    }

    /** Each output's mean loss over the samples, as a step reports it. */
    public float[] outputLossMeans() {
        float[] means = new float[outputLossSums.length];
        for (int o = 0; o < means.length; o++) {
            means[o] = (float) (outputLossSums[o] / samples);
        }
        return means;
    }

    /** The gradients of layer {@code layer} for the batch's mean loss: each sum divided by {@link #samples}; new tensors. */
    public List<Tensor> mean(String layer) {
        List<Tensor> sums = layer(layer);
        List<Tensor> out = new ArrayList<>(sums.size());
        for (Tensor t : sums) {
            float[] d = t.data().clone();
            for (int i = 0; i < d.length; i++) {
                d[i] /= samples;
            }
            out.add(Tensor.of(d, t.shape()));
        }
        return out;
    }

    /** The gradient sums of layer {@code layer}, as held. */
    public List<Tensor> layer(String layer) {
        List<Tensor> sums = layers.get(layer);
        if (sums == null) {
            throw new KerasException("These gradients have no layer '" + layer + "'. Their layers: " + layers.keySet() + ".");
        }
        return sums;
    }

    /**
     * The gradients of both batches together: samples, losses and every gradient added. The two
     * must have the same layers, variables and shapes (gradients of one model).
     */
    public Gradients plus(Gradients other) {
        if (!layers.keySet().equals(other.layers.keySet()) || outputLossSums.length != other.outputLossSums.length) {
            throw new KerasException("Cannot add gradients of different models: layers " + layers.keySet() + " and "
                    + other.layers.keySet() + ", " + outputLossSums.length + " and " + other.outputLossSums.length
                    + " outputs.");
        }
        Map<String, List<Tensor>> sum = new LinkedHashMap<>();
        for (Map.Entry<String, List<Tensor>> e : layers.entrySet()) {
            sum.put(e.getKey(), add(e.getValue(), other.layers.get(e.getKey()), "gradients of layer '" + e.getKey() + "'"));
        }
        double[] outs = outputLossSums.clone();
        for (int k = 0; k < outs.length; k++) {
            outs[k] += other.outputLossSums[k];
        }
        return new Gradients(samples + other.samples, lossSum + other.lossSum, outs, sum);
    }

    /**
     * The element-wise sums of two lists of tensors of the same shapes (gradients, weights, optimizer
     * state of one model), as new tensors.
     *
     * @param what what the tensors are, for the message when counts or shapes differ
     */
    public static List<Tensor> add(List<Tensor> a, List<Tensor> b, String what) {
        if (a.size() != b.size()) {
            throw new KerasException("Cannot add " + what + ": " + a.size() + " and " + b.size() + " tensors.");
        }
        List<Tensor> s = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i).shape(), b.get(i).shape())) {
                throw new KerasException("Cannot add " + what + ", tensor " + i + ": shapes "
                        + Tensor.shapeToString(a.get(i).shape()) + " and " + Tensor.shapeToString(b.get(i).shape()) + ".");
            }
            float[] d = a.get(i).data().clone();
            float[] o = b.get(i).data();
            for (int j = 0; j < d.length; j++) {
                d[j] += o[j];
            }
            s.add(Tensor.of(d, a.get(i).shape()));
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Gradients g && samples == g.samples && lossSum == g.lossSum
                && Arrays.equals(outputLossSums, g.outputLossSums) && layers.equals(g.layers);
    }

    @Override
    public int hashCode() {
        return 31 * Integer.hashCode(samples) + layers.hashCode();
    }

    @Override
    public String toString() {
        return "Gradients[samples=" + samples + ", lossSum=" + lossSum + ", layers=" + layers.keySet() + "]";
    }
}
