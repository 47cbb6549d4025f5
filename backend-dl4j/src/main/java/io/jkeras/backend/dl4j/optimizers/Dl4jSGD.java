package io.jkeras.backend.dl4j.optimizers;

import io.jkeras.optimizers.SGD;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras 3's SGD. Without momentum: {@code w -= lr g}. With momentum:
 * {@code m = momentum m - lr g}, then {@code w += m}, or with Nesterov {@code w += momentum m - lr g}.
 */
public final class Dl4jSGD extends Dl4jOptimizer {
    private final float momentum;
    private final boolean nesterov;
    private final INDArray m;

    /** SGD over parameters of this shape. */
    public Dl4jSGD(SGD spec, long[] shape) {
        super(spec, shape);
        this.momentum = spec.momentum();
        this.nesterov = spec.nesterov();
        this.m = momentum != 0f ? zeros(shape) : null;
    }

    @Override
    protected void update(INDArray w, INDArray g, float lr, long step) {
        // tmp = g * lr, the step against the gradient.
        tmp.assign(g).muli(lr);
        if (m == null) {
            w.subi(tmp);
            return;
        }
        m.muli(momentum).subi(tmp);
        if (nesterov) {
            w.addi(tmp.rsubi(m.mul(momentum)));
        } else {
            w.addi(m);
        }
    }
}
