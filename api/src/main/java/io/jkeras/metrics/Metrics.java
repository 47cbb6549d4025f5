package io.jkeras.metrics;

import io.jkeras.KerasException;
import java.util.Locale;

/**
 * Keras's metrics by name. {@code "accuracy"} (or {@code "acc"}) is resolved as Keras 3 resolves
 * it, by the shapes of the first batch: one output unit means binary accuracy; labels of one
 * value per sample against several outputs mean sparse categorical accuracy; otherwise
 * categorical accuracy.
 */
public final class Metrics {
    private Metrics() {
    }

    /** Binary accuracy: {@code y_pred > 0.5} equals {@code y_true}, averaged over the last axis. */
    public static Metric binaryAccuracy(String name) {
        return new MeanMetric(name) {
            @Override
            protected double sample(float[] t, int to, int tn, float[] p, int po, int pn) {
                double s = 0;
                for (int j = 0; j < pn; j++) {
                    s += ((p[po + j] > 0.5f ? 1f : 0f) == t[to + j]) ? 1 : 0;
                }
                return s / pn;
            }
        };
    }

    /** Categorical accuracy: the argmax of {@code y_pred} equals the argmax of {@code y_true}. */
    public static Metric categoricalAccuracy(String name) {
        return new MeanMetric(name) {
            @Override
            protected double sample(float[] t, int to, int tn, float[] p, int po, int pn) {
                return argmax(t, to, tn) == argmax(p, po, pn) ? 1 : 0;
            }
        };
    }

    /** Sparse categorical accuracy: the argmax of {@code y_pred} equals the integer label. */
    public static Metric sparseCategoricalAccuracy(String name) {
        return new MeanMetric(name) {
            @Override
            protected double sample(float[] t, int to, int tn, float[] p, int po, int pn) {
                return argmax(p, po, pn) == (int) t[to] ? 1 : 0;
            }
        };
    }

    /** Mean absolute error over the last axis, averaged over samples. */
    public static Metric meanAbsoluteError(String name) {
        return new MeanMetric(name) {
            @Override
            protected double sample(float[] t, int to, int tn, float[] p, int po, int pn) {
                double s = 0;
                for (int j = 0; j < pn; j++) {
                    s += Math.abs((double) t[to + j] - p[po + j]);
                }
                return s / pn;
            }
        };
    }

    /** Mean squared error over the last axis, averaged over samples. */
    public static Metric meanSquaredError(String name) {
        return new MeanMetric(name) {
            @Override
            protected double sample(float[] t, int to, int tn, float[] p, int po, int pn) {
                double s = 0;
                for (int j = 0; j < pn; j++) {
                    double e = (double) t[to + j] - p[po + j];
                    s += e * e;
                }
                return s / pn;
            }
        };
    }

    /**
     * The metric for this Keras name, given the per-sample label width and output width.
     *
     * @throws KerasException naming the known metrics, for an unknown name
     */
    public static Metric get(String name, int labelWidth, int outputWidth) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "accuracy", "acc" -> {
                if (outputWidth == 1) {
                    yield binaryAccuracy(name);
                } else if (labelWidth == 1) {
                    yield sparseCategoricalAccuracy(name);
                } else {
                    yield categoricalAccuracy(name);
                }
            }
            case "binary_accuracy" -> binaryAccuracy(name);
            case "categorical_accuracy" -> categoricalAccuracy(name);
            case "sparse_categorical_accuracy" -> sparseCategoricalAccuracy(name);
            case "mae", "mean_absolute_error" -> meanAbsoluteError(name);
            case "mse", "mean_squared_error" -> meanSquaredError(name);
            default -> throw new KerasException("Unknown metric: '" + name + "'. Known metrics: accuracy, acc, "
                    + "binary_accuracy, categorical_accuracy, sparse_categorical_accuracy, mae, "
                    + "mean_absolute_error, mse, mean_squared_error.");
        };
    }

    /**
     * Whether a larger value of this metric is better, as Keras's metric {@code _direction}:
     * {@code true} for the accuracies, {@code false} for the errors.
     *
     * @throws KerasException naming the known metrics, for an unknown name
     */
    public static boolean higherIsBetter(String name) {
        validate(name);
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "mae", "mean_absolute_error", "mse", "mean_squared_error" -> false;
            default -> true;
        };
    }

    /** Checks a name without building the metric (for compile-time errors). */
    public static void validate(String name) {
        get(name, 1, 2);
    }

    static int argmax(float[] a, int off, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (a[off + j] > a[off + best]) {
                best = j;
            }
        }
        return best;
    }
}
