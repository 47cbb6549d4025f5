package io.jkeras.backend;

import java.util.ArrayList;
import java.util.List;

/**
 * Keras's elementwise merge layers: {@code Add}, {@code Subtract} (exactly two inputs),
 * {@code Multiply}, {@code Average}, {@code Maximum}, {@code Minimum}, over two or more inputs of
 * the same per-sample shape. As in Keras, each is folded left over the inputs ({@code Average} is
 * the running sum divided by {@code n}). Where inputs tie exactly, {@code Maximum} and
 * {@code Minimum} send the gradient to the first of the tied inputs.
 *
 * @param name the layer's name
 * @param op the operation
 * @param shape the per-sample shape of every input and of the output
 * @param inputs how many inputs the layer takes
 */
public record MergeSpec(String name, Op op, int[] shape, int inputs) implements LayerSpec {

    /** The elementwise operations, with their Keras class names. */
    public enum Op {
        /** {@code a + b + ...}. */
        ADD("Add"),
        /** {@code a - b}. */
        SUBTRACT("Subtract"),
        /** {@code a * b * ...}. */
        MULTIPLY("Multiply"),
        /** {@code (a + b + ...) / n}. */
        AVERAGE("Average"),
        /** {@code max(a, b, ...)}. */
        MAXIMUM("Maximum"),
        /** {@code min(a, b, ...)}. */
        MINIMUM("Minimum");

        private final String className;

        Op(String className) {
            this.className = className;
        }

        /** The Keras class name, e.g. {@code "Add"}. */
        public String className() {
            return className;
        }
    }

    /** Copies the shape and checks the input count. */
    public MergeSpec {
        shape = shape.clone();
        if (inputs < 2 || (op == Op.SUBTRACT && inputs != 2)) {
            throw new IllegalArgumentException(op.className() + " '" + name + "' cannot take " + inputs + " inputs.");
        }
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Values per sample. */
    public int size() {
        return Shapes.size(shape, name);
    }

    @Override
    public List<int[]> inputShapes() {
        List<int[]> l = new ArrayList<>(inputs);
        for (int i = 0; i < inputs; i++) {
            l.add(shape.clone());
        }
        return List.copyOf(l);
    }

    @Override
    public int[] outputShape() {
        return shape.clone();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.merge(this);
    }
}
