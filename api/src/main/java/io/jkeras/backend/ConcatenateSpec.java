package io.jkeras.backend;

import java.util.ArrayList;
import java.util.List;

/**
 * Keras's {@code Concatenate(axis)}: the inputs joined along one axis. The axis is counted in the
 * per-sample shape, from 0 (Keras's {@code axis=-1} on {@code (None, 4, 3)} inputs is 1 here); the
 * inputs agree on every other axis.
 *
 * <p>Row-major, the output of one sample is, for each position {@code p} of the axes before
 * {@code axis}, input 0's block of {@code shape0[axis] * inner} values at {@code p}, then input
 * 1's block, and so on, where {@code inner} is the product of the axes after {@code axis}.
 *
 * @param name the layer's name
 * @param axis the axis joined, in {@code [0, rank)} of the per-sample shape
 * @param inputShapes the per-sample shape of each input
 */
public record ConcatenateSpec(String name, int axis, List<int[]> inputShapes) implements LayerSpec {

    /** Copies the shapes and checks that they agree off the axis. */
    public ConcatenateSpec {
        List<int[]> copies = new ArrayList<>();
        for (int[] s : inputShapes) {
            copies.add(s.clone());
        }
        inputShapes = List.copyOf(copies);
        int rank = inputShapes.get(0).length;
        if (axis < 0 || axis >= rank || inputShapes.size() < 2) {
            throw new IllegalArgumentException("Concatenate '" + name + "' needs two or more inputs and an axis in [0, "
                    + rank + "). Received: axis " + axis + ", " + inputShapes.size() + " inputs.");
        }
        for (int[] s : inputShapes) {
            for (int d = 0; d < rank; d++) {
                if (s.length != rank || (d != axis && s[d] != inputShapes.get(0)[d])) {
                    throw new IllegalArgumentException("Concatenate '" + name + "' inputs disagree off axis " + axis + ".");
                }
            }
        }
    }

    @Override
    public List<int[]> inputShapes() {
        List<int[]> l = new ArrayList<>();
        for (int[] s : inputShapes) {
            l.add(s.clone());
        }
        return l;
    }

    @Override
    public int[] outputShape() {
        int[] out = inputShapes.get(0).clone();
        out[axis] = 0;
        for (int[] s : inputShapes) {
            out[axis] += s[axis];
        }
        return out;
    }

    /** The product of the axes before {@code axis}: how many blocks each input contributes per sample. */
    public int outer() {
        int n = 1;
        for (int d = 0; d < axis; d++) {
            n *= inputShapes.get(0)[d];
        }
        return n;
    }

    /** Input {@code i}'s block length: {@code shape[axis] * product(axes after axis)}. */
    public int block(int i) {
        int[] s = inputShapes.get(i);
        int n = 1;
        for (int d = axis; d < s.length; d++) {
            n *= s[d];
        }
        return n;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.concatenate(this);
    }
}
