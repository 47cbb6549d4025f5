package io.jkeras.backend.nativebackend.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.KerasException;
import io.jkeras.backend.nativebackend.NativeBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend's one pool of threads: how its size is chosen ({@code jkeras.native.threads}, then
 * {@code "native_threads"}, then the cores), that {@link NativeBackend#threads()} reports the size
 * it has, and that callers running products at once never use more than callers + threads − 1
 * threads. The sizing itself is checked in fresh JVMs, since this one's pool is already running.
 */
class GemmPoolTest {
    private static final String WORKER_PREFIX = "jkeras-gemm-";

    @TempDir
    Path home;

    /** The pool threads alive in this JVM. */
    static long liveWorkers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(WORKER_PREFIX)).count();
    }

    @Test
    void thePropertyWinsThenTheConfiguredCountThenTheCores() {
        assertEquals(3, NativeParameters.threads("3", 5, 8));
        assertEquals(1, NativeParameters.threads(" 1 ", 5, 8));
        assertEquals(5, NativeParameters.threads(null, 5, 8));
        assertEquals(8, NativeParameters.threads(null, null, 8));
        assertEquals(1, NativeParameters.threads(null, null, 1));
    }

    @Test
    void aPropertyThatIsNotAPositiveIntegerIsNamedInTheError() {
        for (String value : new String[] {"0", "-4", "2.5", "many", ""}) {
            KerasException e = assertThrows(KerasException.class, () -> NativeParameters.threads(value, 5, 8), value);
            assertEquals("System property jkeras.native.threads must be a positive integer, the threads of the native"
                    + " backend's pool (1 turns threading off). Received: '" + value + "'", e.getMessage());
        }
    }

    @Test
    void theBackendReportsThePoolsRealSize() {
        int threads = NativeBackend.threads();
        assertEquals(GemmPool.instance().threads(), threads);
        assertEquals(threads - 1, liveWorkers());
        // Nothing in this JVM configures a count: the property if Maven was given one, else one thread per core.
        assertEquals(NativeParameters.threads(System.getProperty(NativeParameters.THREADS_PROPERTY), null,
                Runtime.getRuntime().availableProcessors()), threads);
        // A running pool keeps its size, whatever a later backend asks for.
        assertEquals(threads, Parallel.startPool(threads + 3));
        assertEquals(threads - 1, liveWorkers());
    }

    @Test
    void concurrentCallersUseAtMostCallersPlusThreadsMinusOne() throws Exception {
        int callers = 4;
        int threads = Parallel.threads();
        RecordingKernel kernel = new RecordingKernel();
        Set<Thread> callerThreads = ConcurrentHashMap.newKeySet();
        CyclicBarrier start = new CyclicBarrier(callers);
        // 256×256×64 products are split (over 2^20 multiply-adds, 16 rows a slice at 16 threads).
        int m = 256;
        int n = 256;
        int k = 64;
        float[] a = filled(m * k, 1f);
        float[] b = filled(k * n, 0.5f);
        ExecutorService executor = Executors.newFixedThreadPool(callers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < callers; t++) {
                futures.add(executor.submit(() -> {
                    callerThreads.add(Thread.currentThread());
                    start.await();
                    float[] c = new float[m * n];
                    for (int rep = 0; rep < 30; rep++) {
                        Gemm.gemm(kernel, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
                        for (float v : c) {
                            assertEquals(0.5f * k, v);
                        }
                        // A split batch whose slices each run a product: those run on the slice's thread.
                        Parallel.forRange(8, NativeParameters.GEMM_PARALLEL_WORK, (from, to) -> {
                            kernel.ran.add(Thread.currentThread());
                            float[] own = new float[m * n];
                            Gemm.gemm(kernel, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, own, 0, n);
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            executor.shutdownNow();
        }
        for (Thread t : kernel.ran) {
            assertTrue(callerThreads.contains(t) || t.getName().startsWith(WORKER_PREFIX), t.getName());
        }
        assertTrue(kernel.ran.size() <= callers + threads - 1,
                kernel.ran.size() + " threads ran work for " + callers + " callers on a pool of " + threads);
    }

    @Test
    void theSystemPropertySizesThePoolOverKerasJson() throws Exception {
        Files.writeString(home.resolve("keras.json"), "{\"backend\": \"native\", \"native_threads\": 5}");
        String output = runPoolSizeMain(List.of("-Djkeras.native.threads=3"), "3");
        assertTrue(output.contains("threads=3 workers=2"), output);
        assertFalse(output.contains("WARN"), output);
    }

    @Test
    void kerasJsonSizesThePoolAndALaterBackendAskingForAnotherSizeIsWarned() throws Exception {
        Files.writeString(home.resolve("keras.json"), "{\"backend\": \"native\", \"native_threads\": 5}");
        String output = runPoolSizeMain(List.of(), "2");
        assertTrue(output.contains("threads=5 workers=4"), output);
        assertTrue(output.contains("WARN io.jkeras.backend.nativebackend.kernels.GemmPool - The native backend's"
                + " thread pool keeps its 5 threads although 2 were asked for: the pool is shared by the whole JVM"
                + " and already running."), output);
        assertEquals(1, output.split("WARN", -1).length - 1, output);
    }

    /** Runs {@link PoolSizeMain} in a fresh JVM with {@link #home} as {@code JKERAS_HOME}; returns its output. */
    private String runPoolSizeMain(List<String> options, String laterThreads) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-Djkeras.home=" + home, "-cp", System.getProperty("java.class.path"),
                PoolSizeMain.class.getName(), laterThreads));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JKERAS_NATIVE_THREADS");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    private static float[] filled(int size, float value) {
        float[] x = new float[size];
        Arrays.fill(x, value);
        return x;
    }

    /** The scalar kernel, noting each thread that computes a block of a product. */
    private static final class RecordingKernel implements GemmKernel {
        final Set<Thread> ran = ConcurrentHashMap.newKeySet();
        private final GemmKernel scalar = Gemm.scalarKernel();

        @Override
        public String name() {
            return "recording-scalar";
        }

        @Override
        public void large(boolean transA, boolean transB, int m, int n, int k, float alpha,
                          float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float beta, float[] c, int cOff, int ldc) {
            GemmPool.compute(this, transA, transB, false, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                    beta, c, cOff, ldc);
        }

        @Override
        public int split(int m, int n, int parts) {
            return scalar.split(m, n, parts);
        }

        @Override
        public int sliceAlign(boolean byColumns) {
            return scalar.sliceAlign(byColumns);
        }

        @Override
        public void block(boolean transA, boolean transB, boolean transC, int m, int n, int k, float alpha,
                          float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float beta, float[] c, int cOff, int ldc, GemmWorkspace ws) {
            ran.add(Thread.currentThread());
            scalar.block(transA, transB, transC, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ws);
        }
    }
}
