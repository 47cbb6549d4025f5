package io.jkeras.layers;

import io.jkeras.backend.GlobalPoolingSpec;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.PoolingSpec;

/**
 * What the global pooling layers share (Keras's {@code BaseGlobalPooling}): each channel's mean or
 * maximum over every spatial position, channels last. No weights.
 *
 * <p>Input shape: {@code (batch, spatial..., channels)} with {@code rank} spatial axes. Output shape:
 * {@code (batch, channels)}.
 */
public abstract class BaseGlobalPooling extends Layer {
    private final int rank;
    private final PoolingSpec.Op op;
    private boolean formatGiven;

    BaseGlobalPooling(int rank, PoolingSpec.Op op) {
        this.rank = rank;
        this.op = op;
    }

    /**
     * Keras's {@code data_format}: only {@code "channels_last"} is supported.
     *
     * @return this layer
     */
    public BaseGlobalPooling dataFormat(String format) {
        ConvArgs.checkDataFormat(className(), format);
        formatGiven = true;
        return this;
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        if (!formatGiven) {
            ConvArgs.checkConfiguredFormat(className(), getName());
        }
        ConvArgs.checkRank(className(), getName(), in, rank);
        return new int[] {in[rank]};
    }

    @Override
    public LayerSpec toSpec() {
        return new GlobalPoolingSpec(getName(), inputShape(), op);
    }
}
