package io.jkeras.backend;

import java.util.List;

/**
 * Keras's {@code GlobalAveragePooling1D/2D} and {@code GlobalMaxPooling1D/2D}, channels last: each
 * channel's mean or maximum over every spatial position, so {@code (spatial..., channels)} becomes
 * {@code (channels,)}. No weights.
 *
 * <p>With a mask (GlobalAveragePooling1D only, as Keras), the mean is over the unmasked steps:
 * {@code sum_t m_t x[t, c] / sum_t m_t}, so a sample whose every step is masked gives {@code 0 / 0},
 * NaN, as in Keras.
 *
 * @param name the layer's name
 * @param inputShape the per-sample input shape {@code (spatial..., channels)}, rank 2 or 3
 * @param op maximum or average
 * @param mask the mask arriving with a {@code (steps, channels)} input, or {@code null}; its source is
 *     then the layer's second input
 */
public record GlobalPoolingSpec(String name, int[] inputShape, PoolingSpec.Op op, MaskSpec mask) implements LayerSpec {

    /** Copies the shape and checks its rank, and that a mask is over the steps of a 1D average. */
    public GlobalPoolingSpec {
        inputShape = inputShape.clone();
        if (inputShape.length < 2 || inputShape.length > 3) {
            throw new IllegalArgumentException("Global pooling '" + name + "' needs an input of rank 2 or 3 per sample."
                    + " Received: " + Shapes.withBatch(inputShape));
        }
        if (mask != null && (inputShape.length != 2 || op != PoolingSpec.Op.AVERAGE || mask.steps() != inputShape[0])) {
            throw new IllegalArgumentException("Global pooling '" + name + "': only a 1D average takes a mask, of one value"
                    + " per step. Received: a mask of " + mask.steps() + " steps for " + op + " pooling of "
                    + Shapes.withBatch(inputShape));
        }
    }

    /** A pooling without a mask. */
    public GlobalPoolingSpec(String name, int[] inputShape, PoolingSpec.Op op) {
        this(name, inputShape, op, null);
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** The channels: the last input axis. */
    public int channels() {
        return inputShape[inputShape.length - 1];
    }

    /** Spatial positions per sample: the product of every axis but the last. */
    public int positions() {
        return Shapes.size(inputShape, name) / Math.max(1, channels());
    }

    @Override
    public List<int[]> inputShapes() {
        return mask == null ? List.of(inputShape.clone()) : List.of(inputShape.clone(), mask.sourceShape());
    }

    @Override
    public int[] outputShape() {
        return new int[] {channels()};
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.globalPooling(this);
    }
}
