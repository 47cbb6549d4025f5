package io.jkeras.backend.nativebackend.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix product with the incubating Vector API ({@code jdk.incubator.vector}), in the
 * classic packed-panel structure (Goto and van de Geijn, as in BLIS): op(B) is packed into panels
 * of {@code NR} = 2 vectors' width, op(A) (times alpha) into panels of {@code MR} rows, and a
 * register-blocked micro-kernel computes each MR×NR tile of C with one fused multiply-add per
 * vector per packed column. The micro-kernel loads its tile of C first and stores it last: adding
 * to C after the loop instead left the loads' cache misses exposed and cost about 40 %. MR is 6 for vectors up to 256 bits (12 accumulators of the 16
 * AVX2 registers) and 14 for 512 bits (28 of AVX-512's 32).
 *
 * <p>This and {@code SimdMath} are the only classes that name the Vector API; {@link Gemm}
 * loads it by name only when the module is in the boot layer, so without {@code --add-modules jdk.incubator.vector} it is
 * never loaded. Every method is small: each compiles on its own in C1 and C2 (a single very
 * large kernel method hit C1's register limit on JDK 17 and stayed interpreted in some
 * launches), and no vector outlives the micro-kernel that made it, so C2 keeps them all in
 * registers.
 *
 * <p>Edge tiles (leftover rows or columns) run the same micro-kernel on zero-padded panels and a
 * scratch copy of the tile's part of C: every element of C is summed in the same order wherever
 * its tile lies, so results do not depend on how a product is split over threads.
 */
final class SimdGemm implements GemmKernel {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Floats per vector. */
    private static final int V = F.length();
    /** Columns of a micro-tile: two vectors. */
    private static final int NR = 2 * V;
    private static final int KC = NativeParameters.SIMD_BLOCK_K;
    private static final int MC = NativeParameters.SIMD_BLOCK_M;
    private static final int NC = NativeParameters.SIMD_BLOCK_N;
    /** Warm-up calls: past C2's invocation thresholds (a few thousand) with room to spare. */
    private static final int WARMUP_CALLS = 20_000;
    private static final int WARMUP_DEPTH = 8;

    /** Rows of a micro-tile: 6 or 14. */
    private final int mr;

    /** The kernel for this machine's preferred vector size; starts its JIT warm-up. */
    SimdGemm() {
        this(V >= 16 ? 14 : 6);
        Thread warmup = new Thread(this::warmUp, "jkeras-simd-warmup");
        warmup.setDaemon(true);
        warmup.setPriority(Thread.MIN_PRIORITY);
        warmup.start();
    }

    /** The kernel with 6 or 14 rows per micro-tile (tests run both on any machine). */
    SimdGemm(int rows) {
        if (rows != 6 && rows != 14) {
            throw new IllegalArgumentException("micro-tile rows must be 6 or 14. Received: " + rows);
        }
        if (MC % rows != 0 || NC % NR != 0) {
            throw new IllegalStateException("SIMD_BLOCK_M must be a multiple of " + rows
                    + " and SIMD_BLOCK_N of " + NR);
        }
        this.mr = rows;
    }

    @Override
    public String name() {
        return "simd-" + F.vectorBitSize();
    }

    /**
     * Calls the micro-kernel on one small tile until the JIT has had reason to compile it. Until C2
     * compiles it, each Vector API operation is interpreted and allocates, about 100× slower: the
     * first 1024³ product of a JVM took 0.5–3.5 s. Short calls reach C2's invocation threshold
     * sooner, on a background thread, while the first products run (about 30 % less time to the
     * first fast product). The results do not depend on it: compiled or not, the Vector API
     * computes the same bits.
     */
    private void warmUp() {
        float[] ap = new float[mr * WARMUP_DEPTH];
        float[] bp = new float[NR * WARMUP_DEPTH];
        float[] c = new float[mr * NR];
        for (int i = 0; i < WARMUP_CALLS; i++) {
            kernel(mr, WARMUP_DEPTH, ap, 0, bp, 0, c, 0, NR);
        }
    }

    @Override
    public String toString() {
        return name() + " (" + mr + "-row tiles)";
    }

    @Override
    public void large(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        GemmPool.compute(this, transA, transB, false, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** The wider of C's two dimensions is split, when each slice gets at least one tile. */
    @Override
    public int split(int m, int n, int parts) {
        boolean rowsFit = m >= parts * mr;
        boolean columnsFit = n >= parts * NR;
        if (rowsFit && (m >= n || !columnsFit)) {
            return SPLIT_ROWS;
        }
        return columnsFit ? SPLIT_COLUMNS : SPLIT_NONE;
    }

    @Override
    public int sliceAlign(boolean byColumns) {
        return byColumns ? NR : mr;
    }

    @Override
    public void block(boolean transA, boolean transB, boolean transC, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc, GemmWorkspace ws) {
        if (transC) {
            throw new IllegalArgumentException("the SIMD kernel stores C untransposed");
        }
        Gemm.scaleC(m, n, beta, c, cOff, ldc);
        float[] ap = ws.packA(MC * KC);
        float[] bp = ws.packB(KC * NC);
        float[] tile = ws.tile(14 * NR);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bOff, ldb, pc, jc, kc, nc, bp);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(transA, alpha, a, aOff, lda, ic, pc, mc, kc, ap);
                    tiles(mc, nc, kc, ap, bp, c, cOff + ic * ldc + jc, ldc, tile);
                }
            }
        }
    }

    /**
     * Rows of the packed panel (and of the micro-kernel) for {@code h <= mr} rows of a block: mr,
     * except 6 for a block's last {@code h <= 6} rows under the 14-row tile, where the 14-row tile
     * would compute more than twice the rows there are (a batch of 128 is 9 tiles of 14 and 2 rows:
     * 12 of the 140 rows computed were padding, 9 % of the product). Both micro-kernels sum each
     * element of C in the same order, so the bits do not change.
     */
    private int tailRows(int h) {
        return mr == 14 && h <= 6 ? 6 : mr;
    }

    /** C[0..mc)[0..nc) += the packed block product, tile by tile; the B micro-panel stays in L1. */
    private void tiles(int mc, int nc, int kc, float[] ap, float[] bp, float[] c, int cOff, int ldc, float[] tile) {
        for (int jr = 0; jr < nc; jr += NR) {
            int w = Math.min(NR, nc - jr);
            int bi = jr * kc;
            for (int ir = 0; ir < mc; ir += mr) {
                int h = Math.min(mr, mc - ir);
                int ai = ir * kc;
                int ci = cOff + ir * ldc + jr;
                int rows = tailRows(h);
                if (h == rows && w == NR) {
                    kernel(rows, kc, ap, ai, bp, bi, c, ci, ldc);
                } else {
                    // The same kernel on a copy of the tile's valid part, so every element of C
                    // is summed in the same order wherever its tile lies.
                    for (int r = 0; r < h; r++) {
                        System.arraycopy(c, ci + r * ldc, tile, r * NR, w);
                    }
                    kernel(rows, kc, ap, ai, bp, bi, tile, 0, NR);
                    for (int r = 0; r < h; r++) {
                        System.arraycopy(tile, r * NR, c, ci + r * ldc, w);
                    }
                }
            }
        }
    }

    /** The micro-kernel of a panel of {@code rows} (6 or 14) rows. */
    private static void kernel(int rows, int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int ci, int ldc) {
        if (rows == 6) {
            kernel6(kc, ap, ai, bp, bi, c, ci, ldc);
        } else {
            kernel14(kc, ap, ai, bp, bi, c, ci, ldc);
        }
    }

    /**
     * Packs alpha·op(A)[ic..ic+mc)[pc..pc+kc) into panels of mr rows: panel q holds, for each p,
     * its mr rows' values side by side at ap[q·mr·kc + p·mr + r]; rows past mc are zero. A last,
     * partial panel of at most 6 rows under the 14-row tile is packed 6 rows wide instead
     * ({@link #tailRows}), for the 6-row micro-kernel.
     */
    private void packA(boolean transA, float alpha, float[] a, int aOff, int lda, int ic, int pc, int mc, int kc,
                       float[] ap) {
        if (transA) {
            // op(A)[i][p] = A[p][i]: row pc + p of A is read once, from left to right, and its
            // values go to every panel at their column p (reading mr values of each row per
            // panel instead walked all kc rows once per panel, and cost more than the product
            // for the convolution's dKernel = cols^T dz).
            int full = mc / mr * mr;
            for (int p = 0; p < kc; p++) {
                int src = aOff + (pc + p) * lda + ic;
                int dst = p * mr;
                for (int ir = 0; ir < full; ir += mr, dst += mr * kc) {
                    for (int r = 0; r < mr; r++) {
                        ap[dst + r] = alpha * a[src + ir + r];
                    }
                }
                if (full < mc) {
                    int rows = tailRows(mc - full);
                    int tail = full * kc + p * rows;
                    for (int r = 0; r < rows; r++) {
                        ap[tail + r] = full + r < mc ? alpha * a[src + full + r] : 0f;
                    }
                }
            }
            return;
        }
        int[] map = mr == 14 ? STRIDE_14 : STRIDE_6;
        for (int ir = 0; ir < mc; ir += mr) {
            int h = Math.min(mr, mc - ir);
            int base = ir * kc;
            if (h == mr) {
                scatterRows(alpha, a, aOff + (ic + ir) * lda + pc, lda, mr, kc, ap, base, mr, map);
                continue;
            }
            int rows = tailRows(h);
            for (int r = 0; r < h; r++) {
                int src = aOff + (ic + ir + r) * lda + pc;
                for (int p = 0, dst = base + r; p < kc; p++, dst += rows) {
                    ap[dst] = alpha * a[src + p];
                }
            }
            for (int r = h; r < rows; r++) {
                for (int p = 0, dst = base + r; p < kc; p++, dst += rows) {
                    ap[dst] = 0f;
                }
            }
        }
    }

    /** Scatter offsets {@code j·stride} for the packings' vector stores. */
    private static final int[] STRIDE_6 = strides(6);
    private static final int[] STRIDE_14 = strides(14);
    private static final int[] STRIDE_NR = strides(NR);

    private static int[] strides(int stride) {
        int[] map = new int[V];
        for (int j = 0; j < V; j++) {
            map[j] = j * stride;
        }
        return map;
    }

    /**
     * Packs {@code rows} runs of kc values (run r starts at src + r·ld) transposed: value p of run r
     * goes to dst[base + p·stride + r], times alpha. Each run is read a vector at a time and
     * scattered ({@code map} holds the lanes' offsets j·stride): 10–20 % faster products than one
     * store per value on the MLP's small shapes, where packing is a large part of the time.
     */
    private static void scatterRows(float alpha, float[] src, int off, int ld, int rows, int kc, float[] dst,
                                    int base, int stride, int[] map) {
        int full = kc / V * V;
        for (int r = 0; r < rows; r++) {
            int s = off + r * ld;
            int p = 0;
            for (; p < full; p += V) {
                FloatVector.fromArray(F, src, s + p).mul(alpha).intoArray(dst, base + p * stride + r, map, 0);
            }
            for (int d = base + p * stride + r; p < kc; p++, d += stride) {
                dst[d] = alpha * src[s + p];
            }
        }
    }

    /**
     * Packs op(B)[pc..pc+kc)[jc..jc+nc) into panels of NR columns: panel q holds, for each p, its
     * NR columns at bp[q·NR·kc + p·NR + j]; columns past nc are zero.
     */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int jc, int kc, int nc,
                              float[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int w = Math.min(NR, nc - jr);
            int base = jr * kc;
            if (transB && w == NR) {
                scatterRows(1f, b, bOff + (jc + jr) * ldb + pc, ldb, NR, kc, bp, base, NR, STRIDE_NR);
            } else if (transB) {
                // op(B)[p][j] = B[j][p]: each column j of the panel is a run of B's row jc + jr + j.
                for (int j = 0; j < w; j++) {
                    int src = bOff + (jc + jr + j) * ldb + pc;
                    for (int p = 0, dst = base + j; p < kc; p++, dst += NR) {
                        bp[dst] = b[src + p];
                    }
                }
                for (int j = w; j < NR; j++) {
                    for (int p = 0, dst = base + j; p < kc; p++, dst += NR) {
                        bp[dst] = 0f;
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pc + p) * ldb + jc + jr;
                    int dst = base + p * NR;
                    System.arraycopy(b, src, bp, dst, w);
                    if (w < NR) {
                        Arrays.fill(bp, dst + w, dst + NR, 0f);
                    }
                }
            }
        }
    }

    /**
     * The 6×2-vector micro-kernel: C[0..6)[0..NR) += packed A panel · packed B panel over kc,
     * in 12 accumulator registers; row r of the tile starts at c[ci + r·ldc].
     */
    private static void kernel6(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.fromArray(F, c, ci);
        FloatVector c01 = FloatVector.fromArray(F, c, ci + V);
        FloatVector c10 = FloatVector.fromArray(F, c, ci + 1 * ldc);
        FloatVector c11 = FloatVector.fromArray(F, c, ci + 1 * ldc + V);
        FloatVector c20 = FloatVector.fromArray(F, c, ci + 2 * ldc);
        FloatVector c21 = FloatVector.fromArray(F, c, ci + 2 * ldc + V);
        FloatVector c30 = FloatVector.fromArray(F, c, ci + 3 * ldc);
        FloatVector c31 = FloatVector.fromArray(F, c, ci + 3 * ldc + V);
        FloatVector c40 = FloatVector.fromArray(F, c, ci + 4 * ldc);
        FloatVector c41 = FloatVector.fromArray(F, c, ci + 4 * ldc + V);
        FloatVector c50 = FloatVector.fromArray(F, c, ci + 5 * ldc);
        FloatVector c51 = FloatVector.fromArray(F, c, ci + 5 * ldc + V);
        for (int p = 0; p < kc; p++, ai += 6, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(F, bp, bi);
            FloatVector b1 = FloatVector.fromArray(F, bp, bi + V);
            FloatVector av;
            av = FloatVector.broadcast(F, ap[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(F, ap[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(F, ap[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(F, ap[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + V);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + V);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + V);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + V);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + V);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + V);
    }

    /**
     * The 14×2-vector micro-kernel: C[0..14)[0..NR) += packed A panel · packed B panel over kc,
     * in 28 accumulator registers; row r of the tile starts at c[ci + r·ldc].
     */
    private static void kernel14(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.fromArray(F, c, ci);
        FloatVector c01 = FloatVector.fromArray(F, c, ci + V);
        FloatVector c10 = FloatVector.fromArray(F, c, ci + 1 * ldc);
        FloatVector c11 = FloatVector.fromArray(F, c, ci + 1 * ldc + V);
        FloatVector c20 = FloatVector.fromArray(F, c, ci + 2 * ldc);
        FloatVector c21 = FloatVector.fromArray(F, c, ci + 2 * ldc + V);
        FloatVector c30 = FloatVector.fromArray(F, c, ci + 3 * ldc);
        FloatVector c31 = FloatVector.fromArray(F, c, ci + 3 * ldc + V);
        FloatVector c40 = FloatVector.fromArray(F, c, ci + 4 * ldc);
        FloatVector c41 = FloatVector.fromArray(F, c, ci + 4 * ldc + V);
        FloatVector c50 = FloatVector.fromArray(F, c, ci + 5 * ldc);
        FloatVector c51 = FloatVector.fromArray(F, c, ci + 5 * ldc + V);
        FloatVector c60 = FloatVector.fromArray(F, c, ci + 6 * ldc);
        FloatVector c61 = FloatVector.fromArray(F, c, ci + 6 * ldc + V);
        FloatVector c70 = FloatVector.fromArray(F, c, ci + 7 * ldc);
        FloatVector c71 = FloatVector.fromArray(F, c, ci + 7 * ldc + V);
        FloatVector c80 = FloatVector.fromArray(F, c, ci + 8 * ldc);
        FloatVector c81 = FloatVector.fromArray(F, c, ci + 8 * ldc + V);
        FloatVector c90 = FloatVector.fromArray(F, c, ci + 9 * ldc);
        FloatVector c91 = FloatVector.fromArray(F, c, ci + 9 * ldc + V);
        FloatVector c100 = FloatVector.fromArray(F, c, ci + 10 * ldc);
        FloatVector c101 = FloatVector.fromArray(F, c, ci + 10 * ldc + V);
        FloatVector c110 = FloatVector.fromArray(F, c, ci + 11 * ldc);
        FloatVector c111 = FloatVector.fromArray(F, c, ci + 11 * ldc + V);
        FloatVector c120 = FloatVector.fromArray(F, c, ci + 12 * ldc);
        FloatVector c121 = FloatVector.fromArray(F, c, ci + 12 * ldc + V);
        FloatVector c130 = FloatVector.fromArray(F, c, ci + 13 * ldc);
        FloatVector c131 = FloatVector.fromArray(F, c, ci + 13 * ldc + V);
        for (int p = 0; p < kc; p++, ai += 14, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(F, bp, bi);
            FloatVector b1 = FloatVector.fromArray(F, bp, bi + V);
            FloatVector av;
            av = FloatVector.broadcast(F, ap[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(F, ap[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(F, ap[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(F, ap[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(F, ap[ai + 6]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(F, ap[ai + 7]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
            av = FloatVector.broadcast(F, ap[ai + 8]);
            c80 = av.fma(b0, c80);
            c81 = av.fma(b1, c81);
            av = FloatVector.broadcast(F, ap[ai + 9]);
            c90 = av.fma(b0, c90);
            c91 = av.fma(b1, c91);
            av = FloatVector.broadcast(F, ap[ai + 10]);
            c100 = av.fma(b0, c100);
            c101 = av.fma(b1, c101);
            av = FloatVector.broadcast(F, ap[ai + 11]);
            c110 = av.fma(b0, c110);
            c111 = av.fma(b1, c111);
            av = FloatVector.broadcast(F, ap[ai + 12]);
            c120 = av.fma(b0, c120);
            c121 = av.fma(b1, c121);
            av = FloatVector.broadcast(F, ap[ai + 13]);
            c130 = av.fma(b0, c130);
            c131 = av.fma(b1, c131);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + V);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + V);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + V);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + V);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + V);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + V);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + V);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + V);
        c80.intoArray(c, ci + 8 * ldc);
        c81.intoArray(c, ci + 8 * ldc + V);
        c90.intoArray(c, ci + 9 * ldc);
        c91.intoArray(c, ci + 9 * ldc + V);
        c100.intoArray(c, ci + 10 * ldc);
        c101.intoArray(c, ci + 10 * ldc + V);
        c110.intoArray(c, ci + 11 * ldc);
        c111.intoArray(c, ci + 11 * ldc + V);
        c120.intoArray(c, ci + 12 * ldc);
        c121.intoArray(c, ci + 12 * ldc + V);
        c130.intoArray(c, ci + 13 * ldc);
        c131.intoArray(c, ci + 13 * ldc + V);
    }
}
