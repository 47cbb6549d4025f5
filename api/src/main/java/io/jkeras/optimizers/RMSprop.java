package io.jkeras.optimizers;

/**
 * Keras's RMSprop: {@code v = rho v + (1 - rho) g^2}; centered, also
 * {@code a = rho a + (1 - rho) g} and the denominator {@code v - a^2}; then
 * {@code step = lr g / sqrt(denominator + epsilon)}; with momentum, {@code m = momentum m + step},
 * {@code w -= m}, else {@code w -= step}.
 */
public final class RMSprop extends Optimizer {
    private final float rho;
    private final float momentum;
    private final float epsilon;
    private final boolean centered;

    /** Keras's defaults: {@code learningRate=0.001, rho=0.9, momentum=0, epsilon=1e-7, centered=false}. */
    public RMSprop() {
        this(0.001f);
    }

    /** RMSprop with Keras's defaults and this learning rate. */
    public RMSprop(float learningRate) {
        this(learningRate, 0.9f, 0f, 1e-7f, false);
    }

    /** RMSprop with every hyper-parameter given. */
    public RMSprop(float learningRate, float rho, float momentum, float epsilon, boolean centered) {
        super(learningRate);
        this.rho = checkRange("rho", rho, 0f, 1f);
        this.momentum = checkRange("momentum", momentum, 0f, 1f);
        this.epsilon = checkPositive("epsilon", epsilon);
        this.centered = centered;
    }

    /** The discounting factor of the squared-gradient average. */
    public float rho() {
        return rho;
    }

    /** The momentum; 0 for none. */
    public float momentum() {
        return momentum;
    }

    /** The constant added under the square root. */
    public float epsilon() {
        return epsilon;
    }

    /** Whether gradients are normalised by their estimated variance. */
    public boolean centered() {
        return centered;
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    public RMSprop copy() {
        return withSameDecay(new RMSprop(getLearningRate(), rho, momentum, epsilon, centered));
    }
}
