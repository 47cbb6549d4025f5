package io.jkeras.backend;

/**
 * One layer of a {@link ModelSpec}, with its shapes resolved. Inputs and outputs are rank 2,
 * {@code (batch, features)}.
 */
public sealed interface LayerSpec permits DenseSpec, SameSizeSpec {

    /** The layer's Keras name, e.g. {@code "dense_1"}. */
    String name();

    /** Features per sample coming in. */
    int inputSize();

    /** Features per sample going out. */
    int outputSize();
}
