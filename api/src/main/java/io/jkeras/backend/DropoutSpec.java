package io.jkeras.backend;

/**
 * Keras's {@code Dropout} layer. While training, each value is kept with probability
 * {@code 1 - rate} and scaled by {@code 1 / (1 - rate)}, or zeroed; otherwise the layer passes
 * its input through. Backends draw the mask with {@link DropoutMask}, so that every backend
 * drops the same values at the same step.
 *
 * <p>With a {@code noiseShape} (Keras's {@code noise_shape}, per sample), one mask value is drawn
 * per position of the noise shape and shared along its axes of size 1: {@code SpatialDropout2D}
 * is the noise shape {@code (1, 1, channels)}, which drops whole channels.
 *
 * @param name the layer's name
 * @param shape the per-sample shape, in and out
 * @param rate the fraction of values dropped, in {@code [0, 1)}
 * @param seed the layer's seed for {@link DropoutMask}
 * @param noiseShape the per-sample shape of the mask: each axis 1 (shared) or that of {@code shape}
 */
public record DropoutSpec(String name, int[] shape, float rate, long seed, int[] noiseShape) implements SameShapeSpec {

    /** Copies the shapes and checks that the noise shape broadcasts to the shape. */
    public DropoutSpec {
        shape = shape.clone();
        noiseShape = noiseShape.clone();
        boolean ok = noiseShape.length == shape.length;
        for (int i = 0; ok && i < shape.length; i++) {
            ok = noiseShape[i] == 1 || noiseShape[i] == shape[i];
        }
        if (!ok) {
            throw new IllegalArgumentException("Dropout '" + name + "': noise shape " + Shapes.withBatch(noiseShape)
                    + " does not broadcast to " + Shapes.withBatch(shape));
        }
    }

    /** A dropout of every value on its own (no noise shape). */
    public DropoutSpec(String name, int[] shape, float rate, long seed) {
        this(name, shape, rate, seed, shape);
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
    public int[] noiseShape() {
        return noiseShape.clone();
    }

    /** Fills {@code mask[0, batch * size())} with this layer's mask of a training step ({@link DropoutMask#fill(float[], int, int[], int[], long, long, float)}). */
    public void fillMask(float[] mask, int batch, long step) {
        DropoutMask.fill(mask, batch, shape, noiseShape, seed, step, rate);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.dropout(this);
    }
}
