package io.jkeras.backend.dl4j.layers;

import io.jkeras.backend.ActivationSpec;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Keras's {@code Activation} layer: DL4J's {@link ActivationLayer}, or, as the model's last
 * layer, a {@link LossLayer} that applies the activation and then the loss. It has no weights.
 */
public final class Dl4jActivation extends Dl4jWeightlessLayer {
    Dl4jActivation(ActivationSpec spec) {
        super("'" + spec.name() + "' (Activation)");
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
}
