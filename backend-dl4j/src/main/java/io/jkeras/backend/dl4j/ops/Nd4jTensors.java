package io.jkeras.backend.dl4j.ops;

import io.jkeras.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Copies between jkeras's {@link Tensor} (row-major {@code float[]} on the Java heap) and ND4J's
 * {@link INDArray} (off-heap, or on the GPU). Every method copies once; none keeps a reference to
 * its input.
 */
public final class Nd4jTensors {
    private Nd4jTensors() {
    }

    /** A new float32 array with the tensor's shape and values. */
    public static INDArray toNd(Tensor t) {
        int[] shape = t.shape();
        long[] s = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            s[i] = shape[i];
        }
        if (t.size() == 0) {
            return Nd4j.create(DataType.FLOAT, s);
        }
        return Nd4j.create(t.data(), s, DataType.FLOAT);
    }

    /** A new tensor of the given shape holding the array's values in row-major order. */
    public static Tensor toTensor(INDArray a, int... shape) {
        return Tensor.of(toFloats(a), shape);
    }

    /** A new tensor with the array's shape and values. */
    public static Tensor toTensor(INDArray a) {
        long[] s = a.shape();
        int[] shape = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            shape[i] = Math.toIntExact(s[i]);
        }
        return toTensor(a, shape);
    }

    /** The array's values in row-major order, in a new Java array. */
    public static float[] toFloats(INDArray a) {
        long n = a.length();
        if (n == 0) {
            return new float[0];
        }
        INDArray c = a;
        if (a.dataType() != DataType.FLOAT) {
            c = a.castTo(DataType.FLOAT);
        }
        // A view, an offset or 'f' order would make the buffer's layout differ from row-major.
        if (c.isView() || c.ordering() != 'c' || c.offset() != 0 || c.data().length() != n) {
            c = c.dup('c');
        }
        float[] f = c.data().asFloat();
        return f.length == n ? f : java.util.Arrays.copyOf(f, (int) n);
    }

    /**
     * Copies {@code values} into {@code target}, a row-major array made by ND4J with exactly
     * {@code values.length} elements, without allocating.
     */
    public static void copyInto(float[] values, INDArray target) {
        if (target.length() != values.length) {
            throw new IllegalArgumentException("Cannot copy " + values.length + " values into an array of "
                    + target.length());
        }
        if (values.length > 0) {
            target.data().setData(values);
        }
    }
}
