package io.jkeras.losses;

/**
 * Keras's binary crossentropy. From probabilities: {@code p = clip(y_pred, eps, 1 - eps)},
 * {@code -(y log p + (1 - y) log(1 - p))}; from logits: {@code max(z, 0) - z y + log(1 + exp(-|z|))};
 * the mean over the last axis per sample.
 *
 * @param fromLogits whether {@code y_pred} holds logits rather than probabilities
 */
public record BinaryCrossentropy(boolean fromLogits) implements Loss {
    /** From probabilities, Keras's default. */
    public BinaryCrossentropy() {
        this(false);
    }

    @Override
    public String name() {
        return "binary_crossentropy";
    }
}
