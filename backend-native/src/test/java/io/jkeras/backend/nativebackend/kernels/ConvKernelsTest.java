package io.jkeras.backend.nativebackend.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.KerasException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ConvKernels#productAdd} and {@link ConvKernels#biasProduct} against a double-precision
 * triple loop and, on the SIMD path, to the bit against {@link Gemm#gemm}: rows 0, 1, primes and non-multiples of the 4-row tile;
 * columns that are multiples of the tile width (the direct kernel) and others (Gemm); depths 1, 9
 * (a 3×3 window on one channel), primes and past a packed block; offsets and padded strides.
 */
class ConvKernelsTest {
    private static final int[] ROWS = {0, 1, 3, 4, 5, 13, 97};
    private static final int[] DEPTHS = {0, 1, 9, 31, 288};

    @Test
    void productAddMatchesTheTripleLoopAndGemmsBits() {
        assertTrue(ConvKernels.SIMD != null || !Gemm.kernelPath().equals("simd-512"),
                "the direct kernel loads with 512-bit vectors");
        int width = ConvKernels.SIMD == null ? 16 : ConvKernels.SIMD.width();
        int[] columns = {width, 2 * width, 4 * width, 1, 17, width + 3};
        Random random = new Random(7);
        int checked = 0;
        for (boolean transA : new boolean[] {false, true}) {
            for (int m : ROWS) {
                for (int n : columns) {
                    for (int k : DEPTHS) {
                        check(transA, m, n, k, random);
                        checked++;
                    }
                }
            }
        }
        // A long transposed product, as the first convolution's kernel gradient (9 × 32 over many rows):
        // several blocks of k and a split over threads.
        check(true, 9, 2 * width, 3001, random);
        check(true, 37, width, 700, random);
        assertEquals(2 * ROWS.length * columns.length * DEPTHS.length, checked);
    }

    private static void check(boolean transA, int m, int n, int k, Random random) {
        int aOff = 3;
        int lda = (transA ? m : k) + 2;
        int bOff = 5;
        int ldb = n + 1;
        int cOff = 2;
        int ldc = n + 3;
        float[] a = fill(new float[aOff + (transA ? k : m) * lda + 1], random);
        float[] b = fill(new float[bOff + k * ldb + 1], random);
        float[] c = fill(new float[cOff + m * ldc + 1], random);
        float[] expected = c.clone();
        ConvKernels.productAdd(transA, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        String shape = (transA ? "T " : "N ") + m + "x" + n + "x" + k;
        for (int i = 0; i < c.length; i++) {
            int row = (i - cOff) / ldc;
            int col = (i - cOff) % ldc;
            if (i < cOff || row >= m || col >= n) {
                assertEquals(expected[i], c[i], "outside C, " + shape);
                continue;
            }
            double sum = expected[i];
            for (int p = 0; p < k; p++) {
                float x = transA ? a[aOff + p * lda + row] : a[aOff + row * lda + p];
                sum += (double) x * b[bOff + p * ldb + col];
            }
            assertEquals(sum, c[i], 1e-5 * (1 + k), shape + " at " + row + "," + col);
        }
        if (Gemm.simdAvailable()) {
            Gemm.gemm(Gemm.Path.SIMD, transA, false, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 1f, expected, cOff, ldc);
            assertArrayEquals(expected, c, "the bits of the SIMD Gemm, " + shape);
        }
    }

    @Test
    void biasProductMatchesTheTripleLoopAndTheBitsOfGemmOnTheBias() {
        int width = ConvKernels.SIMD == null ? 16 : ConvKernels.SIMD.width();
        int[] columns = {width, 2 * width, 9 * width, 1, 17, width + 3};
        Random random = new Random(11);
        int checked = 0;
        for (int m : ROWS) {
            for (int n : columns) {
                for (int k : DEPTHS) {
                    for (int mode = 0; mode < 3; mode++) {
                        checkBiasProduct(m, n, k, mode == 0, mode == 2, random);
                        checked++;
                    }
                }
            }
        }
        // The first convolution's forward block (5 samples of 26 × 26 windows, 3 × 3 × 1) and past a packed block of k.
        checkBiasProduct(3380, 2 * width, 9, true, true, random);
        checkBiasProduct(41, 4 * width, 600, true, true, random);
        assertEquals(ROWS.length * columns.length * DEPTHS.length * 3, checked);
    }

    /** {@code mode}: with or without a bias, with or without ReLU; special values in the bias and A. */
    private static void checkBiasProduct(int m, int n, int k, boolean noBias, boolean relu, Random random) {
        int aOff = 3;
        int lda = k + 2;
        int bOff = 5;
        int ldb = n + 1;
        int cOff = 2;
        int ldc = n + 3;
        float[] a = fill(new float[aOff + m * lda + 1], random);
        float[] b = fill(new float[bOff + k * ldb + 1], random);
        float[] bias = noBias ? null : fill(new float[n + 4], random);
        if (bias != null && n > 2) {
            bias[1] = -0f;
            bias[2] = k == 0 ? Float.NaN : -5f;
        }
        float[] c = fill(new float[cOff + m * ldc + 1], random);
        float[] expected = c.clone();
        ConvKernels.biasProduct(m, n, k, a, aOff, lda, b, bOff, ldb, bias, 1, relu, c, cOff, ldc);
        String shape = m + "x" + n + "x" + k + (noBias ? " no bias" : "") + (relu ? " relu" : "");
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float start = bias == null ? 0f : bias[1 + j];
                double sum = start;
                for (int p = 0; p < k; p++) {
                    sum += (double) a[aOff + i * lda + p] * b[bOff + p * ldb + j];
                }
                double want = relu ? Math.max(sum, 0) : sum;
                assertEquals(want, c[cOff + i * ldc + j], 1e-5 * (1 + k), shape + " at " + i + "," + j);
                // The preset row, through Gemm (beta 1) and Math.max: the bits the kernel must give.
                expected[cOff + i * ldc + j] = start;
            }
        }
        for (int i = 0; i < c.length; i++) {
            int row = (i - cOff) / ldc;
            int col = (i - cOff) % ldc;
            if (i < cOff || row >= m || col >= n) {
                assertEquals(expected[i], c[i], "outside C, " + shape);
            }
        }
        // Gemm's own small products are a plain loop of multiplications and additions; the direct
        // kernel's fused multiply-adds match its blocked kernel.
        if (Gemm.simdAvailable() && (!ConvKernels.direct(n) || (long) m * n * k >= NativeParameters.GEMM_SMALL_WORK)) {
            Gemm.gemm(Gemm.Path.SIMD, false, false, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 1f, expected, cOff, ldc);
            if (relu) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        expected[cOff + i * ldc + j] = Math.max(expected[cOff + i * ldc + j], 0f);
                    }
                }
            }
            assertArrayEquals(expected, c, "the bits of the SIMD Gemm on the bias, " + shape);
        }
    }

    @Test
    void sumRowsAddsEachColumnInRowOrderAsThePlainLoop() {
        Random random = new Random(5);
        int checked = 0;
        for (int rows : new int[] {0, 1, 7, 130}) {
            for (int n : new int[] {0, 1, 15, 16, 17, 32, 33, 64, 97}) {
                float[] x = fill(new float[3 + rows * n], random);
                float[] sum = fill(new float[2 + n], random);
                float[] expected = sum.clone();
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < n; j++) {
                        expected[2 + j] += x[3 + r * n + j];
                    }
                }
                ConvKernels.sumRows(x, 3, rows, n, sum, 2);
                assertArrayEquals(expected, sum, rows + " rows of " + n);
                checked++;
            }
        }
        assertEquals(36, checked);
    }

    @Test
    void transposeSwapsRowsAndColumns() {
        for (int[] shape : new int[][] {{0, 3}, {1, 1}, {3, 5}, {288, 64}}) {
            int rows = shape[0];
            int cols = shape[1];
            float[] x = fill(new float[1 + rows * cols], new Random(rows));
            float[] t = new float[2 + rows * cols];
            ConvKernels.transpose(x, 1, rows, cols, t, 2);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    assertEquals(x[1 + i * cols + j], t[2 + j * rows + i], rows + "x" + cols + " at " + i + "," + j);
                }
            }
        }
    }

    @Test
    void maxPoolingWindowsMatchPlainLoopsOnEveryLength() {
        Random random = new Random(3);
        int checked = 0;
        int[][] windows = {{2, 2}, {1, 3}, {3, 1}, {1, 1}, {2, 3}};
        for (int[] window : windows) {
            int rows = window[0];
            int cols = window[1];
            int count = rows * cols;
            for (int c : new int[] {0, 1, 5, 15, 16, 17, 32, 33, 64, 97}) {
                // The window's positions one after the other in row-major order (a row stride of
                // cols * c); values on a coarse grid so that maxima tie often.
                float[] in = new float[count * c + 7];
                for (int i = 0; i < in.length; i++) {
                    in[i] = random.nextInt(4) - 1.5f;
                }
                int o = 2;
                float[] out = new float[o + c];
                float[] expectedOut = new float[o + c];
                for (int j = 0; j < c; j++) {
                    expectedOut[o + j] = in[1 + j];
                    for (int q = 1; q < count; q++) {
                        expectedOut[o + j] = Math.max(expectedOut[o + j], in[1 + q * c + j]);
                    }
                }
                ConvKernels.maxWindow(in, 1, rows, cols, cols * c, out, o, c);
                String what = rows + "x" + cols + " window of " + c + " channels";
                assertArrayEquals(expectedOut, out, "max over a " + what);
                float[] dOut = new float[o + c];
                for (int j = 0; j < c; j++) {
                    dOut[o + j] = random.nextFloat() + 0.5f;
                }
                if (c > 1) {
                    dOut[o + 1] = -0f;
                }
                float[] expectedD = new float[in.length];
                for (int j = 0; j < c; j++) {
                    for (int q = 0; q < count; q++) {
                        if (in[1 + q * c + j] == out[o + j]) {
                            expectedD[1 + q * c + j] += dOut[o + j];
                            break;
                        }
                    }
                }
                // Accumulated position by position onto zeros, with the gradient still to place.
                float[] rest = new float[3 + c];
                System.arraycopy(dOut, o, rest, 3, c);
                float[] d = new float[in.length];
                for (int q = 0; q < count; q++) {
                    ConvKernels.placeAtMax(in, 1 + q * c, out, o, rest, 3, d, c);
                }
                assertArrayEquals(expectedD, d, "gradient at the first maximum of a " + what);
                for (int j = 0; j < c; j++) {
                    assertTrue(rest[3 + j] == 0f, "every gradient placed, " + what);
                }
                // Written over whatever was there, to the same bits.
                float[] written = fill(new float[in.length], random);
                float[] expectedWritten = written.clone();
                System.arraycopy(d, 1, expectedWritten, 1, count * c);
                ConvKernels.placeWindow(in, 1, rows, cols, cols * c, out, o, dOut, written, c, new float[1 + c], 1);
                assertArrayEquals(expectedWritten, written, "gradient written over a " + what);
                checked++;
            }
        }
        assertEquals(50, checked);
    }

    @Test
    void badArgumentsAreRefusedAsGemmRefusesThem() {
        float[] small = new float[10];
        KerasException e = assertThrows(KerasException.class,
                () -> ConvKernels.productAdd(false, 97, 32, 9, small, 0, 9, new float[9 * 32], 0, 32, new float[97 * 32], 0, 32));
        assertTrue(e.getMessage().contains("gemm expects A"), e.getMessage());
        KerasException bias = assertThrows(KerasException.class,
                () -> ConvKernels.biasProduct(4, 32, 9, new float[36], 0, 9, new float[9 * 32], 0, 32, new float[31], 0,
                        true, new float[4 * 32], 0, 32));
        assertTrue(bias.getMessage().contains("32 bias values"), bias.getMessage());
    }

    private static float[] fill(float[] x, Random random) {
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat() * 2 - 1;
        }
        return x;
    }
}
