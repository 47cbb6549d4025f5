package io.jkeras.backend.dl4j.layers;

import io.jkeras.activations.Activation;
import io.jkeras.backend.ActivationSpec;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSELU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Keras 3's activations as DL4J {@link IActivation}s. DL4J's own functions are used where they
 * compute Keras's formula and derivative (checked in {@code Dl4jActivationsTest}); the others are
 * written here: {@code gelu} (DL4J approximates it; Keras's default is the exact, erf-based one),
 * {@code hard_sigmoid} (DL4J's is {@code 0.2 x + 0.5}, Keras 3's {@code relu6(x + 3) / 6}),
 * {@code leaky_relu} (Keras's slope 0.2, derivative 0.2 at 0) and {@code softplus} (DL4J's
 * overflows to infinity for inputs above about 88).
 */
public final class Dl4jActivations {
    private Dl4jActivations() {
    }

    /** The DL4J function computing this Keras activation. */
    public static IActivation of(Activation a) {
        return switch (a) {
            case LINEAR -> new ActivationIdentity();
            case RELU -> new ActivationReLU();
            case SIGMOID -> new ActivationSigmoid();
            case TANH -> new ActivationTanH();
            case SOFTMAX -> new ActivationSoftmax();
            // DL4J's SELU uses Keras's constants; its ELU's alpha is Keras's 1.
            case ELU -> new ActivationELU(1.0);
            case SELU -> new ActivationSELU();
            case SWISH -> new Dl4jSwish();
            case SOFTPLUS -> new Dl4jSoftplus();
            case LEAKY_RELU -> new Dl4jLeakyRelu();
            case GELU -> new Dl4jGelu();
            case HARD_SIGMOID -> new Dl4jHardSigmoid();
        };
    }

    /**
     * The DL4J layer of one node of Keras's {@code Activation} layer over rows of {@code width}
     * values: an {@link ActivationLayer}, or with a loss a {@link LossLayer} that applies the
     * activation and then the loss.
     *
     * @param loss the loss to fuse into the layer, or {@code null}
     */
    public static Layer layer(ActivationSpec spec, int width, ILossFunction loss) {
        if (loss != null) {
            return lossLayer(spec.name(), of(spec.activation()), width, loss);
        }
        return new ActivationLayer.Builder().activation(of(spec.activation())).name(spec.name()).build();
    }

    /** A {@link LossLayer}: {@code activation}, then the loss, on rows of {@code width} values. */
    public static Layer lossLayer(String name, IActivation activation, int width, ILossFunction loss) {
        LossLayer l = new LossLayer.Builder(loss).activation(activation).name(name).build();
        // The builder refuses sizes for a layer without weights, but DL4J warns about size 0 without them.
        l.setNIn(width);
        l.setNOut(width);
        return l;
    }
}
