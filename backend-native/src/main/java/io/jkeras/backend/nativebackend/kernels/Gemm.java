package io.jkeras.backend.nativebackend.kernels;

import io.jkeras.KerasException;

/**
 * Single-precision general matrix product over flat row-major {@code float[]} arrays with offsets
 * and row strides, in the style of BLAS {@code sgemm}.
 */
public final class Gemm {

    private Gemm() {
    }

    /**
     * Row-major C = alpha * op(A) · op(B) + beta * C, op(X) = X or Xᵀ; op(A) is m×k, op(B) is k×n,
     * C is m×n; lda/ldb/ldc are row strides.
     *
     * <p>When {@code beta == 0}, C is overwritten without being read, so NaN in C does not
     * propagate (as in BLAS).
     *
     * @param transA whether A is stored as k×m and used transposed
     * @param transB whether B is stored as n×k and used transposed
     * @param m rows of op(A) and of C
     * @param n columns of op(B) and of C
     * @param k columns of op(A), rows of op(B)
     * @param alpha scale of the product
     * @param a storage of A
     * @param aOff index of A's first element
     * @param lda row stride of A as stored
     * @param b storage of B
     * @param bOff index of B's first element
     * @param ldb row stride of B as stored
     * @param beta scale of C's previous content
     * @param c storage of C
     * @param cOff index of C's first element
     * @param ldc row stride of C
     * @throws KerasException if a size is negative, a stride is too small or an array too short
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        checkArguments(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        scaleC(m, n, beta, c, cOff, ldc);
        if (k == 0 || alpha == 0f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * ldc;
            for (int p = 0; p < k; p++) {
                float av = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                if (transB) {
                    int bCol = bOff + p;
                    for (int j = 0; j < n; j++) {
                        c[cRow + j] += av * b[bCol + j * ldb];
                    }
                } else {
                    int bRow = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[cRow + j] += av * b[bRow + j];
                    }
                }
            }
        }
    }

    /** C = beta * C, writing zeros (not reading C) when beta is 0. */
    static void scaleC(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, row, row + n, 0f);
            } else {
                for (int j = 0; j < n; j++) {
                    c[row + j] *= beta;
                }
            }
        }
    }

    private static void checkArguments(boolean transA, boolean transB, int m, int n, int k,
                                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                       float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new KerasException("gemm expects non-negative sizes. Received: m=" + m
                    + ", n=" + n + ", k=" + k);
        }
        checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkMatrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        checkMatrix("C", c, cOff, ldc, m, n);
    }

    /** Checks that a rows×cols row-major matrix with the given stride fits in the array. */
    private static void checkMatrix(String name, float[] x, int off, int ld, int rows, int cols) {
        if (x == null) {
            throw new KerasException("gemm expects array " + name + ". Received: null");
        }
        if (ld < Math.max(1, cols)) {
            throw new KerasException("gemm expects ld" + name.toLowerCase() + " >= " + Math.max(1, cols)
                    + " (the stored row length of " + name + "). Received: " + ld);
        }
        if (off < 0) {
            throw new KerasException("gemm expects a non-negative offset for " + name
                    + ". Received: " + off);
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long last = (long) off + (long) (rows - 1) * ld + cols;
        if (last > x.length) {
            throw new KerasException("gemm expects " + name + " (" + rows + "x" + cols + ", offset " + off
                    + ", stride " + ld + ") to need " + last + " elements. Received: array of length "
                    + x.length);
        }
    }
}
