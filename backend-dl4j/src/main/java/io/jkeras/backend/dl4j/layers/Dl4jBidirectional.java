package io.jkeras.backend.dl4j.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.BidirectionalSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras's {@code Bidirectional} over its two directions' DL4J layers ({@link Dl4jRecurrent} each):
 * the layer's vertices alternate forward and backward, one pair per node; the weights are the
 * forward layer's, then the backward layer's.
 */
public final class Dl4jBidirectional extends Dl4jLayer {
    private final BidirectionalSpec spec;
    private final Dl4jRecurrent forward;
    private final Dl4jRecurrent backward;

    Dl4jBidirectional(BidirectionalSpec spec, List<org.deeplearning4j.nn.api.Layer> copies) {
        this.spec = spec;
        List<org.deeplearning4j.nn.api.Layer> f = new ArrayList<>();
        List<org.deeplearning4j.nn.api.Layer> b = new ArrayList<>();
        for (int i = 0; i < copies.size(); i++) {
            (i % 2 == 0 ? f : b).add(copies.get(i));
        }
        this.forward = new Dl4jRecurrent(spec.forward(), f);
        this.backward = new Dl4jRecurrent(spec.backward(), b);
    }

    @Override
    public List<Tensor> getWeights() {
        List<Tensor> out = new ArrayList<>(forward.getWeights());
        out.addAll(backward.getWeights());
        return out;
    }

    @Override
    public void setWeights(List<Tensor> weights) {
        int n = spec.forward().variables().size();
        if (weights.size() != 2 * n) {
            throw new KerasException("Layer '" + spec.name() + "' (Bidirectional) has " + 2 * n + " weight tensors "
                    + spec.variables() + ". Received: " + weights.size() + ".");
        }
        forward.setWeights(weights.subList(0, n));
        backward.setWeights(weights.subList(n, 2 * n));
    }

    @Override
    public void setStep(long step) {
        forward.setStep(step);
        backward.setStep(step);
    }

    @Override
    public double regularize(boolean addGradient) {
        return 0;
    }

    @Override
    public boolean hasRegularizer() {
        return false;
    }

    @Override
    public void tieGradients() {
        forward.tieGradients();
        backward.tieGradients();
    }
}
