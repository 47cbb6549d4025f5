import io.jkeras.Tensor;
import io.jkeras.backend.Backend;
import io.jkeras.backend.Backends;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adam;
import java.io.DataInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * The bench's CNN ({@code io.jkeras.bench.Models.cnn()}, Keras's simple MNIST convnet, Adam, batch 128) on one fixed batch of the
 * Fashion-MNIST training images (random ones without the data set): the calling thread's CPU time
 * per trainOnBatch and per predictOnBatch, median over the timed steps, and the loss and a weight
 * checksum after them, which show whether two jars compute the same bits. Run with
 * {@code -Djkeras.native.threads=1} so that all the work is on the calling thread.
 *
 * <pre>java -Djkeras.native.threads=1 --add-modules jdk.incubator.vector -cp /tmp/probes:JAR NativeCnnStep WARMUP STEPS [train]</pre>
 *
 * ({@code train}: training steps only, for a profile of them.)
 */
public class NativeCnnStep {
    public static void main(String[] args) throws IOException {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        boolean predictToo = args.length <= 2 || !args[2].equals("train");
        int n = 128;
        float[] x = new float[n * 784];
        float[] y = new float[n];
        String dir = "/usr/share/datasets/fashion-mnist/";
        try (DataInputStream im = new DataInputStream(new GZIPInputStream(new FileInputStream(dir + "train-images-idx3-ubyte.gz")));
             DataInputStream lb = new DataInputStream(new GZIPInputStream(new FileInputStream(dir + "train-labels-idx1-ubyte.gz")))) {
            im.skipNBytes(16);
            lb.skipNBytes(8);
            for (int i = 0; i < x.length; i++) x[i] = im.readUnsignedByte() / 255f;
            for (int i = 0; i < n; i++) y[i] = lb.readUnsignedByte();
        } catch (IOException e) {
            Random r = new Random(3);
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
            for (int i = 0; i < n; i++) y[i] = r.nextInt(10);
        }
        Backend backend = Backends.create("native");
        // The bench's own model and initial weights (package-private in the bench jar).
        Sequential model;
        try {
            Method cnn = Class.forName("io.jkeras.bench.Models").getDeclaredMethod("cnn");
            cnn.setAccessible(true);
            model = (Sequential) cnn.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the bench jar's Models.cnn()", e);
        }
        model.compile(new Adam(1e-3f), new SparseCategoricalCrossentropy(), List.of(), backend);
        Tensor tx = Tensor.of(x, n, 28, 28, 1);
        Tensor ty = Tensor.of(y, n);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        float loss = 0;
        for (int i = 0; i < warmup; i++) loss = model.trainOnBatch(tx, ty);
        double[] train = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = mx.getCurrentThreadCpuTime();
            loss = model.trainOnBatch(tx, ty);
            train[i] = (mx.getCurrentThreadCpuTime() - t0) / 1e6;
        }
        double sum = 0;
        for (Tensor w : model.getWeights()) {
            for (float v : w.data()) sum += v;
        }
        for (int i = 0; i < (predictToo ? warmup : 0); i++) model.predictOnBatch(tx);
        double[] predict = new double[predictToo ? steps : 1];
        float p = 0;
        for (int i = 0; i < (predictToo ? steps : 0); i++) {
            long t0 = mx.getCurrentThreadCpuTime();
            p = model.predictOnBatch(tx).data()[0];
            predict[i] = (mx.getCurrentThreadCpuTime() - t0) / 1e6;
        }
        System.out.printf("train CPU ms/step median %.2f (min %.2f) | predict median %.2f (min %.2f) | loss %.9g weights sum %.9g p0 %.9g%n",
                median(train), Arrays.stream(train).min().orElse(0), median(predict),
                Arrays.stream(predict).min().orElse(0), loss, sum, p);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
