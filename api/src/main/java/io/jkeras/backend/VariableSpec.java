package io.jkeras.backend;

import io.jkeras.Tensor;
import io.jkeras.regularizers.Regularizer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One variable of a layer (Keras's {@code layer.weights} entry): its short name ({@code "kernel"},
 * {@code "bias"}, {@code "moving_mean"}...), its shape, whether the optimizer trains it, and its
 * penalty. A layer lists its variables in Keras's order: trainable first, then non-trainable.
 *
 * @param name the variable's name within its layer, e.g. {@code "kernel"}
 * @param shape the shape, in Keras's layout
 * @param trainable whether the optimizer updates it; non-trainable variables are never touched by the optimizer
 * @param regularizer the penalty added to the loss, or {@code null}
 */
public record VariableSpec(String name, int[] shape, boolean trainable, Regularizer regularizer) {

    /** Copies the shape and checks it. */
    public VariableSpec {
        Objects.requireNonNull(name, "name");
        shape = shape.clone();
        Shapes.size(shape, "variable '" + name + "'");
    }

    /** A trainable variable. */
    public static VariableSpec trainable(String name, int[] shape, Regularizer regularizer) {
        return new VariableSpec(name, shape, true, regularizer);
    }

    /** A variable the optimizer never updates, such as BatchNormalization's moving statistics. */
    public static VariableSpec nonTrainable(String name, int[] shape) {
        return new VariableSpec(name, shape, false, null);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The number of values. */
    public int size() {
        return Shapes.size(shape, "variable '" + name + "'");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VariableSpec v && v.name.equals(name) && Arrays.equals(v.shape, shape)
                && v.trainable == trainable && Objects.equals(v.regularizer, regularizer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(shape), trainable, regularizer);
    }

    @Override
    public String toString() {
        return name + Tensor.shapeToString(shape) + (trainable ? "" : " (non-trainable)");
    }
}
