package io.jkeras.backend.dl4j.losses;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code sparse_categorical_crossentropy}: {@link Dl4jCategoricalCrossentropy} with the
 * labels given as class indices, {@code (batch, 1)}, turned into one-hot rows.
 */
public final class Dl4jSparseCategoricalCrossentropy extends Dl4jLoss {
    private static final long serialVersionUID = 1L;
    private final Dl4jCategoricalCrossentropy dense;

    /** The loss, from logits or from probabilities clipped with {@code epsilon}. */
    public Dl4jSparseCategoricalCrossentropy(boolean fromLogits, float epsilon) {
        this.dense = new Dl4jCategoricalCrossentropy(fromLogits, epsilon);
    }

    @Override
    protected INDArray perSample(INDArray labels, INDArray output) {
        return dense.perSample(Crossentropy.oneHot(labels, output.size(1)), output);
    }

    @Override
    protected INDArray gradient(INDArray labels, INDArray output) {
        return dense.gradient(Crossentropy.oneHot(labels, output.size(1)), output);
    }

    @Override
    public String name() {
        return "sparse_categorical_crossentropy";
    }
}
