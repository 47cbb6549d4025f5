package io.jkeras.backend;

/**
 * Keras's {@code Permute(dims)}: the per-sample axes reordered, output axis {@code i} being input
 * axis {@code dims[i]} (numbered from 1, as in Keras; the batch axis stays first). No weights.
 *
 * @param name the layer's name
 * @param inputShape the per-sample input shape
 * @param dims a permutation of {@code 1..rank}
 */
public record PermuteSpec(String name, int[] inputShape, int[] dims) implements GatherSpec {

    /** Copies the arrays and checks that {@code dims} is a permutation of the input's axes. */
    public PermuteSpec {
        inputShape = inputShape.clone();
        dims = dims.clone();
        boolean[] seen = new boolean[dims.length];
        for (int d : dims) {
            if (dims.length != inputShape.length || d < 1 || d > dims.length || seen[d - 1]) {
                throw new IllegalArgumentException("Permute '" + name + "': dims " + java.util.Arrays.toString(dims)
                        + " is not a permutation of the axes of " + Shapes.withBatch(inputShape));
            }
            seen[d - 1] = true;
        }
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    @Override
    public int[] outputShape() {
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = inputShape[dims[i] - 1];
        }
        return out;
    }

    @Override
    public int[] sourceIndices() {
        int[] out = outputShape();
        int[] inStrides = GatherSpec.strides(inputShape);
        int[] outStrides = GatherSpec.strides(out);
        int size = Shapes.size(out, "the output of Permute '" + name + "'");
        int[] idx = new int[size];
        for (int k = 0; k < size; k++) {
            int src = 0;
            for (int i = 0; i < out.length; i++) {
                src += (k / outStrides[i] % out[i]) * inStrides[dims[i] - 1];
            }
            idx[k] = src;
        }
        return idx;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.permute(this);
    }
}
