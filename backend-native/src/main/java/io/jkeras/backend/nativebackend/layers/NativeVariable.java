package io.jkeras.backend.nativebackend.layers;

import io.jkeras.Tensor;
import io.jkeras.backend.VariableSpec;
import io.jkeras.regularizers.Regularizer;

/**
 * One weight of a layer (Keras's {@code Variable}): its values, the gradient of the last backward
 * pass, its Keras shape, whether the optimizer trains it, and its penalty. The arrays are
 * allocated once and updated in place.
 */
public final class NativeVariable {
    private final String name;
    private final int[] shape;
    private final float[] value;
    private final float[] grad;
    private final boolean trainable;
    private final Regularizer regularizer;

    /**
     * The variable of this specification, filled with zeros.
     *
     * @param name the Keras path, e.g. {@code "dense/kernel"}
     * @param spec its shape, whether it is trainable and its penalty
     */
    public NativeVariable(String name, VariableSpec spec) {
        this.name = name;
        this.shape = spec.shape();
        this.value = new float[spec.size()];
        this.grad = new float[value.length];
        this.trainable = spec.trainable();
        this.regularizer = spec.regularizer();
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

    /** Whether the optimizer updates it. */
    public boolean trainable() {
        return trainable;
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
