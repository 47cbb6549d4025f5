package io.jkeras.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.activations.Activation;
import io.jkeras.backend.ConvSpec;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.Padding;
import io.jkeras.backend.VariableSpec;
import io.jkeras.initializers.Constant;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.VarianceScaling;
import io.jkeras.regularizers.Regularizer;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * What {@link Conv1D} and {@link Conv2D} share (Keras's {@code BaseConv}): a channels-last
 * convolution {@code output = activation(conv(input, kernel) + bias)}, kernel
 * {@code (kernelSize..., inChannels, filters)} from {@code kernelInitializer} (default
 * {@code glorot_uniform}), bias {@code (filters,)} from {@code biasInitializer} (default {@code zeros}).
 *
 * <p>Input shape: {@code (batch, spatial..., channels)} with {@code rank} spatial axes. Output shape:
 * {@code (batch, outSpatial..., filters)}, {@code out = floor((in - (k - 1) * d - 1) / s) + 1} with
 * {@code padding="valid"}, {@code ceil(in / s)} with {@code "same"}.
 *
 * @param <T> the concrete layer, returned by the configuration methods
 */
public abstract class BaseConv<T extends BaseConv<T>> extends Layer {
    private final int rank;
    private final int filters;
    private final int[] kernelSize;
    private int[] strides;
    private int[] dilationRate;
    private Padding padding = Padding.VALID;
    private boolean formatGiven;
    private Activation activation = Activation.LINEAR;
    private boolean useBias = true;
    private Initializer kernelInitializer = VarianceScaling.glorotUniform();
    private Initializer biasInitializer = new Constant(0f);
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;

    BaseConv(int rank, int filters, int[] kernelSize) {
        this.rank = rank;
        if (filters <= 0) {
            throw new KerasException(className() + ": invalid value for argument `filters`. Expected a strictly positive"
                    + " value. Received filters=" + filters + ".");
        }
        this.filters = filters;
        this.kernelSize = ConvArgs.positiveTuple(className(), "kernel_size", kernelSize, rank);
        this.strides = ones(rank);
        this.dilationRate = ones(rank);
    }

    private static int[] ones(int rank) {
        int[] v = new int[rank];
        java.util.Arrays.fill(v, 1);
        return v;
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    /** The step between windows, one per axis. */
    public int[] getStrides() {
        return strides.clone();
    }

    /** The dilation of the kernel, one per axis. */
    public int[] getDilationRate() {
        return dilationRate.clone();
    }

    /** {@code "valid"} or {@code "same"}, as Keras writes it. */
    public String getPadding() {
        return padding.name().toLowerCase(java.util.Locale.ROOT);
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

    /** The kernel penalty, or {@code null}. */
    public Regularizer getKernelRegularizer() {
        return kernelRegularizer;
    }

    /** The bias penalty, or {@code null}. */
    public Regularizer getBiasRegularizer() {
        return biasRegularizer;
    }

    /** The step between windows, one value for every axis or one per axis (default 1). */
    public T strides(int... s) {
        checkNotBuilt("strides");
        this.strides = ConvArgs.positiveTuple(className(), "strides", s, rank);
        return self();
    }

    /** {@code "valid"} (default) or {@code "same"}. */
    public T padding(String p) {
        checkNotBuilt("padding");
        this.padding = ConvArgs.padding(className(), p);
        return self();
    }

    /** The dilation of the kernel, one value for every axis or one per axis (default 1). */
    public T dilationRate(int... d) {
        checkNotBuilt("dilationRate");
        this.dilationRate = ConvArgs.positiveTuple(className(), "dilation_rate", d, rank);
        return self();
    }

    /** Keras's {@code data_format}: only {@code "channels_last"} is supported; it overrides {@code keras.json}'s {@code image_data_format}. */
    public T dataFormat(String format) {
        ConvArgs.checkDataFormat(className(), format);
        formatGiven = true;
        return self();
    }

    /** The activation (default linear). */
    public T activation(Activation a) {
        checkNotBuilt("the activation");
        this.activation = Objects.requireNonNull(a, "activation");
        return self();
    }

    /** The activation by Keras name, e.g. {@code "relu"}. */
    public T activation(String name) {
        return activation(Activation.get(name));
    }

    /** Whether the layer has a bias (default true). */
    public T useBias(boolean b) {
        checkNotBuilt("useBias");
        this.useBias = b;
        return self();
    }

    /** The kernel initializer. */
    public T kernelInitializer(Initializer init) {
        checkNotBuilt("the kernel initializer");
        this.kernelInitializer = Objects.requireNonNull(init, "kernelInitializer");
        return self();
    }

    /** The kernel initializer by Keras name, e.g. {@code "he_normal"}. */
    public T kernelInitializer(String name) {
        return kernelInitializer(Initializer.get(name));
    }

    /** The bias initializer. */
    public T biasInitializer(Initializer init) {
        checkNotBuilt("the bias initializer");
        this.biasInitializer = Objects.requireNonNull(init, "biasInitializer");
        return self();
    }

    /** The bias initializer by Keras name. */
    public T biasInitializer(String name) {
        return biasInitializer(Initializer.get(name));
    }

    /** A penalty on the kernel added to the loss. */
    public T kernelRegularizer(Regularizer r) {
        checkNotBuilt("the kernel regularizer");
        this.kernelRegularizer = r;
        return self();
    }

    /** A penalty on the bias added to the loss. */
    public T biasRegularizer(Regularizer r) {
        checkNotBuilt("the bias regularizer");
        this.biasRegularizer = r;
        return self();
    }

    @Override
    public T name(String newName) {
        super.name(newName);
        return self();
    }

    @Override
    public T inputShape(int... shape) {
        super.inputShape(shape);
        return self();
    }

    /** The number of output channels. */
    public int filters() {
        return filters;
    }

    /** The window per spatial axis. */
    public int[] kernelSize() {
        return kernelSize.clone();
    }

    /** The activation. */
    public Activation getActivation() {
        return activation;
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        if (max(strides) > 1 && max(dilationRate) > 1) {
            throw new KerasException(className() + " '" + getName() + "': `strides > 1` not supported in conjunction"
                    + " with `dilation_rate > 1`. Received: strides=" + ConvArgs.tuple(strides) + " and dilation_rate="
                    + ConvArgs.tuple(dilationRate) + " for input shape " + io.jkeras.backend.Shapes.withBatch(in));
        }
        if (!formatGiven) {
            ConvArgs.checkConfiguredFormat(className(), getName());
        }
        ConvArgs.checkWindows(className(), getName(), in, rank, "kernel_size", kernelSize, strides, dilationRate, padding);
        return toSpec(in).outputShape();
    }

    private static int max(int[] v) {
        int m = 0;
        for (int x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    @Override
    protected List<VariableSpec> variables(List<int[]> inputShapes) {
        return toSpec(inputShapes.get(0)).variables();
    }

    @Override
    protected List<Tensor> initialWeights(List<int[]> inputShapes, Random rng) {
        List<VariableSpec> vars = variables(inputShapes);
        Tensor kernel = kernelInitializer.apply(vars.get(0).shape(), rng);
        return useBias ? List.of(kernel, biasInitializer.apply(new int[] {filters}, rng)) : List.of(kernel);
    }

    private ConvSpec toSpec(int[] in) {
        return new ConvSpec(getName(), in, filters, kernelSize, strides, padding, dilationRate, activation, useBias,
                kernelRegularizer, biasRegularizer);
    }

    @Override
    public LayerSpec toSpec() {
        return toSpec(inputShape());
    }
}
