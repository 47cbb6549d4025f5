package io.jkeras.optimizers;

/**
 * Keras's Adam. At step {@code t} (from 1): {@code m += (g - m)(1 - beta1)},
 * {@code v += (g^2 - v)(1 - beta2)}, {@code alpha = lr sqrt(1 - beta2^t) / (1 - beta1^t)},
 * {@code w -= alpha m / (sqrt(v) + epsilon)}; with AMSGrad, {@code v} in the last step is the
 * running maximum of {@code v}.
 */
public sealed class Adam extends Optimizer permits AdamW {
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final boolean amsgrad;

    /** Keras's defaults: {@code learningRate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-7, amsgrad=false}. */
    public Adam() {
        this(0.001f);
    }

    /** Adam with Keras's defaults and this learning rate. */
    public Adam(float learningRate) {
        this(learningRate, 0.9f, 0.999f, 1e-7f, false);
    }

    /** Adam with every hyper-parameter given. */
    public Adam(float learningRate, float beta1, float beta2, float epsilon, boolean amsgrad) {
        super(learningRate);
        this.beta1 = checkRange("beta1", beta1, 0f, 1f);
        this.beta2 = checkRange("beta2", beta2, 0f, 1f);
        this.epsilon = checkPositive("epsilon", epsilon);
        this.amsgrad = amsgrad;
    }

    /** The decay rate of the first moment. */
    public float beta1() {
        return beta1;
    }

    /** The decay rate of the second moment. */
    public float beta2() {
        return beta2;
    }

    /** The constant added to the denominator; Keras's default is 1e-7. */
    public float epsilon() {
        return epsilon;
    }

    /** Whether AMSGrad is used. */
    public boolean amsgrad() {
        return amsgrad;
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public Adam copy() {
        return withSameDecay(new Adam(getLearningRate(), beta1, beta2, epsilon, amsgrad));
    }
}
