package io.jkeras.backend.dl4j;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.activations.Activation;
import io.jkeras.backend.Backend;
import io.jkeras.backend.BackendConfig;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adam;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The child JVM of {@link Dl4jOffHeapProcessTest}, run under JavaCPP's real limits: it prints one
 * line per finding ({@code REFUSED}, {@code OOM}, {@code UNCHANGED}, {@code USABLE}, {@code RSS}).
 */
final class Dl4jOffHeapChild {
    private Dl4jOffHeapChild() {
    }

    private static long status(String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }

    private static List<float[]> weights(Sequential m) {
        List<float[]> out = new ArrayList<>();
        for (Tensor t : m.getWeights()) {
            out.add(t.data().clone());
        }
        return out;
    }

    private static boolean same(List<float[]> a, List<float[]> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return a.size() == b.size();
    }

    /** Runs the cases; the argument is the batch size whose step passes JavaCPP's physical limit. */
    public static void main(String[] args) throws Exception {
        int big = Integer.parseInt(args[0]);
        Backend backend = new Dl4jBackendProvider().create(BackendConfig.defaults());
        Keras.setRandomSeed(5);
        Sequential m = new Sequential().add(new Input(784)).add(new Dense(1024).activation(Activation.RELU))
                .add(new BatchNormalization()).add(new Dense(1024).activation(Activation.RELU)).add(new Dense(10));
        m.compile(new Adam(0.001f), new MeanSquaredError(), List.of(), backend);
        Tensor x = Tensor.full(0.5f, 32, 784);
        Tensor y = Tensor.full(1f, 32, 10);
        m.trainOnBatch(x, y);
        List<float[]> before = weights(m);
        float[] predicted = m.predictOnBatch(x).data();
        Tensor bigX = Tensor.full(0.5f, big, 784);
        Tensor bigY = Tensor.full(1f, big, 10);
        System.out.println("RSS before " + status("VmRSS"));
        try {
            m.trainOnBatch(bigX, bigY);
            System.out.println("REFUSED none");
        } catch (KerasException e) {
            System.out.println("REFUSED " + e.getMessage());
        }
        System.out.println("RSS refused " + status("VmHWM"));
        // jkeras's checks off: the step runs into JavaCPP's own check of the resident memory.
        Dl4jMemory.setLimitsForTest(new long[] {0, 0});
        try {
            m.trainOnBatch(bigX, bigY);
            System.out.println("OOM none");
        } catch (KerasException e) {
            System.out.println("OOM " + e.getMessage().replace('\n', ' '));
        }
        Dl4jMemory.setLimitsForTest(null);
        System.out.println("UNCHANGED " + same(before, weights(m)) + " " + Arrays.equals(predicted, m.predictOnBatch(x).data()));
        System.out.println("USABLE " + m.trainOnBatch(x, y));
        System.out.println("RSS peak " + status("VmHWM"));
    }
}
