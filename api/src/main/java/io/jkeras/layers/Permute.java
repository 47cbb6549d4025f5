package io.jkeras.layers;

import io.jkeras.KerasException;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.PermuteSpec;
import io.jkeras.backend.Shapes;
import java.util.Arrays;

/**
 * Keras's {@code Permute(dims)}: the per-sample axes reordered; output axis {@code i} (from 1) is
 * input axis {@code dims[i - 1]}, and the batch axis stays first. {@code Permute(2, 1)} swaps the
 * two axes of a sequence. No weights.
 *
 * <p>Input shape: {@code (batch, d1, ..., dk)} with {@code k = dims.length}. Output shape:
 * {@code (batch, d[dims[0]], ..., d[dims[k-1]])}.
 */
public final class Permute extends Layer {
    private final int[] dims;

    /** The permutation of the per-sample axes, numbered from 1. */
    public Permute(int... dims) {
        int[] sorted = dims.clone();
        Arrays.sort(sorted);
        boolean ok = dims.length > 0;
        for (int i = 0; i < sorted.length; i++) {
            ok &= sorted[i] == i + 1;
        }
        if (!ok) {
            throw new KerasException("Invalid permutation argument `dims` for Permute Layer. The set of indices in"
                    + " `dims` must be consecutive and start from 1. Received dims=" + ConvArgs.tuple(dims));
        }
        this.dims = dims.clone();
    }

    /** The permutation, from 1; a copy. */
    public int[] getDims() {
        return dims.clone();
    }

    @Override
    public String className() {
        return "Permute";
    }

    @Override
    protected String namePrefix() {
        return "permute";
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        if (in.length != dims.length) {
            throw new KerasException("Permute '" + getName() + "' with dims=" + ConvArgs.tuple(dims)
                    + " expects input of rank " + (dims.length + 1) + ". Received: input shape " + Shapes.withBatch(in));
        }
        return new PermuteSpec(getName(), in, dims).outputShape();
    }

    @Override
    public LayerSpec toSpec() {
        return new PermuteSpec(getName(), inputShape(), dims);
    }
}
