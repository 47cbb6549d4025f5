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
