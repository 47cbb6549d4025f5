package io.jkeras.backend.nativebackend.kernels;

import io.jkeras.backend.BackendConfig;

/**
 * The size thresholds and block sizes of the native kernels, named once here (as EJML's
 * {@code EjmlParameters}) so that tuning them is a one-line change.
 *
 * <p>The values were measured on an AVX-512 machine with 1 MiB of L2 cache per core (see
 * {@code docs/benchmarks.md}); they are safe, if not optimal, elsewhere.
 */
public final class NativeParameters {

    /**
     * Rows of op(B) packed per block of the matrix product: with {@link #GEMM_BLOCK_N} it sets the
     * packed panel's size (256 × 512 floats = 512 KiB), which should stay in a core's L2 cache.
     */
    public static final int GEMM_BLOCK_K = 256;

    /**
     * Columns of C computed per block of the matrix product: the length of the innermost loop,
     * long enough for the JIT's vectorised main loop to dominate, short enough that one row of
     * the block stays in L1 cache.
     */
    public static final int GEMM_BLOCK_N = 512;

    /**
     * Below this many multiply-adds ({@code m·n·k}), a product runs as a plain loop: packing the
     * operands would cost more than it saves.
     */
    public static final long GEMM_SMALL_WORK = 4_096;

    /**
     * A product whose C has fewer columns than this (and more rows than columns) is computed as
     * Cᵀ = op(B)ᵀ · op(A)ᵀ, so that the vectorised inner loop runs along C's long side.
     */
    public static final int GEMM_NARROW_N = 64;

    /**
     * From this many multiply-adds ({@code m·n·k}) on, a product is split across the worker threads;
     * below it, waking them costs more than the work (about 50 µs of single-core work).
     */
    public static final long GEMM_PARALLEL_WORK = 1L << 20;

    /**
     * A parallel product is split into row slices when each thread gets at least this many rows of
     * C: the slices keep full-width rows, and packing op(B) once per thread costs little next to
     * that many rows of work.
     */
    public static final int GEMM_SPLIT_ROWS = 64;

    /**
     * Otherwise it is split into column slices when each gets at least this many columns (shorter
     * rows vectorise less well).
     */
    public static final int GEMM_SPLIT_COLUMNS = 256;

    /**
     * SIMD path: depth of a packed block, the packed columns each micro-kernel call sums over. With
     * a micro-panel of B 2 vectors wide it takes 16 KiB (256-bit) or 32 KiB (512-bit) of L1.
     */
    public static final int SIMD_BLOCK_K = 256;

    /**
     * SIMD path: rows of op(A) packed per block (168 × 256 floats = 168 KiB, in L2); a multiple of
     * both micro-tile heights, 6 and 14.
     */
    public static final int SIMD_BLOCK_M = 168;

    /**
     * SIMD path: columns of op(B) packed per panel (256 × 1024 floats = 1 MiB, in L2/L3); a multiple
     * of every micro-tile width.
     */
    public static final int SIMD_BLOCK_N = 1024;

    /**
     * The convolution works through a batch in blocks of samples whose windows ({@code im2col}'s
     * rows) hold about this many values (1 MiB), so that they are still in L2 when the product
     * (forward) or {@code col2im} (backward) reads them right after they are written.
     */
    public static final int CONV_BLOCK_VALUES = 1 << 18;

    /**
     * An optimizer's update of a variable with at least this many values is split over the
     * threads (the elementwise rules are memory-bound: Adam reads and writes four arrays per value).
     */
    public static final int UPDATE_PARALLEL_VALUES = 1 << 15;

    /**
     * The system property that sets the threads of the backend's pool, the caller included
     * ({@code 1} turns threading off); it wins over {@code "native_threads"} in {@code keras.json}.
     */
    public static final String THREADS_PROPERTY = "jkeras.native.threads";

    private NativeParameters() {
    }

    /**
     * Threads (the caller included) that a large product is split across, the size of the backend's
     * one pool: the system property {@link #THREADS_PROPERTY} if set, else the configured count
     * ({@code "native_threads"} in {@code keras.json}, or {@code JKERAS_NATIVE_THREADS}), else the
     * available processors.
     *
     * @param property the property's value, or {@code null} when it is not set
     * @param configured the configured count, or {@code null}
     * @param cores {@code Runtime.availableProcessors()}
     * @throws io.jkeras.KerasException if {@code property} is not a positive integer
     */
    static int threads(String property, Integer configured, int cores) {
        if (property != null) {
            return BackendConfig.parseNativeThreads(property, "System property " + THREADS_PROPERTY);
        }
        return configured != null ? configured : Math.max(1, cores);
    }
}
