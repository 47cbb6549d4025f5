package io.jkeras.backend.nativebackend.kernels;

import io.jkeras.KerasException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend's one set of matrix-product threads, one per JVM: {@link #threads()} − 1 daemon
 * workers that help the caller compute a product split into slices of C. Parking and unparking
 * them allocates nothing, unlike submitting tasks to an executor. The pool is started once, by
 * the first native backend (sized from its settings, {@link NativeParameters#threads}) or else
 * by the first product that needs it, and keeps its size from then on.
 *
 * <p>Slices are claimed, not assigned: the caller and each woken worker take the next unclaimed
 * slice until none is left, and the caller then waits only for slices already being computed.
 * On a busy machine, where a woken worker may not get a core for milliseconds, the caller computes
 * that worker's slice itself instead of waiting for it (with fixed assignments, an MLP epoch took
 * 15× longer under a load of 10 on 2 cores).
 *
 * <p>No oversubscription, no queueing: one product uses the workers at a time. A product that
 * finds them busy (another caller thread is running one) or that is called from a worker runs on
 * its caller's thread alone, so N caller threads use at most N + {@link #threads()} − 1 threads. Since
 * every element of C is summed in the same order whichever thread computes it, a product gives
 * the same bits however it is split and whoever computes each slice.
 *
 * <p>The same threads also run {@link Parallel#forRange} tasks (a layer's work split over the
 * samples of a batch), with the same claiming; the products inside such a task run on the
 * thread of its slice.
 */
final class GemmPool {
    private static final Logger LOG = LoggerFactory.getLogger(GemmPool.class);
    /** The pool, once started. */
    private static volatile GemmPool instance;

    /** Spins before parking, to catch the next product of a training step without a wake-up. */
    private static final int SPINS = 1 << 12;

    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    /** The current product's generation (high 32 bits) and its next unclaimed slice (low 32 bits). */
    private final AtomicLong claims = new AtomicLong();
    /** Slices of the current product finished. */
    private final AtomicInteger finished = new AtomicInteger();
    private volatile Thread caller;
    private volatile Throwable error;

    // The current work, written by the caller before it publishes a new generation in claims:
    // a task over a range, or else a product.
    private Parallel.Range task;
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
    private int size;
    private int align;
    private int slices;

    private GemmPool(int workerCount) {
        workers = new Worker[workerCount];
        for (int t = 0; t < workerCount; t++) {
            workers[t] = new Worker(this, t + 1);
            workers[t].start();
        }
    }

    /** The pool, started with the property's or the machine's thread count if nothing has started it. */
    static GemmPool instance() {
        GemmPool pool = instance;
        return pool != null ? pool : start(null);
    }

    /**
     * Starts the pool with {@link NativeParameters#threads} threads for these settings unless it
     * is running. A running pool keeps its size: when the settings ask for another, this logs a
     * warning and changes nothing.
     *
     * @param configured the configured thread count ({@code "native_threads"}), or {@code null}
     * @throws io.jkeras.KerasException if the system property is not a positive integer
     */
    static synchronized GemmPool start(Integer configured) {
        String property = System.getProperty(NativeParameters.THREADS_PROPERTY);
        int wanted = NativeParameters.threads(property, configured, Runtime.getRuntime().availableProcessors());
        GemmPool pool = instance;
        if (pool == null) {
            pool = new GemmPool(wanted - 1);
            instance = pool;
            LOG.debug("jkeras native thread pool: {} threads", wanted);
        } else if (pool.threads() != wanted && (configured != null || property != null)) {
            LOG.warn("The native backend's thread pool keeps its {} threads although {} were asked for: the pool is "
                    + "shared by the whole JVM and already running. Set native_threads (or -D{}) before the first "
                    + "native backend or product.", pool.threads(), wanted, NativeParameters.THREADS_PROPERTY);
        }
        return pool;
    }

    /** The threads that compute a split product, the caller included. */
    int threads() {
        return workers.length + 1;
    }

    /**
     * Computes the product with {@code kernel}, split into slices of C's rows or columns as the
     * kernel chooses when it is large enough and the workers are free, else on this thread.
     */
    static void compute(GemmKernel kernel, boolean transA, boolean transB, boolean transC, int m, int n, int k,
                        float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float beta, float[] c, int cOff, int ldc) {
        if ((long) m * n * k < NativeParameters.GEMM_PARALLEL_WORK || Thread.currentThread() instanceof Worker
                || !instance().run(kernel, transA, transB, transC, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                        beta, c, cOff, ldc)) {
            kernel.block(transA, transB, transC, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                    GemmWorkspace.LOCAL.get());
        }
    }

    /** Returns false, having done nothing, when there are no workers, they are in use or the product cannot be split. */
    private boolean run(GemmKernel kernel, boolean transA, boolean transB, boolean transC, int m, int n, int k,
                        float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float beta, float[] c, int cOff, int ldc) {
        if (workers.length == 0) {
            return false;
        }
        int split = kernel.split(m, n, workers.length + 1);
        if (split == GemmKernel.SPLIT_NONE || !busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            this.task = null;
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
            this.byColumns = split == GemmKernel.SPLIT_COLUMNS;
            this.size = byColumns ? n : m;
            this.align = kernel.sliceAlign(byColumns);
            dispatch();
            return true;
        } finally {
            release();
        }
    }

    /**
     * Runs {@code task} over slices of {@code [0, size)} on the caller and the workers; returns
     * false, having done nothing, when the workers are in use, the caller is a worker, or there
     * are none. Products the task computes run on the thread that runs its slice.
     */
    static boolean range(int size, Parallel.Range task) {
        GemmPool pool = instance();
        if (size < 2 || pool.workers.length == 0 || Thread.currentThread() instanceof Worker
                || !pool.busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            pool.task = task;
            pool.size = size;
            pool.align = 1;
            pool.dispatch();
            return true;
        } finally {
            pool.release();
        }
    }

    /** Publishes the current work to the workers, computes slices with them and waits for all. */
    private void dispatch() {
        this.slices = Math.min(size, workers.length + 1);
        caller = Thread.currentThread();
        error = null;
        finished.set(0);
        // Publishes the fields set before: a new generation, slice 0 unclaimed.
        long generation = (claims.get() >>> 32) + 1;
        claims.set(generation << 32);
        for (Worker worker : workers) {
            worker.wake(generation);
        }
        work(generation, GemmWorkspace.LOCAL.get());
        for (int spin = 0; finished.get() != slices; spin++) {
            if (spin < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        Throwable failure = error;
        if (failure instanceof KerasException e) {
            throw e;
        }
        if (failure != null) {
            throw new KerasException("native worker thread failed: " + failure, failure);
        }
    }

    /** Drops the arrays, so that the pool does not keep a finished model's data alive, and frees the workers. */
    private void release() {
        this.a = null;
        this.b = null;
        this.c = null;
        this.task = null;
        caller = null;
        busy.set(false);
    }

    /** Claims and computes slices of the given generation's product until none is left. */
    private void work(long generation, GemmWorkspace ws) {
        while (true) {
            long state = claims.get();
            int slice = (int) state;
            if (state >>> 32 != generation || slice >= slices) {
                return;
            }
            if (!claims.compareAndSet(state, state + 1)) {
                continue;
            }
            // The slice is ours: the caller does not start another product before it is finished.
            try {
                slice(slice);
            } catch (Throwable t) {
                error = t;
            }
            if (finished.incrementAndGet() == slices) {
                Thread waiting = caller;
                if (waiting != null && waiting != Thread.currentThread()) {
                    LockSupport.unpark(waiting);
                }
            }
        }
    }

    /** Computes slice t of the current work: the task's range, or C's rows (or columns) [start(t), start(t + 1)). */
    private void slice(int t) {
        int from = sliceStart(size, slices, t, align);
        int to = sliceStart(size, slices, t + 1, align);
        if (to <= from) {
            return;
        }
        if (task != null) {
            task.run(from, to);
            return;
        }
        GemmWorkspace ws = Thread.currentThread() instanceof Worker worker ? worker.ws : GemmWorkspace.LOCAL.get();
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

    /** Start of slice t of parts over size, on a multiple of align. */
    static int sliceStart(int size, int parts, int t, int align) {
        if (t >= parts) {
            return size;
        }
        int start = (int) ((long) size * t / parts);
        return Math.min(size, (start + align - 1) / align * align);
    }

    /** A pool thread: waits for a new product, helps compute it, waits again. */
    private static final class Worker extends Thread {
        private final GemmPool pool;
        private final GemmWorkspace ws = new GemmWorkspace();
        /** The newest product's generation this worker was woken for. */
        private volatile long wanted;
        private long done;

        Worker(GemmPool pool, int index) {
            super("jkeras-gemm-" + index);
            this.pool = pool;
            setDaemon(true);
        }

        void wake(long generation) {
            wanted = generation;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (true) {
                for (int spin = 0; wanted == done; spin++) {
                    if (spin < SPINS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                done = wanted;
                pool.work(done, ws);
            }
        }
    }
}
