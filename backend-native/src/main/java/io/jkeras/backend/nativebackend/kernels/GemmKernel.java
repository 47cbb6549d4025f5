package io.jkeras.backend.nativebackend.kernels;

/**
 * One implementation of the blocked matrix product (the plain-Java {@link ScalarGemm} or the
 * Vector API's {@code SimdGemm}), called by {@link Gemm} once the arguments are checked and the
 * trivial cases are done, and by {@link GemmPool} for each thread's slice.
 */
interface GemmKernel {

    /** Splitting a product over threads: not at all, by rows of C or by columns of C. */
    int SPLIT_NONE = 0;
    /** Slices of C's rows. */
    int SPLIT_ROWS = 1;
    /** Slices of C's columns. */
    int SPLIT_COLUMNS = 2;

    /** The path's name, as {@link Gemm#kernelPath()} reports it. */
    String name();

    /**
     * Computes a product of at least {@link NativeParameters#GEMM_SMALL_WORK} multiply-adds, on
     * the pool when it is large enough, with the same contract as {@link Gemm#gemm}.
     */
    void large(boolean transA, boolean transB, int m, int n, int k, float alpha,
               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, int ldc);

    /**
     * How to split an m×n product over {@code parts} threads: {@link #SPLIT_NONE},
     * {@link #SPLIT_ROWS} or {@link #SPLIT_COLUMNS}.
     */
    int split(int m, int n, int parts);

    /** Slices of rows (or of columns when {@code byColumns}) start on multiples of this. */
    int sliceAlign(boolean byColumns);

    /**
     * The blocked product on the calling thread: C = alpha·op(A)·op(B) + beta·C, or its transpose
     * stored in C when {@code transC} (C is then n×m); {@code ws} is the thread's buffers. Each
     * element's value depends only on the operands and k, never on where C's block starts, so
     * any split over threads gives the same bits as one thread.
     */
    void block(boolean transA, boolean transB, boolean transC, int m, int n, int k, float alpha,
               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, int ldc, GemmWorkspace ws);
}
