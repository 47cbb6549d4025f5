package io.jkeras.backend.dl4j.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.ActivationSpec;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Keras's {@code Activation} layer: DL4J's {@link ActivationLayer}, or, as the model's last
 * layer, a {@link LossLayer} that applies the activation and then the loss. It has no weights.
 */
public final class Dl4jActivation extends Dl4jLayer {
    private final ActivationSpec spec;

    Dl4jActivation(ActivationSpec spec) {
        this.spec = spec;
    }

    static Layer configure(ActivationSpec spec, boolean last, ILossFunction loss) {
        if (last) {
            LossLayer l = new LossLayer.Builder(loss).activation(Dl4jActivations.of(spec.activation())).name(spec.name())
                    .build();
            // The builder refuses sizes for a layer without weights, but DL4J warns about size 0 without them.
            l.setNIn(spec.size());
            l.setNOut(spec.size());
            return l;
        }
        return new ActivationLayer.Builder().activation(Dl4jActivations.of(spec.activation())).name(spec.name())
                .build();
    }

    @Override
    public List<Tensor> getWeights() {
        return List.of();
    }

    @Override
    public void setWeights(List<Tensor> weights) {
        if (!weights.isEmpty()) {
            throw new KerasException("Layer '" + spec.name() + "' (Activation) has no weights. Received: "
                    + weights.size() + " tensors.");
        }
    }

    @Override
    public boolean hasRegularizer() {
        return false;
    }

    @Override
    public double regularize(boolean addGradient) {
        return 0;
    }
}
