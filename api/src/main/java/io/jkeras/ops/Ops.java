package io.jkeras.ops;

import io.jkeras.Tensor;
import io.jkeras.backend.BackendOps;
import io.jkeras.backend.Backends;

/**
 * Keras's {@code keras.ops}: tensor functions computed by the current backend (see
 * {@link Backends}), for the arithmetic a model does not cover.
 *
 * <pre>{@code
 * Tensor z = Ops.add(2f, 3f);                      // 5.0
 * Tensor s = Ops.sigmoid(Tensor.of(new float[][] {{0, 1}, {2, 3}}));
 * Tensor m = Ops.mean(x, 0, false);                // the mean of each column
 * }</pre>
 *
 * <p>Binary functions broadcast as NumPy does ({@link Broadcast}); each has overloads taking a
 * {@code float} for either operand, and a {@code (float, float)} overload giving a rank-0
 * tensor. Axes may be negative, counting from the end. Inputs are never modified.
 */
public final class Ops {
    private Ops() {
    }

    private static BackendOps ops() {
        return Backends.current().ops();
    }

    /** {@code a + b}, broadcasting. */
    public static Tensor add(Tensor a, Tensor b) {
        return ops().add(a, b);
    }

    /** {@code a + b}, with a scalar {@code b}. */
    public static Tensor add(Tensor a, float b) {
        return ops().add(a, Tensor.scalar(b));
    }

    /** {@code a + b}, with a scalar {@code a}. */
    public static Tensor add(float a, Tensor b) {
        return ops().add(Tensor.scalar(a), b);
    }

    /** {@code a + b} of two scalars, as a rank-0 tensor. */
    public static Tensor add(float a, float b) {
        return ops().add(Tensor.scalar(a), Tensor.scalar(b));
    }

    /** {@code a - b}, broadcasting. */
    public static Tensor subtract(Tensor a, Tensor b) {
        return ops().subtract(a, b);
    }

    /** {@code a - b}, with a scalar {@code b}. */
    public static Tensor subtract(Tensor a, float b) {
        return ops().subtract(a, Tensor.scalar(b));
    }

    /** {@code a - b}, with a scalar {@code a}. */
    public static Tensor subtract(float a, Tensor b) {
        return ops().subtract(Tensor.scalar(a), b);
    }

    /** {@code a - b} of two scalars, as a rank-0 tensor. */
    public static Tensor subtract(float a, float b) {
        return ops().subtract(Tensor.scalar(a), Tensor.scalar(b));
    }

    /** {@code a * b}, elementwise, broadcasting. */
    public static Tensor multiply(Tensor a, Tensor b) {
        return ops().multiply(a, b);
    }

    /** {@code a * b}, elementwise, with a scalar {@code b}. */
    public static Tensor multiply(Tensor a, float b) {
        return ops().multiply(a, Tensor.scalar(b));
    }

    /** {@code a * b}, elementwise, with a scalar {@code a}. */
    public static Tensor multiply(float a, Tensor b) {
        return ops().multiply(Tensor.scalar(a), b);
    }

    /** {@code a * b}, elementwise of two scalars, as a rank-0 tensor. */
    public static Tensor multiply(float a, float b) {
        return ops().multiply(Tensor.scalar(a), Tensor.scalar(b));
    }

    /** {@code a / b}, elementwise, broadcasting. */
    public static Tensor divide(Tensor a, Tensor b) {
        return ops().divide(a, b);
    }

    /** {@code a / b}, elementwise, with a scalar {@code b}. */
    public static Tensor divide(Tensor a, float b) {
        return ops().divide(a, Tensor.scalar(b));
    }

    /** {@code a / b}, elementwise, with a scalar {@code a}. */
    public static Tensor divide(float a, Tensor b) {
        return ops().divide(Tensor.scalar(a), b);
    }

    /** {@code a / b}, elementwise of two scalars, as a rank-0 tensor. */
    public static Tensor divide(float a, float b) {
        return ops().divide(Tensor.scalar(a), Tensor.scalar(b));
    }

    /** The elementwise maximum, broadcasting. */
    public static Tensor maximum(Tensor a, Tensor b) {
        return ops().maximum(a, b);
    }

    /** The elementwise maximum, with a scalar {@code b}. */
    public static Tensor maximum(Tensor a, float b) {
        return ops().maximum(a, Tensor.scalar(b));
    }

    /** The elementwise maximum, with a scalar {@code a}. */
    public static Tensor maximum(float a, Tensor b) {
        return ops().maximum(Tensor.scalar(a), b);
    }

    /** The elementwise maximum of two scalars, as a rank-0 tensor. */
    public static Tensor maximum(float a, float b) {
        return ops().maximum(Tensor.scalar(a), Tensor.scalar(b));
    }

    /** The elementwise minimum, broadcasting. */
    public static Tensor minimum(Tensor a, Tensor b) {
        return ops().minimum(a, b);
    }

    /** The elementwise minimum, with a scalar {@code b}. */
    public static Tensor minimum(Tensor a, float b) {
        return ops().minimum(a, Tensor.scalar(b));
    }

    /** The elementwise minimum, with a scalar {@code a}. */
    public static Tensor minimum(float a, Tensor b) {
        return ops().minimum(Tensor.scalar(a), b);
    }

    /** The elementwise minimum of two scalars, as a rank-0 tensor. */
    public static Tensor minimum(float a, float b) {
        return ops().minimum(Tensor.scalar(a), Tensor.scalar(b));
    }

    /** {@code a ** b}, elementwise, broadcasting. */
    public static Tensor power(Tensor a, Tensor b) {
        return ops().power(a, b);
    }

    /** {@code a ** b}, elementwise, with a scalar {@code b}. */
    public static Tensor power(Tensor a, float b) {
        return ops().power(a, Tensor.scalar(b));
    }

    /** {@code a ** b}, elementwise, with a scalar {@code a}. */
    public static Tensor power(float a, Tensor b) {
        return ops().power(Tensor.scalar(a), b);
    }

    /** {@code a ** b}, elementwise of two scalars, as a rank-0 tensor. */
    public static Tensor power(float a, float b) {
        return ops().power(Tensor.scalar(a), Tensor.scalar(b));
    }

    /**
     * The matrix product of rank-1 or rank-2 tensors, as {@code numpy.matmul}: {@code (m, k) @ (k, n)}
     * gives {@code (m, n)}; a rank-1 operand is a row on the left or a column on the right.
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        return ops().matmul(a, b);
    }

    /** {@code -x}. */
    public static Tensor negative(Tensor x) {
        return ops().negative(x);
    }

    /** {@code |x|}. */
    public static Tensor abs(Tensor x) {
        return ops().abs(x);
    }

    /** {@code x * x}. */
    public static Tensor square(Tensor x) {
        return ops().square(x);
    }

    /** {@code sqrt(x)}. */
    public static Tensor sqrt(Tensor x) {
        return ops().sqrt(x);
    }

    /** {@code exp(x)}. */
    public static Tensor exp(Tensor x) {
        return ops().exp(x);
    }

    /** The natural logarithm. */
    public static Tensor log(Tensor x) {
        return ops().log(x);
    }

    /** {@code tanh(x)}. */
    public static Tensor tanh(Tensor x) {
        return ops().tanh(x);
    }

    /** The logistic function {@code 1 / (1 + exp(-x))}. */
    public static Tensor sigmoid(Tensor x) {
        return ops().sigmoid(x);
    }

    /** {@code max(x, 0)}. */
    public static Tensor relu(Tensor x) {
        return ops().relu(x);
    }

    /** The transpose of a rank-2 tensor (rank 0 and 1 are returned as they are). */
    public static Tensor transpose(Tensor x) {
        return ops().transpose(x);
    }

    /** Softmax along the last axis (Keras's default {@code axis=-1}). */
    public static Tensor softmax(Tensor x) {
        return ops().softmax(x, -1);
    }

    /** Softmax along {@code axis}. */
    public static Tensor softmax(Tensor x, int axis) {
        return ops().softmax(x, axis);
    }

    /** The sum of every value, as a rank-0 tensor. */
    public static Tensor sum(Tensor x) {
        return ops().sum(x, null, false);
    }

    /** The sum along {@code axis}, which is removed. */
    public static Tensor sum(Tensor x, int axis) {
        return ops().sum(x, axis, false);
    }

    /** The sum along {@code axis}, kept with size 1 when {@code keepdims}. */
    public static Tensor sum(Tensor x, int axis, boolean keepdims) {
        return ops().sum(x, axis, keepdims);
    }

    /** The mean of every value, as a rank-0 tensor. */
    public static Tensor mean(Tensor x) {
        return ops().mean(x, null, false);
    }

    /** The mean along {@code axis}, which is removed. */
    public static Tensor mean(Tensor x, int axis) {
        return ops().mean(x, axis, false);
    }

    /** The mean along {@code axis}, kept with size 1 when {@code keepdims}. */
    public static Tensor mean(Tensor x, int axis, boolean keepdims) {
        return ops().mean(x, axis, keepdims);
    }

    /** The maximum of every value, as a rank-0 tensor. */
    public static Tensor max(Tensor x) {
        return ops().max(x, null, false);
    }

    /** The maximum along {@code axis}, which is removed. */
    public static Tensor max(Tensor x, int axis) {
        return ops().max(x, axis, false);
    }

    /** The maximum along {@code axis}, kept with size 1 when {@code keepdims}. */
    public static Tensor max(Tensor x, int axis, boolean keepdims) {
        return ops().max(x, axis, keepdims);
    }

    /** The minimum of every value, as a rank-0 tensor. */
    public static Tensor min(Tensor x) {
        return ops().min(x, null, false);
    }

    /** The minimum along {@code axis}, which is removed. */
    public static Tensor min(Tensor x, int axis) {
        return ops().min(x, axis, false);
    }

    /** The minimum along {@code axis}, kept with size 1 when {@code keepdims}. */
    public static Tensor min(Tensor x, int axis, boolean keepdims) {
        return ops().min(x, axis, keepdims);
    }

    /** The index of the largest value in the flattened tensor (Keras's default {@code axis=None}), as a rank-0 tensor. */
    public static Tensor argmax(Tensor x) {
        return ops().argmax(Tensor.of(x.data(), x.size()), 0);
    }

    /** The index of the largest value along {@code axis}, which is removed; indices are float values. */
    public static Tensor argmax(Tensor x, int axis) {
        return ops().argmax(x, axis);
    }

    /** Each value clipped to {@code [min, max]}. */
    public static Tensor clip(Tensor x, float min, float max) {
        return ops().clip(x, min, max);
    }
}
