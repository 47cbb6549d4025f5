package io.jkeras.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;

/**
 * Keras's {@code keras.Input(shape)}: declares the shape of one sample. Added first to a
 * {@code Sequential}; like in Keras, it is not one of the model's layers.
 */
public final class Input {
    private final int[] shape;

    /** The shape of one sample, without the batch axis: {@code new Input(784)}, {@code new Input(28, 28)}. */
    public Input(int... shape) {
        if (shape.length == 0) {
            throw new KerasException("Input needs a shape, e.g. new Input(784).");
        }
        for (int d : shape) {
            if (d <= 0) {
                throw new KerasException("Input shape dimensions must be positive. Received: " + Tensor.shapeToString(shape));
            }
        }
        this.shape = shape.clone();
    }

    /** The shape of one sample. */
    public int[] shape() {
        return shape.clone();
    }
}
