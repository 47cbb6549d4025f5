package io.jkeras.layers;

import io.jkeras.KerasException;
import io.jkeras.backend.ConcatenateSpec;
import io.jkeras.backend.LayerSpec;
import java.util.List;

/**
 * Keras's {@code Concatenate(axis=-1)}: its inputs joined along one axis. The axis counts the batch
 * axis as Keras does: {@code -1} (the default) is the last axis, {@code 1} the first axis of a
 * sample; the batch axis itself cannot be joined.
 *
 * <p>Input: a list of two or more tensors whose shapes agree except on {@code axis}. Output: their
 * shape with the sizes on {@code axis} added.
 */
public final class Concatenate extends Layer {
    private final int axis;

    /** Concatenation along the last axis. */
    public Concatenate() {
        this(-1);
    }

    /** Concatenation along {@code axis} (Keras's numbering, batch axis 0). */
    public Concatenate(int axis) {
        if (axis == 0) {
            throw new KerasException("Concatenate cannot join along axis 0, the batch axis. Received: axis=0");
        }
        this.axis = axis;
    }

    /** The axis as given. */
    public int axis() {
        return axis;
    }

    @Override
    public String className() {
        return "Concatenate";
    }

    @Override
    protected String namePrefix() {
        return "concatenate";
    }

    @Override
    protected int minInputs() {
        return 2;
    }

    @Override
    protected int maxInputs() {
        return Integer.MAX_VALUE;
    }

    /** The axis in the per-sample shape, from 0, for inputs of this rank (per sample). */
    private int sampleAxis(int rank) {
        int a = axis < 0 ? rank + axis : axis - 1;
        if (a < 0 || a >= rank) {
            throw new KerasException("Concatenate '" + getName() + "' cannot join along axis " + axis
                    + " of inputs of rank " + (rank + 1) + " (batch axis included).");
        }
        return a;
    }

    @Override
    protected int[] computeOutputShape(List<int[]> inputShapes) {
        int rank = inputShapes.get(0).length;
        int a = sampleAxis(rank);
        int[] out = inputShapes.get(0).clone();
        out[a] = 0;
        for (int[] s : inputShapes) {
            boolean ok = s.length == rank;
            for (int d = 0; ok && d < rank; d++) {
                ok = d == a || s[d] == inputShapes.get(0)[d];
            }
            if (!ok) {
                throw new KerasException("A `Concatenate` layer requires inputs with matching shapes except for the"
                        + " concatenation axis. Received: input_shape=" + shapeList(inputShapes) + " (layer '" + getName()
                        + "', axis=" + axis + ").");
            }
            out[a] += s[a];
        }
        return out;
    }

    @Override
    public LayerSpec toSpec() {
        List<int[]> shapes = inputShapes();
        return new ConcatenateSpec(getName(), sampleAxis(shapes.get(0).length), shapes);
    }
}
