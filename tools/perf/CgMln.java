import io.jkeras.Keras;
import io.jkeras.Tensor;
import io.jkeras.backend.Backends;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adam;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.*;
import org.deeplearning4j.nn.conf.layers.*;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** In one JVM: the facade's MLP step beside DL4J's own MultiLayerNetwork and ComputationGraph gradient steps. */
public class CgMln {
    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[0]), steps = Integer.parseInt(args[1]);
        var facadeBackend = Backends.create("dl4j");
        Batch batch = Batch.mnistLike(128);
        int n = batch.n();
        float[] x = batch.x(), y = batch.y(), oh = batch.oneHot();
        Keras.setRandomSeed(42);
        Sequential model = new Sequential();
        model.add(new Input(784)); model.add(new Dense(512, "relu")); model.add(new Dense(256, "relu")); model.add(new Dense(10, "softmax"));
        model.compile(new Adam(1e-3f), new SparseCategoricalCrossentropy(), List.of(), facadeBackend);
        Tensor tx = Tensor.of(x, n, 784), ty = Tensor.of(y, n);
        INDArray X = Nd4j.create(x, new long[]{n, 784}, DataType.FLOAT), Y = Nd4j.create(oh, new long[]{n, 10}, DataType.FLOAT);
        MultiLayerNetwork mln = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).updater(new NoOp()).weightInit(WeightInit.XAVIER).seed(1).list()
            .layer(new DenseLayer.Builder().nIn(784).nOut(512).activation(Activation.RELU).build())
            .layer(new DenseLayer.Builder().nIn(512).nOut(256).activation(Activation.RELU).build())
            .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(256).nOut(10).activation(Activation.SOFTMAX).build()).build());
        mln.init(); mln.initGradientsView();
        ComputationGraph cg = new ComputationGraph(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).updater(new NoOp()).weightInit(WeightInit.XAVIER).seed(1).graphBuilder()
            .addInputs("in")
            .addLayer("d1", new DenseLayer.Builder().nIn(784).nOut(512).activation(Activation.RELU).build(), "in")
            .addLayer("d2", new DenseLayer.Builder().nIn(512).nOut(256).activation(Activation.RELU).build(), "d1")
            .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nIn(256).nOut(10).activation(Activation.SOFTMAX).build(), "d2")
            .setOutputs("out").build());
        cg.init(); cg.initGradientsView();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Runnable[] runs = {
            () -> model.trainOnBatch(tx, ty),
            () -> { mln.setInput(X); mln.setLabels(Y); mln.computeGradientAndScore(); },
            () -> { cg.setInputs(X); cg.setLabels(Y); cg.computeGradientAndScore(); },
        };
        String[] names = {"facade", "rawMLN", "rawCG"};
        for (Runnable run : runs) for (int i = 0; i < 40; i++) run.run();
        double[][] cpu = new double[3][rounds], proc = new double[3][rounds];
        for (int k = 0; k < rounds; k++) {
            for (int e = 0; e < 3; e++) {
                long t0 = mx.getCurrentThreadCpuTime(), p0 = os.getProcessCpuTime();
                for (int i = 0; i < steps; i++) runs[e].run();
                cpu[e][k] = (mx.getCurrentThreadCpuTime() - t0) / 1e6 / steps;
                proc[e][k] = (os.getProcessCpuTime() - p0) / 1e6 / steps;
            }
        }
        for (int e = 0; e < 3; e++) {
            double[] c = cpu[e].clone(); java.util.Arrays.sort(c); double[] p = proc[e].clone(); java.util.Arrays.sort(p);
            System.out.printf("%-7s thread cpu ms/step min %.2f median %.2f | process cpu min %.2f median %.2f%n", names[e], c[0], c[c.length / 2], p[0], p[p.length / 2]);
        }
    }
}
