import io.jkeras.*;
import io.jkeras.layers.*;
import io.jkeras.models.*;
import io.jkeras.losses.*;
import io.jkeras.optimizers.*;
import io.jkeras.backend.*;
import java.nio.file.*;
import java.util.*;
import org.bytedeco.javacpp.Pointer;

/**
 * Measures one dl4j model call's off-heap memory (docs/reliability.md, "Off-heap memory on dl4j").
 * Not part of the build; run with tools/offheap/probe.sh.
 *
 * <p>Arguments: MODE (predict, predictb, evaluate, train, fit) and N (the batch size). Properties:
 * -Dmodel=mlp|conv|lstm, -Dreps=3 (calls), -Destimate=1 (print jkeras's estimate first, through
 * Dl4jMemory's test hook), -Ddestroy=1 (free the thread's workspaces after each call). Each call
 * prints its peak resident growth ("STEP peak-before"), read from VmHWM after resetting it through
 * /proc/self/clear_refs, and the bytes in ND4J's workspaces.
 */
public class OffHeapProbe {
    static long rss() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("\\D", "")) * 1024;
        return -1;
    }
    static long hwm() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) if (l.startsWith("VmHWM:")) return Long.parseLong(l.replaceAll("\\D", "")) * 1024;
        return -1;
    }
    static void p(String what) throws Exception {
        System.out.printf("%-28s rss=%,d hwm=%,d javacppTotal=%,d physical=%,d max=%,d maxPhys=%,d heapUsed=%,d%n", what, rss(), hwm(),
            Pointer.totalBytes(), Pointer.physicalBytes(), Pointer.maxBytes(), Pointer.maxPhysicalBytes(),
            Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
    }
    static void resetHwm() throws Exception { Files.writeString(Path.of("/proc/self/clear_refs"), "5"); }
    static long ws() { return org.nd4j.linalg.api.memory.AllocationsTracker.getInstance().bytesOnDevice(org.nd4j.linalg.api.memory.enums.AllocationKind.WORKSPACE, 0); }
    public static void main(String[] a) throws Exception {
        String mode = a[0];
        int n = Integer.parseInt(a[1]);
        int width = a.length > 2 ? Integer.parseInt(a[2]) : 4096;
        p("start");
        Keras.setRandomSeed(1);
        String kind = System.getProperty("model", "mlp");
        int[] inShape = kind.equals("conv") ? new int[] {28, 28, 1} : kind.equals("lstm") ? new int[] {50, 32} : new int[] {784};
        Sequential m;
        if (kind.equals("conv")) m = new Sequential().add(new Input(inShape)).add(new Conv2D(32, 3, "relu")).add(new Conv2D(64, 3, "relu")).add(new Flatten()).add(new Dense(10).activation(io.jkeras.activations.Activation.SOFTMAX));
        else if (kind.equals("lstm")) m = new Sequential().add(new Input(inShape)).add(new LSTM(128)).add(new Dense(10).activation(io.jkeras.activations.Activation.SOFTMAX));
        else m = new Sequential().add(new Input(784)).add(new Dense(width).activation(io.jkeras.activations.Activation.RELU)).add(new Dense(width).activation(io.jkeras.activations.Activation.RELU)).add(new Dense(10).activation(io.jkeras.activations.Activation.SOFTMAX));
        m.compile(new Adam(0.001f), new CategoricalCrossentropy(), List.of(), Backends.create("dl4j"));
        p("compiled");
        int[] xs = new int[inShape.length + 1]; xs[0] = n; System.arraycopy(inShape, 0, xs, 1, inShape.length); Tensor x = Tensor.zeros(xs);
        Tensor y = Tensor.zeros(n, 10);
        p("data made");
        if (System.getProperty("estimate") != null) {
            var meth = Class.forName("io.jkeras.backend.dl4j.Dl4jMemory").getDeclaredMethod("setLimitsForTest", long[].class);
            meth.setAccessible(true);
            meth.invoke(null, (Object) new long[] {Long.MAX_VALUE, 1});
            try { if (mode.startsWith("predict")) m.predictOnBatch(x); else if (mode.equals("evaluate")) m.testOnBatch(x, y); else m.trainOnBatch(x, y); } catch (Exception e) { System.out.println("ESTIMATE " + e.getMessage().replaceAll(".*needs up to (\\d+) bytes.*", "$1")); }
            meth.invoke(null, (Object) null);
        }
        try {
            for (int rep = 0; rep < Integer.getInteger("reps", 3); rep++) {
                long before = rss(); resetHwm();
                switch (mode) {
                    case "predict" -> m.predictOnBatch(x);
                    case "predictb" -> m.predict(x, n, 0);
                    case "evaluate" -> m.evaluate(x, y, n, 0);
                    case "train" -> m.trainOnBatch(x, y);
                    case "fit" -> m.fit(x, y, 1, n, 0);
                }
                long peak = hwm();
                p(mode + " " + n + " rep " + rep);
                System.out.printf("  STEP peak-before=%,d  (%.1f B/sample) after-before=%,d ws=%,d%n", peak - before, (peak - before) / (double) n, rss() - before, ws());
                if (System.getProperty("destroy") != null) { org.nd4j.linalg.factory.Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread(); System.out.printf("  destroyed: rss=%,d ws=%,d%n", rss(), ws()); }
            }
        } catch (Throwable t) {
            p("failed");
            System.out.println("THROWN " + t.getClass().getName() + ": " + t.getMessage());
            Throwable c = t.getCause();
            while (c != null) { System.out.println("  cause " + c.getClass().getName() + ": " + c.getMessage()); c = c.getCause(); }
        }
    }
}
