package io.jkeras.backend.nativebackend.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.KerasException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link Gemm#gemm} against a plain triple loop in double precision, for every transpose
 * combination, on shapes chosen to hit each code path: the plain loop for tiny products, the
 * packed kernel with its 4-row steps and remainders, block edges ({@link NativeParameters}), the
 * transposed-output path for narrow C, the parallel split, and zero-size dimensions. Every case
 * runs on each kernel path: the scalar kernel and the SIMD kernel with both micro-tile heights
 * (6 and 14 rows, whatever this machine's vector size), as Surefire starts the JVM with
 * {@code --add-modules jdk.incubator.vector}.
 */
class GemmTest {

    /** The kernels under test: scalar, SIMD 6-row, SIMD 14-row (the last two when the Vector API is present). */
    static List<GemmKernel> kernels() {
        List<GemmKernel> kernels = new ArrayList<>();
        kernels.add(Gemm.scalarKernel());
        for (int rows : new int[] {6, 14}) {
            GemmKernel simd = Gemm.simdKernel(rows);
            if (simd != null) {
                kernels.add(simd);
            }
        }
        return kernels;
    }

    private static final List<GemmKernel> KERNELS = kernels();

    private static final boolean[] BOOLS = {false, true};
    /** 1, primes, zero, and sizes just past a 4-step, a 16-column slice and a block. */
    private static final int[] DIMS = {0, 1, 2, 7, 13, 31, 97};
    private static final float[][] ALPHA_BETA = {{1f, 0f}, {0.7f, 0.3f}, {-1.5f, 1f}};

    /** A gemm call: sizes, scalars and the padding around each matrix. */
    private record Case(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta,
                        int aOff, int bOff, int cOff, int padA, int padB, int padC) {
        Case(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta) {
            this(transA, transB, m, n, k, alpha, beta, 3, 5, 2, 1, 2, 3);
        }
    }

    @Test
    void everyTransposeAlphaBetaAndSmallShapeMatchesTheTripleLoop() {
        Random random = new Random(42);
        int checked = 0;
        for (GemmKernel kernel : KERNELS) {
            for (boolean transA : BOOLS) {
                for (boolean transB : BOOLS) {
                    for (int m : DIMS) {
                        for (int n : DIMS) {
                            for (int k : DIMS) {
                                for (float[] ab : ALPHA_BETA) {
                                    check(kernel, new Case(transA, transB, m, n, k, ab[0], ab[1]), random);
                                    checked++;
                                }
                            }
                        }
                    }
                }
            }
        }
        assertEquals(KERNELS.size() * 4 * 7 * 7 * 7 * 3, checked);
    }

    @Test
    void shapesAcrossBlockEdgesAndTheNarrowPathMatchTheTripleLoop() {
        int blockK = NativeParameters.GEMM_BLOCK_K;
        int blockN = NativeParameters.GEMM_BLOCK_N;
        int narrow = NativeParameters.GEMM_NARROW_N;
        int simdM = NativeParameters.SIMD_BLOCK_M;
        int simdN = NativeParameters.SIMD_BLOCK_N;
        int simdK = NativeParameters.SIMD_BLOCK_K;
        int[][] shapes = {
            {blockK + 3, blockN + 5, blockK + 1},   // one more than a block in every direction
            {3, 2 * blockN + 1, 2 * blockK - 1},    // few rows, several column and depth blocks
            {300, narrow - 1, 97},                  // narrow C: computed as its transpose
            {300, narrow, 97},                      // just wide enough for the direct path
            {128, 10, 256},                         // an output layer's forward product
            {256, 10, 128},                         // and its kernel gradient
            {97, 300, 3},                           // depth below the 4-row step
            {40, 40, 40},                           // between the plain-loop and parallel thresholds
            // SIMD blocks: rows past a packed block of A and its 6- and 14-row tiles and depth past
            // a packed block; columns past a packed panel of B and its 2-vector tiles.
            {simdM + 7, 40, simdK + 3},
            {20, simdN + 17, 30},
            {simdM - 1, 2 * 16 + 1, 2 * simdK + 1},
            {13, 33, 5},                            // one row and one column past 12×32 tiles
            {29, 65, 11},                           // and past 28×64
            // The last rows of a block in a 6-row panel under the 14-row tile: 2 (a batch of 128),
            // 6 (a whole 6-row tile, written in place) and 7 (back to the 14-row tile).
            {128, 64, 40},
            {2 * 14 + 6, 96, 17},
            {14 + 7, 64, 9},
        };
        Random random = new Random(7);
        int checked = 0;
        for (GemmKernel kernel : KERNELS) {
            for (int[] shape : shapes) {
                for (boolean transA : BOOLS) {
                    for (boolean transB : BOOLS) {
                        check(kernel, new Case(transA, transB, shape[0], shape[1], shape[2], 0.5f, -2f), random);
                        checked++;
                    }
                }
            }
        }
        assertEquals(KERNELS.size() * shapes.length * 4, checked);
    }

    @Test
    void largeParallelProductsMatchTheTripleLoopWhateverTheSplit() {
        int rows = 2 * NativeParameters.GEMM_SPLIT_ROWS;
        int columns = 2 * NativeParameters.GEMM_SPLIT_COLUMNS;
        int[][] shapes = {
            {401, 523, 257},            // tall: row slices, uneven
            {rows - 28, columns + 88, 50}, // short and wide: column slices
            {rows - 28, columns - 212, 97}, // short and narrower: row slices again
            {20, 3000, 40},             // too few rows to split: column slices
            {2000, 40, 30},             // narrow C, computed transposed, split along C's rows
            {400, 50, 60},              // narrow C, transposed, split along C's columns
        };
        Random random = new Random(3);
        int checked = 0;
        for (GemmKernel kernel : KERNELS) {
            for (int[] shape : shapes) {
                assertTrue((long) shape[0] * shape[1] * shape[2] >= NativeParameters.GEMM_PARALLEL_WORK,
                        () -> Arrays.toString(shape) + " is below the parallel threshold");
                for (boolean transA : BOOLS) {
                    for (boolean transB : BOOLS) {
                        check(kernel, new Case(transA, transB, shape[0], shape[1], shape[2], 1f, 0.5f,
                                11, 13, 17, 9, 1, 4), random);
                        checked++;
                    }
                }
            }
        }
        assertEquals(KERNELS.size() * shapes.length * 4, checked);
    }

    @Test
    void zeroBetaOverwritesNaNInC() {
        for (GemmKernel kernel : KERNELS) {
            for (int size : new int[] {3, 40, 300}) {
                float[] a = filled(size * size, 1f);
                float[] b = filled(size * size, 2f);
                float[] c = filled(size * size, Float.NaN);
                Gemm.gemm(kernel, false, false, size, size, size, 1f, a, 0, size, b, 0, size, 0f, c, 0, size);
                for (float value : c) {
                    assertEquals(2f * size, value, 1e-3f, kernel::toString);
                }
            }
        }
    }

    @Test
    void zeroAlphaOrZeroDepthOnlyScalesC() {
        for (GemmKernel kernel : KERNELS) {
            float[] nan = filled(12, Float.NaN);
            float[] c = {1, 2, 3, 4, 5, 6};
            // alpha == 0: A and B are not read, as in BLAS.
            Gemm.gemm(kernel, false, false, 2, 3, 4, 0f, nan, 0, 4, nan, 0, 3, 2f, c, 0, 3);
            assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12}, c);
            Gemm.gemm(kernel, true, true, 2, 3, 0, 1f, new float[0], 0, 2, new float[0], 0, 1, 0.5f, c, 0, 3);
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, c);
        }
    }

    @Test
    void handWorkedTwoByTwoProducts() {
        for (GemmKernel kernel : KERNELS) {
            float[] a = {1, 2, 3, 4};
            float[] b = {5, 6, 7, 8};
            float[] c = new float[4];
            Gemm.gemm(kernel, false, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
            assertArrayEquals(new float[] {19, 22, 43, 50}, c);
            Gemm.gemm(kernel, true, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
            assertArrayEquals(new float[] {26, 30, 38, 44}, c);
            Gemm.gemm(kernel, false, true, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
            assertArrayEquals(new float[] {17, 23, 39, 53}, c);
            Gemm.gemm(kernel, true, true, 2, 2, 2, 2f, a, 0, 2, b, 0, 2, 1f, c, 0, 2);
            assertArrayEquals(new float[] {17 + 2 * 23, 23 + 2 * 31, 39 + 2 * 34, 53 + 2 * 46}, c);
        }
    }

    @Test
    void theSimdPathIsActiveWhenTheJvmHasTheVectorModule() {
        // Surefire's argLine passes --add-modules jdk.incubator.vector, so both paths are tested here.
        assertTrue(Gemm.simdAvailable(), "Surefire should start the JVM with --add-modules jdk.incubator.vector");
        assertEquals(3, KERNELS.size());
        assertTrue(Gemm.kernelPath().matches("simd-(128|256|512)"), Gemm.kernelPath());
        assertEquals(Gemm.kernelPath(), io.jkeras.backend.nativebackend.NativeBackend.kernelPath());
    }

    @Test
    void withoutTheVectorModuleTheScalarPathRunsAndLogsIt() throws Exception {
        // A JVM without --add-modules: nothing may load a Vector API class.
        String output = runKernelPathMain(List.of());
        assertTrue(output.contains("kernelPath=scalar simdAvailable=false correct=true"), output);
        assertTrue(output.contains("INFO io.jkeras.backend.nativebackend.kernels.Gemm - jkeras native kernels: scalar"
                + " (start the JVM with --add-modules jdk.incubator.vector for the SIMD kernels)"), output);
        assertFalse(output.contains("NoClassDefFoundError"), output);
    }

    @Test
    void withTheVectorModuleTheSimdPathRunsAndLogsIt() throws Exception {
        String output = runKernelPathMain(List.of("--add-modules", "jdk.incubator.vector"));
        String path = Gemm.kernelPath();
        assertTrue(output.contains("kernelPath=" + path + " simdAvailable=true correct=true"), output);
        assertTrue(output.contains("INFO io.jkeras.backend.nativebackend.kernels.Gemm - jkeras native kernels: "
                + path + " (jdk.incubator.vector)"), output);
        assertFalse(output.contains("kernels: scalar"), output);
    }

    /** Runs {@link KernelPathMain} in a JVM started with {@code options}; returns its output (slf4j-simple's included). */
    private static String runKernelPathMain(List<String> options) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), KernelPathMain.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    @Test
    void repeatedProductsAreBitIdenticalAndDoNotDependOnTheSplit() {
        int[][] shapes = {{300, 700, 500}, {784, 512, 128}, {128, 512, 784}, {2000, 40, 30}, {61, 1029, 263}};
        int checked = 0;
        Random random = new Random(11);
        for (GemmKernel kernel : KERNELS) {
            for (int[] shape : shapes) {
                for (boolean transA : BOOLS) {
                    for (boolean transB : BOOLS) {
                        int m = shape[0];
                        int n = shape[1];
                        int k = shape[2];
                        float[] a = random(random, m * k);
                        float[] b = random(random, k * n);
                        float[] c0 = random(random, m * n);
                        int lda = transA ? m : k;
                        int ldb = transB ? k : n;
                        float[] first = c0.clone();
                        float[] second = c0.clone();
                        float[] oneThread = c0.clone();
                        Gemm.gemm(kernel, transA, transB, m, n, k, 0.9f, a, 0, lda, b, 0, ldb, 0.5f, first, 0, n);
                        Gemm.gemm(kernel, transA, transB, m, n, k, 0.9f, a, 0, lda, b, 0, ldb, 0.5f, second, 0, n);
                        // The whole product on this thread, as when the pool is busy.
                        boolean transC = kernel == Gemm.scalarKernel() && n < NativeParameters.GEMM_NARROW_N && m > n;
                        if (transC) {
                            kernel.block(!transB, !transA, true, n, m, k, 0.9f, b, 0, ldb, a, 0, lda, 0.5f,
                                    oneThread, 0, n, new GemmWorkspace());
                        } else {
                            kernel.block(transA, transB, false, m, n, k, 0.9f, a, 0, lda, b, 0, ldb, 0.5f,
                                    oneThread, 0, n, new GemmWorkspace());
                        }
                        String what = kernel + " " + Arrays.toString(shape) + " transA=" + transA + " transB=" + transB;
                        org.junit.jupiter.api.Assertions.assertArrayEquals(first, second, what + ": repeat");
                        org.junit.jupiter.api.Assertions.assertArrayEquals(first, oneThread, what + ": one thread");
                        checked++;
                    }
                }
            }
        }
        assertEquals(KERNELS.size() * shapes.length * 4, checked);
    }

    @Test
    void simdAndScalarPathsAgreeWithinFloat32Tolerance() {
        // The MLP's products: forward, kernel gradient, input gradient; and a square one.
        int[][] shapes = {{128, 512, 784, 0}, {128, 256, 512, 0}, {784, 512, 128, 1}, {128, 512, 256, 2},
            {128, 10, 256, 0}, {256, 256, 256, 3}};
        Random random = new Random(5);
        int checked = 0;
        for (GemmKernel kernel : KERNELS.subList(1, KERNELS.size())) {
            for (int[] shape : shapes) {
                int m = shape[0];
                int n = shape[1];
                int k = shape[2];
                boolean transA = (shape[3] & 1) != 0;
                boolean transB = (shape[3] & 2) != 0;
                float[] a = random(random, m * k);
                float[] b = random(random, k * n);
                float[] scalar = new float[m * n];
                float[] simd = new float[m * n];
                int lda = transA ? m : k;
                int ldb = transB ? k : n;
                Gemm.gemm(Gemm.scalarKernel(), transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, scalar, 0, n);
                Gemm.gemm(kernel, transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, simd, 0, n);
                // Products of values in [-1, 1]: each sum's rounding error is below k·2⁻²⁴·k on either path.
                float tolerance = 2e-7f * k * (float) Math.sqrt(k);
                for (int i = 0; i < scalar.length; i++) {
                    assertEquals(scalar[i], simd[i], tolerance, kernel + " " + Arrays.toString(shape) + " at " + i);
                }
                checked++;
            }
        }
        assertEquals((KERNELS.size() - 1) * shapes.length, checked);
    }

    @Test
    void concurrentCallersGetCorrectResults() throws Exception {
        int threads = 4;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = 100 + t;
                futures.add(executor.submit(() -> {
                    Random random = new Random(seed);
                    for (int rep = 0; rep < 3; rep++) {
                        for (GemmKernel kernel : KERNELS) {
                            check(kernel, new Case(rep % 2 == 0, rep == 1, 200, 150, 120, 1f, 0f), random);
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void steadyStateCallsDoNotAllocate() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        int[][] shapes = {{5, 6, 7}, {64, 64, 64}, {128, 300, 200}, {128, 10, 256}};
        for (int[] shape : shapes) {
            int m = shape[0];
            int n = shape[1];
            int k = shape[2];
            float[] a = filled(m * k, 0.5f);
            float[] b = filled(k * n, 0.25f);
            float[] c = new float[m * n];
            for (GemmKernel kernel : KERNELS) {
                // Until the JIT has compiled the kernel, the Vector API's interpreted and C1 code
                // boxes its vectors, and on a loaded machine C2 can take many calls to get there:
                // measure rounds of 100 calls until one is clean: at least 200 rounds, and on for
                // up to 30 s (one CI run on 2 busy cores still had the 14-row kernel uncompiled
                // after 200). A kernel that allocates on every call never has a clean round.
                long allocated = Long.MAX_VALUE;
                long deadline = System.nanoTime() + 30_000_000_000L;
                for (int round = 0; allocated >= 100 && (round < 200 || System.nanoTime() < deadline); round++) {
                    long before = threads.getThreadAllocatedBytes(id);
                    for (int rep = 0; rep < 100; rep++) {
                        Gemm.gemm(kernel, false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n);
                    }
                    allocated = threads.getThreadAllocatedBytes(id) - before;
                }
                // Less than one byte per call: only the measurement itself may allocate.
                long last = allocated;
                assertTrue(last < 100, () -> kernel + " gemm " + Arrays.toString(shape) + " allocated "
                        + last + " bytes in the last round of 100 calls (200 rounds and 30 s)");
            }
        }
    }

    @Test
    void badArgumentsAreRejectedWithWhatWasExpected() {
        float[] x = new float[6];
        KerasException negative = assertThrows(KerasException.class,
                () -> Gemm.gemm(false, false, -1, 2, 3, 1f, x, 0, 3, x, 0, 2, 0f, x, 0, 2));
        assertTrue(negative.getMessage().contains("m=-1"), negative.getMessage());
        KerasException stride = assertThrows(KerasException.class,
                () -> Gemm.gemm(false, false, 2, 2, 3, 1f, x, 0, 2, x, 0, 2, 0f, x, 0, 2));
        assertTrue(stride.getMessage().contains("lda >= 3"), stride.getMessage());
        KerasException shortArray = assertThrows(KerasException.class,
                () -> Gemm.gemm(false, false, 2, 3, 3, 1f, x, 0, 3, x, 0, 3, 0f, x, 1, 3));
        assertTrue(shortArray.getMessage().contains("array of length 6"), shortArray.getMessage());
        assertThrows(KerasException.class,
                () -> Gemm.gemm(false, false, 1, 1, 1, 1f, null, 0, 1, x, 0, 1, 0f, x, 0, 1));
    }

    /** Runs one case on random data and compares every element of C's storage with the reference. */
    private static void check(GemmKernel kernel, Case t, Random random) {
        int aRows = t.transA ? t.k : t.m;
        int aCols = t.transA ? t.m : t.k;
        int bRows = t.transB ? t.n : t.k;
        int bCols = t.transB ? t.k : t.n;
        int lda = Math.max(1, aCols + t.padA);
        int ldb = Math.max(1, bCols + t.padB);
        int ldc = Math.max(1, t.n + t.padC);
        float[] a = random(random, t.aOff + aRows * lda + 1);
        float[] b = random(random, t.bOff + bRows * ldb + 1);
        float[] c = random(random, t.cOff + t.m * ldc + 1);
        float[] expected = c.clone();
        double[] bound = new double[c.length];
        for (int i = 0; i < t.m; i++) {
            for (int j = 0; j < t.n; j++) {
                double sum = 0;
                double abs = 0;
                for (int p = 0; p < t.k; p++) {
                    double av = t.transA ? a[t.aOff + p * lda + i] : a[t.aOff + i * lda + p];
                    double bv = t.transB ? b[t.bOff + j * ldb + p] : b[t.bOff + p * ldb + j];
                    sum += av * bv;
                    abs += Math.abs(av * bv);
                }
                int idx = t.cOff + i * ldc + j;
                double old = t.beta == 0f ? 0 : t.beta * (double) c[idx];
                expected[idx] = (float) (t.alpha * sum + old);
                bound[idx] = 1e-6 * (t.k + 4) * (Math.abs(t.alpha) * abs + Math.abs(old)) + 1e-6;
            }
        }
        Gemm.gemm(kernel, t.transA, t.transB, t.m, t.n, t.k, t.alpha, a, t.aOff, lda, b, t.bOff, ldb,
                t.beta, c, t.cOff, ldc);
        for (int idx = 0; idx < c.length; idx++) {
            // Outside the m×n window (offset, row padding) bound is 0: C must be left untouched.
            double error = Math.abs(c[idx] - expected[idx]);
            int at = idx;
            assertFalse(error > bound[at] || Float.isNaN(c[at]),
                    () -> kernel + " " + t + ": C[" + at + "] = " + c[at] + ", expected " + expected[at]);
        }
    }

    private static float[] random(Random random, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = random.nextFloat() * 2f - 1f;
        }
        return x;
    }

    private static float[] filled(int length, float value) {
        float[] x = new float[length];
        Arrays.fill(x, value);
        return x;
    }

    private static void assertArrayEquals(float[] expected, float[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, 1e-5f);
    }
}
