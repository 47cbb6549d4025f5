package io.jkeras.backend.nativebackend.optimizers;

import io.jkeras.optimizers.Adagrad;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.AdamW;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.RMSprop;
import io.jkeras.optimizers.SGD;

/**
 * An optimizer of the native backend: Keras 3's update rule applied in place to each variable,
 * with its state (momenta, accumulators) in arrays allocated once. The learning rate is read from
 * the Keras optimizer at every step, so changes made after compile take effect.
 */
public abstract class NativeOptimizer {
    private final Optimizer spec;

    /** An optimizer following {@code spec}'s learning rate. */
    protected NativeOptimizer(Optimizer spec) {
        this.spec = spec;
    }

    /**
     * The native optimizer for this specification.
     *
     * @param spec the Keras optimizer; its learning rate is read at every step
     * @param sizes the number of values of each variable, in the order {@link #step} receives them
     */
    public static NativeOptimizer of(Optimizer spec, int[] sizes) {
        if (spec instanceof SGD s) {
            return new NativeSGD(s, sizes);
        } else if (spec instanceof AdamW a) {
            return new NativeAdamW(a, sizes);
        } else if (spec instanceof Adam a) {
            return new NativeAdam(a, sizes);
        } else if (spec instanceof RMSprop r) {
            return new NativeRMSprop(r, sizes);
        } else if (spec instanceof Adagrad a) {
            return new NativeAdagrad(a, sizes);
        }
        throw new IllegalArgumentException("The native backend has no optimizer " + spec.name());
    }

    /**
     * Applies one update to every variable.
     *
     * @param values each variable's values, updated in place
     * @param grads each variable's gradient
     * @param step Keras's step counter for this update, 1 for the first
     */
    public final void step(float[][] values, float[][] grads, long step) {
        float lr = spec.getLearningRate();
        beginStep(lr, step);
        for (int i = 0; i < values.length; i++) {
            update(i, values[i], grads[i], lr);
        }
    }

    /** Computes what is shared by every variable in this step (e.g. Adam's bias correction). */
    protected void beginStep(float learningRate, long step) {
    }

    /**
     * Updates one variable.
     *
     * @param slot the variable's index, which selects its state
     * @param w the values, updated in place
     * @param g the gradient
     * @param learningRate the current learning rate
     */
    protected abstract void update(int slot, float[] w, float[] g, float learningRate);


    /** One zeroed state array per variable. */
    protected static float[][] slots(int[] sizes) {
        float[][] s = new float[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            s[i] = new float[sizes[i]];
        }
        return s;
    }
}
