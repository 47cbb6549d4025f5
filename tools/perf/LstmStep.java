import io.jkeras.bench.Engine;
import io.jkeras.bench.FacadeEngine;
import io.jkeras.bench.RawDl4jEngine;
import io.jkeras.bench.SequenceData;
import java.lang.management.ManagementFactory;

/**
 * The bench's LSTM workload (LSTM(128) over 64 steps of 8 features, Dense(1), batch 128): the dl4j
 * facade's training step and one-batch predict beside raw DL4J's, in one JVM, taking turns; prints
 * the median (and least) main-thread CPU, process CPU and wall time per call.
 * Arguments: rounds, calls per round, and optionally {@code step} or {@code predict} alone.
 */
public class LstmStep {
    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[0]);
        int calls = Integer.parseInt(args[1]);
        String what = args.length > 2 ? args[2] : "both";
        SequenceData data = SequenceData.make(128);
        Engine.Model facade = new FacadeEngine("dl4j").lstm(data, 128);
        Engine.Model raw = new RawDl4jEngine().lstm(data, 128);
        Runnable fStep = facade.trainStep(), rStep = raw.trainStep();
        Runnable fPred = facade::predict, rPred = raw::predict;
        String[] labels = {"facade step", "raw step", "facade predict", "raw predict"};
        Runnable[] actions = {fStep, rStep, fPred, rPred};
        boolean[] on = {!what.equals("predict"), !what.equals("predict"), !what.equals("step"), !what.equals("step")};
        for (int i = 0; i < 4; i++) if (on[i]) for (int k = 0; k < 3; k++) actions[i].run();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double[][] thr = new double[4][rounds], proc = new double[4][rounds], wall = new double[4][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < 4; i++) {
                if (!on[i]) continue;
                long c0 = os.getProcessCpuTime(), w0 = System.nanoTime(), t0 = mx.getCurrentThreadCpuTime();
                long a0 = mx.getCurrentThreadAllocatedBytes();
                for (int k = 0; k < calls; k++) actions[i].run();
                thr[i][r] = (mx.getCurrentThreadCpuTime() - t0) / 1e6 / calls;
                proc[i][r] = (os.getProcessCpuTime() - c0) / 1e6 / calls;
                wall[i][r] = (System.nanoTime() - w0) / 1e6 / calls;
            }
        }
        for (int i = 0; i < 4; i++) {
            if (!on[i]) continue;
            java.util.Arrays.sort(thr[i]); java.util.Arrays.sort(proc[i]); java.util.Arrays.sort(wall[i]);
            System.out.printf("%-15s ms/call  thread %.1f (min %.1f)  process %.1f (min %.1f)  wall %.1f (min %.1f)%n", labels[i],
                thr[i][rounds / 2], thr[i][0], proc[i][rounds / 2], proc[i][0], wall[i][rounds / 2], wall[i][0]);
        }
    }
}
