package io.jkeras.backend;

/**
 * Keras's {@code Dropout} layer. While training, each value is kept with probability
 * {@code 1 - rate} and scaled by {@code 1 / (1 - rate)}, or zeroed; otherwise the layer passes
 * its input through. Backends draw the mask with {@link DropoutMask}, so that every backend
 * drops the same values at the same step.
 *
 * @param name the layer's name
 * @param shape the per-sample shape, in and out
 * @param rate the fraction of values dropped, in {@code [0, 1)}
 * @param seed the layer's seed for {@link DropoutMask}
 */
public record DropoutSpec(String name, int[] shape, float rate, long seed) implements SameShapeSpec {

    /** Copies the shape. */
    public DropoutSpec {
        shape = shape.clone();
    }

    /** A dropout over samples of {@code size} features. */
    public DropoutSpec(String name, int size, float rate, long seed) {
        this(name, new int[] {size}, rate, seed);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.dropout(this);
    }
}
