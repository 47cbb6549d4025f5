import io.jkeras.Keras;
import io.jkeras.Tensor;
import io.jkeras.backend.Backend;
import io.jkeras.backend.Backends;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adam;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;

/** The facade's MLP trainOnBatch (784-512-256-10, Adam, batch 128): process and main-thread CPU per step. */
public class MlpStep {
    public static void main(String[] args) {
        String be = args.length > 0 ? args[0] : "dl4j";
        int rounds = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        Backend backend = Backends.create(be);
        int n = 128;
        Random r = new Random(3);
        float[] x = new float[n * 784];
        float[] y = new float[n];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
        for (int i = 0; i < n; i++) y[i] = r.nextInt(10);
        Keras.setRandomSeed(42);
        Sequential model = new Sequential();
        model.add(new Input(784));
        model.add(new Dense(512, "relu"));
        model.add(new Dense(256, "relu"));
        model.add(new Dense(10, "softmax"));
        model.compile(new Adam(1e-3f), new SparseCategoricalCrossentropy(), List.of(), backend);
        Tensor tx = Tensor.of(x, n, 784);
        Tensor ty = Tensor.of(y, n);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 50; i++) model.trainOnBatch(tx, ty);
        StringBuilder sb = new StringBuilder();
        double bestCpu = 1e9, bestWall = 1e9, sumCpu = 0, sumThr = 0;
        for (int k = 0; k < rounds; k++) {
            long c0 = os.getProcessCpuTime(), w0 = System.nanoTime(), t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < steps; i++) model.trainOnBatch(tx, ty);
            double cpu = (os.getProcessCpuTime() - c0) / 1e6 / steps, wall = (System.nanoTime() - w0) / 1e6 / steps;
            double thr = (mx.getCurrentThreadCpuTime() - t0) / 1e6 / steps;
            bestCpu = Math.min(bestCpu, cpu); bestWall = Math.min(bestWall, wall); sumCpu += cpu; sumThr += thr;
            sb.append(String.format("%.1f/%.1f ", cpu, wall));
        }
        System.out.printf("procCPU/wall ms per step: %s| best cpu %.2f wall %.2f | mean cpu %.2f | mean main-thread cpu %.2f%n", sb, bestCpu, bestWall, sumCpu / rounds, sumThr / rounds);
    }
}
