package io.jkeras.initializers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import java.util.Locale;
import java.util.Random;

/**
 * A Keras initializer: makes a layer's starting weights. Initial weights are drawn in the facade,
 * from the global seed, so every backend starts from the very same numbers.
 */
public interface Initializer {

    /** Fills a new tensor of this shape, drawing from {@code rng}. */
    Tensor apply(int[] shape, Random rng);

    /** The Keras name, e.g. {@code "glorot_uniform"}. */
    String name();

    /**
     * The initializer with this Keras name and its Keras defaults.
     *
     * @throws KerasException naming the known initializers, for an unknown name
     */
    static Initializer get(String name) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "glorot_uniform" -> VarianceScaling.glorotUniform();
            case "glorot_normal" -> VarianceScaling.glorotNormal();
            case "he_normal" -> VarianceScaling.heNormal();
            case "he_uniform" -> VarianceScaling.heUniform();
            case "lecun_normal" -> VarianceScaling.lecunNormal();
            case "lecun_uniform" -> VarianceScaling.lecunUniform();
            case "random_normal" -> new RandomNormal();
            case "random_uniform" -> new RandomUniform();
            case "orthogonal" -> new Orthogonal();
            case "zeros" -> new Constant(0f);
            case "ones" -> new Constant(1f);
            default -> throw new KerasException("Unknown initializer: '" + name + "'. Known initializers: "
                    + "glorot_uniform, glorot_normal, he_normal, he_uniform, lecun_normal, lecun_uniform, "
                    + "random_normal, random_uniform, orthogonal, zeros, ones (and Constant(value) in code).");
        };
    }
}
