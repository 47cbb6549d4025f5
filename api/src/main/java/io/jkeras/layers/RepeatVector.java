package io.jkeras.layers;

import io.jkeras.KerasException;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.RepeatVectorSpec;
import io.jkeras.backend.Shapes;

/**
 * Keras's {@code RepeatVector(n)}: each sample's vector repeated {@code n} times. No weights.
 *
 * <p>Input shape: {@code (batch, features)}. Output shape: {@code (batch, n, features)}.
 */
public final class RepeatVector extends Layer {
    private final int n;

    /** Repeats the input {@code n} times. */
    public RepeatVector(int n) {
        if (n <= 0) {
            throw new KerasException("Argument `n` should be a positive integer. Received: n=" + n);
        }
        this.n = n;
    }

    /** The number of repeats. */
    public int getN() {
        return n;
    }

    @Override
    public String className() {
        return "RepeatVector";
    }

    @Override
    protected String namePrefix() {
        return "repeat_vector";
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        if (in.length != 1) {
            throw new KerasException("RepeatVector '" + getName() + "' expects input of rank 2 (batch, features)."
                    + " Received: input shape " + Shapes.withBatch(in));
        }
        return new int[] {n, in[0]};
    }

    @Override
    public LayerSpec toSpec() {
        return new RepeatVectorSpec(getName(), inputShape()[0], n);
    }
}
