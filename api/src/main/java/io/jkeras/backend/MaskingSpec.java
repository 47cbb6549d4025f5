package io.jkeras.backend;

import java.util.List;

/**
 * Keras's {@code Masking}: each step of a {@code (timesteps, features)} sample whose every feature
 * equals {@code maskValue} becomes zeros (the others pass unchanged), and the step is masked for the
 * layers after it ({@link MaskSpec}). The gradient passes to the kept steps only. No weights.
 *
 * @param name the layer's name
 * @param shape the per-sample shape {@code (timesteps, ..., features)}, in and out
 * @param maskValue the value that marks a step as padding
 */
public record MaskingSpec(String name, int[] shape, float maskValue) implements LayerSpec {

    /** Copies the shape. */
    public MaskingSpec {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Features per step: the last axis. */
    public int features() {
        return shape[shape.length - 1];
    }

    /** Values per sample. */
    public int size() {
        return Shapes.size(shape, "the input of Masking '" + name + "'");
    }

    @Override
    public List<int[]> inputShapes() {
        return List.of(shape.clone());
    }

    @Override
    public int[] outputShape() {
        return shape.clone();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.masking(this);
    }
}
