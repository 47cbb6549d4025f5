package io.jkeras.backend;

import io.jkeras.KerasException;
import io.jkeras.Tensor;

/** Checked arithmetic on per-sample shapes, shared by the specs, the facade and the backends. */
public final class Shapes {
    private Shapes() {
    }

    /**
     * The number of values in a shape, checked: every dimension non-negative and the product within
     * {@code int} range.
     *
     * @param what what the shape belongs to, for the message
     * @throws KerasException if a dimension is negative or the product overflows
     */
    public static int size(int[] shape, String what) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new KerasException("The shape " + Tensor.shapeToString(shape) + " of " + what
                        + " has a negative dimension.");
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new KerasException("The shape " + Tensor.shapeToString(shape) + " of " + what + " has more than "
                        + Integer.MAX_VALUE + " values.");
            }
        }
        return (int) n;
    }

    /**
     * Refuses, before anything is allocated, new arrays of {@code bytes} in all that the JVM's heap
     * cannot hold now: more than its maximum ({@code -Xmx}) less what is in use. When the first
     * measure says no, a garbage collection runs and the heap is measured again, so garbage is
     * never counted as in use; only a request that would end in {@code OutOfMemoryError} is refused.
     *
     * @param bytes the bytes about to be allocated
     * @param what what needs them, for the message, e.g. {@code "The weights of layer 'dense'"}
     * @throws KerasException naming {@code what}, the bytes needed and the bytes free
     */
    public static void requireHeap(long bytes, String what) {
        Runtime rt = Runtime.getRuntime();
        if (bytes <= freeHeap(rt)) {
            return;
        }
        System.gc();
        long free = freeHeap(rt);
        if (bytes > free) {
            throw new KerasException(what + " needs " + bytes + " bytes (" + mebibytes(bytes) + "), more than the "
                    + free + " bytes (" + mebibytes(free) + ") free in the JVM's heap (maximum " + rt.maxMemory()
                    + " bytes; raise -Xmx, or make the model or the batch smaller).");
        }
    }

    private static long freeHeap(Runtime rt) {
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    private static String mebibytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    /** {@code (None, d1, d2...)}: a per-sample shape written with Keras's batch axis. */
    public static String withBatch(int[] sampleShape) {
        StringBuilder sb = new StringBuilder("(None");
        for (int d : sampleShape) {
            sb.append(", ").append(d);
        }
        return sb.append(')').toString();
    }

    /** {@code (batch, d1, d2...)}. */
    public static int[] batchShape(int batch, int[] sampleShape) {
        int[] s = new int[sampleShape.length + 1];
        s[0] = batch;
        System.arraycopy(sampleShape, 0, s, 1, sampleShape.length);
        return s;
    }
}
