package io.jkeras.backend.dl4j.layers;

import io.jkeras.activations.Activation;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras's {@code leaky_relu} with its default {@code negative_slope = 0.2}: {@code x} where
 * {@code x > 0}, else {@code 0.2 x}. The derivative is 1 where {@code x > 0} and 0.2 elsewhere,
 * 0 included (DL4J's own takes 1 at 0).
 */
public final class Dl4jLeakyRelu extends BaseActivationFunction {
    private static final long serialVersionUID = 1L;
    private static final float SLOPE = (float) Activation.LEAKY_RELU_SLOPE;

    /** The function. */
    public Dl4jLeakyRelu() {
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        INDArray negative = Transforms.min(in, 0f, true).muli(SLOPE);
        return Transforms.max(in, 0f, false).addi(negative);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray positive = in.gt(0f).castTo(DataType.FLOAT);
        INDArray negative = positive.rsub(1f).muli(SLOPE);
        return new Pair<>(epsilon.mul(positive).addi(epsilon.mul(negative)), null);
    }

    @Override
    public String toString() {
        return "leaky_relu";
    }
}
