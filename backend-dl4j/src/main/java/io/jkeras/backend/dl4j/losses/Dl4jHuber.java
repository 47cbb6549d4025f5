package io.jkeras.backend.dl4j.losses;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras's {@code huber}: with {@code e = y_pred - y_true}, {@code 0.5 e^2} where
 * {@code |e| <= delta}, else {@code delta |e| - 0.5 delta^2}; the mean over the last axis per
 * sample. The gradient is {@code e}, or {@code delta sign(e)} past {@code delta}, over the width.
 */
public final class Dl4jHuber extends Dl4jLoss {
    private static final long serialVersionUID = 1L;
    private final float delta;

    /** The loss with this {@code delta}. */
    public Dl4jHuber(float delta) {
        this.delta = delta;
    }

    @Override
    protected INDArray perSample(INDArray labels, INDArray output) {
        INDArray e = output.sub(labels);
        INDArray abs = Transforms.abs(e, true);
        INDArray inside = abs.lte(delta).castTo(DataType.FLOAT);
        INDArray quadratic = e.mul(e).muli(0.5f);
        INDArray linear = abs.muli(delta).subi(0.5f * delta * delta);
        // inside * quadratic + (1 - inside) * linear, without 0 * inf where one branch overflows.
        INDArray outside = inside.rsub(1f);
        return quadratic.muli(inside).addi(linear.muli(outside)).mean(1);
    }

    @Override
    protected INDArray gradient(INDArray labels, INDArray output) {
        INDArray e = output.sub(labels);
        INDArray inside = Transforms.abs(e, true).lte(delta).castTo(DataType.FLOAT);
        INDArray linear = Transforms.sign(e, true).muli(delta);
        INDArray outside = inside.rsub(1f);
        return e.muli(inside).addi(linear.muli(outside)).muli(1f / output.size(1));
    }

    @Override
    public String name() {
        return "huber";
    }
}
