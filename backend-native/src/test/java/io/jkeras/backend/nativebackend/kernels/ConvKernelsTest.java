package io.jkeras.backend.nativebackend.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jkeras.KerasException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every {@link ConvKernels} kernel on both paths in one JVM, as {@link GemmTest} runs Gemm's: the
 * scalar kernels ({@link ConvKernels#scalar()}: no direct product, Gemm's scalar kernel) and the
 * SIMD ones ({@link ConvKernels#simd()}: {@code SimdConv} and Gemm's SIMD kernel, loaded only with
 * 512-bit vectors; on other machines that half is skipped by an assumption that says why). Each
 * case checks its path against a double-precision triple loop or a plain loop, runs it twice for
 * the same bits, and on the SIMD path compares it with the scalar path on the same inputs (within
 * float32 tolerance for the products, to the bit for sums and pooling). The products have the
 * bits of their path's {@link Gemm#gemm}: the direct kernel's fused multiply-adds are the SIMD
 * Gemm's blocked kernel's. Shapes: rows 0, 1, primes and non-multiples of the 8-row tile; columns
 * that are multiples of the tile width (the direct kernel) and others (Gemm); depths 1, 9 (a 3×3
 * window on one channel), primes and past a packed block; offsets and padded strides; pooling
 * windows 2×2 and others, channel counts on both sides of a vector.
 */
class ConvKernelsTest {
    private static final ConvKernels.Kernels SCALAR = ConvKernels.scalar();
    private static final ConvKernels.Kernels SIMD = ConvKernels.simd();
    /** The direct kernel's tile width (2 vectors of 16 floats). */
    private static final int WIDTH = SIMD == null ? 32 : SIMD.direct().width();
    private static final int[] ROWS = {0, 1, 3, 4, 5, 13, 97};
    private static final int[] DEPTHS = {0, 1, 9, 31, 288};

    /** The path named {@code path}; the SIMD one only where it loads, else the test is skipped and says why. */
    private static ConvKernels.Kernels kernels(String path) {
        if (path.equals("scalar")) {
            return SCALAR;
        }
        assumeTrue(SIMD != null, "SimdConv needs the Vector API with 512-bit vectors; this JVM's Gemm path is "
                + Gemm.kernelPath() + ", so only the scalar half runs");
        return SIMD;
    }

    @Test
    void theSimdPathLoadsWithFiveHundredTwelveBitVectorsAndThePublicMethodsRunTheActiveOne() {
        assertTrue(SIMD != null || !Gemm.kernelPath().equals("simd-512"), "the direct kernel loads with 512-bit vectors");
        assertSame(SIMD == null ? null : SIMD.direct(), ConvKernels.ACTIVE.direct());
        assertSame(Gemm.activeKernel(), ConvKernels.ACTIVE.gemm());
        assertEquals("scalar", SCALAR.gemm().name());
        assertEquals(SIMD != null, ConvKernels.direct(WIDTH));
        assertEquals(SIMD == null ? 1 : 8, ConvKernels.tileRows());
        Product p = Product.random(true, 13, 2 * WIDTH, 288, new Random(1));
        float[] c = p.c.clone();
        ConvKernels.productAdd(true, p.m, p.n, p.k, p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb, c, p.cOff, p.ldc);
        assertArrayEquals(p.on(ConvKernels.ACTIVE), c, "the public productAdd runs the active kernels");
    }

    /** One product's operands: A (m×k, or k×m when transA), B (k×n) and the C it adds to, each with an offset and padding. */
    private record Product(boolean transA, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
                           int ldb, float[] c, int cOff, int ldc) {
        static Product random(boolean transA, int m, int n, int k, Random random) {
            int lda = (transA ? m : k) + 2;
            int ldb = n + 1;
            int ldc = n + 3;
            return new Product(transA, m, n, k, fill(new float[3 + (transA ? k : m) * lda + 1], random), 3, lda,
                    fill(new float[5 + k * ldb + 1], random), 5, ldb, fill(new float[2 + m * ldc + 1], random), 2, ldc);
        }

        /** C after {@code productAdd} on the given kernels (the operands are left as they were). */
        float[] on(ConvKernels.Kernels kernels) {
            float[] out = c.clone();
            ConvKernels.productAdd(kernels, transA, m, n, k, a, aOff, lda, b, bOff, ldb, out, cOff, ldc);
            return out;
        }

        /** C after {@code Gemm.gemm} (alpha 1, beta 1) on the given path. */
        float[] gemm(Gemm.Path path) {
            float[] out = c.clone();
            Gemm.gemm(path, transA, false, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 1f, out, cOff, ldc);
            return out;
        }

        String shape() {
            return (transA ? "T " : "N ") + m + "x" + n + "x" + k;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "simd"})
    void productAddMatchesTheTripleLoopAndGemmsBits(String path) {
        ConvKernels.Kernels kernels = kernels(path);
        int[] columns = {WIDTH, 2 * WIDTH, 4 * WIDTH, 1, 17, WIDTH + 3};
        Random random = new Random(7);
        int checked = 0;
        for (boolean transA : new boolean[] {false, true}) {
            for (int m : ROWS) {
                for (int n : columns) {
                    for (int k : DEPTHS) {
                        check(kernels, Product.random(transA, m, n, k, random));
                        checked++;
                    }
                }
            }
        }
        // A long transposed product, as the first convolution's kernel gradient (9 × 32 over many rows):
        // several blocks of k and a split over threads.
        check(kernels, Product.random(true, 9, 2 * WIDTH, 3001, random));
        check(kernels, Product.random(true, 37, WIDTH, 700, random));
        assertEquals(2 * ROWS.length * columns.length * DEPTHS.length, checked);
    }

    private static void check(ConvKernels.Kernels kernels, Product p) {
        float[] c = p.on(kernels);
        String shape = p.shape();
        for (int i = 0; i < c.length; i++) {
            int row = (i - p.cOff) / p.ldc;
            int col = (i - p.cOff) % p.ldc;
            if (i < p.cOff || row >= p.m || col >= p.n) {
                assertEquals(p.c[i], c[i], "outside C, " + shape);
                continue;
            }
            double sum = p.c[i];
            for (int q = 0; q < p.k; q++) {
                float x = p.transA ? p.a[p.aOff + q * p.lda + row] : p.a[p.aOff + row * p.lda + q];
                sum += (double) x * p.b[p.bOff + q * p.ldb + col];
            }
            assertEquals(sum, c[i], 1e-5 * (1 + p.k), shape + " at " + row + "," + col);
        }
        assertArrayEquals(c, p.on(kernels), "the same bits on a second run, " + shape);
        boolean simd = kernels != SCALAR;
        assertArrayEquals(p.gemm(simd ? Gemm.Path.SIMD : Gemm.Path.SCALAR), c,
                "the bits of the " + (simd ? "SIMD" : "scalar") + " Gemm, " + shape);
        if (simd) {
            assertClose(p.on(SCALAR), c, 1e-5 * (1 + p.k), "the scalar path, " + shape);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "simd"})
    void biasProductMatchesTheTripleLoopAndTheBitsOfGemmOnTheBias(String path) {
        ConvKernels.Kernels kernels = kernels(path);
        int[] columns = {WIDTH, 2 * WIDTH, 9 * WIDTH, 1, 17, WIDTH + 3};
        Random random = new Random(11);
        int checked = 0;
        for (int m : ROWS) {
            for (int n : columns) {
                for (int k : DEPTHS) {
                    for (int mode = 0; mode < 3; mode++) {
                        checkBiasProduct(kernels, m, n, k, mode == 0, mode == 2, random);
                        checked++;
                    }
                }
            }
        }
        // The first convolution's forward block (5 samples of 26 × 26 windows, 3 × 3 × 1) and past a packed block of k.
        checkBiasProduct(kernels, 3380, 2 * WIDTH, 9, true, true, random);
        checkBiasProduct(kernels, 41, 4 * WIDTH, 600, true, true, random);
        assertEquals(ROWS.length * columns.length * DEPTHS.length * 3, checked);
    }

    /** With or without a bias, with or without ReLU; special values in the bias. */
    private static void checkBiasProduct(ConvKernels.Kernels kernels, int m, int n, int k, boolean noBias,
                                         boolean relu, Random random) {
        Product p = Product.random(false, m, n, k, random);
        float[] bias = noBias ? null : fill(new float[n + 4], random);
        if (bias != null && n > 2) {
            bias[1] = -0f;
            bias[2] = k == 0 ? Float.NaN : -5f;
        }
        float[] c = biasProduct(kernels, p, bias, relu);
        String shape = m + "x" + n + "x" + k + (noBias ? " no bias" : "") + (relu ? " relu" : "");
        // The preset rows, through Gemm (beta 1) and Math.max: the bits the kernel must give.
        float[] expected = p.c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float start = bias == null ? 0f : bias[1 + j];
                double sum = start;
                for (int q = 0; q < k; q++) {
                    sum += (double) p.a[p.aOff + i * p.lda + q] * p.b[p.bOff + q * p.ldb + j];
                }
                double want = relu ? Math.max(sum, 0) : sum;
                assertEquals(want, c[p.cOff + i * p.ldc + j], 1e-5 * (1 + k), shape + " at " + i + "," + j);
                expected[p.cOff + i * p.ldc + j] = start;
            }
        }
        for (int i = 0; i < c.length; i++) {
            int row = (i - p.cOff) / p.ldc;
            int col = (i - p.cOff) % p.ldc;
            if (i < p.cOff || row >= m || col >= n) {
                assertEquals(p.c[i], c[i], "outside C, " + shape);
            }
        }
        assertArrayEquals(c, biasProduct(kernels, p, bias, relu), "the same bits on a second run, " + shape);
        boolean simd = kernels != SCALAR;
        // Gemm's own small products are a plain loop of multiplications and additions; the direct
        // kernel's fused multiply-adds match its blocked kernel.
        boolean direct = simd && n % WIDTH == 0;
        if (!direct || (long) m * n * k >= NativeParameters.GEMM_SMALL_WORK) {
            Gemm.gemm(simd ? Gemm.Path.SIMD : Gemm.Path.SCALAR, false, false, m, n, k, 1f, p.a, p.aOff, p.lda,
                    p.b, p.bOff, p.ldb, 1f, expected, p.cOff, p.ldc);
            if (relu) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        expected[p.cOff + i * p.ldc + j] = Math.max(expected[p.cOff + i * p.ldc + j], 0f);
                    }
                }
            }
            assertArrayEquals(expected, c, "the bits of the " + (simd ? "SIMD" : "scalar") + " Gemm on the bias, " + shape);
        }
        if (simd) {
            assertClose(biasProduct(SCALAR, p, bias, relu), c, 1e-5 * (1 + k), "the scalar path, " + shape);
        }
    }

    /** C after {@code biasProduct} of p's A and B with the bias from offset 1 (p's C is left as it was). */
    private static float[] biasProduct(ConvKernels.Kernels kernels, Product p, float[] bias, boolean relu) {
        float[] out = p.c.clone();
        ConvKernels.biasProduct(kernels, p.m, p.n, p.k, p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb, bias, 1, relu, out,
                p.cOff, p.ldc);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "simd"})
    void sumRowsAddsEachColumnInRowOrderAsThePlainLoop(String path) {
        ConvKernels.Kernels kernels = kernels(path);
        Random random = new Random(5);
        int checked = 0;
        for (int rows : new int[] {0, 1, 7, 130}) {
            for (int n : new int[] {0, 1, 15, 16, 17, 32, 33, 64, 97}) {
                float[] x = fill(new float[3 + rows * n], random);
                float[] start = fill(new float[2 + n], random);
                float[] expected = start.clone();
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < n; j++) {
                        expected[2 + j] += x[3 + r * n + j];
                    }
                }
                float[] sum = start.clone();
                ConvKernels.sumRows(kernels, x, 3, rows, n, sum, 2);
                assertArrayEquals(expected, sum, rows + " rows of " + n);
                float[] again = start.clone();
                ConvKernels.sumRows(kernels, x, 3, rows, n, again, 2);
                assertArrayEquals(sum, again, "the same bits on a second run, " + rows + " rows of " + n);
                if (kernels != SCALAR) {
                    float[] scalar = start.clone();
                    ConvKernels.sumRows(SCALAR, x, 3, rows, n, scalar, 2);
                    assertArrayEquals(scalar, sum, "the scalar path's bits, " + rows + " rows of " + n);
                }
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

    /** What max pooling's kernels give for one window: its maxima, the gradient placed position by position, what was left to place, and the gradient written by placeWindow. */
    private record Pooled(float[] out, float[] d, float[] rest, float[] written) {
        static Pooled of(ConvKernels.Kernels kernels, float[] in, int rows, int cols, int c, float[] dOut,
                         float[] over) {
            int o = 2;
            float[] out = new float[o + c];
            ConvKernels.maxWindow(kernels, in, 1, rows, cols, cols * c, out, o, c);
            // Accumulated position by position onto zeros, with the gradient still to place.
            float[] rest = new float[3 + c];
            System.arraycopy(dOut, o, rest, 3, c);
            float[] d = new float[in.length];
            for (int q = 0; q < rows * cols; q++) {
                ConvKernels.placeAtMax(kernels, in, 1 + q * c, out, o, rest, 3, d, c);
            }
            float[] written = over.clone();
            ConvKernels.placeWindow(kernels, in, 1, rows, cols, cols * c, out, o, dOut, written, c, new float[1 + c], 1);
            return new Pooled(out, d, rest, written);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "simd"})
    void maxPoolingWindowsMatchPlainLoopsOnEveryLength(String path) {
        ConvKernels.Kernels kernels = kernels(path);
        Random random = new Random(3);
        int checked = 0;
        int[][] windows = {{2, 2}, {1, 3}, {3, 1}, {1, 1}, {2, 3}, {3, 3}};
        // A coarse grid, so that maxima tie often, with both zeros (Math.max(-0, 0) is 0, and -0 == 0 is a tie).
        float[] grid = {-1.5f, -0.5f, -0f, 0f, 0.5f, 1.5f};
        for (int[] window : windows) {
            int rows = window[0];
            int cols = window[1];
            int count = rows * cols;
            for (int c : new int[] {0, 1, 5, 15, 16, 17, 32, 33, 64, 97}) {
                // The window's positions one after the other in row-major order (a row stride of cols * c).
                float[] in = new float[count * c + 7];
                for (int i = 0; i < in.length; i++) {
                    in[i] = grid[random.nextInt(grid.length)];
                }
                int o = 2;
                float[] expectedOut = new float[o + c];
                for (int j = 0; j < c; j++) {
                    expectedOut[o + j] = in[1 + j];
                    for (int q = 1; q < count; q++) {
                        expectedOut[o + j] = Math.max(expectedOut[o + j], in[1 + q * c + j]);
                    }
                }
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
                        if (in[1 + q * c + j] == expectedOut[o + j]) {
                            expectedD[1 + q * c + j] += dOut[o + j];
                            break;
                        }
                    }
                }
                float[] over = fill(new float[in.length], random);
                Pooled pooled = Pooled.of(kernels, in, rows, cols, c, dOut, over);
                String what = rows + "x" + cols + " window of " + c + " channels";
                assertArrayEquals(expectedOut, pooled.out, "max over a " + what);
                assertArrayEquals(expectedD, pooled.d, "gradient at the first maximum of a " + what);
                for (int j = 0; j < c; j++) {
                    assertTrue(pooled.rest[3 + j] == 0f, "every gradient placed, " + what);
                }
                // Written over whatever was there, to the same bits.
                float[] expectedWritten = over.clone();
                System.arraycopy(expectedD, 1, expectedWritten, 1, count * c);
                assertArrayEquals(expectedWritten, pooled.written, "gradient written over a " + what);
                Pooled again = Pooled.of(kernels, in, rows, cols, c, dOut, over);
                assertArrayEquals(pooled.out, again.out, "the same maxima on a second run, " + what);
                assertArrayEquals(pooled.d, again.d, "the same gradient on a second run, " + what);
                assertArrayEquals(pooled.written, again.written, "the same written gradient on a second run, " + what);
                if (kernels != SCALAR) {
                    Pooled scalar = Pooled.of(SCALAR, in, rows, cols, c, dOut, over);
                    assertArrayEquals(scalar.out, pooled.out, "the scalar path's maxima, " + what);
                    assertArrayEquals(scalar.d, pooled.d, "the scalar path's gradient, " + what);
                    assertArrayEquals(scalar.written, pooled.written, "the scalar path's written gradient, " + what);
                }
                checked++;
            }
        }
        assertEquals(60, checked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "simd"})
    void badArgumentsAreRefusedAsGemmRefusesThem(String path) {
        ConvKernels.Kernels kernels = kernels(path);
        float[] small = new float[10];
        KerasException e = assertThrows(KerasException.class, () -> ConvKernels.productAdd(kernels, false, 97, 32, 9,
                small, 0, 9, new float[9 * 32], 0, 32, new float[97 * 32], 0, 32));
        assertTrue(e.getMessage().contains("gemm expects A"), e.getMessage());
        KerasException bias = assertThrows(KerasException.class,
                () -> ConvKernels.biasProduct(kernels, 4, 32, 9, new float[36], 0, 9, new float[9 * 32], 0, 32,
                        new float[31], 0, true, new float[4 * 32], 0, 32));
        assertTrue(bias.getMessage().contains("32 bias values"), bias.getMessage());
    }

    /** Each element of {@code actual} within {@code tolerance} of {@code expected}'s. */
    private static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, what + " at " + i);
        }
    }

    private static float[] fill(float[] x, Random random) {
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat() * 2 - 1;
        }
        return x;
    }
}
