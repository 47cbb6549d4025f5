package io.jkeras;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense, row-major float32 array with a shape: jkeras's own {@code ndarray}, so that users
 * never need a backend's array type on their classpath.
 *
 * <p>A {@code Tensor} owns its {@code float[]}; {@link #data()} exposes that array without a
 * copy, for backends and for hot loops. Everything else copies.
 *
 * <p>Sizes are checked: every dimension is at least 0, and both the number of values and the
 * number of values per sample (every dimension but the first) fit in an {@code int}, so no size
 * computed from a tensor's shape can wrap around. A shape that breaks this, or any other misuse,
 * is a {@link KerasException} naming the shape; a {@code null} argument is a
 * {@link NullPointerException} naming it. A new tensor whose values cannot fit in the JVM's
 * maximum heap ({@code -Xmx}) is refused with a {@link KerasException} naming its size, instead
 * of a bare {@link OutOfMemoryError}.
 *
 * <p>Tensors are {@link java.io.Serializable} (their values and shape), so that they travel in
 * the closures and results of distributed jobs.
 */
public final class Tensor implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** The longest array HotSpot allocates: a few words less than {@code Integer.MAX_VALUE}. */
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private final float[] data;
    private final int[] shape;

    private Tensor(float[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    /** A deserialized tensor passes the checks of {@link #of(float[], int...)}. */
    private Object readResolve() {
        return of(data, shape);
    }

    /**
     * Wraps {@code data} (not copied) with the given shape.
     *
     * @throws KerasException if the shape has a negative dimension, holds more values than an
     *     {@code int} counts, or its size is not {@code data.length}
     * @throws NullPointerException if {@code data} or {@code shape} is {@code null}
     */
    public static Tensor of(float[] data, int... shape) {
        Objects.requireNonNull(data, "data must not be null");
        int size = checkedSize(shape);
        if (size != data.length) {
            throw new KerasException("Cannot give " + data.length + " values the shape "
                    + shapeToString(shape) + ", which holds " + size + " values.");
        }
        return new Tensor(data, shape.clone());
    }

    /**
     * A tensor of shape {@code (rows, cols)} holding a copy of {@code rows}; every row must have the same length.
     *
     * @throws KerasException for ragged rows, or more values than an {@code int} counts
     * @throws NullPointerException if {@code rows} or one of its rows is {@code null}
     */
    public static Tensor of(float[][] rows) {
        Objects.requireNonNull(rows, "rows must not be null");
        int cols = rows.length == 0 ? 0 : row(rows, 0).length;
        float[] data = allocate(new int[] {rows.length, cols});
        for (int i = 0; i < rows.length; i++) {
            if (row(rows, i).length != cols) {
                throw new KerasException("Ragged rows: row 0 has " + cols + " values, row "
                        + i + " has " + rows[i].length + ".");
            }
            System.arraycopy(rows[i], 0, data, i * cols, cols);
        }
        return new Tensor(data, new int[] {rows.length, cols});
    }

    private static float[] row(float[][] rows, int i) {
        return Objects.requireNonNull(rows[i], () -> "row " + i + " of rows must not be null");
    }

    /**
     * A one-dimensional tensor holding a copy of {@code values}.
     *
     * @throws NullPointerException if {@code values} is {@code null}
     */
    public static Tensor vector(float... values) {
        Objects.requireNonNull(values, "values must not be null");
        return new Tensor(values.clone(), new int[] {values.length});
    }

    /** A rank-0 tensor holding one value. */
    public static Tensor scalar(float value) {
        return new Tensor(new float[] {value}, new int[0]);
    }

    /**
     * A tensor of zeros.
     *
     * @throws KerasException if the shape has a negative dimension or holds more values than an {@code int} counts
     */
    public static Tensor zeros(int... shape) {
        return new Tensor(allocate(shape), shape.clone());
    }

    /**
     * A tensor whose every value is {@code value}.
     *
     * @throws KerasException if the shape has a negative dimension or holds more values than an {@code int} counts
     */
    public static Tensor full(float value, int... shape) {
        float[] d = allocate(shape);
        Arrays.fill(d, value);
        return new Tensor(d, shape.clone());
    }

    /** The shape; a copy. */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * The size of dimension {@code axis}; negative axes count from the end, as in NumPy.
     *
     * @throws KerasException if there is no such axis
     */
    public int dim(int axis) {
        int a = axis < 0 ? shape.length + axis : axis;
        if (a < 0 || a >= shape.length) {
            throw new KerasException("Axis " + axis + " is out of range for a tensor of shape "
                    + shapeToString(shape) + ".");
        }
        return shape[a];
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** The number of values. */
    public int size() {
        return data.length;
    }

    /** The backing array, not copied: writes to it change this tensor. */
    public float[] data() {
        return data;
    }

    /** A copy of the values, row-major. */
    public float[] toArray() {
        return data.clone();
    }

    /**
     * The value at the given indices.
     *
     * @throws IndexOutOfBoundsException if an index is outside its dimension, naming the shape
     * @throws KerasException if the number of indices is not the rank
     */
    public float get(int... indices) {
        return data[flatIndex(indices)];
    }

    /**
     * Sets the value at the given indices.
     *
     * @throws IndexOutOfBoundsException if an index is outside its dimension, naming the shape
     * @throws KerasException if the number of indices is not the rank
     */
    public void set(float value, int... indices) {
        data[flatIndex(indices)] = value;
    }

    /**
     * The only value of a tensor of size 1.
     *
     * @throws KerasException if the tensor does not have exactly one value
     */
    public float item() {
        if (data.length != 1) {
            throw new KerasException("item() needs a tensor of size 1; this one has shape "
                    + shapeToString(shape) + ".");
        }
        return data[0];
    }

    /**
     * The values of a rank-2 tensor as rows; a copy.
     *
     * @throws KerasException if the tensor is not of rank 2
     */
    public float[][] toArray2D() {
        if (shape.length != 2) {
            throw new KerasException("toArray2D() needs a rank-2 tensor; this one has shape "
                    + shapeToString(shape) + ".");
        }
        float[][] out = new float[shape[0]][shape[1]];
        for (int i = 0; i < shape[0]; i++) {
            System.arraycopy(data, i * shape[1], out[i], 0, shape[1]);
        }
        return out;
    }

    /**
     * The same values with another shape (copied); one dimension may be {@code -1}.
     *
     * @throws KerasException if the new shape does not hold this tensor's values
     * @throws NullPointerException if {@code newShape} is {@code null}
     */
    public Tensor reshape(int... newShape) {
        int[] s = Objects.requireNonNull(newShape, "newShape must not be null").clone();
        int unknown = -1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (unknown >= 0) {
                    throw new KerasException("Only one dimension can be -1 in " + shapeToString(newShape));
                }
                unknown = i;
                s[i] = 1;
            } else if (s[i] < 0) {
                throw new KerasException("Cannot reshape " + shapeToString(shape) + " to " + shapeToString(newShape)
                        + ": a dimension is negative.");
            }
        }
        if (unknown >= 0) {
            long known = sizeOf(s);
            if (known == 0 || data.length % known != 0) {
                throw new KerasException("Cannot reshape " + shapeToString(shape) + " to "
                        + shapeToString(newShape) + ".");
            }
            s[unknown] = (int) (data.length / known);
        }
        return of(data.clone(), s);
    }

    /** The number of values in one sample, that is, the product of every dimension but the first. */
    public int sampleSize() {
        return (int) sampleSizeOf(shape);
    }

    /**
     * Samples {@code from} (inclusive) to {@code to} (exclusive) along the first axis; a copy.
     *
     * @throws KerasException if the range is not within the first axis
     */
    public Tensor slice(int from, int to) {
        if (shape.length == 0 || from < 0 || to > shape[0] || from > to) {
            throw new KerasException("Cannot take samples [" + from + ", " + to + ") of a tensor of shape "
                    + shapeToString(shape) + ".");
        }
        int per = sampleSize();
        int[] s = shape.clone();
        s[0] = to - from;
        return new Tensor(Arrays.copyOfRange(data, from * per, to * per), s);
    }

    /**
     * The samples at {@code indices} along the first axis, in that order; a copy.
     *
     * @throws KerasException if the tensor has rank 0, an index is not a sample, or the result
     *     would hold more values than an {@code int} counts
     * @throws NullPointerException if {@code indices} is {@code null}
     */
    public Tensor take(int[] indices) {
        Objects.requireNonNull(indices, "indices must not be null");
        if (shape.length == 0) {
            throw new KerasException("Cannot take samples of a tensor of rank 0.");
        }
        int per = sampleSize();
        int[] s = shape.clone();
        s[0] = indices.length;
        float[] out = allocate(s);
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= shape[0]) {
                throw new KerasException("Cannot take sample " + indices[i] + " (at position " + i
                        + " of the indices) of a tensor of shape " + shapeToString(shape) + ".");
            }
            System.arraycopy(data, indices[i] * per, out, i * per, per);
        }
        return new Tensor(out, s);
    }

    /** A deep copy. */
    public Tensor copy() {
        return new Tensor(data.clone(), shape.clone());
    }

    /**
     * Whether shapes are equal and every value differs by at most {@code atol + rtol * |other|}.
     *
     * @throws NullPointerException if {@code other} is {@code null}
     */
    public boolean allClose(Tensor other, float rtol, float atol) {
        Objects.requireNonNull(other, "other must not be null");
        if (!Arrays.equals(shape, other.shape)) {
            return false;
        }
        for (int i = 0; i < data.length; i++) {
            if (Math.abs(data[i] - other.data[i]) > atol + rtol * Math.abs(other.data[i])) {
                return false;
            }
        }
        return true;
    }

    private int flatIndex(int[] indices) {
        if (indices.length != shape.length) {
            throw new KerasException("Expected " + shape.length + " indices for shape "
                    + shapeToString(shape) + ", received " + indices.length + ".");
        }
        int flat = 0;
        for (int i = 0; i < shape.length; i++) {
            if (indices[i] < 0 || indices[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("Index " + Arrays.toString(indices)
                        + " is out of bounds for shape " + shapeToString(shape) + ".");
            }
            flat = flat * shape[i] + indices[i];
        }
        return flat;
    }

    /**
     * The number of values of a shape, checked: no negative dimension, and both the whole
     * product and the per-sample product (every dimension but the first) within {@code int}
     * range, so that neither wraps around whatever the order of the dimensions.
     */
    private static int checkedSize(int[] shape) {
        Objects.requireNonNull(shape, "shape must not be null");
        long n = sizeOf(shape);
        if (n > Integer.MAX_VALUE || sampleSizeOf(shape) > Integer.MAX_VALUE) {
            throw new KerasException("The shape " + shapeToString(shape) + " holds more than " + Integer.MAX_VALUE
                    + (n > Integer.MAX_VALUE ? " values" : " values per sample")
                    + "; a tensor holds at most " + Integer.MAX_VALUE + " values.");
        }
        return (int) n;
    }

    /** A new array for this shape, refused when it could never fit in the heap. */
    private static float[] allocate(int[] shape) {
        int n = checkedSize(shape);
        long bytes = 4L * n;
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap || n > MAX_ARRAY_LENGTH) {
            throw new KerasException("A tensor of shape " + shapeToString(shape) + " needs " + bytes + " bytes, more than "
                    + (n > MAX_ARRAY_LENGTH ? "the largest array a JVM allocates"
                            : "the JVM's maximum heap of " + heap + " bytes (raise -Xmx)") + ".");
        }
        return new float[n];
    }

    private static long sampleSizeOf(int[] shape) {
        return shape.length == 0 ? 1 : sizeOf(shape, 1);
    }

    /**
     * The product of the dimensions, or a number past {@code Integer.MAX_VALUE} once it is past
     * it (the product is not carried further, so it cannot wrap a {@code long} either).
     */
    private static long sizeOf(int[] shape) {
        return sizeOf(shape, 0);
    }

    /** {@link #sizeOf(int[])} of the dimensions from {@code from} on (no copy of the shape made). */
    private static long sizeOf(int[] shape, int from) {
        for (int i = from; i < shape.length; i++) {
            int d = shape[i];
            if (d < 0) {
                throw new KerasException("The shape " + shapeToString(Arrays.copyOfRange(shape, from, shape.length))
                        + " has a negative dimension.");
            }
            if (d == 0) {
                return 0;
            }
        }
        long n = 1;
        for (int i = from; i < shape.length; i++) {
            int d = shape[i];
            n *= d;
            if (n > Integer.MAX_VALUE) {
                return n;
            }
        }
        return n;
    }

    /** A shape written as Keras writes it: {@code (32, 784)}, {@code (5,)}, {@code ()}. */
    public static String shapeToString(int... shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        return sb.append(')').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    /** NumPy-like text, abbreviated past 100 values. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (data.length > 100) {
            sb.append("Tensor(shape=").append(shapeToString(shape)).append(", values=[");
            for (int i = 0; i < 6; i++) {
                sb.append(i > 0 ? ", " : "").append(data[i]);
            }
            return sb.append(", ...])").toString();
        }
        appendNested(sb, 0, 0);
        return sb.toString();
    }

    private int appendNested(StringBuilder sb, int axis, int offset) {
        if (axis == shape.length) {
            sb.append(data[offset]);
            return offset + 1;
        }
        sb.append('[');
        for (int i = 0; i < shape[axis]; i++) {
            if (i > 0) {
                sb.append(axis == shape.length - 1 ? ", " : ",\n" + " ".repeat(axis + 1));
            }
            offset = appendNested(sb, axis + 1, offset);
        }
        sb.append(']');
        return offset;
    }
}
