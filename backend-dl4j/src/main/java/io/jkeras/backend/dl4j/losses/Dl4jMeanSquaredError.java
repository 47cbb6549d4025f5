package io.jkeras.backend.dl4j.losses;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code mean_squared_error}: per sample {@code mean((y_pred - y_true)^2)} over the last
 * axis; the gradient is {@code 2 (y_pred - y_true) / width}.
 */
public final class Dl4jMeanSquaredError extends Dl4jLoss {
    private static final long serialVersionUID = 1L;

    /** The loss. */
    public Dl4jMeanSquaredError() {
    }

    @Override
    protected INDArray perSample(INDArray labels, INDArray output) {
        INDArray e = output.sub(labels);
        return e.muli(e).mean(1);
    }

    @Override
    protected INDArray gradient(INDArray labels, INDArray output) {
        return output.sub(labels).muli(2f / output.size(1));
    }

    @Override
    public String name() {
        return "mean_squared_error";
    }
}
