package io.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.models.FitOptions;
import io.jkeras.models.Model;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One model used from several threads: predictions from many threads are bit-identical to
 * single-threaded ones (compiled or never compiled, batch sizes mixed so that every backend's
 * per-batch buffers are shared); training while other threads predict gives only predictions of
 * whole steps; compile and setWeights while another thread trains are refused with a clear error.
 */
public abstract class ThreadingConformance extends ConformanceBase {
    private static final int THREADS = 8;
    private static final int CALLS = 200;

    private static Sequential model() {
        return withInput(new int[] {6}, new Dense(16, "tanh"), new Dense(3, "softmax"));
    }

    private static Tensor data(int n, int seed) {
        return Tensor.of(pattern(n * 6, seed * 0.37, 1.5), n, 6);
    }

    @Test
    void predictionsFromEightThreadsAreBitIdentical() throws Exception {
        for (boolean compiled : new boolean[] {false, true}) {
            // A model never compiled predicts on the configured backend: configure the one under test.
            io.jkeras.backend.Backends.use(backend().name());
            try {
                predictFromEightThreads(compiled);
            } finally {
                io.jkeras.backend.Backends.reset();
            }
        }
    }

    private void predictFromEightThreads(boolean compiled) throws Exception {
        {
            Sequential m = model();
            if (compiled) {
                compile(m, new SGD(0.1f), new io.jkeras.losses.CategoricalCrossentropy());
            }
            int[] sizes = {1, 5, 32, 7};
            List<Tensor> inputs = new ArrayList<>();
            List<Tensor> expected = new ArrayList<>();
            for (int k = 0; k < sizes.length; k++) {
                inputs.add(data(sizes[k], k + 1));
            }
            // Single-threaded references, from a separate model so the threads race on a cold one.
            Sequential reference = model();
            reference.setWeights(m.getWeights());
            for (Tensor x : inputs) {
                expected.add(reference.predictOnBatch(x));
            }
            Sequential shared = m;
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int offset = t;
                    done.add(pool.submit(() -> {
                        for (int c = 0; c < CALLS; c++) {
                            int k = (c + offset) % sizes.length;
                            Tensor p = c % 2 == 0 ? shared.predictOnBatch(inputs.get(k)) : shared.predict(inputs.get(k), 4, 0);
                            assertArrayEquals(expected.get(k).data(), p.data(), "thread " + offset + " call " + c);
                        }
                        return CALLS;
                    }));
                }
                for (Future<Integer> f : done) {
                    assertEquals(CALLS, f.get(60, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void trainingWhileOthersPredictGivesWholeSteps() throws Exception {
        Sequential m = compile(model(), new SGD(0.1f), new io.jkeras.losses.CategoricalCrossentropy());
        Tensor x = data(64, 3);
        float[] labels = new float[64 * 3];
        for (int i = 0; i < 64; i++) {
            labels[i * 3 + i % 3] = 1f;
        }
        Tensor y = Tensor.of(labels, 64, 3);
        Tensor probe = data(4, 9);
        // The predictions after each step, computed alone on a twin model.
        Sequential twin = model();
        twin.setWeights(m.getWeights());
        compile(twin, new SGD(0.1f), new io.jkeras.losses.CategoricalCrossentropy());
        List<float[]> valid = new ArrayList<>();
        valid.add(twin.predictOnBatch(probe).data());
        for (int s = 0; s < 20; s++) {
            twin.trainOnBatch(x, y);
            valid.add(twin.predictOnBatch(probe).data());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            AtomicInteger seen = new AtomicInteger();
            Future<?> trainer = pool.submit(() -> {
                for (int s = 0; s < 20; s++) {
                    m.trainOnBatch(x, y);
                }
                return null;
            });
            List<Future<?>> readers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                readers.add(pool.submit((Callable<Void>) () -> {
                    while (!trainer.isDone()) {
                        float[] p = m.predictOnBatch(probe).data();
                        boolean match = false;
                        for (float[] v : valid) {
                            match |= java.util.Arrays.equals(v, p);
                        }
                        assertTrue(match, "a prediction matches the weights of no whole step");
                        seen.incrementAndGet();
                    }
                    return null;
                }));
            }
            trainer.get(60, TimeUnit.SECONDS);
            for (Future<?> r : readers) {
                r.get(60, TimeUnit.SECONDS);
            }
            assertArrayEquals(valid.get(20), m.predictOnBatch(probe).data(), "after 20 steps");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void compileAndSetWeightsDuringAnotherThreadsFitAreRefused() throws Exception {
        Sequential m = compile(model(), new SGD(0.01f), new io.jkeras.losses.CategoricalCrossentropy());
        Tensor x = data(256, 5);
        Tensor y = Tensor.of(new float[256 * 3], 256, 3);
        java.util.concurrent.CountDownLatch inFit = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> fit = pool.submit(() -> m.fit(x, y, new FitOptions().epochs(1).batchSize(32).verbose(0)
                    .callbacks(new io.jkeras.callbacks.Callback() {
                        @Override
                        public void onTrainBatchEnd(int batch, java.util.Map<String, Double> logs) {
                            if (batch == 0) {
                                inFit.countDown();
                                try {
                                    release.await(30, TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                        }
                    })));
            assertTrue(inFit.await(30, TimeUnit.SECONDS));
            KerasException c = org.junit.jupiter.api.Assertions.assertThrows(KerasException.class,
                    () -> m.compile(new SGD(0.1f), new io.jkeras.losses.CategoricalCrossentropy(), List.of(), backend()));
            assertTrue(c.getMessage().contains("busy in fit()"), c.getMessage());
            KerasException w = org.junit.jupiter.api.Assertions.assertThrows(KerasException.class,
                    () -> m.setWeights(List.of()));
            assertTrue(w.getMessage().contains("busy in fit()"), w.getMessage());
            release.countDown();
            fit.get(60, TimeUnit.SECONDS);
            m.setWeights(m.getWeights());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aFunctionalModelPredictsFromManyThreadsToo() throws Exception {
        Input a = new Input(6);
        Model m = new Model(a, new Dense(2).apply(new Dense(8, "relu").apply(a)));
        m.compile(new io.jkeras.models.CompileOptions("sgd").loss("mse").backend(backend()));
        Tensor x = data(9, 4);
        Tensor expected = m.predictOnBatch(x);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Boolean>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(pool.submit(() -> {
                    for (int c = 0; c < CALLS / 4; c++) {
                        if (!java.util.Arrays.equals(expected.data(), m.predictOnBatch(x).data())) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : done) {
                assertTrue(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
