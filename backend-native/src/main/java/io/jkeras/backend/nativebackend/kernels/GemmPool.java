package io.jkeras.backend.nativebackend.kernels;

import io.jkeras.KerasException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The backend's one set of matrix-product threads: {@link NativeParameters#GEMM_THREADS} − 1
 * daemon workers that each compute a slice of C while the caller computes the first. Parking and
 * unparking them allocates nothing, unlike submitting tasks to an executor.
 *
 * <p>No oversubscription, no queueing: one product uses the workers at a time. A product that
 * finds them busy (another caller thread is running one) or that is called from a worker runs on
 * its caller's thread alone, so N caller threads use at most N + GEMM_THREADS − 1 threads. Since
 * every element of C is summed in the same order whichever thread computes it, a product gives
 * the same bits split or not.
 */
final class GemmPool {
    static final GemmPool INSTANCE = new GemmPool(NativeParameters.GEMM_THREADS - 1);

    /** Spins before parking, to catch the next product of a training step without a wake-up. */
    private static final int SPINS = 1 << 12;

    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Thread caller;

    private GemmPool(int workerCount) {
        workers = new Worker[workerCount];
        for (int t = 0; t < workerCount; t++) {
            workers[t] = new Worker(this, t + 1);
            workers[t].start();
        }
    }

    /**
     * Computes the product with {@code kernel}, split into slices of C's rows or columns as the
     * kernel chooses when it is large enough and the workers are free, else on this thread.
     */
    static void compute(GemmKernel kernel, boolean transA, boolean transB, boolean transC, int m, int n, int k,
                        float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float beta, float[] c, int cOff, int ldc) {
        if ((long) m * n * k < NativeParameters.GEMM_PARALLEL_WORK || INSTANCE.workers.length == 0
                || Thread.currentThread() instanceof Worker
                || !INSTANCE.run(kernel, transA, transB, transC, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                        beta, c, cOff, ldc)) {
            kernel.block(transA, transB, transC, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                    GemmWorkspace.LOCAL.get());
        }
    }

    /** Returns false, having done nothing, when the workers are in use or the product cannot be split. */
    private boolean run(GemmKernel kernel, boolean transA, boolean transB, boolean transC, int m, int n, int k,
                        float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float beta, float[] c, int cOff, int ldc) {
        int parts = workers.length + 1;
        int split = kernel.split(m, n, parts);
        if (split == GemmKernel.SPLIT_NONE || !busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            caller = Thread.currentThread();
            boolean byColumns = split == GemmKernel.SPLIT_COLUMNS;
            int size = byColumns ? n : m;
            int align = kernel.sliceAlign(byColumns);
            pending.set(workers.length);
            for (int t = 1; t < parts; t++) {
                Worker worker = workers[t - 1];
                worker.assign(kernel, transA, transB, transC, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                        beta, c, cOff, ldc, byColumns, sliceStart(size, parts, t, align),
                        sliceStart(size, parts, t + 1, align));
                LockSupport.unpark(worker);
            }
            slice(kernel, transA, transB, transC, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                    byColumns, 0, sliceStart(size, parts, 1, align), GemmWorkspace.LOCAL.get());
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

    /** Start of slice t of parts over size, on a multiple of align. */
    static int sliceStart(int size, int parts, int t, int align) {
        if (t >= parts) {
            return size;
        }
        int start = (int) ((long) size * t / parts);
        return Math.min(size, (start + align - 1) / align * align);
    }

    /** Computes C's columns (or rows) [from, to) of the product. */
    private static void slice(GemmKernel kernel, boolean transA, boolean transB, boolean transC, int m, int n,
                              int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float beta, float[] c, int cOff, int ldc, boolean byColumns, int from, int to,
                              GemmWorkspace ws) {
        if (to <= from) {
            return;
        }
        // Strides of the product's rows and columns in C's storage.
        int rowStep = transC ? 1 : ldc;
        int colStep = transC ? ldc : 1;
        if (byColumns) {
            kernel.block(transA, transB, transC, m, to - from, k, alpha, a, aOff, lda,
                    b, bOff + from * (transB ? ldb : 1), ldb, beta, c, cOff + from * colStep, ldc, ws);
        } else {
            kernel.block(transA, transB, transC, to - from, n, k, alpha, a, aOff + from * (transA ? 1 : lda), lda,
                    b, bOff, ldb, beta, c, cOff + from * rowStep, ldc, ws);
        }
    }

    /** Called by a worker when its slice is done. */
    private void finished() {
        if (pending.decrementAndGet() == 0) {
            Thread waiting = caller;
            if (waiting != null) {
                LockSupport.unpark(waiting);
            }
        }
    }

    /** A pool thread: waits for a slice, computes it, reports back; its fields are the slice's arguments. */
    private static final class Worker extends Thread {
        private final GemmPool pool;
        private final GemmWorkspace ws = new GemmWorkspace();
        private volatile boolean hasJob;
        private Throwable error;
        private GemmKernel kernel;
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

        Worker(GemmPool pool, int index) {
            super("jkeras-gemm-" + index);
            this.pool = pool;
            setDaemon(true);
        }

        void assign(GemmKernel kernel, boolean transA, boolean transB, boolean transC, int m, int n, int k,
                    float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                    float beta, float[] c, int cOff, int ldc, boolean byColumns, int from, int to) {
            this.kernel = kernel;
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
                    if (spin < SPINS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                try {
                    slice(kernel, transA, transB, transC, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta,
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
}
