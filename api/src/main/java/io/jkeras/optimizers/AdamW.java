package io.jkeras.optimizers;

/**
 * Keras's AdamW: before each Adam step, decoupled weight decay {@code w -= w * weightDecay * lr}.
 */
public final class AdamW extends Optimizer {
    private final float weightDecay;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final boolean amsgrad;

    /** Keras's defaults: {@code learningRate=0.001, weightDecay=0.004, beta1=0.9, beta2=0.999, epsilon=1e-7}. */
    public AdamW() {
        this(0.001f);
    }

    /** AdamW with Keras's defaults and this learning rate. */
    public AdamW(float learningRate) {
        this(learningRate, 0.004f, 0.9f, 0.999f, 1e-7f, false);
    }

    /** AdamW with every hyper-parameter given. */
    public AdamW(float learningRate, float weightDecay, float beta1, float beta2, float epsilon, boolean amsgrad) {
        super(learningRate);
        this.weightDecay = checkRange("weightDecay", weightDecay, 0f, Float.MAX_VALUE);
        this.beta1 = checkRange("beta1", beta1, 0f, 1f);
        this.beta2 = checkRange("beta2", beta2, 0f, 1f);
        this.epsilon = checkPositive("epsilon", epsilon);
        this.amsgrad = amsgrad;
    }

    /** The decoupled weight decay; Keras's default is 0.004. */
    public float weightDecay() {
        return weightDecay;
    }

    /** The decay rate of the first moment. */
    public float beta1() {
        return beta1;
    }

    /** The decay rate of the second moment. */
    public float beta2() {
        return beta2;
    }

    /** The constant added to the denominator. */
    public float epsilon() {
        return epsilon;
    }

    /** Whether AMSGrad is used. */
    public boolean amsgrad() {
        return amsgrad;
    }

    @Override
    public String name() {
        return "adamw";
    }

    @Override
    public AdamW copy() {
        return new AdamW(getLearningRate(), weightDecay, beta1, beta2, epsilon, amsgrad);
    }
}
