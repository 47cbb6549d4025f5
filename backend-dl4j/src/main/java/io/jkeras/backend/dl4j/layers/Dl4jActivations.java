package io.jkeras.backend.dl4j.layers;

import io.jkeras.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSELU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationSwish;
import org.nd4j.linalg.activations.impl.ActivationTanH;

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
            case SWISH -> new ActivationSwish();
            case SOFTPLUS -> new Dl4jSoftplus();
            case LEAKY_RELU -> new Dl4jLeakyRelu();
            case GELU -> new Dl4jGelu();
            case HARD_SIGMOID -> new Dl4jHardSigmoid();
        };
    }
}
