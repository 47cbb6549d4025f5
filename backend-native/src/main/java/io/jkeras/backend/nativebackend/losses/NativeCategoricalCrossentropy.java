package io.jkeras.backend.nativebackend.losses;

/**
 * Keras's {@code categorical_crossentropy} over one-hot (or soft) labels.
 *
 * <p>From probabilities: {@code q = y_pred / sum(y_pred)}, {@code p = clip(q, eps, 1 - eps)},
 * {@code -sum(y log p)}. With {@code g = -y / p} inside the clipping range (0 outside), the
 * gradient through the normalisation is {@code (g - sum(g q)) / sum(y_pred)}. From logits:
 * {@code -sum(y log_softmax(z))}, whose gradient is {@code softmax(z) sum(y) - y}.
 */
public class NativeCategoricalCrossentropy extends CrossentropyLoss {
    private final boolean sparse;

    /** The loss, from logits or from probabilities clipped with {@code epsilon}. */
    public NativeCategoricalCrossentropy(boolean fromLogits, float epsilon) {
        this(fromLogits, epsilon, false);
    }

    /** The loss over one-hot labels, or over class indices when {@code sparse}. */
    NativeCategoricalCrossentropy(boolean fromLogits, float epsilon, boolean sparse) {
        super(fromLogits, epsilon);
        this.sparse = sparse;
    }

    @Override
    public final double compute(float[] yTrue, float[] yPred, int rows, int width, float[] grad, double weight) {
        double scale = weight / rows;
        double total = 0;
        float[] y = sparse ? null : yTrue;
        for (int r = 0; r < rows; r++) {
            int off = r * width;
            int cls = sparse ? (int) yTrue[r] : -1;
            total += fromLogits
                    ? Crossentropy.fromLogits(y, off, cls, yPred, off, width, grad, scale)
                    : Crossentropy.fromProbabilities(y, off, cls, yPred, off, width, lo, hi, grad, scale);
        }
        return total * (1.0 / rows);
    }
}
