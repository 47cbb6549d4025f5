package io.jkeras.backend.nativebackend.layers;

import io.jkeras.Tensor;
import io.jkeras.regularizers.Regularizer;

/**
 * One trainable weight of a layer (Keras's {@code Variable}): its values, the gradient of the
 * last backward pass, its Keras shape and its penalty. The arrays are allocated once and
 * updated in place.
 */
public final class NativeVariable {
    private final String name;
    private final int[] shape;
    private final float[] value;
    private final float[] grad;
    private final Regularizer regularizer;

    /**
     * A variable of this shape, filled with zeros.
     *
     * @param name the Keras name, e.g. {@code "dense/kernel"}
     * @param shape the Keras shape
     * @param regularizer the penalty, or {@code null}
     */
    public NativeVariable(String name, int[] shape, Regularizer regularizer) {
        this.name = name;
        this.shape = shape.clone();
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        this.value = new float[n];
        this.grad = new float[n];
        this.regularizer = regularizer;
    }

    /** The Keras name, e.g. {@code "dense/kernel"}. */
    public String name() {
        return name;
    }

    /** The Keras shape; a copy. */
    public int[] shape() {
        return shape.clone();
    }

    /** The values, row-major; the live array, updated in place by the optimizer. */
    public float[] value() {
        return value;
    }

    /** The gradient of the loss with respect to the values; the live array. */
    public float[] grad() {
        return grad;
    }

    /** The number of values. */
    public int size() {
        return value.length;
    }

    /** The penalty, or {@code null}. */
    public Regularizer regularizer() {
        return regularizer;
    }

    /** The values as a new tensor. */
    public Tensor toTensor() {
        return Tensor.of(value.clone(), shape);
    }

    /** Copies {@code t}'s values in; the facade has checked the shape. */
    public void assign(Tensor t) {
        if (t.size() != value.length) {
            throw new IllegalArgumentException("Variable '" + name + "' has shape " + Tensor.shapeToString(shape)
                    + ". Received: shape " + Tensor.shapeToString(t.shape()));
        }
        System.arraycopy(t.data(), 0, value, 0, value.length);
    }

    /**
     * Adds the penalty's gradient {@code l1 sign(w) + 2 l2 w} to {@link #grad()} and returns the
     * penalty {@code l1 sum|w| + l2 sum w^2}; 0 without a regularizer.
     */
    public double applyRegularizer() {
        if (regularizer == null) {
            return 0;
        }
        float l1 = regularizer.l1();
        float l2x2 = 2f * regularizer.l2();
        for (int i = 0; i < value.length; i++) {
            float w = value[i];
            grad[i] += l1 * Math.signum(w) + l2x2 * w;
        }
        return regularizer.penalty(value);
    }
}
