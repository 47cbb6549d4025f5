package io.jkeras.backend.dl4j.layers;

import io.jkeras.backend.DropoutSpec;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Keras's {@code Dropout} on DL4J's {@link DropoutLayer} with {@link Dl4jDropoutFunction}. As the
 * model's last layer it is followed by {@link #outputLayer}, since DL4J needs a layer that
 * computes the loss. No weights.
 */
public final class Dl4jDropout extends Dl4jWeightlessLayer {
    private final Dl4jDropoutFunction function;

    /** Over the initialised DL4J layer, whose dropout function is the one the network calls. */
    Dl4jDropout(DropoutSpec spec, org.deeplearning4j.nn.api.Layer layer) {
        super("'" + spec.name() + "' (Dropout)");
        this.function = (Dl4jDropoutFunction) ((DropoutLayer) layer.conf().getLayer()).getIDropout();
    }

    static Layer configure(DropoutSpec spec) {
        return new DropoutLayer.Builder().dropOut(new Dl4jDropoutFunction(spec.rate(), spec.seed()))
                .name(spec.name()).build();
    }

    /** The layer that computes the loss after a Dropout that ends the model: the identity, then the loss. */
    static Layer outputLayer(DropoutSpec spec, ILossFunction loss) {
        LossLayer l = new LossLayer.Builder(loss).activation(Activation.IDENTITY).name(spec.name() + "_loss").build();
        l.setNIn(spec.size());
        l.setNOut(spec.size());
        return l;
    }

    /** Makes the next training forward pass use the mask of this step (from 0). */
    public void setStep(long step) {
        function.setStep(step);
    }
}
