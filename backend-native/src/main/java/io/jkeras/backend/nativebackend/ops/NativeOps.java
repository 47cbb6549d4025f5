package io.jkeras.backend.nativebackend.ops;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.BackendOps;
import io.jkeras.backend.nativebackend.kernels.ActivationKernels;
import io.jkeras.backend.nativebackend.kernels.Gemm;
import io.jkeras.ops.Broadcast;
import java.util.Arrays;

/**
 * {@code keras.ops}-style tensor functions over float arrays. Binary functions broadcast as
 * NumPy does ({@link Broadcast}): operands of another shape are first expanded to the result's
 * shape, then one tight loop per function runs over equal-length arrays. Reductions view the
 * tensor as {@code (outer, axis, inner)}.
 */
public final class NativeOps implements BackendOps {

    /** The functions. */
    public NativeOps() {
    }

    private enum Binary { ADD, SUBTRACT, MULTIPLY, DIVIDE, MAXIMUM, MINIMUM, POWER }

    private enum Unary { NEGATIVE, ABS, SQUARE, SQRT, EXP, LOG, TANH, SIGMOID, RELU }

    private enum Reduce { SUM, MEAN, MAX, MIN }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        return binary(Binary.ADD, a, b);
    }

    @Override
    public Tensor subtract(Tensor a, Tensor b) {
        return binary(Binary.SUBTRACT, a, b);
    }

    @Override
    public Tensor multiply(Tensor a, Tensor b) {
        return binary(Binary.MULTIPLY, a, b);
    }

    @Override
    public Tensor divide(Tensor a, Tensor b) {
        return binary(Binary.DIVIDE, a, b);
    }

    @Override
    public Tensor maximum(Tensor a, Tensor b) {
        return binary(Binary.MAXIMUM, a, b);
    }

    @Override
    public Tensor minimum(Tensor a, Tensor b) {
        return binary(Binary.MINIMUM, a, b);
    }

    @Override
    public Tensor power(Tensor a, Tensor b) {
        return binary(Binary.POWER, a, b);
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        if (a.rank() == 0 || b.rank() == 0 || a.rank() > 2 || b.rank() > 2) {
            throw new KerasException("matmul takes tensors of rank 1 or 2. Received: x1.shape="
                    + Tensor.shapeToString(a.shape()) + " and x2.shape=" + Tensor.shapeToString(b.shape()) + ".");
        }
        int m = a.rank() == 1 ? 1 : a.dim(0);
        int k = a.dim(-1);
        int kb = b.rank() == 1 ? b.dim(0) : b.dim(0);
        int n = b.rank() == 1 ? 1 : b.dim(1);
        if (k != kb) {
            throw new KerasException("Inner dimensions (`x1.shape[-1]` and `x2.shape[-2]`) must be equal, but received `x1.shape="
                    + Tensor.shapeToString(a.shape()) + "` and `x2.shape=" + Tensor.shapeToString(b.shape()) + "`.");
        }
        float[] c = new float[m * n];
        Gemm.gemm(false, false, m, n, k, 1f, a.data(), 0, Math.max(k, 1), b.data(), 0, Math.max(n, 1), 0f, c, 0,
                Math.max(n, 1));
        if (a.rank() == 1 && b.rank() == 1) {
            return Tensor.of(c);
        }
        if (a.rank() == 1) {
            return Tensor.of(c, n);
        }
        if (b.rank() == 1) {
            return Tensor.of(c, m);
        }
        return Tensor.of(c, m, n);
    }

    @Override
    public Tensor transpose(Tensor x) {
        if (x.rank() < 2) {
            return x.copy();
        }
        if (x.rank() > 2) {
            throw new KerasException("transpose takes a tensor of rank at most 2. Received: shape "
                    + Tensor.shapeToString(x.shape()) + ".");
        }
        int rows = x.dim(0);
        int cols = x.dim(1);
        float[] s = x.data();
        float[] d = new float[s.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                d[j * rows + i] = s[i * cols + j];
            }
        }
        return Tensor.of(d, cols, rows);
    }

    @Override
    public Tensor negative(Tensor x) {
        return unary(Unary.NEGATIVE, x);
    }

    @Override
    public Tensor abs(Tensor x) {
        return unary(Unary.ABS, x);
    }

    @Override
    public Tensor square(Tensor x) {
        return unary(Unary.SQUARE, x);
    }

    @Override
    public Tensor sqrt(Tensor x) {
        return unary(Unary.SQRT, x);
    }

    @Override
    public Tensor exp(Tensor x) {
        return unary(Unary.EXP, x);
    }

    @Override
    public Tensor log(Tensor x) {
        return unary(Unary.LOG, x);
    }

    @Override
    public Tensor tanh(Tensor x) {
        return unary(Unary.TANH, x);
    }

    @Override
    public Tensor sigmoid(Tensor x) {
        return unary(Unary.SIGMOID, x);
    }

    @Override
    public Tensor relu(Tensor x) {
        return unary(Unary.RELU, x);
    }

    @Override
    public Tensor softmax(Tensor x, int axis) {
        int[] shape = x.shape();
        float[] out = x.toArray();
        if (shape.length == 0) {
            ActivationKernels.softmaxRows(out, out, 1, 1);
            return Tensor.of(out);
        }
        int ax = Broadcast.normalizeAxis(axis, shape.length);
        int n = shape[ax];
        int inner = product(shape, ax + 1, shape.length);
        int outer = product(shape, 0, ax);
        if (inner == 1) {
            ActivationKernels.softmaxRows(out, out, outer, n);
            return Tensor.of(out, shape);
        }
        float[] row = new float[n];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                for (int j = 0; j < n; j++) {
                    row[j] = out[base + j * inner];
                }
                ActivationKernels.softmaxRows(row, row, 1, n);
                for (int j = 0; j < n; j++) {
                    out[base + j * inner] = row[j];
                }
            }
        }
        return Tensor.of(out, shape);
    }

    @Override
    public Tensor sum(Tensor x, Integer axis, boolean keepdims) {
        return reduce(Reduce.SUM, x, axis, keepdims);
    }

    @Override
    public Tensor mean(Tensor x, Integer axis, boolean keepdims) {
        return reduce(Reduce.MEAN, x, axis, keepdims);
    }

    @Override
    public Tensor max(Tensor x, Integer axis, boolean keepdims) {
        return reduce(Reduce.MAX, x, axis, keepdims);
    }

    @Override
    public Tensor min(Tensor x, Integer axis, boolean keepdims) {
        return reduce(Reduce.MIN, x, axis, keepdims);
    }

    @Override
    public Tensor argmax(Tensor x, int axis) {
        int[] shape = x.shape();
        if (shape.length == 0) {
            Broadcast.normalizeAxis(axis, 0);
            return Tensor.scalar(0f);
        }
        int ax = Broadcast.normalizeAxis(axis, shape.length);
        int n = shape[ax];
        int inner = product(shape, ax + 1, shape.length);
        int outer = product(shape, 0, ax);
        int[] outShape = Broadcast.removeAxis(shape, ax);
        if (n == 0 && outer * inner > 0) {
            throw new KerasException("argmax of an empty axis: axis " + axis + " of shape "
                    + Tensor.shapeToString(shape) + " has size 0.");
        }
        float[] s = x.data();
        float[] d = new float[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                int best = 0;
                float bv = s[base];
                for (int j = 1; j < n; j++) {
                    float v = s[base + j * inner];
                    // NaN wins, as in NumPy: the first NaN is the maximum.
                    if (v > bv || (Float.isNaN(v) && !Float.isNaN(bv))) {
                        bv = v;
                        best = j;
                    }
                }
                d[o * inner + i] = best;
            }
        }
        return Tensor.of(d, outShape);
    }

    @Override
    public Tensor clip(Tensor x, float min, float max) {
        float[] s = x.data();
        float[] d = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            d[i] = Math.min(Math.max(s[i], min), max);
        }
        return Tensor.of(d, x.shape());
    }

    // ------------------------------------------------------------------ internals

    private static Tensor binary(Binary op, Tensor a, Tensor b) {
        int[] shape = Broadcast.shape(a.shape(), b.shape());
        float[] x = expand(a, shape);
        float[] y = expand(b, shape);
        int n = x.length;
        float[] d = new float[n];
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    d[i] = x[i] + y[i];
                }
            }
            case SUBTRACT -> {
                for (int i = 0; i < n; i++) {
                    d[i] = x[i] - y[i];
                }
            }
            case MULTIPLY -> {
                for (int i = 0; i < n; i++) {
                    d[i] = x[i] * y[i];
                }
            }
            case DIVIDE -> {
                for (int i = 0; i < n; i++) {
                    d[i] = x[i] / y[i];
                }
            }
            case MAXIMUM -> {
                for (int i = 0; i < n; i++) {
                    d[i] = Math.max(x[i], y[i]);
                }
            }
            case MINIMUM -> {
                for (int i = 0; i < n; i++) {
                    d[i] = Math.min(x[i], y[i]);
                }
            }
            case POWER -> {
                for (int i = 0; i < n; i++) {
                    d[i] = (float) Math.pow(x[i], y[i]);
                }
            }
            default -> throw new IllegalStateException(op.name());
        }
        return Tensor.of(d, shape);
    }

    /** {@code t}'s values broadcast to {@code shape}: its own array when the shapes are equal. */
    private static float[] expand(Tensor t, int[] shape) {
        int[] own = t.shape();
        if (Arrays.equals(own, shape)) {
            return t.data();
        }
        float[] s = t.data();
        int[] map = Broadcast.indexMap(own, shape);
        float[] d = new float[map.length];
        for (int i = 0; i < map.length; i++) {
            d[i] = s[map[i]];
        }
        return d;
    }

    private static Tensor unary(Unary op, Tensor t) {
        float[] x = t.data();
        int n = x.length;
        float[] d = new float[n];
        switch (op) {
            case NEGATIVE -> {
                for (int i = 0; i < n; i++) {
                    d[i] = -x[i];
                }
            }
            case ABS -> {
                for (int i = 0; i < n; i++) {
                    d[i] = Math.abs(x[i]);
                }
            }
            case SQUARE -> {
                for (int i = 0; i < n; i++) {
                    d[i] = x[i] * x[i];
                }
            }
            case SQRT -> {
                for (int i = 0; i < n; i++) {
                    d[i] = (float) Math.sqrt(x[i]);
                }
            }
            case EXP -> {
                for (int i = 0; i < n; i++) {
                    d[i] = (float) Math.exp(x[i]);
                }
            }
            case LOG -> {
                for (int i = 0; i < n; i++) {
                    d[i] = (float) Math.log(x[i]);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    d[i] = (float) Math.tanh(x[i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    d[i] = (float) ActivationKernels.sigmoid(x[i]);
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    d[i] = Math.max(x[i], 0f);
                }
            }
            default -> throw new IllegalStateException(op.name());
        }
        return Tensor.of(d, t.shape());
    }

    private static Tensor reduce(Reduce op, Tensor x, Integer axis, boolean keepdims) {
        int[] shape = x.shape();
        int outer;
        int n;
        int inner;
        int[] outShape = Broadcast.reducedShape(shape, axis, keepdims);
        if (axis == null || shape.length == 0) {
            outer = 1;
            n = x.size();
            inner = 1;
        } else {
            int ax = Broadcast.normalizeAxis(axis, shape.length);
            outer = product(shape, 0, ax);
            n = shape[ax];
            inner = product(shape, ax + 1, shape.length);
        }
        if (n == 0 && (op == Reduce.MAX || op == Reduce.MIN) && outer * inner > 0) {
            throw new KerasException("Cannot take the " + op.name().toLowerCase(java.util.Locale.ROOT)
                    + " of an empty axis: it has no identity. Received: shape " + Tensor.shapeToString(shape)
                    + ", axis=" + axis + ".");
        }
        float[] s = x.data();
        float[] d = new float[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                d[o * inner + i] = reduceLine(op, s, base, n, inner);
            }
        }
        return Tensor.of(d, outShape);
    }

    /** Reduces {@code n} values starting at {@code base}, {@code stride} apart. */
    private static float reduceLine(Reduce op, float[] s, int base, int n, int stride) {
        switch (op) {
            case SUM, MEAN -> {
                double acc = 0;
                for (int j = 0; j < n; j++) {
                    acc += s[base + j * stride];
                }
                return (float) (op == Reduce.SUM ? acc : acc / n);
            }
            case MAX -> {
                float acc = s[base];
                for (int j = 1; j < n; j++) {
                    acc = Math.max(acc, s[base + j * stride]);
                }
                return acc;
            }
            case MIN -> {
                float acc = s[base];
                for (int j = 1; j < n; j++) {
                    acc = Math.min(acc, s[base + j * stride]);
                }
                return acc;
            }
            default -> throw new IllegalStateException(op.name());
        }
    }

    private static int product(int[] shape, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) {
            p *= shape[i];
        }
        return p;
    }


}
