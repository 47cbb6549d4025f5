package io.jkeras.backend.dl4j.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import java.util.List;

/** A Keras layer without weights on DL4J: Activation, Dropout, Reshape, the merge layers, Concatenate. */
sealed class Dl4jWeightlessLayer extends Dl4jLayer permits Dl4jDropout {
    private final String description;

    /** @param description the layer as errors name it, e.g. {@code "'dropout' (Dropout)"} */
    Dl4jWeightlessLayer(String description) {
        this.description = description;
    }

    @Override
    public final List<Tensor> getWeights() {
        return List.of();
    }

    @Override
    public final void setWeights(List<Tensor> weights) {
        if (!weights.isEmpty()) {
            throw new KerasException("Layer " + description + " has no weights. Received: " + weights.size()
                    + " tensors.");
        }
    }

    @Override
    public final boolean hasRegularizer() {
        return false;
    }

    @Override
    public final double regularize(boolean addGradient) {
        return 0;
    }

    @Override
    public final void tieGradients() {
    }
}
