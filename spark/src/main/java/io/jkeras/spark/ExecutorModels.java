package io.jkeras.spark;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.Backends;
import io.jkeras.backend.Gradients;
import io.jkeras.backend.Shapes;
import io.jkeras.models.Model;
import io.jkeras.models.Models;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.apache.spark.SparkEnv;

/**
 * The models on an executor: each job's model is loaded once from its {@code .keras} bytes and
 * kept in a pool per job, one model per task that runs at once (a model runs one call at a time),
 * so later steps and partitions reuse it.
 */
final class ExecutorModels {
    /** Jobs whose models are kept: the older ones are dropped. */
    private static final int JOBS_KEPT = 4;
    private static final Map<String, Deque<Model>> POOLS = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Model>> eldest) {
            return size() > JOBS_KEPT;
        }
    };

    /**
     * Test seam: runs before each shard's step with the shard and the step; the fault-tolerance
     * test throws from it to fail one task attempt. Does nothing otherwise.
     */
    static volatile java.util.function.BiConsumer<Shard, Long> beforeStep = (shard, step) -> { };

    private ExecutorModels() {
    }

    /** Runs {@code body} with a model of job {@code key}, loaded from {@code file} on the named backend (null: the configured one). */
    static <T> T with(String key, byte[] file, String backend, Function<Model, T> body) {
        Model m;
        synchronized (POOLS) {
            m = POOLS.computeIfAbsent(key, k -> new ArrayDeque<>()).poll();
        }
        if (m == null) {
            m = load(file, backend);
        }
        try {
            return body.apply(m);
        } finally {
            synchronized (POOLS) {
                Deque<Model> pool = POOLS.get(key);
                if (pool != null) {
                    pool.push(m);
                }
            }
        }
    }

    private static Model load(byte[] file, String backend) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("jkeras-", ".keras");
            Files.write(tmp, file);
            // Loading draws initial weights that the file's replace: from a generator of its own, so
            // that a driver in the same JVM (local mode) keeps its shuffles.
            Path path = tmp;
            return Keras.withGenerator(new Random(0), () -> Models.load(path, backend == null ? null
                    : Backends.create(backend)));
        } catch (IOException e) {
            throw new UncheckedIOException("Executor " + executor() + " could not write the model to a temporary file", e);
        } catch (KerasException e) {
            throw new KerasException("Executor " + executor() + " could not load the model"
                    + (backend == null ? " on its configured backend" : " on backend '" + backend + "'") + ": "
                    + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    /** The executor's id as Spark names it ({@code driver} in local mode). */
    static String executor() {
        SparkEnv env = SparkEnv.get();
        return env == null ? "?" : env.executorId();
    }

    /**
     * The gradient sums of the samples of {@code batch} that lie in this shard, in batch order, for
     * the given weights at the given step; {@code null} if none lies here.
     */
    static Gradients gradients(Model m, List<Tensor> weights, long step, Shard s, int[] batch) {
        int k = s.countIn(batch);
        if (k == 0) {
            return null;
        }
        beforeStep.accept(s, step);
        m.setWeights(weights);
        m.setIterations(step);
        float[] x = new float[k * s.featureWidth];
        float[] y = new float[k * s.labelWidth];
        int row = 0;
        for (int p : batch) {
            if (p >= s.start && p < s.start + s.size) {
                int local = (int) (p - s.start);
                System.arraycopy(s.features, local * s.featureWidth, x, row * s.featureWidth, s.featureWidth);
                System.arraycopy(s.labels, local * s.labelWidth, y, row * s.labelWidth, s.labelWidth);
                row++;
            }
        }
        try {
            return m.computeGradients(Tensor.of(x, Shapes.batchShape(k, m.inputShape())), labels(m, y, k, s.labelWidth));
        } catch (KerasException e) {
            throw new KerasException("Executor " + executor() + ", partition " + s.partition + " (samples " + s.start
                    + " to " + (s.start + s.size - 1) + "): " + e.getMessage(), e);
        }
    }

    /**
     * Averaging mode: from the given weights, optimizer state and step, {@code localSteps} training
     * steps over the samples of {@code batch} that lie in this shard (in batch order, cut into
     * that many consecutive local batches); {@code null} if none lies here.
     */
    static Averaged localSteps(Model m, Round round, Shard s, int[] batch, int localSteps) {
        int k = s.countIn(batch);
        if (k == 0) {
            return null;
        }
        beforeStep.accept(s, round.step());
        m.setWeights(round.weights());
        round.slots().forEach(m::setOptimizerSlots);
        m.setIterations(round.step());
        int[] rows = new int[k];
        int r = 0;
        for (int p : batch) {
            if (p >= s.start && p < s.start + s.size) {
                rows[r++] = (int) (p - s.start);
            }
        }
        double lossSum = 0;
        int steps = Math.min(localSteps, k);
        try {
            for (int j = 0; j < steps; j++) {
                int from = (int) ((long) k * j / steps);
                int to = (int) ((long) k * (j + 1) / steps);
                int n = to - from;
                float[] x = new float[n * s.featureWidth];
                float[] y = new float[n * s.labelWidth];
                for (int i = 0; i < n; i++) {
                    int local = rows[from + i];
                    System.arraycopy(s.features, local * s.featureWidth, x, i * s.featureWidth, s.featureWidth);
                    System.arraycopy(s.labels, local * s.labelWidth, y, i * s.labelWidth, s.labelWidth);
                }
                lossSum += (double) m.trainOnBatch(Tensor.of(x, Shapes.batchShape(n, m.inputShape())),
                        labels(m, y, n, s.labelWidth)) * n;
            }
        } catch (KerasException e) {
            throw new KerasException("Executor " + executor() + ", partition " + s.partition + " (samples " + s.start
                    + " to " + (s.start + s.size - 1) + "): " + e.getMessage(), e);
        }
        return new Averaged(1, k, lossSum, m.getWeights(), slots(m));
    }

    /** The optimizer state of every layer with trainable variables. */
    static Map<String, Map<String, List<Tensor>>> slots(Model m) {
        Map<String, Map<String, List<Tensor>>> out = new LinkedHashMap<>();
        for (io.jkeras.layers.Layer l : m.layers()) {
            if (l.countTrainableParams() > 0) {
                out.put(l.getName(), m.getOptimizerSlots(l.getName()));
            }
        }
        return out;
    }

    /** The labels as {@code (k, ...outputShape)} when they have the output's size, else {@code (k, width)} (class indices). */
    static Tensor labels(Model m, float[] y, int k, int width) {
        int[] out = m.outputShape();
        if (out.length > 1 && Shapes.size(out, "output") == width) {
            return Tensor.of(y, Shapes.batchShape(k, out));
        }
        return Tensor.of(y, k, width);
    }
}
