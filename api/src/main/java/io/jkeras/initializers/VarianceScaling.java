package io.jkeras.initializers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import java.util.Random;

/**
 * Keras's {@code VarianceScaling}: {@code scale} divided by {@code fan_in}, {@code fan_out} or
 * their mean; {@code "uniform"} draws from {@code [-sqrt(3 scale), sqrt(3 scale)]},
 * {@code "truncated_normal"} from a normal cut at two standard deviations with
 * {@code stddev = sqrt(scale) / 0.87962566103423978}. For a kernel of shape {@code (in, out)},
 * {@code fan_in = in} and {@code fan_out = out}.
 *
 * @param scale the scaling factor
 * @param mode {@code "fan_in"}, {@code "fan_out"} or {@code "fan_avg"}
 * @param distribution {@code "uniform"}, {@code "truncated_normal"} or {@code "untruncated_normal"}
 * @param name the Keras name reported by {@link #name()}
 */
public record VarianceScaling(double scale, String mode, String distribution, String name) implements Initializer {

    /**
     * Checks the scale, the mode and the distribution, as Keras does.
     *
     * @throws KerasException if {@code scale} is not a positive number, or the mode or the
     *     distribution is not one of Keras's (including {@code null})
     */
    public VarianceScaling {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new KerasException("Argument `scale` must be positive float. Received: scale=" + scale);
        }
        if (!"fan_in".equals(mode) && !"fan_out".equals(mode) && !"fan_avg".equals(mode)) {
            throw new KerasException("mode must be fan_in, fan_out or fan_avg. Received: mode=" + mode);
        }
        if (!"uniform".equals(distribution) && !"truncated_normal".equals(distribution)
                && !"untruncated_normal".equals(distribution)) {
            throw new KerasException("distribution must be uniform, truncated_normal or untruncated_normal."
                    + " Received: distribution=" + distribution);
        }
    }

    /** Keras's default kernel initializer: {@code VarianceScaling(1, fan_avg, uniform)}. */
    public static VarianceScaling glorotUniform() {
        return new VarianceScaling(1.0, "fan_avg", "uniform", "glorot_uniform");
    }

    /** {@code VarianceScaling(1, fan_avg, truncated_normal)}. */
    public static VarianceScaling glorotNormal() {
        return new VarianceScaling(1.0, "fan_avg", "truncated_normal", "glorot_normal");
    }

    /** {@code VarianceScaling(2, fan_in, truncated_normal)}. */
    public static VarianceScaling heNormal() {
        return new VarianceScaling(2.0, "fan_in", "truncated_normal", "he_normal");
    }

    /** {@code VarianceScaling(2, fan_in, uniform)}. */
    public static VarianceScaling heUniform() {
        return new VarianceScaling(2.0, "fan_in", "uniform", "he_uniform");
    }

    /** {@code VarianceScaling(1, fan_in, truncated_normal)}. */
    public static VarianceScaling lecunNormal() {
        return new VarianceScaling(1.0, "fan_in", "truncated_normal", "lecun_normal");
    }

    /** {@code VarianceScaling(1, fan_in, uniform)}. */
    public static VarianceScaling lecunUniform() {
        return new VarianceScaling(1.0, "fan_in", "uniform", "lecun_uniform");
    }

    @Override
    public Tensor apply(int[] shape, Random rng) {
        double[] fans = fans(shape);
        double s = scale;
        switch (mode) {
            case "fan_in" -> s /= Math.max(1.0, fans[0]);
            case "fan_out" -> s /= Math.max(1.0, fans[1]);
            default -> s /= Math.max(1.0, (fans[0] + fans[1]) / 2.0);
        }
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        switch (distribution) {
            case "uniform" -> {
                double limit = Math.sqrt(3.0 * s);
                for (int i = 0; i < d.length; i++) {
                    d[i] = (float) ((rng.nextDouble() * 2 - 1) * limit);
                }
            }
            case "truncated_normal" -> {
                double stddev = Math.sqrt(s) / 0.87962566103423978;
                for (int i = 0; i < d.length; i++) {
                    d[i] = (float) (truncatedGaussian(rng) * stddev);
                }
            }
            default -> {
                double stddev = Math.sqrt(s);
                for (int i = 0; i < d.length; i++) {
                    d[i] = (float) (rng.nextGaussian() * stddev);
                }
            }
        }
        return t;
    }

    /** A standard normal draw, redrawn until it lies within two standard deviations. */
    static double truncatedGaussian(Random rng) {
        double g;
        do {
            g = rng.nextGaussian();
        } while (g < -2.0 || g > 2.0);
        return g;
    }

    /** Keras's {@code compute_fans}: for rank 2 {@code (in, out)}; for rank 1 both are the size; for convolution kernels the receptive field multiplies both. */
    static double[] fans(int[] shape) {
        if (shape.length == 0) {
            return new double[] {1, 1};
        }
        if (shape.length == 1) {
            return new double[] {shape[0], shape[0]};
        }
        if (shape.length == 2) {
            return new double[] {shape[0], shape[1]};
        }
        double receptive = 1;
        for (int i = 0; i < shape.length - 2; i++) {
            receptive *= shape[i];
        }
        return new double[] {shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive};
    }
}
