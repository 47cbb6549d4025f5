package io.jkeras.optimizers;

/**
 * A Keras optimizer: hyper-parameters with Keras's names and defaults. The backend applies the
 * update rule; the learning rate may be changed at any time, as {@code optimizer.learning_rate = x}
 * in Keras, and takes effect at the next step.
 */
public abstract sealed class Optimizer permits SGD, Adam, AdamW, RMSprop, Adagrad {
    private volatile float learningRate;

    /** An optimizer with this initial learning rate. */
    protected Optimizer(float learningRate) {
        this.learningRate = checkPositive("learningRate", learningRate);
    }

    /** The current learning rate. */
    public float getLearningRate() {
        return learningRate;
    }

    /** Changes the learning rate for the following steps. */
    public void setLearningRate(float learningRate) {
        this.learningRate = checkPositive("learningRate", learningRate);
    }

    /** The Keras name, e.g. {@code "adam"}. */
    public abstract String name();

    /** A fresh optimizer with the same hyper-parameters and no state. */
    public abstract Optimizer copy();

    static float checkPositive(String what, float v) {
        if (!(v > 0) || Float.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be a positive number. Received: " + what + "=" + v);
        }
        return v;
    }

    static float checkRange(String what, float v, float lo, float hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(what + " must be in [" + lo + ", " + hi + "]. Received: "
                    + what + "=" + v);
        }
        return v;
    }
}
