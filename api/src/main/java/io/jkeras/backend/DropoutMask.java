package io.jkeras.backend;

/**
 * The dropout mask every backend uses: a counter-based draw, so that the mask of a layer at a
 * training step depends only on the layer's seed, the step and each value's position, never on
 * which backend or thread draws it. Each value's uniform number in {@code [0, 1)} is the top 24
 * bits of SplitMix64's mix of {@code (seed, step, index)}; the value is kept when that number is
 * at least {@code rate}, as in Keras ({@code uniform >= rate}).
 */
public final class DropoutMask {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private DropoutMask() {
    }

    /**
     * Fills {@code mask[0, count)} with {@code 1 / (1 - rate)} (rounded to float32) where a value is
     * kept and 0 where it is dropped; the layer's output is then {@code input * mask}.
     *
     * @param mask where the mask goes
     * @param count values in the batch, {@code batch * features}, indexed row-major
     * @param seed the layer's seed
     * @param step the training step, from 0
     * @param rate the fraction dropped, in {@code [0, 1)}
     */
    public static void fill(float[] mask, int count, long seed, long step, float rate) {
        fill(mask, 0, count, seed, step, 0, rate);
    }

    /**
     * Fills {@code mask[offset, offset + count)} with the values of positions {@code first} to
     * {@code first + count - 1} of the draw of {@code (seed, step)}: one layer's several masks (a
     * recurrent layer's input and state masks) are consecutive ranges of one draw, each with its rate.
     *
     * @param mask where the mask goes
     * @param offset the index in {@code mask} of the first value
     * @param count values
     * @param seed the layer's seed
     * @param step the training step, from 0
     * @param first the position of the first value in the draw
     * @param rate the fraction dropped, in {@code [0, 1)}
     */
    public static void fill(float[] mask, int offset, int count, long seed, long step, long first, float rate) {
        float scale = scale(rate);
        long base = mix(seed + step * GOLDEN);
        // u = t / 2^24 for the draw's top 24 bits t, and u >= rate exactly when t >= ceil(rate · 2^24)
        // (rate · 2^24 is exact in float32). Kept or not as the sign bit of (threshold - 1 - t), times
        // the scale: a branch on u >= rate mispredicted half the time at rate 0.5.
        long threshold = (long) Math.ceil(rate * 0x1.0p24f);
        for (int i = 0; i < count; i++) {
            long t = mix(base + (first + i + 1) * GOLDEN) >>> 40;
            mask[offset + i] = scale * ((threshold - 1 - t) >>> 63);
        }
    }

    /**
     * Fills {@code mask[0, batch * size(shape))} with the mask of a dropout whose noise has the
     * per-sample shape {@code noiseShape} (each axis 1 or that of {@code shape}): the
     * {@code batch * size(noiseShape)} values of {@link #fill(float[], int, long, long, float)},
     * row-major over {@code (batch, ...noiseShape)}, each repeated along the axes where the noise
     * has size 1 (Keras's {@code noise_shape} broadcast). Without such an axis it is that
     * method's mask.
     */
    public static void fill(float[] mask, int batch, int[] shape, int[] noiseShape, long seed, long step, float rate) {
        int size = Shapes.size(shape, "the dropout shape");
        int noiseSize = Shapes.size(noiseShape, "the dropout noise shape");
        fill(mask, batch * noiseSize, seed, step, rate);
        if (noiseSize == size) {
            return;
        }
        int rank = shape.length;
        int[] noiseStrides = new int[rank];
        for (int i = rank - 1, n = 1; i >= 0; i--) {
            noiseStrides[i] = noiseShape[i] == 1 ? 0 : n;
            n *= noiseShape[i];
        }
        // Backwards in place: value k's noise index is never above k, and is read before it is overwritten.
        for (int b = batch - 1; b >= 0; b--) {
            for (int k = size - 1; k >= 0; k--) {
                int j = 0;
                for (int i = rank - 1, rest = k; i >= 0; i--) {
                    j += (rest % shape[i]) * noiseStrides[i];
                    rest /= shape[i];
                }
                mask[b * size + k] = mask[b * noiseSize + j];
            }
        }
    }

    /** The factor kept values are multiplied by: {@code 1 / (1 - rate)}, rounded to float32. */
    public static float scale(float rate) {
        return (float) (1.0 / (1.0 - rate));
    }

    /** SplitMix64's finalizer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
