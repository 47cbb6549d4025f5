package io.jkeras.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.LayerNormSpec;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.Shapes;
import io.jkeras.backend.VariableSpec;
import io.jkeras.initializers.Constant;
import io.jkeras.initializers.Initializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Keras's {@code LayerNormalization(axis=-1, epsilon=1e-3, center=True, scale=True)}: each
 * sample's values along {@code axis} normalised by their own mean and variance,
 * {@code y = (x - mean) / sqrt(var + epsilon) * gamma + beta}, the same in training and inference
 * (Keras's {@code rms_scaling=False}). One axis, any but the batch axis; {@code axis} counts the
 * batch axis as Keras does ({@code -1} is the last, {@code 1} the first per-sample axis).
 *
 * <p>Weights, in Keras's order: {@code gamma} (with {@code scale}, initialised to ones) and
 * {@code beta} (with {@code center}, zeros), both of shape {@code (input_shape[axis],)}.
 *
 * <p>Input shape: any. Output shape: the same.
 */
public final class LayerNormalization extends Layer {
    private int axis = -1;
    private float epsilon = 1e-3f;
    private boolean center = true;
    private boolean scale = true;
    private Initializer gammaInitializer = new Constant(1f);
    private Initializer betaInitializer = new Constant(0f);

    /** Keras's defaults: the last axis, epsilon 1e-3, with gamma and beta. */
    public LayerNormalization() {
    }

    /** The normalised axis, counting the batch axis as 0 ({@code -1}: the last). */
    public LayerNormalization axis(int newAxis) {
        checkNotBuilt("axis");
        this.axis = newAxis;
        return this;
    }

    /** Added to the variance; positive. */
    public LayerNormalization epsilon(float newEpsilon) {
        checkNotBuilt("epsilon");
        if (!(newEpsilon > 0f)) {
            throw new KerasException("LayerNormalization: `epsilon` must be positive. Received: epsilon=" + newEpsilon);
        }
        this.epsilon = newEpsilon;
        return this;
    }

    /** Whether {@code beta} is added. */
    public LayerNormalization center(boolean newCenter) {
        checkNotBuilt("center");
        this.center = newCenter;
        return this;
    }

    /** Whether {@code gamma} multiplies. */
    public LayerNormalization scale(boolean newScale) {
        checkNotBuilt("scale");
        this.scale = newScale;
        return this;
    }

    /** How {@code gamma} starts (Keras's {@code "ones"}). */
    public LayerNormalization gammaInitializer(Initializer initializer) {
        checkNotBuilt("gammaInitializer");
        this.gammaInitializer = initializer;
        return this;
    }

    /** How {@code beta} starts (Keras's {@code "zeros"}). */
    public LayerNormalization betaInitializer(Initializer initializer) {
        checkNotBuilt("betaInitializer");
        this.betaInitializer = initializer;
        return this;
    }

    @Override
    public LayerNormalization name(String newName) {
        super.name(newName);
        return this;
    }

    /** The axis as given (counting the batch axis). */
    public int getAxis() {
        return axis;
    }

    /** The value added to the variance. */
    public float getEpsilon() {
        return epsilon;
    }

    /** Whether {@code beta} is added. */
    public boolean getCenter() {
        return center;
    }

    /** Whether {@code gamma} multiplies. */
    public boolean getScale() {
        return scale;
    }

    /** How {@code gamma} starts. */
    public Initializer getGammaInitializer() {
        return gammaInitializer;
    }

    /** How {@code beta} starts. */
    public Initializer getBetaInitializer() {
        return betaInitializer;
    }

    @Override
    public String className() {
        return "LayerNormalization";
    }

    @Override
    protected String namePrefix() {
        return "layer_normalization";
    }

    /** The per-sample index of the axis, checked against the input as Keras checks it. */
    private int sampleAxis(int[] in) {
        int rank = in.length + 1;
        if (axis >= rank || axis < -rank || axis == 0 || axis == -rank) {
            throw new KerasException("Axis " + axis + " is out of bounds for input shape " + Shapes.withBatch(in)
                    + (axis == 0 || axis == -rank ? " (axis 0 is the batch axis)" : "") + ". Received: axis=" + axis
                    + " (LayerNormalization '" + getName() + "').");
        }
        return (axis < 0 ? axis + rank : axis) - 1;
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        sampleAxis(in);
        return in.clone();
    }

    private LayerNormSpec spec(int[] in) {
        return new LayerNormSpec(getName(), in, sampleAxis(in), epsilon, center, scale);
    }

    @Override
    protected List<VariableSpec> variables(List<int[]> inputShapes) {
        return spec(inputShapes.get(0)).variables();
    }

    @Override
    protected List<Tensor> initialWeights(List<int[]> inputShapes, Random rng) {
        int[] shape = {inputShapes.get(0)[sampleAxis(inputShapes.get(0))]};
        List<Tensor> w = new ArrayList<>();
        if (scale) {
            w.add(gammaInitializer.apply(shape, rng));
        }
        if (center) {
            w.add(betaInitializer.apply(shape, rng));
        }
        return w;
    }

    @Override
    public LayerSpec toSpec() {
        return spec(inputShape());
    }
}
