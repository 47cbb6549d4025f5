package io.jkeras.backend.dl4j.layers;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras's {@code swish} ({@code silu}), {@code x * sigmoid(x)}, with the derivative written as
 * {@code s (1 + x (1 - s))}, {@code s = sigmoid(x)}, which stays finite for every finite
 * {@code x}: DL4J's own {@code ActivationSwish} gives NaN at {@code x = -1e4}.
 */
public final class Dl4jSwish extends BaseActivationFunction {
    private static final long serialVersionUID = 1L;

    /** The function. */
    public Dl4jSwish() {
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        // In place, as DL4J's activations: the result must live in the activations' workspace.
        return in.muli(Transforms.sigmoid(in, true));
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray s = Transforms.sigmoid(in, true);
        INDArray slope = s.rsub(1f).muli(in).addi(1f).muli(s);
        return new Pair<>(slope.muli(epsilon), null);
    }

    @Override
    public String toString() {
        return "swish";
    }
}
