package io.jkeras.backend.nativebackend.kernels;

import io.jkeras.KerasException;
import java.util.Arrays;

/**
 * The convolution's and max pooling's kernels. The products ({@code z = bias + cols · kernel},
 * {@code dKernel += cols^T dz}, {@code dCols = dz · kernel^T}) run without packing: on the SIMD path
 * with 512-bit vectors ({@code SimdConv}; elsewhere {@link Gemm}) a micro-kernel reads the rows of {@code cols} and of the kernel where they
 * lie, which the convolution's shapes allow (the kernel's rows are {@code filters} floats, a
 * multiple of the tile width for the usual 32, 64, 128... filters). The packed product spent as
 * long packing {@code cols} as multiplying when a window holds few values (9 for a 3×3 kernel on
 * one channel). Every element is the same chain of fused multiply-adds over {@code k} in order
 * as in {@code SimdGemm}, so the result has the same bits as {@link Gemm#gemm} on the SIMD path.
 */
public final class ConvKernels {
    /** The Vector API's direct product. */
    interface Direct {
        /** Columns of one tile: {@code n} must be a multiple of it. */
        int width();

        /** Rows of C per tile: splits over threads start on multiples of it. */
        int rows();

        /**
         * {@code C (m×n) = S + op(A) (m×k) · B (k×n)}, through ReLU when {@code relu}, row-major with
         * row strides lda, ldb, ldc; {@code op(A) = A}, or {@code A^T} of A stored as k×m when
         * {@code transA}. Row i of S starts at {@code start[startOff + i * startLd]} (C itself, or
         * one bias row with {@code startLd = 0}).
         */
        void product(boolean transA, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float[] start, int startOff, int startLd, boolean relu, float[] c, int cOff, int ldc);

        /** {@link ConvKernels#sumRows}'s vector lanes: the first {@code n / V * V} columns. */
        int sumRows(float[] x, int off, int rows, int n, float[] sum, int sumOff);

        /** {@code out[o + j] = max(out[o + j], in[i + j])}'s vector lanes: the first {@code c / V * V} values. */
        int maxInto(float[] in, int i, float[] out, int o, int c);

        /** {@link ConvKernels#maxWindow}'s vector lanes for a 2×2 window: the first {@code c / V * V} channels. */
        int maxWindow2x2(float[] in, int i, int rowStride, float[] out, int o, int c);

        /** {@link ConvKernels#placeWindow}'s vector lanes for a 2×2 window: the first {@code c / V * V} channels. */
        int placeWindow2x2(float[] in, int i, int rowStride, float[] out, int o, float[] dOut, float[] d, int c);

        /** {@link ConvKernels#placeAtMax}'s vector lanes: the first {@code c / V * V} values. */
        int placeAtMax(float[] in, int i, float[] out, int o, float[] rest, int r, float[] d, int c);
    }

    /**
     * The kernels one call runs on: the direct product ({@code null}: none, {@link Gemm} computes
     * every product) and the Gemm kernel behind it. The public methods run {@link #ACTIVE}; tests
     * run {@link #scalar()} and {@link #simd()} side by side in one JVM.
     */
    record Kernels(Direct direct, GemmKernel gemm) {
    }

    private static final String SIMD_CLASS = "io.jkeras.backend.nativebackend.kernels.SimdConv";
    /** The SIMD direct product, or null without the Vector API or without 512-bit vectors. */
    private static final Direct SIMD = loadSimd();
    /** The kernels this JVM uses: the SIMD direct product when it loaded, and Gemm's active kernel. */
    static final Kernels ACTIVE = new Kernels(SIMD, Gemm.activeKernel());

    private ConvKernels() {
    }

    /** The plain-Java kernels: no direct product, Gemm's scalar kernel (what a JVM without the Vector API runs). */
    static Kernels scalar() {
        return new Kernels(null, Gemm.scalarKernel());
    }

    /**
     * The SIMD kernels: the direct product and Gemm's SIMD kernel, or null when the direct product
     * did not load (no Vector API module, or vectors narrower than 512 bits).
     */
    static Kernels simd() {
        return SIMD == null ? null : ACTIVE;
    }

    private static Direct loadSimd() {
        if (!Gemm.simdAvailable()) {
            return null;
        }
        try {
            return Class.forName(SIMD_CLASS).asSubclass(Direct.class).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /**
     * {@code C (m×n) += op(A) (m×k) · B (k×n)} (row-major, row strides lda, ldb, ldc; {@code op(A)}
     * is A, or the transpose of A stored k×m when {@code transA}), the bits of
     * {@code Gemm.gemm(transA, false, m, n, k, 1, a, aOff, lda, b, bOff, ldb, 1, c, cOff, ldc)}:
     * without packing on the SIMD path when {@code n} is a multiple of its tile width and the
     * product is not one of Gemm's small ones, else by {@link Gemm#gemm}. The transposed form
     * ({@code cols^T dz}, the kernel's gradient) splits C's rows over the backend's threads
     * ({@link Parallel}); call the other from a thread's own share of the work.
     */
    public static void productAdd(boolean transA, int m, int n, int k, float[] a, int aOff, int lda, float[] b,
                                  int bOff, int ldb, float[] c, int cOff, int ldc) {
        productAdd(ACTIVE, transA, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    }

    /** {@link #productAdd(boolean, int, int, int, float[], int, int, float[], int, int, float[], int, int)} on the given kernels. */
    static void productAdd(Kernels kernels, boolean transA, int m, int n, int k, float[] a, int aOff, int lda,
                           float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        Direct simd = kernels.direct();
        if (simd == null || n % simd.width() != 0 || (long) m * n * k < NativeParameters.GEMM_SMALL_WORK) {
            Gemm.gemm(kernels.gemm(), transA, false, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 1f, c, cOff, ldc);
            return;
        }
        Gemm.checkArguments(transA, false, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (!transA) {
            simd.product(false, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, false, c, cOff, ldc);
            return;
        }
        int tile = simd.rows();
        Parallel.forRange((m + tile - 1) / tile, (long) m * n * k, (from, to) -> {
            int i0 = from * tile;
            int i1 = Math.min(m, to * tile);
            int ci = cOff + i0 * ldc;
            simd.product(true, i1 - i0, n, k, a, aOff + i0, lda, b, bOff, ldb, c, ci, ldc, false, c, ci, ldc);
        });
    }

    /**
     * Whether {@link #biasProduct} and {@link #product} take the direct kernel for products with
     * {@code n} columns (the SIMD path, {@code n} a multiple of its tile width); otherwise they run
     * {@link Gemm}.
     */
    public static boolean direct(int n) {
        return direct(ACTIVE, n);
    }

    private static boolean direct(Kernels kernels, int n) {
        return kernels.direct() != null && n % kernels.direct().width() == 0;
    }

    /** Rows of C per tile of the direct product (1 without it): a product of a multiple of them has no leftover rows. */
    public static int tileRows() {
        return SIMD == null ? 1 : SIMD.rows();
    }

    /**
     * The convolution's forward product {@code C (m×n) = bias + A (m×k) · B (k×n)}, and ReLU
     * ({@code Math.max(z, 0)}) when {@code relu}, on this thread. The direct kernel ({@link #direct})
     * starts its accumulators from the bias row (or zero without one) and applies ReLU before the
     * store, so C is written once; otherwise C's rows are set to the bias, {@link Gemm} adds the
     * product and a loop applies ReLU. Either way each element is the bias followed by the fused
     * multiply-adds over {@code k} in order, the bits of {@code Gemm.gemm} on C preset to the bias.
     *
     * @param bias {@code n} values from {@code biasOff}, or null for none
     */
    public static void biasProduct(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                   float[] bias, int biasOff, boolean relu, float[] c, int cOff, int ldc) {
        biasProduct(ACTIVE, m, n, k, a, aOff, lda, b, bOff, ldb, bias, biasOff, relu, c, cOff, ldc);
    }

    /** {@link #biasProduct(int, int, int, float[], int, int, float[], int, int, float[], int, boolean, float[], int, int)} on the given kernels. */
    static void biasProduct(Kernels kernels, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
                            int ldb, float[] bias, int biasOff, boolean relu, float[] c, int cOff, int ldc) {
        Gemm.checkArguments(false, false, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (bias != null && (biasOff < 0 || biasOff > bias.length - n)) {
            throw new KerasException("biasProduct expects " + n + " bias values from offset " + biasOff
                    + ". Received: an array of " + bias.length);
        }
        if (m == 0 || n == 0) {
            return;
        }
        boolean direct = direct(kernels, n);
        if (direct && bias != null) {
            kernels.direct().product(false, m, n, k, a, aOff, lda, b, bOff, ldb, bias, biasOff, 0, relu, c, cOff, ldc);
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (bias != null) {
                System.arraycopy(bias, biasOff, c, row, n);
            } else {
                Arrays.fill(c, row, row + n, 0f);
            }
        }
        if (direct) {
            kernels.direct().product(false, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, relu, c, cOff, ldc);
            return;
        }
        Gemm.gemm(kernels.gemm(), false, false, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 1f, c, cOff, ldc);
        if (relu) {
            for (int i = 0; i < m; i++) {
                int row = cOff + i * ldc;
                for (int j = row; j < row + n; j++) {
                    c[j] = Math.max(c[j], 0f);
                }
            }
        }
    }

    /**
     * {@code sum[sumOff + j] += x[off + r * n + j]} over the rows {@code r < rows} in order, for
     * {@code j < n}: the bias gradient, each column summed as the plain loop sums it (vector lanes
     * along the columns on the SIMD path).
     */
    public static void sumRows(float[] x, int off, int rows, int n, float[] sum, int sumOff) {
        sumRows(ACTIVE, x, off, rows, n, sum, sumOff);
    }

    /** {@link #sumRows(float[], int, int, int, float[], int)} on the given kernels. */
    static void sumRows(Kernels kernels, float[] x, int off, int rows, int n, float[] sum, int sumOff) {
        Direct simd = kernels.direct();
        int j = simd == null ? 0 : simd.sumRows(x, off, rows, n, sum, sumOff);
        if (j == n) {
            return;
        }
        for (int r = 0; r < rows; r++) {
            int row = off + r * n;
            for (int q = j; q < n; q++) {
                sum[sumOff + q] += x[row + q];
            }
        }
    }

    /** {@code t (cols × rows) = x (rows × cols)^T}, both row-major and dense. */
    public static void transpose(float[] x, int xOff, int rows, int cols, float[] t, int tOff) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[tOff + j * rows + i] = x[xOff + i * cols + j];
            }
        }
    }

    /**
     * A max pooling window: {@code out[o + j]} is the maximum ({@code Math.max}: NaN wins) over
     * the window's {@code rows × cols} input positions of channel {@code j < c}, position
     * {@code (y, x)} at {@code in[i + y * rowStride + x * c + j]}. On the SIMD path a 2×2 window
     * is one pass of four loads per vector of channels; other windows fold their positions one at
     * a time into the first.
     */
    public static void maxWindow(float[] in, int i, int rows, int cols, int rowStride, float[] out, int o, int c) {
        maxWindow(ACTIVE, in, i, rows, cols, rowStride, out, o, c);
    }

    /** {@link #maxWindow(float[], int, int, int, int, float[], int, int)} on the given kernels. */
    static void maxWindow(Kernels kernels, float[] in, int i, int rows, int cols, int rowStride, float[] out, int o,
                          int c) {
        Direct simd = kernels.direct();
        int j = simd != null && rows == 2 && cols == 2 ? simd.maxWindow2x2(in, i, rowStride, out, o, c) : 0;
        if (j == c) {
            return;
        }
        System.arraycopy(in, i + j, out, o + j, c - j);
        for (int y = 0; y < rows; y++) {
            for (int x = y == 0 ? 1 : 0; x < cols; x++) {
                int p = i + y * rowStride + x * c + j;
                int q = simd == null ? 0 : simd.maxInto(in, p, out, o + j, c - j);
                for (; q < c - j; q++) {
                    out[o + j + q] = Math.max(out[o + j + q], in[p + q]);
                }
            }
        }
    }

    /**
     * The max pooling gradient of one window that no other window overlaps, written (not added)
     * at each of its input positions (laid out as in {@link #maxWindow}): {@code dOut[o + j]} at
     * the first position, in window order, whose value equals the maximum {@code out[o + j]}, and
     * 0 at the others; the same values as zeros followed by {@link #placeAtMax} at each position,
     * without a pass of zeros over the whole gradient. On the SIMD path a 2×2 window is four
     * selects per vector of channels; other windows set their positions to zero and place the
     * gradient with {@code placeAtMax}, {@code rest[r..r+c)} holding what is still to place.
     */
    public static void placeWindow(float[] in, int i, int rows, int cols, int rowStride, float[] out, int o,
                                   float[] dOut, float[] d, int c, float[] rest, int r) {
        placeWindow(ACTIVE, in, i, rows, cols, rowStride, out, o, dOut, d, c, rest, r);
    }

    /** {@link #placeWindow(float[], int, int, int, int, float[], int, float[], float[], int, float[], int)} on the given kernels. */
    static void placeWindow(Kernels kernels, float[] in, int i, int rows, int cols, int rowStride, float[] out, int o,
                            float[] dOut, float[] d, int c, float[] rest, int r) {
        Direct simd = kernels.direct();
        int j = simd != null && rows == 2 && cols == 2 ? simd.placeWindow2x2(in, i, rowStride, out, o, dOut, d, c) : 0;
        if (j == c) {
            return;
        }
        for (int y = 0; y < rows; y++) {
            int p = i + y * rowStride + j;
            for (int x = 0; x < cols; x++, p += c) {
                Arrays.fill(d, p, p + c - j, 0f);
            }
        }
        System.arraycopy(dOut, o + j, rest, r, c - j);
        for (int y = 0; y < rows; y++) {
            int p = i + y * rowStride + j;
            for (int x = 0; x < cols; x++, p += c) {
                placeAtMax(kernels, in, p, out, o + j, rest, r, d, c - j);
            }
        }
    }

    /**
     * The max pooling gradient at one input position of a window, for {@code j < c}: where
     * {@code in[i + j]} equals the window's maximum {@code out[o + j]}, the gradient still to place,
     * {@code rest[r + j]}, is added to {@code d[i + j]} and {@code rest[r + j]} becomes 0. Called
     * for the window's positions in order, it puts each gradient at the first maximum. Selects,
     * not branches (a branch per value mispredicted on real activations).
     */
    public static void placeAtMax(float[] in, int i, float[] out, int o, float[] rest, int r, float[] d, int c) {
        placeAtMax(ACTIVE, in, i, out, o, rest, r, d, c);
    }

    /** {@link #placeAtMax(float[], int, float[], int, float[], int, float[], int)} on the given kernels. */
    static void placeAtMax(Kernels kernels, float[] in, int i, float[] out, int o, float[] rest, int r, float[] d,
                           int c) {
        Direct simd = kernels.direct();
        int j = simd == null ? 0 : simd.placeAtMax(in, i, out, o, rest, r, d, c);
        for (; j < c; j++) {
            // The scalar select is written as a product with 0 or 1 (out - in > 0, however small,
            // times MAX_VALUE² is at least 1), which C2 compiles without a branch: exact for finite
            // gradients.
            float miss = Math.min((out[o + j] - in[i + j]) * Float.MAX_VALUE * Float.MAX_VALUE, 1f);
            float g = rest[r + j];
            d[i + j] += g * (1f - miss);
            rest[r + j] = g * miss;
        }
    }
}
