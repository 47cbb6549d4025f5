import io.jkeras.bench.*;
import java.lang.management.ManagementFactory;

/** The bench's CNN engines (facade dl4j, raw DL4J): epochs alternating, each engine's fresh model, main-thread and process CPU per epoch. */
public class CnnEpoch {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]), rounds = Integer.parseInt(args[1]);
        MnistData data = MnistData.load(n, Integer.parseInt(args[2]));
        Engine[] engines = {new FacadeEngine("dl4j"), new RawDl4jEngine()};
        String[] names = {"facade", "raw"};
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Engine.Model[] models = new Engine.Model[2];
        for (int e = 0; e < 2; e++) { models[e] = engines[e].cnn(data, 128); models[e].trainEpoch(); }
        for (int k = 0; k < rounds; k++) {
            for (int e = 0; e < 2; e++) {
                long t0 = mx.getCurrentThreadCpuTime(), p0 = os.getProcessCpuTime(), w0 = System.nanoTime();
                if (args.length > 3) models[e].predict(); else models[e].trainEpoch();
                System.out.printf("%-6s " + (args.length > 3 ? "predict" : "epoch  ") + " %d: main-thread cpu %.2f s, process cpu %.2f s, wall %.2f s%n", names[e], k,
                    (mx.getCurrentThreadCpuTime() - t0) / 1e9, (os.getProcessCpuTime() - p0) / 1e9, (System.nanoTime() - w0) / 1e9);
            }
        }
    }
}
