package io.jkeras.layers;

import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.Padding;
import io.jkeras.backend.PoolingSpec;

/**
 * What the max and average pooling layers share (Keras's {@code BasePooling}): each channel's
 * maximum or mean over windows of {@code poolSize}, stepping by {@code strides} (default
 * {@code poolSize}), channels last. With {@code padding="same"} the mean counts only input
 * positions, never padding. No weights.
 *
 * <p>Input shape: {@code (batch, spatial..., channels)} with {@code rank} spatial axes. Output shape:
 * {@code (batch, outSpatial..., channels)}, {@code out = floor((in - pool) / s) + 1} with
 * {@code padding="valid"}, {@code ceil(in / s)} with {@code "same"}.
 *
 * @param <T> the concrete layer, returned by the configuration methods
 */
public abstract class BasePooling<T extends BasePooling<T>> extends Layer {
    private final int rank;
    private final PoolingSpec.Op op;
    private final int[] poolSize;
    private int[] strides;
    private Padding padding = Padding.VALID;
    private boolean formatGiven;

    BasePooling(int rank, PoolingSpec.Op op, int[] poolSize) {
        this.rank = rank;
        this.op = op;
        this.poolSize = ConvArgs.positiveTuple(className(), "pool_size", poolSize, rank);
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    /** The step between windows, one per axis ({@code poolSize} unless set). */
    public int[] getStrides() {
        return strides == null ? poolSize.clone() : strides.clone();
    }

    /** {@code "valid"} or {@code "same"}, as Keras writes it. */
    public String getPadding() {
        return padding.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The step between windows, one value for every axis or one per axis (default: {@code poolSize}). */
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

    /** Keras's {@code data_format}: only {@code "channels_last"} is supported; it overrides {@code keras.json}'s {@code image_data_format}. */
    public T dataFormat(String format) {
        ConvArgs.checkDataFormat(className(), format);
        formatGiven = true;
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

    /** The window per spatial axis. */
    public int[] poolSize() {
        return poolSize.clone();
    }

    private int[] effectiveStrides() {
        return strides == null ? poolSize.clone() : strides.clone();
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        int[] ones = new int[rank];
        java.util.Arrays.fill(ones, 1);
        if (!formatGiven) {
            ConvArgs.checkConfiguredFormat(className(), getName());
        }
        ConvArgs.checkWindows(className(), getName(), in, rank, "pool_size", poolSize, effectiveStrides(), ones, padding);
        return toSpec(in).outputShape();
    }

    private PoolingSpec toSpec(int[] in) {
        return new PoolingSpec(getName(), in, op, poolSize, effectiveStrides(), padding);
    }

    @Override
    public LayerSpec toSpec() {
        return toSpec(inputShape());
    }
}
