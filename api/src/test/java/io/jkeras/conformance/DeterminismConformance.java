package io.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jkeras.Keras;
import io.jkeras.Tensor;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.Input;
import io.jkeras.losses.CategoricalCrossentropy;
import io.jkeras.models.FitOptions;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adam;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Determinism: the same seed gives bit-identical weights after {@code fit}, run again in the same
 * thread, and run in several threads at once (models built one after another, as
 * {@code Keras.setRandomSeed} seeds one generator for the whole JVM, then fitted concurrently).
 *
 * <p>The model is big enough for the native backend's matrix products to be split across its
 * threads ({@code Dense(128)} on 128 features over batches of 64: 2^20 multiply-adds, the
 * backend's threshold) and has a {@code Dropout}, whose masks
 * depend on the seed and the step only. Weights are compared bit for bit; another seed must give
 * other weights, so the comparison can fail.
 */
public abstract class DeterminismConformance extends ConformanceBase {
    private static final int SAMPLES = 192;
    private static final int FEATURES = 128;
    private static final int BATCH = 64;
    private static final int CLASSES = 4;

    private static Tensor x() {
        return Tensor.of(pattern(SAMPLES * FEATURES, 0.3, 1.0), SAMPLES, FEATURES);
    }

    /** One-hot labels: the class of each sample is where its first four features peak. */
    private static Tensor y() {
        float[] xs = x().data();
        float[] y = new float[SAMPLES * CLASSES];
        for (int i = 0; i < SAMPLES; i++) {
            int best = 0;
            for (int c = 1; c < CLASSES; c++) {
                best = xs[i * FEATURES + c] > xs[i * FEATURES + best] ? c : best;
            }
            y[i * CLASSES + best] = 1f;
        }
        return Tensor.of(y, SAMPLES, CLASSES);
    }

    /** A model built with {@code seed} in a fresh session, compiled on the backend under test. */
    private Sequential model(long seed) {
        Keras.clearSession();
        Keras.setRandomSeed(seed);
        Sequential m = withInput(new int[] {FEATURES}, new Dense(128, "relu"), new Dropout(0.25f), new Dense(128, "tanh"),
                new Dense(CLASSES, "softmax"));
        return compile(m, new Adam(0.01f), new CategoricalCrossentropy());
    }

    private static float[] fit(Sequential m, boolean shuffle) {
        m.fit(x(), y(), new FitOptions().epochs(3).batchSize(BATCH).shuffle(shuffle).verbose(0));
        return flatWeights(m);
    }

    @Test
    void theSameSeedGivesBitIdenticalWeightsAfterFit() {
        float[] first = fit(model(42), true);
        float[] again = fit(model(42), true);
        assertArrayEquals(first, again, "the same seed, shuffled batches, dropout: the same bits");
        float[] other = fit(model(43), true);
        assertFalse(Arrays.equals(first, other), "another seed gives other weights");
    }

    @Test
    void fitsInSeveralThreadsAtOnceGiveTheBitsOfOneThread() throws Exception {
        // Without shuffling: fit draws its shuffles from the one global generator, which threads
        // running at once would share in no fixed order.
        float[] reference = fit(model(7), false);
        int threads = 4;
        List<Sequential> models = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            models.add(model(7));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (Sequential m : models) {
                results.add(pool.submit(() -> fit(m, false)));
            }
            for (int t = 0; t < threads; t++) {
                assertArrayEquals(reference, results.get(t).get(120, TimeUnit.SECONDS), "thread " + t);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
