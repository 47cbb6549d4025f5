package io.jkeras.backend.dl4j.layers;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras's {@code softplus}, {@code log(exp(x) + 1)}, computed as
 * {@code max(x, 0) + log1p(exp(-|x|))} so that it never overflows; the derivative is
 * {@code sigmoid(x)}.
 */
public final class Dl4jSoftplus extends BaseActivationFunction {
    private static final long serialVersionUID = 1L;

    /** The function. */
    public Dl4jSoftplus() {
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        INDArray tail = Transforms.log1p(Transforms.exp(Transforms.abs(in, true).negi(), false), false);
        return Transforms.max(in, 0f, false).addi(tail);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        return new Pair<>(Transforms.sigmoid(in, true).muli(epsilon), null);
    }

    @Override
    public String toString() {
        return "softplus";
    }
}
