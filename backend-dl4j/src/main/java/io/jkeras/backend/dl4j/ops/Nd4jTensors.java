package io.jkeras.backend.dl4j.ops;

import io.jkeras.Tensor;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Copies between jkeras's {@link Tensor} (row-major {@code float[]} on the Java heap) and ND4J's
 * {@link INDArray} (off-heap, or on the GPU). Every method copies once; none keeps a reference to
 * its input.
 */
public final class Nd4jTensors {
    /** Whether ND4J runs on the CPU, where an array's buffer is plain host memory. */
    private static final boolean ON_CPU = Nd4j.getEnvironment().isCPU();

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
        // One bulk copy; Nd4j.create(float[], ...) goes through the buffer value by value.
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, s, 'c');
        copyInto(t.data(), out);
        return out;
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
        float[] f = new float[Math.toIntExact(n)];
        copyOut(c, f);
        return f;
    }

    /**
     * Copies {@code values} into {@code target}, a row-major array made by ND4J with exactly
     * {@code values.length} elements, without allocating on the CPU.
     */
    public static void copyInto(float[] values, INDArray target) {
        checkWhole(target, values.length);
        if (values.length == 0) {
            return;
        }
        if (ON_CPU) {
            // One memory copy; DataBuffer.setData would put the values one by one.
            new FloatPointer(target.data().addressPointer()).put(values);
        } else {
            target.data().setData(values);
        }
    }

    /**
     * Copies the values of {@code source}, a row-major float32 array made by ND4J with exactly
     * {@code into.length} elements, into {@code into}, without allocating on the CPU.
     */
    public static void copyOut(INDArray source, float[] into) {
        checkWhole(source, into.length);
        if (into.length == 0) {
            return;
        }
        if (ON_CPU) {
            new FloatPointer(source.data().addressPointer()).get(into);
        } else {
            System.arraycopy(source.data().asFloat(), 0, into, 0, into.length);
        }
    }

    /** Checks that {@code a} is a whole float32 buffer of {@code n} elements in row-major order. */
    private static void checkWhole(INDArray a, int n) {
        if (a.length() != n || a.dataType() != DataType.FLOAT || a.offset() != 0 || a.data().length() != n
                || (a.rank() > 1 && a.ordering() != 'c' && a.length() > Math.max(a.size(0), a.size(-1)))) {
            throw new IllegalArgumentException("Cannot copy " + n + " values to or from " + a.shapeInfoToString()
                    + " at offset " + a.offset() + ": expected a whole row-major float32 array of that length");
        }
    }
}
