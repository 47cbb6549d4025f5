package io.jkeras.backend;

/**
 * Keras's mask of a sequence, as a backend computes it: from the {@code source} tensor, the input of
 * the layer that made it. Step {@code t} of a sample is kept when {@code source[t] != 0}
 * ({@code Embedding(maskZero=true)}, source {@code (timesteps,)} of indices), or when some value of
 * {@code source[t, :]} differs from {@code value} ({@code Masking(maskValue)}, source
 * {@code (timesteps, features)}). A recurrent layer keeps its previous state and output at a masked
 * step, as Keras does.
 *
 * @param source the name of the tensor the mask is computed from; the node of a layer that honours
 *     the mask reads it as its last input
 * @param sourceShape that tensor's per-sample shape
 * @param indices whether the source holds indices (masked where 0) rather than values (masked where
 *     every feature equals {@code value})
 * @param value the masked value of a {@code Masking} source
 */
public record MaskSpec(String source, int[] sourceShape, boolean indices, float value) {

    /** Copies the shape. */
    public MaskSpec {
        sourceShape = sourceShape.clone();
    }

    @Override
    public int[] sourceShape() {
        return sourceShape.clone();
    }

    /** Steps per sample: the source's first axis. */
    public int steps() {
        return sourceShape[0];
    }

    /**
     * Fills {@code mask[offset + b * steps + t]} with 1 for kept steps and 0 for masked ones.
     *
     * @param source the source's values, row-major {@code (batch, ...sourceShape)}
     * @param batch samples
     * @param mask where the mask goes
     * @param offset the index of its first value
     */
    public void fill(float[] source, int batch, float[] mask, int offset) {
        int steps = steps();
        int per = Shapes.size(sourceShape, "the mask source '" + source + "'") / steps;
        for (int r = 0; r < batch * steps; r++) {
            boolean keep = false;
            for (int f = 0; f < per && !keep; f++) {
                keep = source[r * per + f] != (indices ? 0f : value);
            }
            mask[offset + r] = keep ? 1f : 0f;
        }
    }

    /** Whether two masks are computed the same way from the same tensor. */
    public boolean sameAs(MaskSpec o) {
        return o != null && o.source.equals(source) && java.util.Arrays.equals(o.sourceShape, sourceShape)
                && o.indices == indices && Float.compare(o.value, value) == 0;
    }
}
