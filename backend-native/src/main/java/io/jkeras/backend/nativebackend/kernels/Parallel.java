package io.jkeras.backend.nativebackend.kernels;

/**
 * Splits a layer's work over the samples of a batch on the backend's one pool of threads (the
 * matrix product's, {@link #threads()} in all): each thread runs the task on
 * its own contiguous range of indices. The task must write only what belongs to its range; then
 * the result does not depend on the split, since the matrix products inside it sum every element
 * in the same order on any thread.
 */
public final class Parallel {

    /** Work over the indices {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        /** Does the work of indices {@code from} (inclusive) to {@code to} (exclusive). */
        void run(int from, int to);
    }

    private Parallel() {
    }

    /**
     * Starts the backend's pool with the threads the settings ask for, unless it is running: the
     * system property {@value NativeParameters#THREADS_PROPERTY} if set, else {@code configured},
     * else {@code Runtime.availableProcessors()}. The pool is one per JVM and keeps its size once
     * started; asking a running pool for another size logs a warning and changes nothing.
     *
     * @param configured the configured thread count ({@code "native_threads"} in {@code keras.json}), or {@code null}
     * @return the threads the pool has
     * @throws io.jkeras.KerasException if the system property is not a positive integer
     */
    public static int startPool(Integer configured) {
        return GemmPool.start(configured).threads();
    }

    /**
     * The threads (the caller included) that split work runs on, starting the pool with the
     * system property's or the machine's count if nothing has started it.
     */
    public static int threads() {
        return GemmPool.instance().threads();
    }

    /**
     * Runs {@code task} over {@code [0, size)}: split across the pool's threads when
     * {@code work} (about the multiply-adds of the whole range) reaches
     * {@link NativeParameters#GEMM_PARALLEL_WORK} and the pool is free, else in one call on this
     * thread (as when called from inside another parallel task).
     */
    public static void forRange(int size, long work, Range task) {
        if (size <= 0) {
            return;
        }
        if (work < NativeParameters.GEMM_PARALLEL_WORK || !GemmPool.range(size, task)) {
            task.run(0, size);
        }
    }
}
