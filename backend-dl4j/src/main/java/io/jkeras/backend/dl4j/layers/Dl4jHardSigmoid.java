package io.jkeras.backend.dl4j.layers;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras 3's {@code hard_sigmoid}: {@code relu6(x + 3) / 6}. The slope is 1/6 where
 * {@code 0 < x + 3 < 6} and 0 elsewhere.
 */
public final class Dl4jHardSigmoid extends BaseActivationFunction {
    private static final long serialVersionUID = 1L;

    /** The function. */
    public Dl4jHardSigmoid() {
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        in.addi(3f);
        return Transforms.min(Transforms.max(in, 0f, false), 6f, false).divi(6f);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray shifted = in.add(3f);
        INDArray inside = shifted.gt(0f).castTo(DataType.FLOAT).muli(shifted.lt(6f).castTo(DataType.FLOAT));
        return new Pair<>(epsilon.div(6f).muli(inside), null);
    }

    @Override
    public String toString() {
        return "hard_sigmoid";
    }
}
