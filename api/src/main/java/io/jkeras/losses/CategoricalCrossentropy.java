package io.jkeras.losses;

/**
 * Keras's categorical crossentropy over one-hot (or soft) labels. From probabilities:
 * {@code p = clip(y_pred / sum(y_pred), eps, 1 - eps)}, {@code -sum(y log p)}; from logits:
 * {@code -sum(y * log_softmax(z))}.
 *
 * @param fromLogits whether {@code y_pred} holds logits rather than probabilities
 */
public record CategoricalCrossentropy(boolean fromLogits) implements Loss {
    /** From probabilities, Keras's default. */
    public CategoricalCrossentropy() {
        this(false);
    }

    @Override
    public String name() {
        return "categorical_crossentropy";
    }
}
