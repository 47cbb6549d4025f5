package io.jkeras;

import io.jkeras.backend.Backend;
import io.jkeras.backend.Backends;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Global state, as Keras keeps it: the random seed, the layer-name counters and the current
 * backend.
 */
public final class Keras {
    private static Random rng = new Random();
    private static final Map<String, Integer> UIDS = new HashMap<>();
    private static java.io.PrintStream out = System.out;

    private Keras() {
    }

    /**
     * Seeds the generator behind initial weights and shuffling, as
     * {@code keras.utils.set_random_seed}: the same seed and the same program give the same
     * weights and the same batches, on every backend.
     */
    public static synchronized void setRandomSeed(long seed) {
        rng = new Random(seed);
    }

    /** The generator seeded by {@link #setRandomSeed(long)}. */
    public static synchronized Random rng() {
        return rng;
    }

    /**
     * Runs {@code body} with {@code generator} in place of the seeded one, which is then put back
     * untouched: for work whose draws must not move the session's, such as a model loaded on a Spark
     * executor that shares the driver's JVM (its initial weights are replaced at once). Other
     * threads' calls into this class wait until it returns.
     */
    public static synchronized <T> T withGenerator(Random generator, java.util.function.Supplier<T> body) {
        Random saved = rng;
        rng = java.util.Objects.requireNonNull(generator, "generator");
        try {
            return body.get();
        } finally {
            rng = saved;
        }
    }

    /**
     * Resets the name counters, so the next Dense is {@code dense} again, as
     * {@code keras.backend.clear_session()}.
     */
    public static synchronized void clearSession() {
        UIDS.clear();
    }

    /** A unique name from a prefix: {@code dense}, {@code dense_1}, {@code dense_2}... */
    public static synchronized String uniqueName(String prefix) {
        int n = UIDS.merge(prefix, 1, Integer::sum);
        return n == 1 ? prefix : prefix + "_" + (n - 1);
    }

    /**
     * Where Keras's own printouts go (progress bars, {@code summary()}); standard output by
     * default.
     */
    public static synchronized void setOutput(java.io.PrintStream stream) {
        out = java.util.Objects.requireNonNull(stream, "stream");
    }

    /** Where Keras's own printouts go. */
    public static synchronized java.io.PrintStream output() {
        return out;
    }

    /** The backend models are compiled on (see {@link Backends} for how it is chosen). */
    public static Backend backend() {
        return Backends.current();
    }
}
