package io.jkeras.conformance;

import io.jkeras.activations.Activation;

/**
 * Plain double-precision reference code written straight from Keras 3's formulas, for the
 * conformance suite to compare backends with. Deliberately simple: no tricks a backend could
 * share by accident, except the numerically stable forms Keras itself uses.
 */
public final class Reference {
    private Reference() {
    }

    /** {@code erf} by its Taylor series below 2.5 and the continued fraction of {@code erfc} above. */
    public static double erf(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 2.5) {
            double term = ax;
            double sum = ax;
            for (int n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
                term *= -ax * ax / n;
                sum += term / (2 * n + 1);
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            // erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))).
            double f = ax;
            for (int k = 80; k >= 1; k--) {
                f = ax + (k / 2.0) / f;
            }
            r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        }
        return Math.copySign(r, x);
    }

    /** The logistic function. */
    public static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** The elementwise activation {@code f(x)}; not for softmax. */
    public static double activation(Activation f, double x) {
        return switch (f) {
            case LINEAR -> x;
            case RELU -> Math.max(x, 0);
            case SIGMOID -> sigmoid(x);
            case TANH -> Math.tanh(x);
            case SOFTPLUS -> Math.log1p(Math.exp(-Math.abs(x))) + Math.max(x, 0);
            case ELU -> x > 0 ? x : Math.exp(x) - 1;
            case SELU -> Activation.SELU_SCALE * (x > 0 ? x : Activation.SELU_ALPHA * (Math.exp(x) - 1));
            case LEAKY_RELU -> x > 0 ? x : Activation.LEAKY_RELU_SLOPE * x;
            case GELU -> 0.5 * x * (1 + erf(x / Math.sqrt(2)));
            case SWISH -> x * sigmoid(x);
            case HARD_SIGMOID -> Math.min(Math.max(x + 3, 0), 6) / 6;
            case SOFTMAX -> throw new IllegalArgumentException("softmax is not elementwise");
        };
    }

    /** The derivative {@code f'(x)} of an elementwise activation, away from its kinks. */
    public static double derivative(Activation f, double x) {
        return switch (f) {
            case LINEAR -> 1;
            case RELU -> x > 0 ? 1 : 0;
            case SIGMOID -> sigmoid(x) * (1 - sigmoid(x));
            case TANH -> 1 - Math.tanh(x) * Math.tanh(x);
            case SOFTPLUS -> sigmoid(x);
            case ELU -> x > 0 ? 1 : Math.exp(x);
            case SELU -> Activation.SELU_SCALE * (x > 0 ? 1 : Activation.SELU_ALPHA * Math.exp(x));
            case LEAKY_RELU -> x > 0 ? 1 : Activation.LEAKY_RELU_SLOPE;
            case GELU -> 0.5 * (1 + erf(x / Math.sqrt(2))) + x * Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
            case SWISH -> sigmoid(x) * (1 + x * (1 - sigmoid(x)));
            case HARD_SIGMOID -> x > -3 && x < 3 ? 1.0 / 6 : 0;
            case SOFTMAX -> throw new IllegalArgumentException("softmax is not elementwise");
        };
    }

    /** The points where an activation's derivative jumps. */
    public static double[] kinks(Activation f) {
        return switch (f) {
            case RELU, LEAKY_RELU, ELU, SELU -> new double[] {0};
            case HARD_SIGMOID -> new double[] {-3, 3};
            default -> new double[0];
        };
    }

    /** Softmax of each row of a row-major {@code (rows, cols)} array. */
    public static double[] softmaxRows(double[] z, int rows, int cols) {
        double[] out = new double[z.length];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, z[r * cols + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                out[r * cols + j] = Math.exp(z[r * cols + j] - max);
                sum += out[r * cols + j];
            }
            for (int j = 0; j < cols; j++) {
                out[r * cols + j] /= sum;
            }
        }
        return out;
    }

    /** {@code x @ kernel + bias} for row-major {@code x (rows, in)}, {@code kernel (in, units)}; bias may be null. */
    public static double[] affine(float[] x, int rows, int in, float[] kernel, float[] bias, int units) {
        double[] z = new double[rows * units];
        for (int r = 0; r < rows; r++) {
            for (int u = 0; u < units; u++) {
                double s = bias == null ? 0 : bias[u];
                for (int i = 0; i < in; i++) {
                    s += (double) x[r * in + i] * kernel[i * units + u];
                }
                z[r * units + u] = s;
            }
        }
        return z;
    }

    /** {@code f(z)} of a {@code (rows, cols)} array, softmax over each row. */
    public static double[] apply(Activation f, double[] z, int rows, int cols) {
        if (f == Activation.SOFTMAX) {
            return softmaxRows(z, rows, cols);
        }
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = activation(f, z[i]);
        }
        return out;
    }

    /** The same values as floats. */
    public static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
