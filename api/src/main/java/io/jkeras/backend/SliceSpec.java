package io.jkeras.backend;

/**
 * One output tensor of a layer call that produces several (an {@code LSTM} with
 * {@code returnState}: Keras's tensor index in {@code keras_history}). Such a call reaches a
 * backend as one node writing all its outputs side by side, flattened, in one packed tensor
 * {@code (size,)} per sample; each output the graph reads is then one {@code SliceSpec} node over
 * it: values {@code [offset, offset + size(outputShape))} of the packed tensor, in the output's
 * per-sample shape. No weights; the packed tensor's gradient is the slices' gradients put back
 * side by side (zero where no slice reads).
 *
 * @param name the slice's name, unique in the model (the facade uses {@code <tensor>/slice}, which
 *     no Keras layer name can be, since Keras names have no {@code /})
 * @param packedSize values per sample of the packed tensor
 * @param offset where this output starts in it
 * @param outputShape this output's per-sample shape
 */
public record SliceSpec(String name, int packedSize, int offset, int[] outputShape) implements GatherSpec {

    /** Copies the shape and checks that the slice lies inside the packed tensor. */
    public SliceSpec {
        outputShape = outputShape.clone();
        int size = Shapes.size(outputShape, "slice '" + name + "'");
        if (packedSize <= 0 || offset < 0 || (long) offset + size > packedSize) {
            throw new IllegalArgumentException("Slice '" + name + "': values [" + offset + ", " + ((long) offset + size)
                    + ") do not lie in a packed tensor of " + packedSize + " values.");
        }
    }

    @Override
    public int[] inputShape() {
        return new int[] {packedSize};
    }

    @Override
    public int[] outputShape() {
        return outputShape.clone();
    }

    @Override
    public int[] sourceIndices() {
        int[] idx = new int[Shapes.size(outputShape, "slice '" + name + "'")];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = offset + i;
        }
        return idx;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.slice(this);
    }
}
