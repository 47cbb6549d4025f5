package io.jkeras.optimizers;

/**
 * Keras's AdamW: {@link Adam} with decoupled weight decay, {@code w -= w * weightDecay * lr}
 * before each step (Keras 3's {@code weight_decay}, which every optimizer has; AdamW only changes
 * its default to 0.004).
 */
public final class AdamW extends Adam {

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
        super(learningRate, beta1, beta2, epsilon, amsgrad);
        weightDecay(weightDecay);
    }

    @Override
    public String name() {
        return "adamw";
    }

    @Override
    public AdamW copy() {
        return new AdamW(getLearningRate(), weightDecay(), beta1(), beta2(), epsilon(), amsgrad());
    }
}
