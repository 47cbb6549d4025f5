package io.jkeras.backend.dl4j.layers;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras's default {@code gelu}, the exact one: {@code 0.5 x (1 + erf(x / sqrt(2)))}, with the
 * derivative {@code Phi(x) + x phi(x)} ({@code Phi} the normal CDF, {@code phi} its density).
 */
public final class Dl4jGelu extends BaseActivationFunction {
    private static final long serialVersionUID = 1L;
    private static final double INV_SQRT2 = 0.70710678118654752440;
    private static final double INV_SQRT_2PI = 0.39894228040143267794;

    /** The function. */
    public Dl4jGelu() {
    }

    /** {@code Phi(x) = 0.5 (1 + erf(x / sqrt(2)))}, a new array. */
    private static INDArray cdf(INDArray x) {
        INDArray e = x.mul(INV_SQRT2);
        Nd4j.getExecutioner().exec(new Erf(e));
        return e.addi(1.0).muli(0.5);
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return in.muli(cdf(in));
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray pdf = Transforms.exp(in.mul(in).muli(-0.5), false).muli(INV_SQRT_2PI);
        INDArray slope = cdf(in).addi(pdf.muli(in));
        return new Pair<>(slope.muli(epsilon), null);
    }

    @Override
    public String toString() {
        return "gelu";
    }
}
