package io.jkeras.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.activations.Activation;
import io.jkeras.backend.DenseSpec;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.VariableSpec;
import io.jkeras.initializers.Constant;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.VarianceScaling;
import io.jkeras.regularizers.Regularizer;
import java.util.List;
import java.util.Objects;
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
public final class Dense extends Layer {
    private final int units;
    private Activation activation;
    private boolean useBias = true;
    private Initializer kernelInitializer = VarianceScaling.glorotUniform();
    private Initializer biasInitializer = new Constant(0f);
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;

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
        this.activation = Objects.requireNonNull(activation, "activation");
    }

    /** Keras's {@code input_dim}: the input has {@code dim} features. */
    public Dense inputDim(int dim) {
        inputShape(dim);
        return this;
    }

    /** The activation. */
    public Dense activation(Activation a) {
        checkNotBuilt("the activation");
        this.activation = Objects.requireNonNull(a, "activation");
        return this;
    }

    /** Whether the layer has a bias (Keras's {@code use_bias}, default true). */
    public Dense useBias(boolean b) {
        checkNotBuilt("useBias");
        this.useBias = b;
        return this;
    }

    /** The kernel initializer. */
    public Dense kernelInitializer(Initializer init) {
        checkNotBuilt("the kernel initializer");
        this.kernelInitializer = Objects.requireNonNull(init, "kernelInitializer");
        return this;
    }

    /** The kernel initializer by Keras name, e.g. {@code "he_normal"}. */
    public Dense kernelInitializer(String name) {
        return kernelInitializer(Initializer.get(name));
    }

    /** The bias initializer. */
    public Dense biasInitializer(Initializer init) {
        checkNotBuilt("the bias initializer");
        this.biasInitializer = Objects.requireNonNull(init, "biasInitializer");
        return this;
    }

    /** The bias initializer by Keras name. */
    public Dense biasInitializer(String name) {
        return biasInitializer(Initializer.get(name));
    }

    /** A penalty on the kernel added to the loss, e.g. {@code Regularizer.l2(0.01)}. */
    public Dense kernelRegularizer(Regularizer r) {
        checkNotBuilt("the kernel regularizer");
        this.kernelRegularizer = r;
        return this;
    }

    /** A penalty on the bias added to the loss. */
    public Dense biasRegularizer(Regularizer r) {
        checkNotBuilt("the bias regularizer");
        this.biasRegularizer = r;
        return this;
    }

    @Override
    public Dense name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public Dense inputShape(int... shape) {
        super.inputShape(shape);
        return this;
    }

    /** The number of outputs. */
    public int units() {
        return units;
    }

    /** The activation. */
    public Activation getActivation() {
        return activation;
    }

    /** Whether the layer has a bias. */
    public boolean getUseBias() {
        return useBias;
    }

    /** The kernel initializer. */
    public Initializer getKernelInitializer() {
        return kernelInitializer;
    }

    /** The bias initializer. */
    public Initializer getBiasInitializer() {
        return biasInitializer;
    }

    /** The kernel's penalty, or {@code null}. */
    public Regularizer getKernelRegularizer() {
        return kernelRegularizer;
    }

    /** The bias's penalty, or {@code null}. */
    public Regularizer getBiasRegularizer() {
        return biasRegularizer;
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
        VariableSpec k = VariableSpec.trainable("kernel", kernel, kernelRegularizer);
        return useBias ? List.of(k, VariableSpec.trainable("bias", new int[] {units}, biasRegularizer)) : List.of(k);
    }

    @Override
    protected List<Tensor> initialWeights(List<int[]> inputShapes, Random rng) {
        int[] in = inputShapes.get(0);
        Tensor kernel = kernelInitializer.apply(new int[] {in[in.length - 1], units}, rng);
        return useBias ? List.of(kernel, biasInitializer.apply(new int[] {units}, rng)) : List.of(kernel);
    }

    @Override
    public LayerSpec toSpec() {
        return new DenseSpec(getName(), inputShape(), units, activation, useBias, kernelRegularizer, biasRegularizer);
    }
}
