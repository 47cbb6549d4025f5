package io.jkeras.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.activations.Activation;
import io.jkeras.backend.DenseSpec;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.VariableSpec;
import java.util.List;
import java.util.Random;

/**
 * Keras's densely connected layer: {@code output = activation(input @ kernel + bias)}.
 *
 * <p>Input shape: {@code (batch, ..., inputDim)}: any rank, applied to the last axis as Keras does
 * (each leading position is one row of the product). Output shape: {@code (batch, ..., units)}. Weights:
 * kernel {@code (inputDim, units)} from {@code kernelInitializer} (default
 * {@code glorot_uniform}), bias {@code (units,)} from {@code biasInitializer} (default
 * {@code zeros}).
 */
public final class Dense extends KernelLayer<Dense> {
    private final int units;

    /** A linear Dense layer with {@code units} outputs. */
    public Dense(int units) {
        this(units, Activation.LINEAR);
    }

    /** A Dense layer with an activation given by its Keras name, e.g. {@code "relu"}. */
    public Dense(int units, String activation) {
        this(units, Activation.get(activation));
    }

    /** A Dense layer with this activation. */
    public Dense(int units, Activation activation) {
        if (units <= 0) {
            throw new KerasException("Dense units must be a positive integer. Received: units=" + units);
        }
        this.units = units;
        activation(activation);
    }

    /** Keras's {@code input_dim}: the input has {@code dim} features. */
    public Dense inputDim(int dim) {
        inputShape(dim);
        return this;
    }

    /** The number of outputs. */
    public int units() {
        return units;
    }

    @Override
    public String className() {
        return "Dense";
    }

    @Override
    protected String namePrefix() {
        return "dense";
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        if (in.length == 0) {
            throw new KerasException("Dense '" + getName() + "' expects input with at least one axis per sample."
                    + " Received: input shape (None,)");
        }
        int[] out = in.clone();
        out[out.length - 1] = units;
        return out;
    }

    @Override
    protected List<VariableSpec> variables(List<int[]> inputShapes) {
        int[] in = inputShapes.get(0);
        int[] kernel = {in[in.length - 1], units};
        VariableSpec k = VariableSpec.trainable("kernel", kernel, getKernelRegularizer());
        return getUseBias() ? List.of(k, VariableSpec.trainable("bias", new int[] {units}, getBiasRegularizer())) : List.of(k);
    }

    @Override
    protected List<Tensor> initialWeights(List<int[]> inputShapes, Random rng) {
        int[] in = inputShapes.get(0);
        return initialKernelAndBias(new int[] {in[in.length - 1], units}, units, rng);
    }

    @Override
    public LayerSpec toSpec() {
        return new DenseSpec(getName(), inputShape(), units, getActivation(), getUseBias(), getKernelRegularizer(),
                getBiasRegularizer());
    }

    /**
     * Keras's {@code supports_masking}: Dense acts on each step of a sequence alone, so the mask
     * passes through unchanged (a masked step's output is computed and then left out by the layers
     * and losses after it).
     */
    @Override
    public io.jkeras.backend.MaskSpec outputMask(String input, int[] inputShape, io.jkeras.backend.MaskSpec inputMask) {
        return inputMask;
    }
}
