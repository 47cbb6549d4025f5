package io.jkeras.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.ConvSpec;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.Padding;
import io.jkeras.backend.VariableSpec;
import java.util.List;
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
public abstract class BaseConv<T extends BaseConv<T>> extends KernelLayer<T> {
    private final int rank;
    private final int filters;
    private final int[] kernelSize;
    private int[] strides;
    private int[] dilationRate;
    private Padding padding = Padding.VALID;
    private boolean formatGiven;

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

    /** The number of output channels. */
    public int filters() {
        return filters;
    }

    /** The window per spatial axis. */
    public int[] kernelSize() {
        return kernelSize.clone();
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
        return initialKernelAndBias(variables(inputShapes).get(0).shape(), filters, rng);
    }

    private ConvSpec toSpec(int[] in) {
        return new ConvSpec(getName(), in, filters, kernelSize, strides, padding, dilationRate, getActivation(),
                getUseBias(), getKernelRegularizer(), getBiasRegularizer());
    }

    @Override
    public LayerSpec toSpec() {
        return toSpec(inputShape());
    }
}
