package io.jkeras.layers;

import io.jkeras.KerasException;
import io.jkeras.backend.GlobalPoolingSpec;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.MaskSpec;
import io.jkeras.backend.PoolingSpec;
import io.jkeras.backend.Shapes;

/**
 * Keras's {@code GlobalAveragePooling1D}: each channel's mean over every spatial position. No weights.
 * With a mask (from {@code Embedding(maskZero=true)}, {@code Masking}, or a recurrent layer returning
 * sequences after them), the mean is over the unmasked steps only, as in Keras: a sample whose every
 * step is masked gives NaN ({@code 0 / 0}). The mask ends here.
 *
 * <p>Input shape: {@code (batch, steps, channels)}. Output shape: {@code (batch, channels)}.
 */
public final class GlobalAveragePooling1D extends BaseGlobalPooling {

    /** The layer. */
    public GlobalAveragePooling1D() {
        super(1, PoolingSpec.Op.AVERAGE);
    }

    @Override
    public String className() {
        return "GlobalAveragePooling1D";
    }

    @Override
    protected String namePrefix() {
        return "global_average_pooling1d";
    }

    @Override
    public LayerSpec toSpec(MaskSpec inputMask) {
        return new GlobalPoolingSpec(getName(), inputShape(), PoolingSpec.Op.AVERAGE, inputMask);
    }

    /** Keras: the mean is over the unmasked steps; the mask ends here. */
    @Override
    public MaskSpec outputMask(String input, int[] inputShape, MaskSpec inputMask) {
        if (inputMask != null && inputMask.steps() != inputShape[0]) {
            throw new KerasException(className() + " '" + getName() + "' receives a mask of " + inputMask.steps()
                    + " steps (from tensor '" + inputMask.source() + "' of shape "
                    + Shapes.withBatch(inputMask.sourceShape()) + ") for an input of shape " + Shapes.withBatch(inputShape)
                    + ".");
        }
        return null;
    }
}
