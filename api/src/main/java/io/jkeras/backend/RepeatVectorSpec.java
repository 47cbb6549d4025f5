package io.jkeras.backend;

/**
 * Keras's {@code RepeatVector(n)}: a sample of {@code features} values becomes {@code (n, features)},
 * the vector repeated {@code n} times. No weights.
 *
 * @param name the layer's name
 * @param features values per input sample
 * @param n the repeats
 */
public record RepeatVectorSpec(String name, int features, int n) implements GatherSpec {

    /** Checks the sizes. */
    public RepeatVectorSpec {
        if (features <= 0 || n <= 0) {
            throw new IllegalArgumentException("RepeatVector '" + name + "': bad n=" + n + " or features=" + features);
        }
    }

    @Override
    public int[] inputShape() {
        return new int[] {features};
    }

    @Override
    public int[] outputShape() {
        return new int[] {n, features};
    }

    @Override
    public int[] sourceIndices() {
        int[] idx = new int[n * features];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i % features;
        }
        return idx;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.repeatVector(this);
    }
}
