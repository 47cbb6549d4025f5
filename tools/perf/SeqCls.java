import io.jkeras.Keras;
import io.jkeras.Tensor;
import io.jkeras.layers.*;
import io.jkeras.models.*;
import io.jkeras.optimizers.Adam;
import java.lang.management.ManagementFactory;
import java.util.Random;
/** The sequence-classify sample's model on N generated sequences: wall and process CPU per epoch, memory. */
public class SeqCls {
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]), epochs = Integer.parseInt(a[1]);
        Random rng = new Random(7);
        float[] x = new float[n * 12]; float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int length = 4 + rng.nextInt(9);
            for (int t = 0; t < length; t++) x[i * 12 + t] = 3 + rng.nextInt(7);
            int p = rng.nextInt(length), q = rng.nextInt(length - 1); q = q >= p ? q + 1 : q;
            x[i * 12 + p] = 1; x[i * 12 + q] = 2; y[i] = p < q ? 1f : 0f;
        }
        Keras.setRandomSeed(1);
        Sequential rnn = new Sequential();
        rnn.add(new Input(12).dtype("int32"));
        rnn.add(new Embedding(10, 8).maskZero(true));
        rnn.add(new Bidirectional(new LSTM(16)));
        rnn.add(new Dense(1, "sigmoid"));
        rnn.compile(new Adam(1e-2f), "binary_crossentropy", "accuracy");
        Tensor tx = Tensor.of(x, n, 12), ty = Tensor.of(y, n, 1);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int e = 0; e < epochs; e++) {
            long w0 = System.nanoTime(), c0 = os.getProcessCpuTime();
            rnn.fit(tx, ty, new FitOptions().epochs(1).batchSize(32).verbose(0));
            Runtime rt = Runtime.getRuntime();
            System.out.printf("epoch %d: wall %.2f s, process cpu %.2f s, heap used %d MB of %d MB committed,"
                    + " resident %d MB, javacpp tracked %d MB%n", e + 1,
                (System.nanoTime() - w0) / 1e9, (os.getProcessCpuTime() - c0) / 1e9, (rt.totalMemory() - rt.freeMemory()) >> 20,
                rt.totalMemory() >> 20, org.bytedeco.javacpp.Pointer.physicalBytes() >> 20,
                org.bytedeco.javacpp.Pointer.totalBytes() >> 20);
        }
    }
}
