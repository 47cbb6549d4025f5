package io.jkeras.backend;

import java.util.List;

/**
 * Keras's {@code MaxPooling1D/2D} and {@code AveragePooling1D/2D}, channels last: each channel's
 * maximum or mean over each window. The mean counts only input positions, never padding
 * (Keras's {@code "same"} average on TensorFlow and JAX). No weights.
 *
 * @param name the layer's name
 * @param inputShape the per-sample input shape, rank {@code poolSize.length + 1}
 * @param op maximum or average
 * @param poolSize the window per spatial axis
 * @param strides the step per spatial axis
 * @param padding valid or same
 */
public record PoolingSpec(String name, int[] inputShape, Op op, int[] poolSize, int[] strides, Padding padding)
        implements LayerSpec {

    /** What a pooling window computes. */
    public enum Op {
        /** The maximum. */
        MAX,
        /** The mean. */
        AVERAGE
    }

    /** Copies the arrays and checks that the windows fit. */
    public PoolingSpec {
        inputShape = inputShape.clone();
        poolSize = poolSize.clone();
        strides = strides.clone();
        window(inputShape, poolSize, strides, padding);
    }

    private static Window window(int[] inputShape, int[] poolSize, int[] strides, Padding padding) {
        int[] ones = new int[poolSize.length];
        java.util.Arrays.fill(ones, 1);
        return Window.of(inputShape, poolSize, strides, ones, padding);
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int[] poolSize() {
        return poolSize.clone();
    }

    @Override
    public int[] strides() {
        return strides.clone();
    }

    /** Where the windows fall, as two-dimensional geometry (dilation 1). */
    public Window window() {
        return window(inputShape, poolSize, strides, padding);
    }

    @Override
    public List<int[]> inputShapes() {
        return List.of(inputShape.clone());
    }

    @Override
    public int[] outputShape() {
        return window().outputShape(poolSize.length, inputShape[poolSize.length]);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.pooling(this);
    }
}
