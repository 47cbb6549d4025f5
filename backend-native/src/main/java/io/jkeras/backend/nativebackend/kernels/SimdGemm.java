package io.jkeras.backend.nativebackend.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix product with the incubating Vector API ({@code jdk.incubator.vector}), in the
 * classic packed-panel structure (Goto and van de Geijn, as in BLIS): op(B) is packed into panels
 * of {@code NR} = 2 vectors' width, op(A) (times alpha) into rows of a fixed stride {@code KS},
 * read in panels of {@code MR} rows, and a register-blocked micro-kernel computes each MR×NR
 * tile of C with one fused multiply-add per vector per packed column, broadcasting A's values
 * from fixed offsets r·KS (one index register for all of them, as fast as a panel stored column
 * by column, and op(A) = A is packed without transposing it). The micro-kernel loads its tile of
 * C first and stores it last: adding to C after the loop instead left the loads' cache misses
 * exposed and cost about 40 %. MR is 6 for vectors up to 256 bits (12 accumulators of the 16
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
    /** Floats in a 64-byte cache line. */
    private static final int LINE = 64 / Float.BYTES;
    /**
     * Row stride of packed op(A): KC and one more cache line. With a stride of KC (1 KiB), a
     * column of packed rows fell into a sixteenth of L1's sets, and packing transposed A, which
     * writes down the columns, made the 784×128 · 128×512 TN product about 7 % slower.
     */
    private static final int KS = KC + LINE;
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
        float[] ap = new float[mr * KS];
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
        float[] ap = ws.packA(MC * KS);
        float[] bp = ws.packB(NC / NR * panelStride(KC));
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
            int bi = jr / NR * panelStride(kc);
            for (int ir = 0; ir < mc; ir += mr) {
                int h = Math.min(mr, mc - ir);
                int ai = ir * KS;
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
            kernel6(kc, ap, ai, A_STEP, bp, bi, c, ci, ldc);
        } else {
            kernel14(kc, ap, ai, A_STEP, bp, bi, c, ci, ldc);
        }
    }

    /**
     * Packs alpha·op(A)[ic..ic+mc)[pc..pc+kc) row by row: row i at ap[i·KS .. i·KS + kc), so that
     * panel q (rows q·mr on) starts at q·mr·KS and the micro-kernel reads its row r at a fixed
     * offset r·KS. Rows past mc up to the last panel's {@link #tailRows} are zero. Untransposed A
     * is copied a vector at a time (its rows are op(A)'s rows): on one core, packing took 3 % of
     * a 128×256×784 product instead of the 11 % of the column-by-column panels of earlier
     * versions, which scattered every row. Transposed A is the one packing that transposes,
     * scattered as {@link #scatterRows} does.
     */
    private void packA(boolean transA, float alpha, float[] a, int aOff, int lda, int ic, int pc, int mc, int kc,
                       float[] ap) {
        if (transA) {
            // op(A)[i][p] = A[pc + p][ic + i]: row pc + p of A holds op(A)'s column p.
            scatterRows(alpha, a, aOff + pc * lda + ic, lda, kc, mc, ap, 0, KS, STRIDE_KS);
        } else {
            int full = kc / V * V;
            for (int i = 0; i < mc; i++) {
                int src = aOff + (ic + i) * lda + pc;
                int dst = i * KS;
                int p = 0;
                for (; p < full; p += V) {
                    FloatVector.fromArray(F, a, src + p).mul(alpha).intoArray(ap, dst + p);
                }
                for (; p < kc; p++) {
                    ap[dst + p] = alpha * a[src + p];
                }
            }
        }
        // Zero rows from mc to the end of the last panel, which starts at row lastPanel.
        int lastPanel = (mc - 1) / mr * mr;
        Arrays.fill(ap, mc * KS, (lastPanel + tailRows(mc - lastPanel)) * KS, 0f);
    }

    /**
     * The step from one packed value of a row of op(A) to the next, 1, given to the micro-kernels
     * as an argument instead of written as {@code ai++}. With the constant step, JDK 25's C2
     * compiled the kernels' loop into code that ran at 50–78 GFLOP/s instead of 90–105 on AMD
     * Zen 4 (loop predication is what does it: with {@code -XX:-UseLoopPredicate} the
     * constant-step loop ran at 96); with a step that C2 does not know when it compiles the
     * kernel (it is never inlined: far larger than C2's inlining limit), presumably nothing is
     * predicated, and JDK 17 and JDK 25 both run it at full speed.
     */
    private static final int A_STEP = 1;

    /** Scatter offsets {@code j·stride} for the packings' vector stores. */
    private static final int[] STRIDE_KS = strides(KS);
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
     * Floats from one packed op(B) panel to the next: kc·NR and one cache line, for the reason of
     * {@link #KS}: the panels' rows p would otherwise share L1's sets.
     */
    private static int panelStride(int kc) {
        return kc * NR + LINE;
    }

    /**
     * Packs op(B)[pc..pc+kc)[jc..jc+nc) into panels of NR columns: panel q holds, for each p, its
     * NR columns at bp[q·panelStride(kc) + p·NR + j]; columns past nc are zero.
     */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int jc, int kc, int nc,
                              float[] bp) {
        int ps = panelStride(kc);
        if (!transB) {
            // Row pc + p of B is read once, from left to right, and its pieces of NR columns go
            // to every panel at their row p (reading each panel's NR columns of all kc rows, one
            // panel after the other, was a tenth of a product of the MLP's shapes).
            int full = nc / NR * NR;
            for (int p = 0; p < kc; p++) {
                int src = bOff + (pc + p) * ldb + jc;
                int dst = p * NR;
                for (int jr = 0; jr < full; jr += NR, dst += ps) {
                    FloatVector.fromArray(F, b, src + jr).intoArray(bp, dst);
                    FloatVector.fromArray(F, b, src + jr + V).intoArray(bp, dst + V);
                }
                if (full < nc) {
                    System.arraycopy(b, src + full, bp, dst, nc - full);
                    Arrays.fill(bp, dst + nc - full, dst + NR, 0f);
                }
            }
            return;
        }
        for (int jr = 0; jr < nc; jr += NR) {
            int w = Math.min(NR, nc - jr);
            int base = jr / NR * ps;
            if (w == NR) {
                scatterRows(1f, b, bOff + (jc + jr) * ldb + pc, ldb, NR, kc, bp, base, NR, STRIDE_NR);
                continue;
            }
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
        }
    }

    /**
     * The 6×2-vector micro-kernel: C[0..6)[0..NR) += packed A panel · packed B panel over kc,
     * in 12 accumulator registers; row r of the A panel starts at ap[ai + r·KS], row r of the tile
     * at c[ci + r·ldc].
     */
    private static void kernel6(int kc, float[] ap, int ai, int step, float[] bp, int bi, float[] c, int ci,
                                int ldc) {
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
        for (int p = 0; p < kc; p++, ai += step, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(F, bp, bi);
            FloatVector b1 = FloatVector.fromArray(F, bp, bi + V);
            FloatVector av;
            av = FloatVector.broadcast(F, ap[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(F, ap[ai + 1 * KS]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(F, ap[ai + 2 * KS]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(F, ap[ai + 3 * KS]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(F, ap[ai + 4 * KS]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(F, ap[ai + 5 * KS]);
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
     * in 28 accumulator registers; row r of the A panel starts at ap[ai + r·KS], row r of the tile
     * at c[ci + r·ldc].
     */
    private static void kernel14(int kc, float[] ap, int ai, int step, float[] bp, int bi, float[] c, int ci,
                                 int ldc) {
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
        for (int p = 0; p < kc; p++, ai += step, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(F, bp, bi);
            FloatVector b1 = FloatVector.fromArray(F, bp, bi + V);
            FloatVector av;
            av = FloatVector.broadcast(F, ap[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(F, ap[ai + 1 * KS]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(F, ap[ai + 2 * KS]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(F, ap[ai + 3 * KS]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(F, ap[ai + 4 * KS]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(F, ap[ai + 5 * KS]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(F, ap[ai + 6 * KS]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(F, ap[ai + 7 * KS]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
            av = FloatVector.broadcast(F, ap[ai + 8 * KS]);
            c80 = av.fma(b0, c80);
            c81 = av.fma(b1, c81);
            av = FloatVector.broadcast(F, ap[ai + 9 * KS]);
            c90 = av.fma(b0, c90);
            c91 = av.fma(b1, c91);
            av = FloatVector.broadcast(F, ap[ai + 10 * KS]);
            c100 = av.fma(b0, c100);
            c101 = av.fma(b1, c101);
            av = FloatVector.broadcast(F, ap[ai + 11 * KS]);
            c110 = av.fma(b0, c110);
            c111 = av.fma(b1, c111);
            av = FloatVector.broadcast(F, ap[ai + 12 * KS]);
            c120 = av.fma(b0, c120);
            c121 = av.fma(b1, c121);
            av = FloatVector.broadcast(F, ap[ai + 13 * KS]);
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
