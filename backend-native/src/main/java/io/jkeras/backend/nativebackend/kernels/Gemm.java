package io.jkeras.backend.nativebackend.kernels;

import io.jkeras.KerasException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-precision general matrix product over flat row-major {@code float[]} arrays with offsets
 * and row strides, in the style of BLAS {@code sgemm}.
 *
 * <p>Two kernel paths compute it. When the JVM runs with {@code --add-modules jdk.incubator.vector},
 * the Vector API's packed micro-kernel ({@code SimdGemm}, reported as {@code "simd-256"} or
 * {@code "simd-512"} after the vector size); otherwise the plain-Java kernel ({@code "scalar"}).
 * The choice is made once, logged once at INFO, and reported by {@link #kernelPath()}.
 */
public final class Gemm {
    private static final Logger LOG = LoggerFactory.getLogger(Gemm.class);
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String SIMD_CLASS = "io.jkeras.backend.nativebackend.kernels.SimdGemm";

    /** The SIMD kernel, or null when the Vector API module is not in the boot layer. */
    private static final GemmKernel SIMD = loadSimd();
    /** The kernel {@link #gemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int)} uses. */
    private static final GemmKernel ACTIVE = SIMD != null ? SIMD : ScalarGemm.INSTANCE;

    static {
        if (SIMD != null) {
            LOG.info("jkeras native kernels: {} (jdk.incubator.vector)", ACTIVE.name());
        } else {
            LOG.info("jkeras native kernels: scalar (start the JVM with --add-modules {} for the SIMD kernels)",
                    VECTOR_MODULE);
        }
    }

    /** Which kernels compute a product. */
    public enum Path {
        /** The plain-Java kernels, always available. */
        SCALAR,
        /** The Vector API kernels; needs {@code --add-modules jdk.incubator.vector}. */
        SIMD
    }

    private Gemm() {
    }

    /**
     * The kernel path products use: {@code "simd-256"} or {@code "simd-512"} (the Vector API with
     * vectors of that many bits) when the JVM was started with
     * {@code --add-modules jdk.incubator.vector}, else {@code "scalar"}.
     */
    public static String kernelPath() {
        return ACTIVE.name();
    }

    /** Whether the SIMD path is available (the JVM has the {@code jdk.incubator.vector} module). */
    public static boolean simdAvailable() {
        return SIMD != null;
    }

    /**
     * {@link #gemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int)}
     * on a chosen kernel path, for benchmarks and tests that compare the two.
     *
     * @throws KerasException if {@code path} is {@link Path#SIMD} and the SIMD path is not available
     */
    public static void gemm(Path path, boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        GemmKernel kernel = ScalarGemm.INSTANCE;
        if (path == Path.SIMD) {
            if (SIMD == null) {
                throw new KerasException("The SIMD kernels need the Vector API. Start the JVM with --add-modules "
                        + VECTOR_MODULE + ".");
            }
            kernel = SIMD;
        }
        gemm(kernel, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
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
        gemm(ACTIVE, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** The product on a given kernel; tiny products run the shared plain loops on either path. */
    static void gemm(GemmKernel kernel, boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        checkArguments(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scaleC(m, n, beta, c, cOff, ldc);
            return;
        }
        if ((long) m * n * k < NativeParameters.GEMM_SMALL_WORK) {
            scaleC(m, n, beta, c, cOff, ldc);
            ScalarGemm.simple(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        } else {
            kernel.large(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /** The kernel the public products use (the SIMD kernel when it loaded, else the scalar one). */
    static GemmKernel activeKernel() {
        return ACTIVE;
    }

    /** The scalar kernel (for tests). */
    static GemmKernel scalarKernel() {
        return ScalarGemm.INSTANCE;
    }

    /** The SIMD kernel with the given micro-tile rows (6 or 14), or null without the Vector API (for tests). */
    static GemmKernel simdKernel(int rows) {
        if (SIMD == null) {
            return null;
        }
        try {
            return Class.forName(SIMD_CLASS).asSubclass(GemmKernel.class).getDeclaredConstructor(int.class)
                    .newInstance(rows);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Loads the SIMD kernel by name, only when the Vector API module is in the boot layer, so that no
     * class naming it is loaded otherwise; any failure falls back to the scalar kernel.
     */
    private static GemmKernel loadSimd() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return null;
        }
        try {
            return Class.forName(SIMD_CLASS).asSubclass(GemmKernel.class).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            LOG.warn("jkeras native kernels: the Vector API is present but its kernel failed to load ({});"
                    + " using the scalar kernels", e.toString());
            return null;
        }
    }

    /** C = beta * C, writing zeros (not reading C) when beta is 0. */
    static void scaleC(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) {
            return;
        }
        if (beta == 0f && m > 0 && (ldc == n || m == 1)) {
            // Contiguous rows: one fill, not one call per (often short) row.
            java.util.Arrays.fill(c, cOff, cOff + (m - 1) * ldc + n, 0f);
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

    static void checkArguments(boolean transA, boolean transB, int m, int n, int k,
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
