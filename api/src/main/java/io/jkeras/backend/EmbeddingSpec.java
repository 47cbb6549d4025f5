package io.jkeras.backend;

import io.jkeras.regularizers.Regularizer;
import java.util.List;

/**
 * Keras's {@code Embedding}: each integer index {@code i} of the input becomes row {@code i} of the
 * {@code embeddings} variable {@code (inputDim, outputDim)}, so a per-sample input of shape
 * {@code (...)} gives {@code (..., outputDim)}. The facade has checked that every index the model's
 * data feeds it is a whole number in {@code [0, inputDim)}; the gradient reaches the embeddings only
 * (indices have none).
 *
 * @param name the layer's name
 * @param inputShape the per-sample input shape, of indices
 * @param inputDim the vocabulary size: rows of the embeddings
 * @param outputDim the width of each embedding
 * @param regularizer the penalty on the embeddings, or {@code null}
 */
public record EmbeddingSpec(String name, int[] inputShape, int inputDim, int outputDim, Regularizer regularizer)
        implements LayerSpec {

    /** Copies the shape. */
    public EmbeddingSpec {
        inputShape = inputShape.clone();
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** Indices per sample. */
    public int indices() {
        return Shapes.size(inputShape, "the input of Embedding '" + name + "'");
    }

    @Override
    public List<int[]> inputShapes() {
        return List.of(inputShape.clone());
    }

    @Override
    public int[] outputShape() {
        int[] out = java.util.Arrays.copyOf(inputShape, inputShape.length + 1);
        out[inputShape.length] = outputDim;
        return out;
    }

    @Override
    public List<VariableSpec> variables() {
        return List.of(VariableSpec.trainable("embeddings", new int[] {inputDim, outputDim}, regularizer));
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.embedding(this);
    }
}
