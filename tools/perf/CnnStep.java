import io.jkeras.Keras;
import io.jkeras.Tensor;
import io.jkeras.backend.Backends;
import io.jkeras.layers.*;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adam;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.*;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.*;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** In one JVM: the facade's CNN step (dl4j) beside raw DL4J's MultiLayerNetwork in NCHW and in NHWC. */
public class CnnStep {
    static MultiLayerNetwork raw(CNN2DFormat f) {
        InputType in = f == CNN2DFormat.NCHW ? InputType.convolutionalFlat(28, 28, 1) : InputType.convolutional(28, 28, 1, f);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
            .updater(new org.nd4j.linalg.learning.config.Adam(1e-3, 0.9, 0.999, 1e-7)).weightInit(WeightInit.XAVIER).seed(1).list()
            .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).dataFormat(f).activation(Activation.RELU).build())
            .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).dataFormat(f).build())
            .layer(new ConvolutionLayer.Builder(3, 3).nOut(64).dataFormat(f).activation(Activation.RELU).build())
            .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).dataFormat(f).build())
            .layer(new DropoutLayer.Builder(0.5).build())
            .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
            .setInputType(in).build());
        net.init();
        return net;
    }
    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[0]), steps = Integer.parseInt(args[1]);
        String only = args.length > 2 ? args[2] : "facade,nchw,nhwc";
        var facadeBackend = Backends.create("dl4j");
        Batch batch = Batch.mnistLike(128);
        int n = batch.n();
        float[] x = batch.x(), y = batch.y(), oh = batch.oneHot();
        Keras.setRandomSeed(42);
        Sequential model = new Sequential();
        model.add(new Input(28, 28, 1)); model.add(new Conv2D(32, 3, "relu")); model.add(new MaxPooling2D(2));
        model.add(new Conv2D(64, 3, "relu")); model.add(new MaxPooling2D(2)); model.add(new Flatten());
        model.add(new Dropout(0.5f)); model.add(new Dense(10, "softmax"));
        model.compile(new Adam(1e-3f), new SparseCategoricalCrossentropy(), List.of(), facadeBackend);
        Tensor tx = Tensor.of(x, n, 28, 28, 1), ty = Tensor.of(y, n);
        INDArray Y = Nd4j.create(oh, new long[]{n, 10}, DataType.FLOAT);
        MultiLayerNetwork nchw = raw(CNN2DFormat.NCHW), nhwc = raw(CNN2DFormat.NHWC);
        DataSet dsC = new DataSet(Nd4j.create(x, new long[]{n, 784}, DataType.FLOAT), Y);
        DataSet dsH = new DataSet(Nd4j.create(x, new long[]{n, 28, 28, 1}, DataType.FLOAT), Y);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String[] all = {"facade", "nchw", "nhwc"};
        Runnable[] allRuns = { () -> model.trainOnBatch(tx, ty), () -> nchw.fit(dsC), () -> nhwc.fit(dsH) };
        java.util.List<Integer> sel = new java.util.ArrayList<>();
        for (int e = 0; e < 3; e++) if (only.contains(all[e])) sel.add(e);
        for (int e : sel) for (int i = 0; i < 15; i++) allRuns[e].run();
        double[][] cpu = new double[3][rounds], proc = new double[3][rounds], wall = new double[3][rounds];
        for (int k = 0; k < rounds; k++) {
            for (int e : sel) {
                long t0 = mx.getCurrentThreadCpuTime(), p0 = os.getProcessCpuTime(), w0 = System.nanoTime();
                for (int i = 0; i < steps; i++) allRuns[e].run();
                cpu[e][k] = (mx.getCurrentThreadCpuTime() - t0) / 1e6 / steps;
                proc[e][k] = (os.getProcessCpuTime() - p0) / 1e6 / steps;
                wall[e][k] = (System.nanoTime() - w0) / 1e6 / steps;
            }
        }
        for (int e : sel) {
            double[] c = cpu[e].clone(); java.util.Arrays.sort(c); double[] p = proc[e].clone(); java.util.Arrays.sort(p);
            double[] w = wall[e].clone(); java.util.Arrays.sort(w);
            System.out.printf("%-7s thread cpu ms/step min %.2f median %.2f | process cpu min %.2f median %.2f | wall min %.2f median %.2f%n", all[e], c[0], c[c.length / 2], p[0], p[p.length / 2], w[0], w[w.length/2]);
        }
    }
}
