package io.jkeras.backend;

import java.util.ArrayList;
import java.util.List;

/**
 * Keras's {@code LayerNormalization} over one per-sample axis ({@code rms_scaling=False}): for each
 * sample and each position of the other axes, the values along {@code axis} are normalised with
 * their own mean and (biased) variance, {@code y = (x - mean) / sqrt(var + epsilon) * gamma + beta}
 * ({@code keras/src/ops/nn.py}, {@code _layer_normalization}). Variables, in Keras's order:
 * {@code gamma} (with {@code scale}) and {@code beta} (with {@code center}), both of shape
 * {@code (inputShape[axis],)}.
 *
 * <p>Backends see the input as {@code (outer, n, inner)} per batch: {@code outer} covers the batch
 * and the axes before {@code axis}, {@code n = inputShape[axis]}, {@code inner} the axes after.
 *
 * @param name the layer's name
 * @param inputShape the per-sample input shape
 * @param axis the normalised axis, a per-sample index from 0
 * @param epsilon added to the variance
 * @param center whether {@code beta} is added
 * @param scale whether {@code gamma} multiplies
 */
public record LayerNormSpec(String name, int[] inputShape, int axis, float epsilon, boolean center, boolean scale)
        implements LayerSpec {

    /** Copies the shape and checks the axis. */
    public LayerNormSpec {
        inputShape = inputShape.clone();
        if (axis < 0 || axis >= inputShape.length) {
            throw new IllegalArgumentException("LayerNormalization '" + name + "': axis " + axis + " is not an axis of "
                    + Shapes.withBatch(inputShape));
        }
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public List<int[]> inputShapes() {
        return List.of(inputShape.clone());
    }

    @Override
    public int[] outputShape() {
        return inputShape.clone();
    }

    /** The size of the normalised axis, and of {@code gamma} and {@code beta}. */
    public int axisSize() {
        return inputShape[axis];
    }

    /** Values per sample before the axis: the product of the per-sample axes in front of it. */
    public int outer() {
        int n = 1;
        for (int i = 0; i < axis; i++) {
            n *= inputShape[i];
        }
        return n;
    }

    /** Values after the axis: the product of the axes behind it (1 for the last axis). */
    public int inner() {
        int n = 1;
        for (int i = axis + 1; i < inputShape.length; i++) {
            n *= inputShape[i];
        }
        return n;
    }

    @Override
    public List<VariableSpec> variables() {
        List<VariableSpec> v = new ArrayList<>();
        if (scale) {
            v.add(VariableSpec.trainable("gamma", new int[] {axisSize()}, null));
        }
        if (center) {
            v.add(VariableSpec.trainable("beta", new int[] {axisSize()}, null));
        }
        return v;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.layerNorm(this);
    }
}
