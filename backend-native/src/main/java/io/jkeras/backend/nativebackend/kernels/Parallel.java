package io.jkeras.backend.nativebackend.kernels;

/**
 * Splits a layer's work over the samples of a batch on the backend's one pool of threads (the
 * matrix product's, {@link NativeParameters#GEMM_THREADS} in all): each thread runs the task on
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
