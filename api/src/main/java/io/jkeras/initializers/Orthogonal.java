package io.jkeras.initializers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import java.util.Random;

/**
 * Keras's {@code Orthogonal}: a matrix with orthonormal rows or columns, times {@code gain}; the
 * default recurrent initializer of the recurrent layers. As in Keras, a shape {@code (..., cols)}
 * is flattened to {@code rows = product of the other axes} by {@code cols}; a standard normal
 * matrix of {@code (max(rows, cols), min(rows, cols))} is factored {@code Q R} and {@code Q} (its
 * columns signed so that {@code R} has a positive diagonal, Keras's {@code q * sign(diag(r))}) is
 * the result, transposed when there are fewer rows than columns. Gram-Schmidt gives that same
 * {@code Q}.
 *
 * @param gain the factor applied to the orthogonal matrix; Keras's default is 1
 */
public record Orthogonal(double gain) implements Initializer {

    /** Keras's default: {@code gain=1}. */
    public Orthogonal() {
        this(1.0);
    }

    /**
     * Checks the gain.
     *
     * @throws KerasException if it is not finite
     */
    public Orthogonal {
        if (!Double.isFinite(gain)) {
            throw new KerasException("Orthogonal needs a finite gain. Received: gain=" + gain);
        }
    }

    @Override
    public Tensor apply(int[] shape, Random rng) {
        if (shape.length < 2) {
            throw new KerasException("The Orthogonal initializer needs a shape of rank 2 or more. Received: "
                    + Tensor.shapeToString(shape));
        }
        int cols = shape[shape.length - 1];
        int rows = 1;
        for (int i = 0; i < shape.length - 1; i++) {
            rows *= shape[i];
        }
        int m = Math.max(rows, cols);
        int n = Math.min(rows, cols);
        // a: m x n, column j is a[j*m .. j*m+m) while orthonormalising.
        double[] a = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                a[j * m + i] = rng.nextGaussian();
            }
        }
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < j; p++) {
                double dot = 0;
                for (int i = 0; i < m; i++) {
                    dot += a[p * m + i] * a[j * m + i];
                }
                for (int i = 0; i < m; i++) {
                    a[j * m + i] -= dot * a[p * m + i];
                }
            }
            double norm = 0;
            for (int i = 0; i < m; i++) {
                norm += a[j * m + i] * a[j * m + i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < m; i++) {
                a[j * m + i] /= norm;
            }
        }
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                // Q is m x n; with fewer rows than columns the result is Q transposed.
                double q = rows >= cols ? a[c * m + r] : a[r * m + c];
                d[r * cols + c] = (float) (gain * q);
            }
        }
        return t;
    }

    @Override
    public String name() {
        return "orthogonal";
    }
}
