package io.jkeras.backend.nativebackend.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ConvKernels}'s direct product with the Vector API (512-bit vectors): tiles of 8 rows × 2
 * vectors of C, the accumulators started from C, a bias row or zero before the loop over {@code k}
 * and stored after it (through ReLU when asked), each step one row of B (two vector loads, in place) and one value of A per row
 * broadcast from where it lies; leftover rows one at a time with the same chain per element.
 * Loaded by name, as {@code SimdGemm}.
 */
final class SimdConv implements ConvKernels.Direct {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int V = F.length();
    private static final int NR = 2 * V;
    private static final int KC = NativeParameters.SIMD_BLOCK_K;
    /** Rows of a tile. */
    private static final int ROWS = 8;

    /**
     * The kernel; only for 512-bit vectors, whose 32 registers hold the 16 accumulators, the two
     * rows of B and the broadcast (with 16 registers it would spill; those machines keep Gemm).
     */
    SimdConv() {
        if (V < 16) {
            throw new IllegalStateException("the direct kernel needs 512-bit vectors. Received: " + V * 32 + " bits");
        }
    }

    @Override
    public int width() {
        return NR;
    }

    @Override
    public int rows() {
        return ROWS;
    }

    @Override
    public int maxInto(float[] in, int i, float[] out, int o, int c) {
        int j = 0;
        for (; j <= c - V; j += V) {
            FloatVector.fromArray(F, out, o + j).max(FloatVector.fromArray(F, in, i + j)).intoArray(out, o + j);
        }
        return j;
    }

    @Override
    public int maxWindow2x2(float[] in, int i, int rowStride, float[] out, int o, int c) {
        int j = 0;
        for (; j <= c - V; j += V, i += V) {
            FloatVector.fromArray(F, in, i).max(FloatVector.fromArray(F, in, i + c))
                    .max(FloatVector.fromArray(F, in, i + rowStride))
                    .max(FloatVector.fromArray(F, in, i + rowStride + c)).intoArray(out, o + j);
        }
        return j;
    }

    @Override
    public int placeWindow2x2(float[] in, int i, int rowStride, float[] out, int o, float[] dOut, float[] d, int c) {
        int j = 0;
        FloatVector zero = FloatVector.zero(F);
        // Straight-line code: a vector carried round a loop over the window's positions was boxed by C2 on JDK 17.
        for (; j <= c - V; j += V, i += V) {
            FloatVector m = FloatVector.fromArray(F, out, o + j);
            FloatVector g = FloatVector.fromArray(F, dOut, o + j);
            VectorMask<Float> hit = FloatVector.fromArray(F, in, i).compare(VectorOperators.EQ, m);
            zero.add(zero.blend(g, hit)).intoArray(d, i);
            g = g.blend(zero, hit);
            hit = FloatVector.fromArray(F, in, i + c).compare(VectorOperators.EQ, m);
            zero.add(zero.blend(g, hit)).intoArray(d, i + c);
            g = g.blend(zero, hit);
            hit = FloatVector.fromArray(F, in, i + rowStride).compare(VectorOperators.EQ, m);
            zero.add(zero.blend(g, hit)).intoArray(d, i + rowStride);
            g = g.blend(zero, hit);
            hit = FloatVector.fromArray(F, in, i + rowStride + c).compare(VectorOperators.EQ, m);
            zero.add(zero.blend(g, hit)).intoArray(d, i + rowStride + c);
        }
        return j;
    }

    @Override
    public int placeAtMax(float[] in, int i, float[] out, int o, float[] rest, int r, float[] d, int c) {
        int j = 0;
        FloatVector zero = FloatVector.zero(F);
        for (; j <= c - V; j += V) {
            VectorMask<Float> hit = FloatVector.fromArray(F, in, i + j)
                    .compare(VectorOperators.EQ, FloatVector.fromArray(F, out, o + j));
            FloatVector g = FloatVector.fromArray(F, rest, r + j);
            FloatVector.fromArray(F, d, i + j).add(zero.blend(g, hit)).intoArray(d, i + j);
            g.blend(zero, hit).intoArray(rest, r + j);
        }
        return j;
    }

    @Override
    public void product(boolean transA, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
                        int ldb, float[] start, int startOff, int startLd, boolean relu, float[] c, int cOff, int ldc) {
        // A's element (i, p) lies at aOff + i * rs + p * cs.
        int rs = transA ? 1 : lda;
        int cs = transA ? lda : 1;
        int full = m / ROWS * ROWS;
        // Blocks of KC steps of k, so that the block of A and B stays in L2 while every tile reads it
        // (colsᵀ dz streams tens of thousands of rows). The first block starts from `start`, the
        // others from C; ReLU applies at the last block's store. With k = 0 the one pass stores
        // the start.
        int pc = 0;
        do {
            int kc = Math.min(KC, k - pc);
            boolean last = pc + kc >= k;
            float[] s = pc == 0 ? start : c;
            int so = pc == 0 ? startOff : cOff;
            int sld = pc == 0 ? startLd : ldc;
            boolean clamp = relu && last;
            int ap = aOff + pc * cs;
            int bp = bOff + pc * ldb;
            boolean copy = s != c || so != cOff || sld != ldc;
            for (int j = 0; j < n; j += NR) {
                for (int i = 0; i < full; i += ROWS) {
                    int ci = cOff + i * ldc + j;
                    if (copy) {
                        copyRows(s, so + i * sld + j, sld, c, ci, ldc, ROWS);
                    }
                    rows8(kc, a, ap + i * rs, rs, cs, b, bp + j, ldb, c, ci, ldc);
                    if (clamp) {
                        relu(c, ci, ldc, ROWS);
                    }
                }
                for (int i = full; i < m; i++) {
                    int ci = cOff + i * ldc + j;
                    if (copy) {
                        copyRows(s, so + i * sld + j, sld, c, ci, ldc, 1);
                    }
                    row1(kc, a, ap + i * rs, cs, b, bp + j, ldb, c, ci);
                    if (clamp) {
                        relu(c, ci, ldc, 1);
                    }
                }
            }
            pc += kc;
        } while (pc < k);
    }

    /**
     * Copies the start rows (a bias row when {@code sld = 0}) into a tile of C just before its
     * product loads them: the tile's lines are written anyway, and the kernel keeps its one form
     * (starting the accumulators from another array in it ran the product 7 % slower).
     */
    private static void copyRows(float[] s, int si, int sld, float[] c, int ci, int ldc, int rows) {
        for (int r = 0; r < rows; r++, si += sld, ci += ldc) {
            FloatVector.fromArray(F, s, si).intoArray(c, ci);
            FloatVector.fromArray(F, s, si + V).intoArray(c, ci + V);
        }
    }

    /**
     * ReLU ({@code Math.max(x, 0)}: NaN stays) on a tile's {@code rows} rows of {@code NR} values,
     * right after its store, while they are in L1. Not in the tile's own method: the extra vector
     * operations there took C2 past its inlining node limit, and the vectors were boxed.
     */
    private static void relu(float[] c, int ci, int ldc, int rows) {
        for (int r = 0; r < rows; r++, ci += ldc) {
            FloatVector.fromArray(F, c, ci).max(0f).intoArray(c, ci);
            FloatVector.fromArray(F, c, ci + V).max(0f).intoArray(c, ci + V);
        }
    }

    /** 8 rows: 16 accumulators (8 rows ran the convolution's products 1.3× as fast as 4). */
    private static void rows8(int k, float[] a, int ai, int rs, int cs, float[] b, int bi, int ldb, float[] c,
                              int ci, int ldc) {
        FloatVector c00 = FloatVector.fromArray(F, c, ci);
        FloatVector c01 = FloatVector.fromArray(F, c, ci + V);
        FloatVector c10 = FloatVector.fromArray(F, c, ci + ldc);
        FloatVector c11 = FloatVector.fromArray(F, c, ci + ldc + V);
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
        for (int p = 0; p < k; p++, ai += cs, bi += ldb) {
            FloatVector b0 = FloatVector.fromArray(F, b, bi);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + V);
            FloatVector av = FloatVector.broadcast(F, a[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(F, a[ai + rs]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(F, a[ai + 2 * rs]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(F, a[ai + 3 * rs]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(F, a[ai + 4 * rs]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(F, a[ai + 5 * rs]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(F, a[ai + 6 * rs]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(F, a[ai + 7 * rs]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + V);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + V);
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
    }

    private static void row1(int k, float[] a, int ai, int cs, float[] b, int bi, int ldb, float[] c, int ci) {
        FloatVector c0 = FloatVector.fromArray(F, c, ci);
        FloatVector c1 = FloatVector.fromArray(F, c, ci + V);
        for (int p = 0; p < k; p++, ai += cs, bi += ldb) {
            FloatVector av = FloatVector.broadcast(F, a[ai]);
            c0 = av.fma(FloatVector.fromArray(F, b, bi), c0);
            c1 = av.fma(FloatVector.fromArray(F, b, bi + V), c1);
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + V);
    }

    @Override
    public int sumRows(float[] x, int off, int rows, int n, float[] sum, int sumOff) {
        int j = 0;
        for (; j <= n - 2 * V; j += 2 * V) {
            FloatVector s0 = FloatVector.fromArray(F, sum, sumOff + j);
            FloatVector s1 = FloatVector.fromArray(F, sum, sumOff + j + V);
            for (int r = 0, i = off + j; r < rows; r++, i += n) {
                s0 = s0.add(FloatVector.fromArray(F, x, i));
                s1 = s1.add(FloatVector.fromArray(F, x, i + V));
            }
            s0.intoArray(sum, sumOff + j);
            s1.intoArray(sum, sumOff + j + V);
        }
        for (; j <= n - V; j += V) {
            FloatVector s0 = FloatVector.fromArray(F, sum, sumOff + j);
            for (int r = 0, i = off + j; r < rows; r++, i += n) {
                s0 = s0.add(FloatVector.fromArray(F, x, i));
            }
            s0.intoArray(sum, sumOff + j);
        }
        return j;
    }
}
