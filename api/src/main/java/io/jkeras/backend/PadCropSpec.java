package io.jkeras.backend;

/**
 * Keras's {@code ZeroPadding2D} and {@code Cropping2D}, channels last: rows and columns of zeros
 * added to, or removed from, each side of an image {@code (height, width, channels)}. No weights.
 *
 * @param name the layer's name
 * @param inputShape the per-sample input shape {@code (height, width, channels)}
 * @param mode padding or cropping
 * @param top rows added or removed at the top
 * @param bottom rows at the bottom
 * @param left columns at the left
 * @param right columns at the right
 */
public record PadCropSpec(String name, int[] inputShape, Mode mode, int top, int bottom, int left, int right)
        implements GatherSpec {

    /** What the layer does at the edges. */
    public enum Mode {
        /** Adds zeros (ZeroPadding2D). */
        ZERO_PAD,
        /** Removes values (Cropping2D). */
        CROP
    }

    /** Copies the shape and checks the amounts against it. */
    public PadCropSpec {
        inputShape = inputShape.clone();
        if (inputShape.length != 3 || top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("Layer '" + name + "': bad " + mode + " of " + Shapes.withBatch(inputShape));
        }
        if (mode == Mode.CROP && (top + bottom >= inputShape[0] || left + right >= inputShape[1])) {
            throw new IllegalArgumentException("Layer '" + name + "' crops all of " + Shapes.withBatch(inputShape));
        }
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int[] outputShape() {
        int sign = mode == Mode.ZERO_PAD ? 1 : -1;
        return new int[] {inputShape[0] + sign * (top + bottom), inputShape[1] + sign * (left + right), inputShape[2]};
    }

    @Override
    public int[] sourceIndices() {
        int[] out = outputShape();
        int c = inputShape[2];
        // Output row r holds input row r - top when padding, r + top when cropping.
        int dy = mode == Mode.ZERO_PAD ? -top : top;
        int dx = mode == Mode.ZERO_PAD ? -left : left;
        int[] idx = new int[out[0] * out[1] * c];
        int k = 0;
        for (int r = 0; r < out[0]; r++) {
            int y = r + dy;
            for (int q = 0; q < out[1]; q++) {
                int x = q + dx;
                boolean inside = y >= 0 && y < inputShape[0] && x >= 0 && x < inputShape[1];
                for (int ch = 0; ch < c; ch++) {
                    idx[k++] = inside ? (y * inputShape[1] + x) * c + ch : -1;
                }
            }
        }
        return idx;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.padCrop(this);
    }
}
