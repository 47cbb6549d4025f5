package io.jkeras.optimizers;

import io.jkeras.KerasException;

/**
 * A Keras optimizer: hyper-parameters with Keras's names and defaults. The backend applies the
 * update rule; the learning rate may be changed at any time, as {@code optimizer.learning_rate = x}
 * in Keras, and takes effect at the next step.
 */
public abstract sealed class Optimizer permits SGD, Adam, RMSprop, Adagrad {
    private volatile float learningRate;
    private float weightDecay;

    /**
     * An optimizer with this initial learning rate.
     *
     * @throws KerasException if the rate is negative, NaN or infinite
     */
    protected Optimizer(float learningRate) {
        this.learningRate = checkLearningRate(learningRate);
    }

    /** The current learning rate. */
    public float getLearningRate() {
        return learningRate;
    }

    /**
     * Changes the learning rate for the following steps. Zero is allowed, as in Keras (a step then
     * changes nothing but the optimizer's state).
     *
     * @throws KerasException if the rate is negative, NaN or infinite
     */
    public void setLearningRate(float learningRate) {
        this.learningRate = checkLearningRate(learningRate);
    }

    /**
     * Keras 3's {@code weight_decay}: before each update, every trainable variable is decayed,
     * {@code w = w - w * weightDecay * lr}. 0 (Keras's {@code None}) by default; {@link AdamW}'s
     * default is 0.004. Set it before compile.
     *
     * @throws KerasException if the decay is negative, NaN or infinite
     */
    public Optimizer weightDecay(float decay) {
        this.weightDecay = checkRange("weightDecay", decay, 0f, Float.MAX_VALUE);
        return this;
    }

    /** The decoupled weight decay, 0 for none. */
    public float weightDecay() {
        return weightDecay;
    }

    /** {@code copy} with this optimizer's weight decay. */
    protected final <T extends Optimizer> T withSameDecay(T fresh) {
        fresh.weightDecay(weightDecay);
        return fresh;
    }

    /** The Keras name, e.g. {@code "adam"}. */
    public abstract String name();

    /** A fresh optimizer with the same hyper-parameters and no state. */
    public abstract Optimizer copy();

    /**
     * {@code 1 - h} as Keras computes it for a hyper-parameter such as {@code beta_2}: in double
     * from the value as the user wrote it (Python floats are doubles), then rounded to float32.
     * {@code Float.toString} gives back the shortest decimal, e.g. {@code 0.999}, where
     * {@code 1f - 0.999f} would be off by 1e-5 relative. Backends use it for Adam's and
     * RMSprop's {@code 1 - beta} and {@code 1 - rho}.
     */
    public static float oneMinus(float h) {
        return (float) (1.0 - Double.parseDouble(Float.toString(h)));
    }

    static float checkLearningRate(float v) {
        if (!(v >= 0) || Float.isInfinite(v)) {
            throw new KerasException("learningRate must be a non-negative number. Received: learningRate=" + v);
        }
        return v;
    }

    static float checkPositive(String what, float v) {
        if (!(v > 0) || Float.isInfinite(v)) {
            throw new KerasException(what + " must be a positive number. Received: " + what + "=" + v);
        }
        return v;
    }

    static float checkRange(String what, float v, float lo, float hi) {
        if (!(v >= lo && v <= hi)) {
            throw new KerasException(what + " must be in [" + lo + ", " + hi + "]. Received: "
                    + what + "=" + v);
        }
        return v;
    }
}
