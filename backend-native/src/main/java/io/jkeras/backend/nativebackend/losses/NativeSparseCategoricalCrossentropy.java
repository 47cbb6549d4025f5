package io.jkeras.backend.nativebackend.losses;

/**
 * Keras's {@code sparse_categorical_crossentropy}: categorical crossentropy with the one-hot
 * labels given as class indices, {@code (batch, 1)}. Same formulas and gradients as
 * {@link NativeCategoricalCrossentropy}.
 */
public final class NativeSparseCategoricalCrossentropy extends NativeCategoricalCrossentropy {

    /** The loss, from logits or from probabilities clipped with {@code epsilon}. */
    public NativeSparseCategoricalCrossentropy(boolean fromLogits, float epsilon) {
        super(fromLogits, epsilon, true);
    }
}
