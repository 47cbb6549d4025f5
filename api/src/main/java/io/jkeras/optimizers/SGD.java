package io.jkeras.optimizers;

/**
 * Keras's stochastic gradient descent. With {@code momentum == 0}: {@code w -= lr * g}. Otherwise
 * {@code v = momentum * v - lr * g}, then {@code w += v}, or with Nesterov
 * {@code w += momentum * v - lr * g}.
 */
public final class SGD extends Optimizer {
    private final float momentum;
    private final boolean nesterov;

    /** Keras's defaults: {@code learningRate=0.01, momentum=0, nesterov=false}. */
    public SGD() {
        this(0.01f);
    }

    /** Plain SGD with this learning rate. */
    public SGD(float learningRate) {
        this(learningRate, 0f, false);
    }

    /** SGD with momentum, optionally Nesterov's. */
    public SGD(float learningRate, float momentum, boolean nesterov) {
        super(learningRate);
        this.momentum = checkRange("momentum", momentum, 0f, 1f);
        this.nesterov = nesterov;
    }

    /** The momentum, in {@code [0, 1]}. */
    public float momentum() {
        return momentum;
    }

    /** Whether Nesterov momentum is used. */
    public boolean nesterov() {
        return nesterov;
    }

    @Override
    public String name() {
        return "SGD";
    }

    @Override
    public SGD copy() {
        return withSameDecay(new SGD(getLearningRate(), momentum, nesterov));
    }
}
