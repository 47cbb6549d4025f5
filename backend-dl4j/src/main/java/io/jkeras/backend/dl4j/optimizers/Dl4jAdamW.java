package io.jkeras.backend.dl4j.optimizers;

import io.jkeras.optimizers.AdamW;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras 3's AdamW: before each Adam step, the decoupled weight decay
 * {@code w = w - w * weightDecay * lr}, on every variable.
 */
public final class Dl4jAdamW extends Dl4jAdam {
    private final float weightDecay;

    /** AdamW over parameters of this shape. */
    public Dl4jAdamW(AdamW spec, long[] shape) {
        super(spec, spec.beta1(), spec.beta2(), spec.epsilon(), spec.amsgrad(), shape);
        this.weightDecay = spec.weightDecay();
    }

    @Override
    protected void update(INDArray w, INDArray g, float lr, long step) {
        // Keras's order of operations: w - (w * wd) * lr.
        w.subi(tmp.assign(w).muli(weightDecay).muli(lr));
        super.update(w, g, lr, step);
    }
}
