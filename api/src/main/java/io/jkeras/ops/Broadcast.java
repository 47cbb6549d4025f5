package io.jkeras.ops;

import io.jkeras.KerasException;
import io.jkeras.Tensor;

/** NumPy's broadcasting rule, written once for every backend. */
public final class Broadcast {
    private Broadcast() {
    }

    /**
     * The shape of {@code a op b}: shapes are aligned at their last axis and each pair of sizes
     * must be equal or contain a 1.
     *
     * @throws KerasException naming both shapes when they cannot be broadcast
     */
    public static int[] shape(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new KerasException("Cannot broadcast shapes " + Tensor.shapeToString(a) + " and "
                        + Tensor.shapeToString(b) + ": axis " + i + " has sizes " + da + " and " + db + ".");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * For each flat index of the broadcast result of shape {@code out}, the flat index into an
     * operand of shape {@code operand}.
     */
    public static int[] indexMap(int[] operand, int[] out) {
        int size = 1;
        for (int d : out) {
            size *= d;
        }
        int[] map = new int[size];
        int rank = out.length;
        int offset = rank - operand.length;
        int[] strides = new int[rank];
        int s = 1;
        for (int i = rank - 1; i >= 0; i--) {
            int dim = i < offset ? 1 : operand[i - offset];
            strides[i] = dim == 1 ? 0 : s;
            s *= dim;
        }
        int[] idx = new int[rank];
        for (int flat = 0; flat < size; flat++) {
            int src = 0;
            for (int i = 0; i < rank; i++) {
                src += idx[i] * strides[i];
            }
            map[flat] = src;
            for (int i = rank - 1; i >= 0; i--) {
                if (++idx[i] < out[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return map;
    }

    /** {@code axis} made non-negative for a tensor of this rank, or an error naming both. */
    public static int normalizeAxis(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= Math.max(rank, 1)) {
            throw new KerasException("Axis " + axis + " is out of range for a tensor of rank " + rank + ".");
        }
        return a;
    }

    /**
     * The shape of a reduction of {@code shape}: along {@code axis} (negative counts from the end),
     * or over everything when {@code axis} is {@code null}; {@code keepdims} keeps the reduced
     * axes with size 1, as NumPy does.
     */
    public static int[] reducedShape(int[] shape, Integer axis, boolean keepdims) {
        if (axis == null || shape.length == 0) {
            if (axis != null) {
                normalizeAxis(axis, 0);
            }
            int[] out = new int[keepdims ? shape.length : 0];
            java.util.Arrays.fill(out, 1);
            return out;
        }
        int ax = normalizeAxis(axis, shape.length);
        if (keepdims) {
            int[] out = shape.clone();
            out[ax] = 1;
            return out;
        }
        return removeAxis(shape, ax);
    }

    /** {@code shape} without axis {@code ax} (already non-negative). */
    public static int[] removeAxis(int[] shape, int ax) {
        int[] out = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != ax) {
                out[j++] = shape[i];
            }
        }
        return out;
    }
}
