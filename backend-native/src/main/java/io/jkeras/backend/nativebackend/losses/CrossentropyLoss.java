package io.jkeras.backend.nativebackend.losses;

/**
 * What the crossentropies share: whether predictions are logits, and the clipping range
 * {@code [epsilon, 1 - epsilon]} (in float32, as Keras computes it) for probabilities.
 */
public abstract class CrossentropyLoss extends NativeLoss {
    /** Whether predictions are logits rather than probabilities. */
    protected final boolean fromLogits;
    /** The lower clipping bound, {@code epsilon}. */
    protected final float lo;
    /** The upper clipping bound, {@code 1 - epsilon}. */
    protected final float hi;

    /** A crossentropy from logits, or from probabilities clipped with {@code epsilon}. */
    protected CrossentropyLoss(boolean fromLogits, float epsilon) {
        this.fromLogits = fromLogits;
        this.lo = epsilon;
        this.hi = 1f - epsilon;
    }
}
