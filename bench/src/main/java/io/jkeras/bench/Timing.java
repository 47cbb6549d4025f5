package io.jkeras.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/** Medians and allocation measurements. */
public final class Timing {

    private Timing() {
    }

    /** The median of the values (the mean of the middle two for an even count). */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /**
     * Bytes allocated on the Java heap by this thread per run of {@code action}, over {@code steps}
     * runs after as many untimed ones. Threads the action hands work to are not counted, nor is
     * memory outside the Java heap (ND4J's buffers).
     */
    public static double allocatedBytesPerRun(int steps, Runnable action) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int i = 0; i < steps; i++) {
            action.run();
        }
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < steps; i++) {
            action.run();
        }
        return (double) (threads.getThreadAllocatedBytes(id) - before) / steps;
    }
}
