package io.jkeras.backend.dl4j.losses;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code categorical_crossentropy} over one-hot (or soft) labels.
 *
 * <p>From probabilities: {@code q = y_pred / sum(y_pred)}, {@code p = clip(q, eps, 1 - eps)},
 * {@code -sum(y log p)}. With {@code g = -y / p} inside the clipping range (0 outside), the
 * gradient through the normalisation is {@code (g - sum(g q)) / sum(y_pred)}. From logits:
 * {@code -sum(y log_softmax(z))}, whose gradient is {@code softmax(z) sum(y) - y}.
 */
public final class Dl4jCategoricalCrossentropy extends Dl4jCrossentropyLoss {
    private static final long serialVersionUID = 1L;
    /** The loss, from logits or from probabilities clipped with {@code epsilon}. */
    public Dl4jCategoricalCrossentropy(boolean fromLogits, float epsilon) {
        super(fromLogits, epsilon);
    }

    @Override
    protected INDArray perSample(INDArray labels, INDArray output) {
        return fromLogits ? Crossentropy.fromLogits(labels, output) : Crossentropy.fromProbabilities(labels, output, lo, hi);
    }

    @Override
    protected INDArray gradient(INDArray labels, INDArray output) {
        return fromLogits ? Crossentropy.fromLogitsGradient(labels, output)
                : Crossentropy.fromProbabilitiesGradient(labels, output, lo, hi);
    }

    @Override
    public String name() {
        return "categorical_crossentropy";
    }
}
