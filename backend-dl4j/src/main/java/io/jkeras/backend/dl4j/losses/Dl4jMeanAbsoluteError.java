package io.jkeras.backend.dl4j.losses;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras's {@code mean_absolute_error}: per sample {@code mean(|y_pred - y_true|)} over the last
 * axis; the gradient is {@code sign(y_pred - y_true) / width}, 0 where they are equal.
 */
public final class Dl4jMeanAbsoluteError extends Dl4jLoss {
    private static final long serialVersionUID = 1L;

    /** The loss. */
    public Dl4jMeanAbsoluteError() {
    }

    @Override
    protected INDArray perSample(INDArray labels, INDArray output) {
        return Transforms.abs(output.sub(labels), false).mean(1);
    }

    @Override
    protected INDArray gradient(INDArray labels, INDArray output) {
        return Transforms.sign(output.sub(labels), false).muli(1f / output.size(1));
    }

    @Override
    public String name() {
        return "mean_absolute_error";
    }
}
