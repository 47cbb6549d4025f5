package io.jkeras.backend;

import java.util.List;

/**
 * Keras's {@code Flatten} and {@code Reshape}: the same values, row-major, under another per-sample
 * shape of the same size. No value moves, so a backend that keeps tensors row-major can pass the
 * data through.
 *
 * @param name the layer's name
 * @param inputShape the per-sample input shape
 * @param outputShape the per-sample output shape, with as many values
 */
public record ReshapeSpec(String name, int[] inputShape, int[] outputShape) implements LayerSpec {

    /** Copies the shapes and checks that they hold as many values. */
    public ReshapeSpec {
        inputShape = inputShape.clone();
        outputShape = outputShape.clone();
        if (Shapes.size(inputShape, name) != Shapes.size(outputShape, name)) {
            throw new IllegalArgumentException("Reshape '" + name + "' cannot turn " + Shapes.withBatch(inputShape)
                    + " into " + Shapes.withBatch(outputShape) + ".");
        }
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int[] outputShape() {
        return outputShape.clone();
    }

    /** Values per sample. */
    public int size() {
        return Shapes.size(inputShape, name);
    }

    @Override
    public List<int[]> inputShapes() {
        return List.of(inputShape.clone());
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.reshape(this);
    }
}
