package io.jkeras.optimizers;

/**
 * Keras's Adagrad: the accumulator starts at {@code initialAccumulatorValue}; each step
 * {@code acc += g^2}, {@code w -= lr g / sqrt(acc + epsilon)}.
 */
public final class Adagrad extends Optimizer {
    private final float initialAccumulatorValue;
    private final float epsilon;

    /** Keras's defaults: {@code learningRate=0.001, initialAccumulatorValue=0.1, epsilon=1e-7}. */
    public Adagrad() {
        this(0.001f);
    }

    /** Adagrad with Keras's defaults and this learning rate. */
    public Adagrad(float learningRate) {
        this(learningRate, 0.1f, 1e-7f);
    }

    /** Adagrad with every hyper-parameter given. */
    public Adagrad(float learningRate, float initialAccumulatorValue, float epsilon) {
        super(learningRate);
        this.initialAccumulatorValue = checkRange("initialAccumulatorValue", initialAccumulatorValue, 0f, Float.MAX_VALUE);
        this.epsilon = checkPositive("epsilon", epsilon);
    }

    /** The starting value of every accumulator. */
    public float initialAccumulatorValue() {
        return initialAccumulatorValue;
    }

    /** The constant added under the square root. */
    public float epsilon() {
        return epsilon;
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    public Adagrad copy() {
        return withSameDecay(new Adagrad(getLearningRate(), initialAccumulatorValue, epsilon));
    }
}
