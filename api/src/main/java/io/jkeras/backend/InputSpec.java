package io.jkeras.backend;

/**
 * One input of a {@link ModelSpec}: Keras's {@code Input(shape, name)}.
 *
 * @param name the input's name, which is also the name of the tensor it feeds
 * @param shape the per-sample shape
 * @param integer whether it holds integer indices (e.g. for an {@code Embedding}); the facade has
 *     checked that every value is a whole number
 */
public record InputSpec(String name, int[] shape, boolean integer) {

    /** Copies the shape. */
    public InputSpec {
        shape = shape.clone();
    }

    /** A float input. */
    public InputSpec(String name, int[] shape) {
        this(name, shape, false);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }
}
