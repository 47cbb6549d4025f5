package io.jkeras.backend.nativebackend.kernels;

/**
 * The plain-Java matrix product (no Vector API), the backend's kernel when
 * {@code jdk.incubator.vector} is not present: op(B) packed into separate row arrays, each row of C
 * accumulated four packed rows at a time in a loop that C2's SuperWord vectorises.
 */
final class ScalarGemm implements GemmKernel {
    static final ScalarGemm INSTANCE = new ScalarGemm();

    /** Slices start on multiples of this, so that each slice's rows vectorise alike. */
    private static final int SLICE_ALIGN = 16;

    private ScalarGemm() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public void large(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        if (n < NativeParameters.GEMM_NARROW_N && m > n) {
            // A narrow C (e.g. a 10-class output layer) makes short, poorly vectorised rows:
            // compute Cᵀ = op(B)ᵀ · op(A)ᵀ instead, whose rows are C's long columns.
            GemmPool.compute(this, !transB, !transA, true, n, m, k, alpha, b, bOff, ldb, a, aOff, lda,
                    beta, c, cOff, ldc);
        } else {
            GemmPool.compute(this, transA, transB, false, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                    beta, c, cOff, ldc);
        }
    }

    /**
     * Row slices keep the long vectorised rows but each thread packs all of op(B); column slices
     * share the packing but shorten the rows. Prefer rows when each slice is tall.
     */
    @Override
    public int split(int m, int n, int parts) {
        if (m >= parts * NativeParameters.GEMM_SPLIT_ROWS) {
            return SPLIT_ROWS;
        } else if (n >= parts * NativeParameters.GEMM_SPLIT_COLUMNS) {
            return SPLIT_COLUMNS;
        } else if (m >= parts * SLICE_ALIGN) {
            return SPLIT_ROWS;
        } else if (n >= parts * SLICE_ALIGN) {
            return SPLIT_COLUMNS;
        }
        return SPLIT_NONE;
    }

    @Override
    public int sliceAlign(boolean byColumns) {
        return SLICE_ALIGN;
    }

    /**
     * The plain loops for products too small to repay packing; C is already scaled by beta. A C with
     * fewer columns than a vector (e.g. a regression output) is computed as dot products, so that
     * the innermost loop runs along k rather than over one or two columns.
     */
    static void simple(boolean transA, boolean transB, int m, int n, int k, float alpha,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float[] c, int cOff, int ldc) {
        int aRowStep = transA ? 1 : lda;
        int aColStep = transA ? lda : 1;
        int bRowStep = transB ? 1 : ldb;
        int bColStep = transB ? ldb : 1;
        if (n < 8 && k > n) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float sum = 0f;
                    for (int p = 0, ai = aOff + i * aRowStep, bi = bOff + j * bColStep; p < k;
                            p++, ai += aColStep, bi += bRowStep) {
                        sum += a[ai] * b[bi];
                    }
                    c[cOff + i * ldc + j] += alpha * sum;
                }
            }
            return;
        }
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * ldc;
            for (int p = 0; p < k; p++) {
                float av = alpha * a[aOff + i * aRowStep + p * aColStep];
                int bRow = bOff + p * bRowStep;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += av * b[bRow + j * bColStep];
                }
            }
        }
    }

    /**
     * The cache-blocked product on one thread: op(B) is packed block by block into separate row
     * arrays, then each row of C is accumulated in a scratch row four rows of the block at a time.
     *
     * <p>Why separate arrays: the JIT vectorises a loop only when every array in it is indexed by
     * the same expression; with offsets into one array it must assume the rows overlap and falls
     * back to scalar code (about 8× slower).
     */
    @Override
    public void block(boolean transA, boolean transB, boolean transC, int m, int n, int k, float alpha,
                        float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float beta, float[] c, int cOff, int ldc, GemmWorkspace ws) {
        if (transC) {
            Gemm.scaleC(n, m, beta, c, cOff, ldc);
        } else {
            Gemm.scaleC(m, n, beta, c, cOff, ldc);
        }
        float[][] panel = ws.panel();
        float[] acc = ws.acc();
        // Strides to step along op(A)'s rows (i) and columns (p) in A's storage.
        int aRowStep = transA ? 1 : lda;
        int aColStep = transA ? lda : 1;
        for (int jc = 0; jc < n; jc += NativeParameters.GEMM_BLOCK_N) {
            int w = Math.min(NativeParameters.GEMM_BLOCK_N, n - jc);
            for (int pc = 0; pc < k; pc += NativeParameters.GEMM_BLOCK_K) {
                int kc = Math.min(NativeParameters.GEMM_BLOCK_K, k - pc);
                packB(transB, b, bOff, ldb, pc, jc, kc, w, panel);
                for (int i = 0; i < m; i++) {
                    int aIdx = aOff + i * aRowStep + pc * aColStep;
                    loadRow(transC, c, cOff, ldc, i, jc, w, acc);
                    int p = 0;
                    for (; p + 4 <= kc; p += 4, aIdx += 4 * aColStep) {
                        axpy4(acc, panel[p], panel[p + 1], panel[p + 2], panel[p + 3], w,
                                alpha * a[aIdx], alpha * a[aIdx + aColStep],
                                alpha * a[aIdx + 2 * aColStep], alpha * a[aIdx + 3 * aColStep]);
                    }
                    for (; p < kc; p++, aIdx += aColStep) {
                        axpy1(acc, panel[p], w, alpha * a[aIdx]);
                    }
                    storeRow(transC, c, cOff, ldc, i, jc, w, acc);
                }
            }
        }
    }

    /** acc[0..w) = row i, columns [jc, jc + w) of the product (a column of C when transC). */
    private static void loadRow(boolean transC, float[] c, int cOff, int ldc, int i, int jc, int w,
                                float[] acc) {
        if (!transC) {
            System.arraycopy(c, cOff + i * ldc + jc, acc, 0, w);
            return;
        }
        for (int j = 0, idx = cOff + jc * ldc + i; j < w; j++, idx += ldc) {
            acc[j] = c[idx];
        }
    }

    /** The inverse of {@link #loadRow}. */
    private static void storeRow(boolean transC, float[] c, int cOff, int ldc, int i, int jc, int w,
                                 float[] acc) {
        if (!transC) {
            System.arraycopy(acc, 0, c, cOff + i * ldc + jc, w);
            return;
        }
        for (int j = 0, idx = cOff + jc * ldc + i; j < w; j++, idx += ldc) {
            c[idx] = acc[j];
        }
    }

    /** Copies op(B)[pc:pc+kc, jc:jc+w] into the first w entries of panel[0..kc). */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int jc, int kc,
                              int w, float[][] panel) {
        if (!transB) {
            for (int p = 0; p < kc; p++) {
                System.arraycopy(b, bOff + (pc + p) * ldb + jc, panel[p], 0, w);
            }
            return;
        }
        // op(B)[p][j] = B[j][p]: walk B's rows (contiguous in p) in strips of 16 columns of op(B)
        // so that the scattered writes touch only 16 cache lines per row of the panel.
        for (int j0 = 0; j0 < w; j0 += 16) {
            int j1 = Math.min(w, j0 + 16);
            for (int p = 0; p < kc; p++) {
                float[] row = panel[p];
                int src = bOff + (jc + j0) * ldb + pc + p;
                for (int j = j0; j < j1; j++, src += ldb) {
                    row[j] = b[src];
                }
            }
        }
    }

    /** acc += a0·b0 + a1·b1 + a2·b2 + a3·b3 over [0, w): one C row, four rows of the panel. */
    private static void axpy4(float[] acc, float[] b0, float[] b1, float[] b2, float[] b3, int w,
                              float a0, float a1, float a2, float a3) {
        for (int j = 0; j < w; j++) {
            acc[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
        }
    }

    /** acc += a0·b0 over [0, w). */
    private static void axpy1(float[] acc, float[] b0, int w, float a0) {
        for (int j = 0; j < w; j++) {
            acc[j] += a0 * b0[j];
        }
    }

}
