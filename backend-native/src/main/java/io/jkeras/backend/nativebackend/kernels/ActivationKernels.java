package io.jkeras.backend.nativebackend.kernels;

import io.jkeras.activations.Activation;

/**
 * Keras 3's activation functions and their exact derivatives over flat row-major
 * {@code (rows, cols)} arrays. Softmax works along each row (the last axis); every other
 * function is elementwise. Each function has its own loop, chosen once per call, so the hot
 * loops hold no per-element dispatch. Values are computed in double and stored as float.
 */
public final class ActivationKernels {
    private static final double SELU_SCALE = Activation.SELU_SCALE;
    private static final double SELU_ALPHA = Activation.SELU_ALPHA;
    private static final double LEAKY_SLOPE = Activation.LEAKY_RELU_SLOPE;
    private static final double INV_SQRT2 = 0.70710678118654752440;
    private static final double INV_SQRT_2PI = 0.39894228040143267794;

    private ActivationKernels() {
    }

    /**
     * Whether {@link #backward} reads the activation's input {@code z}; when it does not, a layer
     * may overwrite {@code z} with the output and keep only that.
     */
    public static boolean backwardNeedsInput(Activation f) {
        return switch (f) {
            case SOFTPLUS, ELU, SELU, GELU, SWISH -> true;
            default -> false;
        };
    }

    /**
     * {@code out = f(z)} for {@code rows * cols} values; {@code out} may be {@code z}.
     *
     * @param f the activation
     * @param z the input, row-major {@code (rows, cols)}
     * @param out where the result goes, the same shape
     * @param rows samples
     * @param cols values per sample; softmax normalises over them
     */
    public static void forward(Activation f, float[] z, float[] out, int rows, int cols) {
        forward(f, z, out, 0, rows, cols);
    }

    /**
     * {@link #forward(Activation, float[], float[], int, int)} on the {@code rows} rows that start at
     * index {@code off} of both arrays (one thread's share of a batch).
     */
    public static void forward(Activation f, float[] z, float[] out, int off, int rows, int cols) {
        int end = off + rows * cols;
        switch (f) {
            case LINEAR -> {
                if (out != z) {
                    System.arraycopy(z, off, out, off, end - off);
                }
            }
            case RELU -> {
                // Math.max compiles to a vectorised max, not a branch that mispredicts on half the values.
                for (int i = off; i < end; i++) {
                    out[i] = Math.max(z[i], 0f);
                }
            }
            case SIGMOID -> {
                for (int i = off; i < end; i++) {
                    out[i] = (float) sigmoid(z[i]);
                }
            }
            case TANH -> {
                for (int i = off; i < end; i++) {
                    out[i] = (float) Math.tanh(z[i]);
                }
            }
            case SOFTMAX -> softmaxRows(z, out, off, rows, cols);
            case SOFTPLUS -> {
                for (int i = off; i < end; i++) {
                    double v = z[i];
                    out[i] = (float) (Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
                }
            }
            case ELU -> {
                for (int i = off; i < end; i++) {
                    float v = z[i];
                    out[i] = v > 0f ? v : (float) Math.expm1(v);
                }
            }
            case SELU -> {
                for (int i = off; i < end; i++) {
                    double v = z[i];
                    out[i] = (float) (v > 0 ? SELU_SCALE * v : SELU_SCALE * SELU_ALPHA * Math.expm1(v));
                }
            }
            case LEAKY_RELU -> {
                for (int i = off; i < end; i++) {
                    float v = z[i];
                    out[i] = v > 0f ? v : (float) (LEAKY_SLOPE * v);
                }
            }
            case GELU -> {
                for (int i = off; i < end; i++) {
                    double v = z[i];
                    out[i] = (float) (0.5 * v * (1 + Erf.erf(v * INV_SQRT2)));
                }
            }
            case SWISH -> {
                for (int i = off; i < end; i++) {
                    double v = z[i];
                    out[i] = (float) (v * sigmoid(v));
                }
            }
            case HARD_SIGMOID -> {
                for (int i = off; i < end; i++) {
                    float v = z[i] + 3f;
                    out[i] = (v <= 0f ? 0f : v >= 6f ? 6f : v) / 6f;
                }
            }
            default -> throw new IllegalStateException("No kernel for activation " + f);
        }
    }

    /**
     * The vector-Jacobian product {@code dz = f'(z)^T da}: elementwise {@code f'(z) * da}, and for
     * softmax {@code a * (da - sum(da * a))} per row. {@code dz} may be {@code da}.
     *
     * @param f the activation
     * @param z the activation's input; may be {@code null} when {@link #backwardNeedsInput} is false
     * @param a the activation's output {@code f(z)}
     * @param da the gradient with respect to {@code a}
     * @param dz where the gradient with respect to {@code z} goes
     * @param rows samples
     * @param cols values per sample
     */
    public static void backward(Activation f, float[] z, float[] a, float[] da, float[] dz, int rows, int cols) {
        backward(f, z, a, da, dz, 0, rows, cols);
    }

    /**
     * {@link #backward(Activation, float[], float[], float[], float[], int, int)} on the {@code rows}
     * rows that start at index {@code off} of every array (one thread's share of a batch).
     */
    public static void backward(Activation f, float[] z, float[] a, float[] da, float[] dz, int off, int rows,
            int cols) {
        int end = off + rows * cols;
        switch (f) {
            case LINEAR -> {
                if (dz != da) {
                    System.arraycopy(da, off, dz, off, end - off);
                }
            }
            case RELU -> {
                // A select, as torch's threshold_backward, not a multiplication by a 0/1 mask: where
                // the output is 0 the gradient is 0 even when da is NaN or infinite (categorical
                // crossentropy of a row of zeros is 0 / 0 in Keras, and stops here).
                FastMath.reluBackward(a, da, dz, off, end - off);
            }
            case SIGMOID -> {
                for (int i = off; i < end; i++) {
                    float s = a[i];
                    dz[i] = da[i] * s * (1f - s);
                }
            }
            case TANH -> {
                for (int i = off; i < end; i++) {
                    float t = a[i];
                    dz[i] = da[i] * (1f - t * t);
                }
            }
            case SOFTMAX -> softmaxBackwardRows(a, da, dz, off, rows, cols);
            case SOFTPLUS -> {
                for (int i = off; i < end; i++) {
                    dz[i] = (float) (da[i] * sigmoid(z[i]));
                }
            }
            case ELU -> {
                for (int i = off; i < end; i++) {
                    float v = z[i];
                    dz[i] = v > 0f ? da[i] : (float) (da[i] * Math.exp(v));
                }
            }
            case SELU -> {
                for (int i = off; i < end; i++) {
                    double v = z[i];
                    dz[i] = (float) (da[i] * (v > 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(v)));
                }
            }
            case LEAKY_RELU -> {
                // a > 0 exactly where z > 0, as the slope is positive.
                for (int i = off; i < end; i++) {
                    dz[i] = a[i] > 0f ? da[i] : (float) (LEAKY_SLOPE * da[i]);
                }
            }
            case GELU -> {
                for (int i = off; i < end; i++) {
                    double v = z[i];
                    double cdf = 0.5 * (1 + Erf.erf(v * INV_SQRT2));
                    double pdf = INV_SQRT_2PI * Math.exp(-0.5 * v * v);
                    dz[i] = (float) (da[i] * (cdf + v * pdf));
                }
            }
            case SWISH -> {
                for (int i = off; i < end; i++) {
                    double v = z[i];
                    double s = sigmoid(v);
                    dz[i] = (float) (da[i] * s * (1 + v * (1 - s)));
                }
            }
            case HARD_SIGMOID -> {
                // The slope is 1/6 strictly inside (-3, 3), where the output is strictly inside (0, 1).
                for (int i = off; i < end; i++) {
                    float s = a[i];
                    dz[i] = s > 0f && s < 1f ? da[i] / 6f : 0f;
                }
            }
            default -> throw new IllegalStateException("No kernel for activation " + f);
        }
    }

    /** The logistic function without overflow for large negative {@code x}. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** Softmax of each row: {@code exp(z - max) / sum(exp(z - max))}; {@code out} may be {@code z}. */
    public static void softmaxRows(float[] z, float[] out, int rows, int cols) {
        softmaxRows(z, out, 0, rows, cols);
    }

    private static void softmaxRows(float[] z, float[] out, int first, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int off = first + r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, z[off + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                float e = (float) Math.exp(z[off + j] - max);
                out[off + j] = e;
                sum += e;
            }
            float inv = (float) (1 / sum);
            for (int j = 0; j < cols; j++) {
                out[off + j] *= inv;
            }
        }
    }

    /** {@code dz = a * (da - sum(da * a))} per row, the softmax vector-Jacobian product. */
    private static void softmaxBackwardRows(float[] a, float[] da, float[] dz, int first, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int off = first + r * cols;
            double dot = 0;
            for (int j = 0; j < cols; j++) {
                dot += (double) da[off + j] * a[off + j];
            }
            float d = (float) dot;
            for (int j = 0; j < cols; j++) {
                dz[off + j] = a[off + j] * (da[off + j] - d);
            }
        }
    }
}
