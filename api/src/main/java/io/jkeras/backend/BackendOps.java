package io.jkeras.backend;

import io.jkeras.Tensor;

/**
 * A backend's {@code keras.ops}-style tensor functions, which users reach through
 * {@link io.jkeras.ops.Ops}. Binary elementwise functions broadcast as NumPy does (see
 * {@link io.jkeras.ops.Broadcast}); reductions take an axis (negative counts from the end) and
 * {@code keepdims}. Inputs are never modified; results are new tensors.
 */
public interface BackendOps {

    /** {@code a + b}, broadcasting. */
    Tensor add(Tensor a, Tensor b);

    /** {@code a - b}, broadcasting. */
    Tensor subtract(Tensor a, Tensor b);

    /** {@code a * b} elementwise, broadcasting. */
    Tensor multiply(Tensor a, Tensor b);

    /** {@code a / b} elementwise, broadcasting. */
    Tensor divide(Tensor a, Tensor b);

    /** {@code max(a, b)} elementwise, broadcasting. */
    Tensor maximum(Tensor a, Tensor b);

    /** {@code min(a, b)} elementwise, broadcasting. */
    Tensor minimum(Tensor a, Tensor b);

    /** {@code a ** b} elementwise, broadcasting. */
    Tensor power(Tensor a, Tensor b);

    /**
     * The matrix product of rank-1 or rank-2 tensors, as {@code numpy.matmul}: {@code (m, k) @ (k, n)}
     * is {@code (m, n)}; a rank-1 operand is a row (left) or a column (right) and its axis is dropped.
     */
    Tensor matmul(Tensor a, Tensor b);

    /** The transpose of a rank-2 tensor (a rank-0 or rank-1 tensor is returned as it is). */
    Tensor transpose(Tensor x);

    /** {@code -x}. */
    Tensor negative(Tensor x);

    /** {@code |x|}. */
    Tensor abs(Tensor x);

    /** {@code x * x}. */
    Tensor square(Tensor x);

    /** {@code sqrt(x)}. */
    Tensor sqrt(Tensor x);

    /** {@code exp(x)}. */
    Tensor exp(Tensor x);

    /** The natural logarithm. */
    Tensor log(Tensor x);

    /** {@code tanh(x)}. */
    Tensor tanh(Tensor x);

    /** {@code 1 / (1 + exp(-x))}. */
    Tensor sigmoid(Tensor x);

    /** {@code max(x, 0)}. */
    Tensor relu(Tensor x);

    /** Softmax along {@code axis}. */
    Tensor softmax(Tensor x, int axis);

    /** The sum along {@code axis}, or over everything when {@code axis} is {@code null}. */
    Tensor sum(Tensor x, Integer axis, boolean keepdims);

    /** The mean along {@code axis}, or over everything when {@code axis} is {@code null}. */
    Tensor mean(Tensor x, Integer axis, boolean keepdims);

    /** The maximum along {@code axis}, or over everything when {@code axis} is {@code null}. */
    Tensor max(Tensor x, Integer axis, boolean keepdims);

    /** The minimum along {@code axis}, or over everything when {@code axis} is {@code null}. */
    Tensor min(Tensor x, Integer axis, boolean keepdims);

    /** The index of the maximum along {@code axis}, as float values. */
    Tensor argmax(Tensor x, int axis);

    /** Each value clipped to {@code [min, max]}. */
    Tensor clip(Tensor x, float min, float max);
}
