package io.jkeras.backend.dl4j.layers;

import io.jkeras.backend.MaskingSpec;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code Masking} as a DL4J activation over rows of one step's features (the graph builder
 * makes the rows): a row whose every value is the mask value becomes zeros, the others pass;
 * backward passes the gradient of the kept rows only.
 */
public final class Dl4jMasking extends BaseActivationFunction {
    private static final long serialVersionUID = 1L;
    private final float value;

    private Dl4jMasking(float value) {
        this.value = value;
    }

    /** The DL4J layer of one node of this Masking, on rows of its features. */
    public static Layer configure(MaskingSpec spec) {
        return new ActivationLayer.Builder().activation(new Dl4jMasking(spec.maskValue())).name(spec.name()).build();
    }

    /** 1 for each row with a value other than the mask value, else 0: a column. */
    private INDArray kept(INDArray rows) {
        return rows.neq(value).castTo(DataType.FLOAT).max(true, 1);
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return in.muliColumnVector(kept(in));
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        return new Pair<>(epsilon.mulColumnVector(kept(in)), null);
    }

    @Override
    public String toString() {
        return "masking(" + value + ")";
    }
}
