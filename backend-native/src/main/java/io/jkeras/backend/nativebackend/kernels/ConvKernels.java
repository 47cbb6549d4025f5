package io.jkeras.backend.nativebackend.kernels;

/**
 * The convolution's forward product {@code z += cols · kernel} without packing: on the SIMD path
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
         * {@code C (m×n) += op(A) (m×k) · B (k×n)}, row-major with row strides lda, ldb, ldc;
         * {@code op(A) = A}, or {@code A^T} of A stored as k×m when {@code transA}.
         */
        void product(boolean transA, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc);

        /** {@link ConvKernels#maxInto}'s vector lanes: the first {@code c / V * V} values. */
        int maxInto(float[] in, int i, float[] out, int o, int c);

        /** {@link ConvKernels#placeAtMax}'s vector lanes: the first {@code c / V * V} values. */
        int placeAtMax(float[] in, int i, float[] out, int o, float[] rest, int r, float[] d, int c);
    }

    /** The SIMD direct product, or null without the Vector API. */
    private static final String SIMD_CLASS = "io.jkeras.backend.nativebackend.kernels.SimdConv";
    static final Direct SIMD = loadSimd();

    private ConvKernels() {
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
        Direct simd = SIMD;
        if (simd == null || n % simd.width() != 0 || (long) m * n * k < NativeParameters.GEMM_SMALL_WORK) {
            Gemm.gemm(transA, false, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 1f, c, cOff, ldc);
            return;
        }
        Gemm.checkArguments(transA, false, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (!transA) {
            simd.product(false, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            return;
        }
        int tile = simd.rows();
        Parallel.forRange((m + tile - 1) / tile, (long) m * n * k, (from, to) -> {
            int i0 = from * tile;
            int i1 = Math.min(m, to * tile);
            simd.product(true, i1 - i0, n, k, a, aOff + i0, lda, b, bOff, ldb, c, cOff + i0 * ldc, ldc);
        });
    }

    /**
     * {@code out[o + j] = max(out[o + j], in[i + j])} for {@code j < c}: one input position's
     * channels folded into a max pooling window's running maximum ({@code Math.max}: NaN wins).
     */
    public static void maxInto(float[] in, int i, float[] out, int o, int c) {
        int j = SIMD == null ? 0 : SIMD.maxInto(in, i, out, o, c);
        for (; j < c; j++) {
            out[o + j] = Math.max(out[o + j], in[i + j]);
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
        int j = SIMD == null ? 0 : SIMD.placeAtMax(in, i, out, o, rest, r, d, c);
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
