package io.jkeras.data;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.Shapes;
import java.util.Objects;
import java.util.Random;

/**
 * Small synthetic data sets and label helpers: scikit-learn's {@code make_moons}, noisy
 * functions sampled on {@code linspace(-1, 1, n)}, and Keras's {@code to_categorical}. Every
 * generator takes a seed, so a program gives the same data every run.
 */
public final class Datasets {
    private Datasets() {
    }

    /**
     * Two interleaving half circles, with scikit-learn's {@code make_moons} semantics: the first
     * {@code nSamples / 2} points lie on the outer circle {@code (cos t, sin t)}, the other
     * {@code nSamples - nSamples / 2} on the inner one {@code (1 - cos t, 1 - sin t - 0.5)}, each
     * with {@code t = linspace(0, pi, count)}; outer points have label 0 and inner points label 1.
     * The points are shuffled, then Gaussian noise of standard deviation {@code noise} is added
     * to both coordinates.
     *
     * @return {@code x} of shape {@code (nSamples, 2)} and {@code y} of shape {@code (nSamples,)}
     * @throws KerasException if {@code nSamples} or {@code noise} is negative
     */
    public static Dataset makeMoons(int nSamples, double noise, long seed) {
        if (nSamples < 0) {
            throw new KerasException("makeMoons: nSamples must be >= 0. Received: nSamples=" + nSamples);
        }
        checkNoise("makeMoons", noise);
        Shapes.size(new int[] {nSamples, 2}, "makeMoons's x");
        // Points and angles in double, the order, then x and y in float32.
        Shapes.requireHeap(44L * nSamples, "makeMoons(" + nSamples + ")");
        int nOut = nSamples / 2;
        int nIn = nSamples - nOut;
        double[] px = new double[nSamples];
        double[] py = new double[nSamples];
        float[] labels = new float[nSamples];
        double[] tOut = linspaceValues(0, Math.PI, nOut);
        for (int i = 0; i < nOut; i++) {
            px[i] = Math.cos(tOut[i]);
            py[i] = Math.sin(tOut[i]);
        }
        double[] tIn = linspaceValues(0, Math.PI, nIn);
        for (int i = 0; i < nIn; i++) {
            px[nOut + i] = 1 - Math.cos(tIn[i]);
            py[nOut + i] = 1 - Math.sin(tIn[i]) - 0.5;
            labels[nOut + i] = 1f;
        }
        Random rng = new Random(seed);
        int[] order = permutation(nSamples, rng);
        float[] x = new float[2 * nSamples];
        float[] y = new float[nSamples];
        for (int i = 0; i < nSamples; i++) {
            int j = order[i];
            x[2 * i] = (float) (px[j] + noise * rng.nextGaussian());
            x[2 * i + 1] = (float) (py[j] + noise * rng.nextGaussian());
            y[i] = labels[j];
        }
        return new Dataset(Tensor.of(x, nSamples, 2), Tensor.of(y, nSamples));
    }

    /**
     * {@code y = x^2 - 0.5 + N(0, noise)} at {@code x = linspace(-1, 1, n)}, in order.
     *
     * @return {@code x} and {@code y}, both of shape {@code (n, 1)}
     */
    public static Dataset noisyQuadratic(int n, double noise, long seed) {
        checkNoise("noisyQuadratic", noise);
        checkCount("noisyQuadratic", n, 16);
        double[] xs = linspaceValues(-1, 1, n);
        Random rng = new Random(seed);
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) xs[i];
            y[i] = (float) (xs[i] * xs[i] - 0.5 + noise * rng.nextGaussian());
        }
        return new Dataset(Tensor.of(x, n, 1), Tensor.of(y, n, 1));
    }

    /**
     * {@code y = slope * x + intercept + N(0, noise)} at {@code x = linspace(-1, 1, n)}, with the
     * points in a random order when {@code shuffle} (as the classic Keras regression tutorial
     * shuffles {@code x} before computing {@code y}).
     *
     * @return {@code x} and {@code y}, both of shape {@code (n, 1)}
     */
    public static Dataset noisyLine(int n, double slope, double intercept, double noise, boolean shuffle, long seed) {
        checkNoise("noisyLine", noise);
        checkCount("noisyLine", n, 20);
        double[] xs = linspaceValues(-1, 1, n);
        Random rng = new Random(seed);
        int[] order = shuffle ? permutation(n, rng) : identity(n);
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double xi = xs[order[i]];
            x[i] = (float) xi;
            y[i] = (float) (slope * xi + intercept + noise * rng.nextGaussian());
        }
        return new Dataset(Tensor.of(x, n, 1), Tensor.of(y, n, 1));
    }

    /**
     * {@code num} evenly spaced values from {@code start} to {@code stop}, both included, as
     * {@code numpy.linspace}; {@code num == 1} gives {@code [start]}.
     *
     * @return a tensor of shape {@code (num,)}
     */
    public static Tensor linspace(double start, double stop, int num) {
        checkCount("linspace", num, 12);
        double[] v = linspaceValues(start, stop, num);
        float[] out = new float[num];
        for (int i = 0; i < num; i++) {
            out[i] = (float) v[i];
        }
        return Tensor.of(out, num);
    }

    /**
     * Keras's {@code to_categorical}: integer class indices to one-hot rows. Labels of shape
     * {@code (n,)} or {@code (n, 1)} give {@code (n, numClasses)}; in general the result has the
     * labels' shape (less a trailing axis of size 1) plus an axis of {@code numClasses}.
     *
     * @throws KerasException if a label is not an integer in {@code [0, numClasses)}, or the
     *     result would hold more values than a tensor can
     * @throws NullPointerException if {@code labels} is {@code null}
     */
    public static Tensor toCategorical(Tensor labels, int numClasses) {
        Objects.requireNonNull(labels, "labels must not be null");
        if (numClasses <= 0) {
            throw new KerasException("toCategorical: numClasses must be positive. Received: numClasses=" + numClasses);
        }
        int[] in = labels.shape();
        int keep = in.length > 1 && in[in.length - 1] == 1 ? in.length - 1 : in.length;
        int[] outShape = new int[keep + 1];
        System.arraycopy(in, 0, outShape, 0, keep);
        outShape[keep] = numClasses;
        float[] d = labels.data();
        Shapes.size(outShape, "toCategorical's result for " + d.length + " labels and " + numClasses + " classes");
        Tensor result = Tensor.zeros(outShape);
        float[] out = result.data();
        for (int i = 0; i < d.length; i++) {
            float v = d[i];
            if (!(v >= 0 && v < numClasses) || v != Math.rint(v)) {
                throw new KerasException("toCategorical: label " + v + " at index " + i
                        + " is not an integer class index in [0, " + numClasses + ").");
            }
            out[i * numClasses + (int) v] = 1f;
        }
        return result;
    }

    /**
     * {@link #toCategorical(Tensor, int)} with {@code numClasses} the largest label plus one, as
     * Keras does when {@code num_classes} is {@code None}.
     *
     * @throws KerasException if there are no labels, or a label is not an integer class index
     * @throws NullPointerException if {@code labels} is {@code null}
     */
    public static Tensor toCategorical(Tensor labels) {
        float[] d = Objects.requireNonNull(labels, "labels must not be null").data();
        if (d.length == 0) {
            throw new KerasException("toCategorical: cannot infer numClasses from no labels; pass numClasses.");
        }
        float max = -1;
        for (int i = 0; i < d.length; i++) {
            if (!(d[i] >= 0 && d[i] < Integer.MAX_VALUE) || d[i] != Math.rint(d[i])) {
                throw new KerasException("toCategorical: label " + d[i] + " at index " + i
                        + " is not an integer class index in [0, " + Integer.MAX_VALUE + ").");
            }
            max = Math.max(max, d[i]);
        }
        return toCategorical(labels, (int) max + 1);
    }

    /**
     * Refuses a count whose working arrays ({@code bytesPerValue} bytes per value in all: the
     * double grid, an order, the float32 results) the heap cannot hold, before any is allocated.
     * A negative count is refused by {@link #linspaceValues}.
     */
    private static void checkCount(String generator, int n, int bytesPerValue) {
        Shapes.requireHeap((long) bytesPerValue * Math.max(n, 0), generator + "(" + n + ")");
    }

    static double[] linspaceValues(double start, double stop, int num) {
        if (num < 0) {
            throw new KerasException("linspace: num must be >= 0. Received: num=" + num);
        }
        double[] v = new double[num];
        if (num == 1) {
            v[0] = start;
        } else if (num > 1) {
            double step = (stop - start) / (num - 1);
            for (int i = 0; i < num; i++) {
                v[i] = start + i * step;
            }
            v[num - 1] = stop;
        }
        return v;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    private static int[] permutation(int n, Random rng) {
        int[] a = identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    private static void checkNoise(String where, double noise) {
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new KerasException(where + ": noise is a standard deviation and must be finite and >= 0. Received: noise="
                    + noise);
        }
    }
}
