package io.jkeras.backend.nativebackend.layers;

import io.jkeras.Tensor;
import io.jkeras.backend.ActivationSpec;
import io.jkeras.backend.DenseSpec;
import io.jkeras.backend.DropoutSpec;
import io.jkeras.backend.LayerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * One layer of a compiled native model: its forward pass and, next to it, its backward pass,
 * over row-major {@code (batch, features)} float arrays owned by the model's workspace.
 */
public abstract class NativeLayer {
    private final String name;
    private final int inputSize;
    private final int outputSize;

    /** A layer with these sizes. */
    protected NativeLayer(String name, int inputSize, int outputSize) {
        this.name = name;
        this.inputSize = inputSize;
        this.outputSize = outputSize;
    }

    /** The layer for this specification. */
    public static NativeLayer of(LayerSpec spec) {
        if (spec instanceof DenseSpec d) {
            return new NativeDense(d);
        }
        if (spec instanceof ActivationSpec a) {
            return new NativeActivation(a);
        }
        if (spec instanceof DropoutSpec d) {
            return new NativeDropout(d);
        }
        throw new IllegalArgumentException("The native backend has no layer for " + spec);
    }

    /** The Keras name of the layer. */
    public final String name() {
        return name;
    }

    /** Features per sample coming in. */
    public final int inputSize() {
        return inputSize;
    }

    /** Features per sample going out. */
    public final int outputSize() {
        return outputSize;
    }

    /** Floats of per-batch scratch space the layer needs for a batch of {@code batch} samples. */
    public int scratchSize(int batch) {
        return 0;
    }

    /**
     * Computes the output of a batch.
     *
     * @param in the input, {@code (batch, inputSize)}
     * @param out where the output goes, {@code (batch, outputSize)}
     * @param scratch {@link #scratchSize(int)} floats kept until the matching backward call
     * @param batch samples
     */
    public abstract void forward(float[] in, float[] out, float[] scratch, int batch);

    /**
     * The forward pass of a training step; the same as {@link #forward} except for layers that
     * act differently while training (Dropout).
     *
     * @param step the training step, from 0
     */
    public void forwardTraining(float[] in, float[] out, float[] scratch, int batch, long step) {
        forward(in, out, scratch, batch);
    }

    /**
     * Back-propagates the gradient of the last {@link #forward} call: fills each variable's
     * gradient and, unless {@code dIn} is {@code null}, the gradient with respect to the input.
     *
     * @param in the input of the forward call
     * @param out the output of the forward call
     * @param scratch the scratch space of the forward call
     * @param dOut the gradient with respect to {@code out}; the layer may overwrite it
     * @param dIn where the gradient with respect to {@code in} goes, or {@code null} if nobody needs it
     * @param batch samples
     */
    public abstract void backward(float[] in, float[] out, float[] scratch, float[] dOut, float[] dIn, int batch);

    /** The trainable variables, in Keras order; empty for layers without weights. */
    public List<NativeVariable> variables() {
        return List.of();
    }

    /** The weights in Keras order and shapes; copies. */
    public final List<Tensor> getWeights() {
        List<Tensor> out = new ArrayList<>();
        for (NativeVariable v : variables()) {
            out.add(v.toTensor());
        }
        return out;
    }

    /** Copies these weights in, in Keras order; the facade has checked count and shapes. */
    public final void setWeights(List<Tensor> weights) {
        List<NativeVariable> vars = variables();
        if (weights.size() != vars.size()) {
            throw new IllegalArgumentException("Layer '" + name + "' has " + vars.size() + " weights. Received: "
                    + weights.size());
        }
        for (int i = 0; i < vars.size(); i++) {
            vars.get(i).assign(weights.get(i));
        }
    }
}
