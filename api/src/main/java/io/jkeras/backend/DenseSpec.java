package io.jkeras.backend;

import io.jkeras.activations.Activation;
import io.jkeras.regularizers.Regularizer;
import java.util.List;

/**
 * Keras's {@code Dense}: {@code activation(x @ kernel + bias)} on the last axis of its input, kernel
 * {@code (inputSize, units)}. An input of per-sample shape {@code (..., inputSize)} gives
 * {@code (..., units)}: every leading position is one row of the product.
 *
 * @param name the layer's name
 * @param inputShape the per-sample input shape; its last axis has {@code inputSize} features
 * @param units features going out
 * @param activation applied to the affine output
 * @param useBias whether the layer has a bias
 * @param kernelRegularizer penalty on the kernel, or {@code null}
 * @param biasRegularizer penalty on the bias, or {@code null}
 */
public record DenseSpec(String name, int[] inputShape, int units, Activation activation, boolean useBias,
        Regularizer kernelRegularizer, Regularizer biasRegularizer) implements LayerSpec {

    /** Copies the shape. */
    public DenseSpec {
        inputShape = inputShape.clone();
        if (inputShape.length == 0) {
            throw new IllegalArgumentException("Dense '" + name + "' needs an input of rank 1 or more per sample.");
        }
    }

    /** A Dense layer on inputs of one axis of {@code inputSize} features. */
    public DenseSpec(String name, int inputSize, int units, Activation activation, boolean useBias,
            Regularizer kernelRegularizer, Regularizer biasRegularizer) {
        this(name, new int[] {inputSize}, units, activation, useBias, kernelRegularizer, biasRegularizer);
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** Features on the last input axis: the kernel's rows. */
    public int inputSize() {
        return inputShape[inputShape.length - 1];
    }

    /** Rows of the product per sample: the product of every input axis but the last (1 for a rank-1 input). */
    public int rowsPerSample() {
        return Shapes.size(inputShape, "the input of Dense '" + name + "'") / Math.max(1, inputSize());
    }

    @Override
    public List<int[]> inputShapes() {
        return List.of(inputShape.clone());
    }

    @Override
    public int[] outputShape() {
        int[] out = inputShape.clone();
        out[out.length - 1] = units;
        return out;
    }

    @Override
    public List<VariableSpec> variables() {
        VariableSpec kernel = VariableSpec.trainable("kernel", new int[] {inputSize(), units}, kernelRegularizer);
        return useBias ? List.of(kernel, VariableSpec.trainable("bias", new int[] {units}, biasRegularizer)) : List.of(kernel);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.dense(this);
    }
}
