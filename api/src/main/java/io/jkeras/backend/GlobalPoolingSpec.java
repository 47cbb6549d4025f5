package io.jkeras.backend;

import java.util.List;

/**
 * Keras's {@code GlobalAveragePooling1D/2D} and {@code GlobalMaxPooling1D/2D}, channels last: each
 * channel's mean or maximum over every spatial position, so {@code (spatial..., channels)} becomes
 * {@code (channels,)}. No weights.
 *
 * @param name the layer's name
 * @param inputShape the per-sample input shape {@code (spatial..., channels)}, rank 2 or 3
 * @param op maximum or average
 */
public record GlobalPoolingSpec(String name, int[] inputShape, PoolingSpec.Op op) implements LayerSpec {

    /** Copies the shape and checks its rank. */
    public GlobalPoolingSpec {
        inputShape = inputShape.clone();
        if (inputShape.length < 2 || inputShape.length > 3) {
            throw new IllegalArgumentException("Global pooling '" + name + "' needs an input of rank 2 or 3 per sample."
                    + " Received: " + Shapes.withBatch(inputShape));
        }
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
        return List.of(inputShape.clone());
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
