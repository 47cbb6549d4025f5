package io.jkeras.backend.nativebackend.kernels;

import io.jkeras.KerasException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Single-precision general matrix product over flat row-major {@code float[]} arrays with offsets
 * and row strides, in the style of BLAS {@code sgemm}.
 */
public final class Gemm {

    private Gemm() {
    }

    /**
     * Row-major C = alpha * op(A) · op(B) + beta * C, op(X) = X or Xᵀ; op(A) is m×k, op(B) is k×n,
     * C is m×n; lda/ldb/ldc are row strides.
     *
     * <p>When {@code beta == 0}, C is overwritten without being read, so NaN in C does not
     * propagate (as in BLAS).
     *
     * @param transA whether A is stored as k×m and used transposed
     * @param transB whether B is stored as n×k and used transposed
     * @param m rows of op(A) and of C
     * @param n columns of op(B) and of C
     * @param k columns of op(A), rows of op(B)
     * @param alpha scale of the product
     * @param a storage of A
     * @param aOff index of A's first element
     * @param lda row stride of A as stored
     * @param b storage of B
     * @param bOff index of B's first element
     * @param ldb row stride of B as stored
     * @param beta scale of C's previous content
     * @param c storage of C
     * @param cOff index of C's first element
     * @param ldc row stride of C
     * @throws KerasException if a size is negative, a stride is too small or an array too short
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        checkArguments(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scaleC(m, n, beta, c, cOff, ldc);
            return;
        }
        long work = (long) m * n * k;
        if (work < NativeParameters.GEMM_SMALL_WORK) {
            scaleC(m, n, beta, c, cOff, ldc);
            simple(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        } else if (n < NativeParameters.GEMM_NARROW_N && m > n) {
            // A narrow C (e.g. a 10-class output layer) makes short, poorly vectorised rows:
            // compute Cᵀ = op(B)ᵀ · op(A)ᵀ instead, whose rows are C's long columns.
            large(!transB, !transA, true, n, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc);
        } else {
            large(transA, transB, false, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /** The blocked product, split across the pool when it is large enough and the pool is free. */
    private static void large(boolean transA, boolean transB, boolean transC, int m, int n, int k,
                              float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float beta, float[] c, int cOff, int ldc) {
        if ((long) m * n * k < NativeParameters.GEMM_PARALLEL_WORK || NativeParameters.GEMM_THREADS == 1
                || !Pool.INSTANCE.run(transA, transB, transC, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                        beta, c, cOff, ldc)) {
            blocked(transA, transB, transC, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                    Workspace.LOCAL.get());
        }
    }

    /**
     * The plain loops for products too small to repay packing; C is already scaled by beta. A C with
     * fewer columns than a vector (e.g. a regression output) is computed as dot products, so that
     * the innermost loop runs along k rather than over one or two columns.
     */
    private static void simple(boolean transA, boolean transB, int m, int n, int k, float alpha,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float[] c, int cOff, int ldc) {
        int aRowStep = transA ? 1 : lda;
        int aColStep = transA ? lda : 1;
        int bRowStep = transB ? 1 : ldb;
        int bColStep = transB ? ldb : 1;
        if (n < 8 && k > n) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float sum = 0f;
                    for (int p = 0, ai = aOff + i * aRowStep, bi = bOff + j * bColStep; p < k;
                            p++, ai += aColStep, bi += bRowStep) {
                        sum += a[ai] * b[bi];
                    }
                    c[cOff + i * ldc + j] += alpha * sum;
                }
            }
            return;
        }
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * ldc;
            for (int p = 0; p < k; p++) {
                float av = alpha * a[aOff + i * aRowStep + p * aColStep];
                int bRow = bOff + p * bRowStep;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += av * b[bRow + j * bColStep];
                }
            }
        }
    }

    /**
     * The cache-blocked product on one thread: op(B) is packed block by block into separate row
     * arrays, then each row of C is accumulated in a scratch row four rows of the block at a time.
     *
     * <p>Why separate arrays: the JIT vectorises a loop only when every array in it is indexed by
     * the same expression; with offsets into one array it must assume the rows overlap and falls
     * back to scalar code (about 8× slower).
     */
    static void blocked(boolean transA, boolean transB, boolean transC, int m, int n, int k, float alpha,
                        float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float beta, float[] c, int cOff, int ldc, Workspace ws) {
        if (transC) {
            scaleC(n, m, beta, c, cOff, ldc);
        } else {
            scaleC(m, n, beta, c, cOff, ldc);
        }
        float[][] panel = ws.panel;
        float[] acc = ws.acc;
        // Strides to step along op(A)'s rows (i) and columns (p) in A's storage.
        int aRowStep = transA ? 1 : lda;
        int aColStep = transA ? lda : 1;
        for (int jc = 0; jc < n; jc += NativeParameters.GEMM_BLOCK_N) {
            int w = Math.min(NativeParameters.GEMM_BLOCK_N, n - jc);
            for (int pc = 0; pc < k; pc += NativeParameters.GEMM_BLOCK_K) {
                int kc = Math.min(NativeParameters.GEMM_BLOCK_K, k - pc);
                packB(transB, b, bOff, ldb, pc, jc, kc, w, panel);
                for (int i = 0; i < m; i++) {
                    int aIdx = aOff + i * aRowStep + pc * aColStep;
                    loadRow(transC, c, cOff, ldc, i, jc, w, acc);
                    int p = 0;
                    for (; p + 4 <= kc; p += 4, aIdx += 4 * aColStep) {
                        axpy4(acc, panel[p], panel[p + 1], panel[p + 2], panel[p + 3], w,
                                alpha * a[aIdx], alpha * a[aIdx + aColStep],
                                alpha * a[aIdx + 2 * aColStep], alpha * a[aIdx + 3 * aColStep]);
                    }
                    for (; p < kc; p++, aIdx += aColStep) {
                        axpy1(acc, panel[p], w, alpha * a[aIdx]);
                    }
                    storeRow(transC, c, cOff, ldc, i, jc, w, acc);
                }
            }
        }
    }

    /** acc[0..w) = row i, columns [jc, jc + w) of the product (a column of C when transC). */
    private static void loadRow(boolean transC, float[] c, int cOff, int ldc, int i, int jc, int w,
                                float[] acc) {
        if (!transC) {
            System.arraycopy(c, cOff + i * ldc + jc, acc, 0, w);
            return;
        }
        for (int j = 0, idx = cOff + jc * ldc + i; j < w; j++, idx += ldc) {
            acc[j] = c[idx];
        }
    }

    /** The inverse of {@link #loadRow}. */
    private static void storeRow(boolean transC, float[] c, int cOff, int ldc, int i, int jc, int w,
                                 float[] acc) {
        if (!transC) {
            System.arraycopy(acc, 0, c, cOff + i * ldc + jc, w);
            return;
        }
        for (int j = 0, idx = cOff + jc * ldc + i; j < w; j++, idx += ldc) {
            c[idx] = acc[j];
        }
    }

    /** Copies op(B)[pc:pc+kc, jc:jc+w] into the first w entries of panel[0..kc). */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int jc, int kc,
                              int w, float[][] panel) {
        if (!transB) {
            for (int p = 0; p < kc; p++) {
                System.arraycopy(b, bOff + (pc + p) * ldb + jc, panel[p], 0, w);
            }
            return;
        }
        // op(B)[p][j] = B[j][p]: walk B's rows (contiguous in p) in strips of 16 columns of op(B)
        // so that the scattered writes touch only 16 cache lines per row of the panel.
        for (int j0 = 0; j0 < w; j0 += 16) {
            int j1 = Math.min(w, j0 + 16);
            for (int p = 0; p < kc; p++) {
                float[] row = panel[p];
                int src = bOff + (jc + j0) * ldb + pc + p;
                for (int j = j0; j < j1; j++, src += ldb) {
                    row[j] = b[src];
                }
            }
        }
    }

    /** acc += a0·b0 + a1·b1 + a2·b2 + a3·b3 over [0, w): one C row, four rows of the panel. */
    private static void axpy4(float[] acc, float[] b0, float[] b1, float[] b2, float[] b3, int w,
                              float a0, float a1, float a2, float a3) {
        for (int j = 0; j < w; j++) {
            acc[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
        }
    }

    /** acc += a0·b0 over [0, w). */
    private static void axpy1(float[] acc, float[] b0, int w, float a0) {
        for (int j = 0; j < w; j++) {
            acc[j] += a0 * b0[j];
        }
    }

    /** One thread's packing buffers, allocated once so that steady-state products allocate nothing. */
    static final class Workspace {
        static final ThreadLocal<Workspace> LOCAL = ThreadLocal.withInitial(Workspace::new);

        /** Packed rows of op(B)'s current block: panel[p][j] = op(B)[pc + p][jc + j]. */
        final float[][] panel = new float[NativeParameters.GEMM_BLOCK_K][NativeParameters.GEMM_BLOCK_N];
        /** The C row being accumulated. */
        final float[] acc = new float[NativeParameters.GEMM_BLOCK_N];
    }

    /**
     * A fixed set of daemon threads that each compute a slice of C, the caller computing the first;
     * parking and unparking them allocates nothing, unlike submitting tasks to an executor. One
     * product uses the pool at a time: a concurrent caller computes alone.
     */
    static final class Pool {
        static final Pool INSTANCE = new Pool(NativeParameters.GEMM_THREADS - 1);

        /** Slices start on multiples of this, so that each slice's rows vectorise alike. */
        private static final int SLICE_ALIGN = 16;

        /** Spins before parking, to catch the next product of a training step without a wake-up. */
        private static final int SPINS = 1 << 12;

        private final Worker[] workers;
        private final AtomicBoolean busy = new AtomicBoolean();
        private final AtomicInteger pending = new AtomicInteger();
        private volatile Thread caller;

        private Pool(int workerCount) {
            workers = new Worker[workerCount];
            for (int t = 0; t < workerCount; t++) {
                workers[t] = new Worker(this, t + 1);
                workers[t].start();
            }
        }

        /**
         * Splits the product into slices of C's columns (or rows when C is narrow) and computes them
         * in parallel; returns false, having done nothing, when the pool is in use or the product
         * cannot be split.
         */
        boolean run(boolean transA, boolean transB, boolean transC, int m, int n, int k, float alpha,
                    float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                    float beta, float[] c, int cOff, int ldc) {
            int parts = workers.length + 1;
            // Row slices keep the long vectorised rows but each thread packs all of op(B); column
            // slices share the packing but shorten the rows. Prefer rows when each slice is tall.
            boolean byColumns;
            if (m >= parts * NativeParameters.GEMM_SPLIT_ROWS) {
                byColumns = false;
            } else if (n >= parts * NativeParameters.GEMM_SPLIT_COLUMNS) {
                byColumns = true;
            } else if (m >= parts * SLICE_ALIGN) {
                byColumns = false;
            } else if (n >= parts * SLICE_ALIGN) {
                byColumns = true;
            } else {
                return false;
            }
            if (!busy.compareAndSet(false, true)) {
                return false;
            }
            try {
                caller = Thread.currentThread();
                int size = byColumns ? n : m;
                pending.set(workers.length);
                for (int t = 1; t < parts; t++) {
                    int from = sliceStart(size, parts, t);
                    int to = sliceStart(size, parts, t + 1);
                    Worker worker = workers[t - 1];
                    worker.assign(transA, transB, transC, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                            beta, c, cOff, ldc, byColumns, from, to);
                    LockSupport.unpark(worker);
                }
                slice(transA, transB, transC, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                        byColumns, 0, sliceStart(size, parts, 1), Workspace.LOCAL.get());
                for (int spin = 0; pending.get() != 0; spin++) {
                    if (spin < SPINS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                for (Worker worker : workers) {
                    Throwable error = worker.error;
                    if (error != null) {
                        worker.error = null;
                        throw new KerasException("gemm worker thread failed: " + error, error);
                    }
                }
                return true;
            } finally {
                caller = null;
                busy.set(false);
            }
        }

        /** Start of slice t of parts over size, on a multiple of {@link #SLICE_ALIGN}. */
        private static int sliceStart(int size, int parts, int t) {
            if (t >= parts) {
                return size;
            }
            int start = (int) ((long) size * t / parts);
            return Math.min(size, (start + SLICE_ALIGN - 1) / SLICE_ALIGN * SLICE_ALIGN);
        }

        /** Computes C's columns (or rows) [from, to) of the product. */
        static void slice(boolean transA, boolean transB, boolean transC, int m, int n, int k, float alpha,
                          float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float beta, float[] c, int cOff, int ldc, boolean byColumns, int from, int to,
                          Workspace ws) {
            if (to <= from) {
                return;
            }
            // Strides of the product's rows and columns in C's storage.
            int rowStep = transC ? 1 : ldc;
            int colStep = transC ? ldc : 1;
            if (byColumns) {
                blocked(transA, transB, transC, m, to - from, k, alpha, a, aOff, lda,
                        b, bOff + from * (transB ? ldb : 1), ldb, beta, c, cOff + from * colStep, ldc, ws);
            } else {
                blocked(transA, transB, transC, to - from, n, k, alpha, a, aOff + from * (transA ? 1 : lda), lda,
                        b, bOff, ldb, beta, c, cOff + from * rowStep, ldc, ws);
            }
        }

        /** Called by a worker when its slice is done. */
        void finished() {
            if (pending.decrementAndGet() == 0) {
                Thread waiting = caller;
                if (waiting != null) {
                    LockSupport.unpark(waiting);
                }
            }
        }
    }

    /** A pool thread: waits for a slice, computes it, reports back; its fields are the slice's arguments. */
    private static final class Worker extends Thread {
        private final Pool pool;
        private final Workspace ws = new Workspace();
        private volatile boolean hasJob;
        private Throwable error;
        private boolean transA;
        private boolean transB;
        private boolean transC;
        private int m;
        private int n;
        private int k;
        private float alpha;
        private float[] a;
        private int aOff;
        private int lda;
        private float[] b;
        private int bOff;
        private int ldb;
        private float beta;
        private float[] c;
        private int cOff;
        private int ldc;
        private boolean byColumns;
        private int from;
        private int to;

        Worker(Pool pool, int index) {
            super("jkeras-gemm-" + index);
            this.pool = pool;
            setDaemon(true);
        }

        void assign(boolean transA, boolean transB, boolean transC, int m, int n, int k, float alpha,
                    float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                    float beta, float[] c, int cOff, int ldc, boolean byColumns, int from, int to) {
            this.transA = transA;
            this.transB = transB;
            this.transC = transC;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.beta = beta;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            this.byColumns = byColumns;
            this.from = from;
            this.to = to;
            hasJob = true;
        }

        @Override
        public void run() {
            while (true) {
                for (int spin = 0; !hasJob; spin++) {
                    if (spin < Pool.SPINS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                try {
                    Pool.slice(transA, transB, transC, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta,
                            c, cOff, ldc, byColumns, from, to, ws);
                } catch (Throwable t) {
                    error = t;
                } finally {
                    // Drop the arrays so that the pool does not keep a finished model's data alive.
                    a = null;
                    b = null;
                    c = null;
                    hasJob = false;
                    pool.finished();
                }
            }
        }
    }

    /** C = beta * C, writing zeros (not reading C) when beta is 0. */
    static void scaleC(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, row, row + n, 0f);
            } else {
                for (int j = 0; j < n; j++) {
                    c[row + j] *= beta;
                }
            }
        }
    }

    private static void checkArguments(boolean transA, boolean transB, int m, int n, int k,
                                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                       float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new KerasException("gemm expects non-negative sizes. Received: m=" + m
                    + ", n=" + n + ", k=" + k);
        }
        checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkMatrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        checkMatrix("C", c, cOff, ldc, m, n);
    }

    /** Checks that a rows×cols row-major matrix with the given stride fits in the array. */
    private static void checkMatrix(String name, float[] x, int off, int ld, int rows, int cols) {
        if (x == null) {
            throw new KerasException("gemm expects array " + name + ". Received: null");
        }
        if (ld < Math.max(1, cols)) {
            throw new KerasException("gemm expects ld" + name.toLowerCase() + " >= " + Math.max(1, cols)
                    + " (the stored row length of " + name + "). Received: " + ld);
        }
        if (off < 0) {
            throw new KerasException("gemm expects a non-negative offset for " + name
                    + ". Received: " + off);
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long last = (long) off + (long) (rows - 1) * ld + cols;
        if (last > x.length) {
            throw new KerasException("gemm expects " + name + " (" + rows + "x" + cols + ", offset " + off
                    + ", stride " + ld + ") to need " + last + " elements. Received: array of length "
                    + x.length);
        }
    }
}
