package io.jkeras.backend.dl4j.optimizers;

import io.jkeras.optimizers.AdamW;

/**
 * Keras 3's AdamW: before each Adam step, the decoupled weight decay
 * {@code w = w - w * weightDecay * lr}, on every variable.
 */
public final class Dl4jAdamW extends Dl4jAdam {
    private final float weightDecay;

    /** AdamW over {@code size} parameters. */
    public Dl4jAdamW(AdamW spec, int size) {
        super(spec, spec.beta1(), spec.beta2(), spec.epsilon(), spec.amsgrad(), size);
        this.weightDecay = spec.weightDecay();
    }

    @Override
    protected void update(float[] w, float[] g, float divisor, float lr, long step) {
        // Keras's order of operations: w - (w * wd) * lr.
        for (int i = 0; i < w.length; i++) {
            w[i] -= w[i] * weightDecay * lr;
        }
        super.update(w, g, divisor, lr, step);
    }
}
