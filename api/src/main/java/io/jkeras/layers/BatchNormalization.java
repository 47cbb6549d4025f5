package io.jkeras.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.BatchNormalizationSpec;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.Shapes;
import io.jkeras.backend.VariableSpec;
import io.jkeras.initializers.Constant;
import io.jkeras.initializers.Initializer;
import io.jkeras.regularizers.Regularizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Keras's {@code BatchNormalization}: normalizes each feature of the last axis over the batch.
 *
 * <p>While training ({@code fit}, {@code trainOnBatch}), with the batch's mean {@code m} and biased
 * variance {@code v} of each feature over every other axis,
 * {@code output = (x - m) / sqrt(v + epsilon) * gamma + beta}, and each step moves the moving
 * statistics: {@code moving_mean = moving_mean * momentum + m * (1 - momentum)}, the same for
 * {@code moving_variance} with {@code v}. In {@code evaluate} and {@code predict} the moving
 * statistics take the place of {@code m} and {@code v}.
 *
 * <p>Input shape: {@code (batch, ..., features)}, any rank of 2 or more (after {@code Dense},
 * {@code Conv1D}, {@code Conv2D}). Output shape: the input's. Weights, in Keras's order:
 * {@code gamma} (if {@code scale}, from {@code gammaInitializer}, default ones), {@code beta} (if
 * {@code center}, default zeros), trainable; {@code moving_mean} (zeros) and {@code moving_variance}
 * (ones), non-trainable: the optimizer never updates them. Only the last axis ({@code axis=-1},
 * channels last) is supported, and, as for every jkeras layer, not Keras's {@code trainable=False}
 * (with which Keras runs a frozen BatchNormalization in inference mode).
 */
public final class BatchNormalization extends Layer {
    private int axis = -1;
    private float momentum = 0.99f;
    private float epsilon = 1e-3f;
    private boolean center = true;
    private boolean scale = true;
    private Initializer betaInitializer = new Constant(0f);
    private Initializer gammaInitializer = new Constant(1f);
    private Initializer movingMeanInitializer = new Constant(0f);
    private Initializer movingVarianceInitializer = new Constant(1f);
    private Regularizer betaRegularizer;
    private Regularizer gammaRegularizer;

    /** A BatchNormalization with Keras's defaults: {@code axis=-1, momentum=0.99, epsilon=1e-3}. */
    public BatchNormalization() {
    }

    /**
     * The axis of the features (Keras's {@code axis}, default -1). Only the last axis is supported:
     * {@code -1}, or its index counted with the batch axis (3 for images).
     */
    public BatchNormalization axis(int a) {
        checkNotBuilt("axis");
        this.axis = a;
        return this;
    }

    /** The momentum of the moving statistics (Keras's {@code momentum}, default 0.99). */
    public BatchNormalization momentum(double m) {
        checkNotBuilt("momentum");
        if (!(m >= 0 && m <= 1)) {
            throw new KerasException("BatchNormalization momentum must be in [0, 1]. Received: momentum=" + m);
        }
        this.momentum = (float) m;
        return this;
    }

    /** What is added to the variance (Keras's {@code epsilon}, default 1e-3). */
    public BatchNormalization epsilon(double e) {
        checkNotBuilt("epsilon");
        if (!(e > 0) || Double.isInfinite(e)) {
            throw new KerasException("BatchNormalization epsilon must be a positive number. Received: epsilon=" + e);
        }
        this.epsilon = (float) e;
        return this;
    }

    /** Whether the layer adds {@code beta} (Keras's {@code center}, default true). */
    public BatchNormalization center(boolean c) {
        checkNotBuilt("center");
        this.center = c;
        return this;
    }

    /** Whether the layer multiplies by {@code gamma} (Keras's {@code scale}, default true). */
    public BatchNormalization scale(boolean s) {
        checkNotBuilt("scale");
        this.scale = s;
        return this;
    }

    /** The initializer of {@code beta} (default zeros). */
    public BatchNormalization betaInitializer(Initializer init) {
        checkNotBuilt("the beta initializer");
        this.betaInitializer = Objects.requireNonNull(init, "betaInitializer");
        return this;
    }

    /** The initializer of {@code gamma} (default ones). */
    public BatchNormalization gammaInitializer(Initializer init) {
        checkNotBuilt("the gamma initializer");
        this.gammaInitializer = Objects.requireNonNull(init, "gammaInitializer");
        return this;
    }

    /** The initializer of {@code moving_mean} (default zeros). */
    public BatchNormalization movingMeanInitializer(Initializer init) {
        checkNotBuilt("the moving mean initializer");
        this.movingMeanInitializer = Objects.requireNonNull(init, "movingMeanInitializer");
        return this;
    }

    /** The initializer of {@code moving_variance} (default ones). */
    public BatchNormalization movingVarianceInitializer(Initializer init) {
        checkNotBuilt("the moving variance initializer");
        this.movingVarianceInitializer = Objects.requireNonNull(init, "movingVarianceInitializer");
        return this;
    }

    /** A penalty on {@code beta} added to the loss. */
    public BatchNormalization betaRegularizer(Regularizer r) {
        checkNotBuilt("the beta regularizer");
        this.betaRegularizer = r;
        return this;
    }

    /** A penalty on {@code gamma} added to the loss. */
    public BatchNormalization gammaRegularizer(Regularizer r) {
        checkNotBuilt("the gamma regularizer");
        this.gammaRegularizer = r;
        return this;
    }

    @Override
    public BatchNormalization name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public BatchNormalization inputShape(int... shape) {
        super.inputShape(shape);
        return this;
    }

    /** The feature axis as given (-1 by default). */
    public int getAxis() {
        return axis;
    }

    /** The momentum. */
    public float getMomentum() {
        return momentum;
    }

    /** The epsilon. */
    public float getEpsilon() {
        return epsilon;
    }

    /** Whether there is a {@code beta}. */
    public boolean getCenter() {
        return center;
    }

    /** Whether there is a {@code gamma}. */
    public boolean getScale() {
        return scale;
    }

    /** The initializer of {@code beta}. */
    public Initializer getBetaInitializer() {
        return betaInitializer;
    }

    /** The initializer of {@code gamma}. */
    public Initializer getGammaInitializer() {
        return gammaInitializer;
    }

    /** The initializer of {@code moving_mean}. */
    public Initializer getMovingMeanInitializer() {
        return movingMeanInitializer;
    }

    /** The initializer of {@code moving_variance}. */
    public Initializer getMovingVarianceInitializer() {
        return movingVarianceInitializer;
    }

    /** The penalty on {@code beta}, or {@code null}. */
    public Regularizer getBetaRegularizer() {
        return betaRegularizer;
    }

    /** The penalty on {@code gamma}, or {@code null}. */
    public Regularizer getGammaRegularizer() {
        return gammaRegularizer;
    }

    @Override
    public String className() {
        return "BatchNormalization";
    }

    @Override
    protected String namePrefix() {
        return "batch_normalization";
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        int rank = in.length + 1;
        if (in.length == 0) {
            throw new KerasException("BatchNormalization '" + getName() + "' expects input of rank 2 or more. Received:"
                    + " input shape " + Shapes.withBatch(in));
        }
        if (axis >= rank || axis < -rank) {
            throw new KerasException("Axis " + axis + " is out of bounds for input shape " + Shapes.withBatch(in)
                    + " of BatchNormalization '" + getName() + "'. Received: axis=" + axis);
        }
        if (axis != -1 && axis != rank - 1) {
            throw new KerasException("BatchNormalization '" + getName() + "' supports only the last axis (axis=-1 or "
                    + (rank - 1) + ", channels_last) on input shape " + Shapes.withBatch(in) + ". Received: axis="
                    + axis);
        }
        return in.clone();
    }

    @Override
    protected List<VariableSpec> variables(List<int[]> inputShapes) {
        return spec(inputShapes.get(0)).variables();
    }

    @Override
    protected List<Tensor> initialWeights(List<int[]> inputShapes, Random rng) {
        int[] in = inputShapes.get(0);
        int[] c = {in[in.length - 1]};
        List<Tensor> w = new ArrayList<>();
        if (scale) {
            w.add(gammaInitializer.apply(c, rng));
        }
        if (center) {
            w.add(betaInitializer.apply(c, rng));
        }
        w.add(movingMeanInitializer.apply(c, rng));
        w.add(movingVarianceInitializer.apply(c, rng));
        return w;
    }

    @Override
    public LayerSpec toSpec() {
        return spec(inputShape());
    }

    private BatchNormalizationSpec spec(int[] in) {
        return new BatchNormalizationSpec(getName(), in, momentum, epsilon, center, scale, gammaRegularizer,
                betaRegularizer);
    }
}
