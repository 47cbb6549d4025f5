package io.jkeras.losses;

/**
 * Keras's sparse categorical crossentropy: as {@link CategoricalCrossentropy} with the one-hot
 * labels given as integer class indices, shape {@code (batch,)} or {@code (batch, 1)}.
 *
 * @param fromLogits whether {@code y_pred} holds logits rather than probabilities
 */
public record SparseCategoricalCrossentropy(boolean fromLogits) implements Loss {
    /** From probabilities, Keras's default. */
    public SparseCategoricalCrossentropy() {
        this(false);
    }

    @Override
    public String name() {
        return "sparse_categorical_crossentropy";
    }
}
