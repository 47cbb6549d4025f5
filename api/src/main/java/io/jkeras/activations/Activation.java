package io.jkeras.activations;

import io.jkeras.KerasException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Keras's activation functions, by their Keras names. Each constant states Keras 3's formula;
 * backends implement them exactly so.
 */
public enum Activation {
    /** {@code x}. */
    LINEAR("linear"),
    /** {@code max(x, 0)}. */
    RELU("relu"),
    /** {@code 1 / (1 + exp(-x))}. */
    SIGMOID("sigmoid"),
    /** {@code tanh(x)}. */
    TANH("tanh"),
    /** {@code exp(x) / sum(exp(x))} over the last axis. */
    SOFTMAX("softmax"),
    /** {@code log(exp(x) + 1)}. */
    SOFTPLUS("softplus"),
    /** {@code x} if {@code x > 0}, else {@code alpha * (exp(x) - 1)} with {@code alpha = 1}. */
    ELU("elu"),
    /** {@code scale * elu(x, alpha)} with {@code scale = 1.05070098}, {@code alpha = 1.67326324}. */
    SELU("selu"),
    /** {@code x} if {@code x > 0}, else {@code negative_slope * x} with Keras's {@code negative_slope = 0.2}. */
    LEAKY_RELU("leaky_relu"),
    /** The exact GELU, {@code 0.5 x (1 + erf(x / sqrt(2)))} (Keras's {@code approximate=False}). */
    GELU("gelu"),
    /** {@code x * sigmoid(x)}; Keras also calls it {@code silu}. */
    SWISH("swish"),
    /** {@code relu6(x + 3) / 6}, that is {@code clip(x / 6 + 0.5, 0, 1)} (Keras 3). */
    HARD_SIGMOID("hard_sigmoid");

    /** SELU's scale, as in Keras. */
    public static final double SELU_SCALE = 1.0507009873554804934193349852946;
    /** SELU's alpha, as in Keras. */
    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    /** Keras's default negative slope of {@code leaky_relu}. */
    public static final double LEAKY_RELU_SLOPE = 0.2;

    private final String kerasName;

    Activation(String kerasName) {
        this.kerasName = kerasName;
    }

    /** The Keras name, e.g. {@code "relu"}. */
    public String kerasName() {
        return kerasName;
    }

    /**
     * The activation with this Keras name; {@code null} and {@code ""} mean linear, and
     * {@code "silu"} is {@link #SWISH}.
     *
     * @throws KerasException naming the known activations, for an unknown name
     */
    public static Activation get(String name) {
        if (name == null || name.isEmpty()) {
            return LINEAR;
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("silu")) {
            return SWISH;
        }
        for (Activation a : values()) {
            if (a.kerasName.equals(n)) {
                return a;
            }
        }
        throw new KerasException("Unknown activation: '" + name + "'. Known activations: "
                + Arrays.stream(values()).map(Activation::kerasName).collect(Collectors.joining(", "))
                + ", silu.");
    }

    @Override
    public String toString() {
        return kerasName;
    }
}
