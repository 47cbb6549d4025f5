import java.lang.management.ManagementFactory;
import java.util.Random;

/** The native (or dl4j) regression step of the bench: thread CPU µs and allocated bytes per trainOnBatch. */
public class RegStep {
    public static void main(String[] args) {
        String be = args.length > 0 ? args[0] : "native";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
        Random random = new Random(1);
        int n = 300;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextFloat() * 2 - 1;
            y[i] = 3 * x[i] * x[i] - x[i] + 0.1f * (float) random.nextGaussian();
        }
        // The bench's own regression model (FacadeEngine exists with this method in the old jars too).
        Runnable step = new io.jkeras.bench.FacadeEngine(be).regressionStep(x, y);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 20000; i++) step.run();
        double best = 1e9, bestWall = 1e9; StringBuilder sb = new StringBuilder();
        long allocPer = 0;
        for (int r = 0; r < rounds; r++) {
            long a0 = mx.getThreadAllocatedBytes(tid);
            long c0 = mx.getCurrentThreadCpuTime(); long w0 = System.nanoTime();
            for (int i = 0; i < steps; i++) step.run();
            long c1 = mx.getCurrentThreadCpuTime(); double wall = (System.nanoTime() - w0) / 1e3 / steps; bestWall = Math.min(bestWall, wall);
            long a1 = mx.getThreadAllocatedBytes(tid);
            double us = (c1 - c0) / 1e3 / steps;
            best = Math.min(best, us);
            allocPer = (a1 - a0) / steps;
            sb.append(String.format("%.2f ", us));
        }
        System.out.printf("cpu us/step rounds: %s| best %.2f | best wall %.2f | alloc %d B/step%n", sb, best, bestWall, allocPer);
    }
}
