package io.jkeras.backend.dl4j.layers;

import io.jkeras.backend.DropoutSpec;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * Keras's {@code Dropout} on DL4J's {@link DropoutLayer} with {@link Dl4jDropoutFunction}, one
 * per node where the layer is called (each draws the same mask for a step, from the layer's
 * seed). No weights.
 */
public final class Dl4jDropout extends Dl4jWeightlessLayer {
    private final List<Dl4jDropoutFunction> functions = new ArrayList<>();

    /** Over the initialised DL4J layers, whose dropout functions are the ones the network calls. */
    Dl4jDropout(DropoutSpec spec, List<org.deeplearning4j.nn.api.Layer> copies) {
        super("'" + spec.name() + "' (Dropout)");
        for (org.deeplearning4j.nn.api.Layer l : copies) {
            functions.add((Dl4jDropoutFunction) ((DropoutLayer) l.conf().getLayer()).getIDropout());
        }
    }

    /** The DL4J layer of one node of this Dropout. */
    public static Layer configure(DropoutSpec spec) {
        return new DropoutLayer.Builder().dropOut(new Dl4jDropoutFunction(spec.rate(), spec.seed(), spec.shape(), spec.noiseShape()))
                .name(spec.name()).build();
    }

    /** Makes the next training forward pass use the mask of this step (from 0). */
    @Override
    public void setStep(long step) {
        for (Dl4jDropoutFunction f : functions) {
            f.setStep(step);
        }
    }
}
