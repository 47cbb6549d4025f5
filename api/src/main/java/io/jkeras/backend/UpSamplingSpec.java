package io.jkeras.backend;

/**
 * Keras's {@code UpSampling2D} with {@code interpolation="nearest"}, channels last: each row
 * repeated {@code rows} times and each column {@code cols} times. No weights.
 *
 * @param name the layer's name
 * @param inputShape the per-sample input shape {@code (height, width, channels)}
 * @param rows the factor on the height
 * @param cols the factor on the width
 */
public record UpSamplingSpec(String name, int[] inputShape, int rows, int cols) implements GatherSpec {

    /** Copies the shape and checks the factors. */
    public UpSamplingSpec {
        inputShape = inputShape.clone();
        if (inputShape.length != 3 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("UpSampling2D '" + name + "': bad size (" + rows + ", " + cols + ") for "
                    + Shapes.withBatch(inputShape));
        }
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int[] outputShape() {
        return new int[] {inputShape[0] * rows, inputShape[1] * cols, inputShape[2]};
    }

    @Override
    public int[] sourceIndices() {
        int[] out = outputShape();
        int c = inputShape[2];
        int[] idx = new int[out[0] * out[1] * c];
        int k = 0;
        for (int r = 0; r < out[0]; r++) {
            for (int q = 0; q < out[1]; q++) {
                int base = ((r / rows) * inputShape[1] + q / cols) * c;
                for (int ch = 0; ch < c; ch++) {
                    idx[k++] = base + ch;
                }
            }
        }
        return idx;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.upSampling(this);
    }
}
