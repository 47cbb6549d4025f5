package io.jkeras.backend.dl4j.losses;

/**
 * What the crossentropies share: whether predictions are logits, and the clipping range
 * {@code [epsilon, 1 - epsilon]} (in float32, as Keras computes it) for probabilities. Mirrors
 * the native backend's {@code CrossentropyLoss}.
 */
public abstract class Dl4jCrossentropyLoss extends Dl4jLoss {
    private static final long serialVersionUID = 1L;
    /** Whether predictions are logits rather than probabilities. */
    protected final boolean fromLogits;
    /** The lower clipping bound, {@code epsilon}. */
    protected final float lo;
    /** The upper clipping bound, {@code 1 - epsilon}. */
    protected final float hi;

    /** A crossentropy from logits, or from probabilities clipped with {@code epsilon}. */
    protected Dl4jCrossentropyLoss(boolean fromLogits, float epsilon) {
        this.fromLogits = fromLogits;
        this.lo = epsilon;
        this.hi = 1f - epsilon;
    }
}
