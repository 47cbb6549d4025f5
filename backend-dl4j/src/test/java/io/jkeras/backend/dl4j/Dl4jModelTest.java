package io.jkeras.backend.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.activations.Activation;
import io.jkeras.backend.ActivationSpec;
import io.jkeras.backend.BackendConfig;
import io.jkeras.backend.DenseSpec;
import io.jkeras.backend.InputSpec;
import io.jkeras.backend.MergeSpec;
import io.jkeras.backend.NodeSpec;
import io.jkeras.backend.ModelSpec;
import io.jkeras.backend.StepResult;
import io.jkeras.backend.TrainableModel;
import io.jkeras.backend.TrainingSpec;
import io.jkeras.losses.CategoricalCrossentropy;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.optimizers.SGD;
import io.jkeras.regularizers.Regularizer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A compiled model on the dl4j backend against a reference written here in double precision:
 * a 3-4-2 network with tanh, a hand-written forward and backward pass, and one SGD step.
 */
class Dl4jModelTest {
    /** The backend the model tests share. */
    static final Dl4jBackend BACKEND = new Dl4jBackend(BackendConfig.defaults());

    /** A tensor of normal values with standard deviation 0.5. */
    static Tensor random(Random rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) rng.nextGaussian() * 0.5f;
        }
        return t;
    }

    private static ModelSpec twoLayers(Regularizer kernelReg) {
        return ModelSpec.chain("m", new InputSpec("input", new int[] {3}), List.of(
                new DenseSpec("dense", 3, 4, Activation.TANH, true, kernelReg, null),
                new DenseSpec("dense_1", 4, 2, Activation.LINEAR, true, null, null)));
    }

    private static Map<String, List<Tensor>> weights(List<Tensor> dense, List<Tensor> dense1) {
        return Map.of("dense", dense, "dense_1", dense1);
    }

    /** The reference: loss and gradients of mse(tanh(x W1 + b1) W2 + b2, y), plus l2 on W1, in double. */
    private static double reference(float[] x, float[] y, int n, List<Tensor> l1, List<Tensor> l2, float l2Factor,
            double[][] gradsOut) {
        float[] w1 = l1.get(0).data();
        float[] b1 = l1.get(1).data();
        float[] w2 = l2.get(0).data();
        float[] b2 = l2.get(1).data();
        double loss = 0;
        double[] gw1 = new double[12];
        double[] gb1 = new double[4];
        double[] gw2 = new double[8];
        double[] gb2 = new double[2];
        for (int s = 0; s < n; s++) {
            double[] h = new double[4];
            for (int j = 0; j < 4; j++) {
                double z = b1[j];
                for (int i = 0; i < 3; i++) {
                    z += x[s * 3 + i] * w1[i * 4 + j];
                }
                h[j] = Math.tanh(z);
            }
            double[] dh = new double[4];
            for (int k = 0; k < 2; k++) {
                double o = b2[k];
                for (int j = 0; j < 4; j++) {
                    o += h[j] * w2[j * 2 + k];
                }
                double e = o - y[s * 2 + k];
                loss += e * e / 2 / n;
                double dOut = 2 * e / 2 / n;
                gb2[k] += dOut;
                for (int j = 0; j < 4; j++) {
                    gw2[j * 2 + k] += h[j] * dOut;
                    dh[j] += w2[j * 2 + k] * dOut;
                }
            }
            for (int j = 0; j < 4; j++) {
                double dz = dh[j] * (1 - h[j] * h[j]);
                gb1[j] += dz;
                for (int i = 0; i < 3; i++) {
                    gw1[i * 4 + j] += x[s * 3 + i] * dz;
                }
            }
        }
        for (int i = 0; i < 12; i++) {
            loss += l2Factor * (double) w1[i] * w1[i];
            gw1[i] += 2 * l2Factor * w1[i];
        }
        gradsOut[0] = gw1;
        gradsOut[1] = gb1;
        gradsOut[2] = gw2;
        gradsOut[3] = gb2;
        return loss;
    }

    @Test
    void sgdStepMatchesHandWrittenBackpropagationWithL2() {
        Random rng = new Random(7);
        List<Tensor> l1 = List.of(random(rng, 3, 4), random(rng, 4));
        List<Tensor> l2 = List.of(random(rng, 4, 2), random(rng, 2));
        Tensor x = random(rng, 5, 3);
        Tensor y = random(rng, 5, 2);
        float lr = 0.1f;
        try (TrainableModel m = BACKEND.build(twoLayers(Regularizer.l2(0.01f)),
                new TrainingSpec(new MeanSquaredError(), new SGD(lr)), weights(l1, l2))) {
            double[][] g = new double[4][];
            double expectedLoss = reference(x.data(), y.data(), 5, l1, l2, 0.01f, g);
            assertEquals(expectedLoss, m.testOnBatch(List.of(x), List.of(y), false).loss(), 1e-6);
            StepResult r = m.trainOnBatch(List.of(x), List.of(y), false);
            assertEquals(expectedLoss, r.loss(), 1e-6);
            assertNull(r.predictions());
            assertEquals(1, m.iterations());
            List<Tensor> after1 = m.getWeights("dense");
            List<Tensor> after2 = m.getWeights("dense_1");
            float[][] before = {l1.get(0).data(), l1.get(1).data(), l2.get(0).data(), l2.get(1).data()};
            float[][] now = {after1.get(0).data(), after1.get(1).data(), after2.get(0).data(), after2.get(1).data()};
            for (int v = 0; v < 4; v++) {
                for (int i = 0; i < before[v].length; i++) {
                    assertEquals(before[v][i] - lr * g[v][i], now[v][i], 1e-6, "variable " + v + " value " + i);
                }
            }
        }
    }

    @Test
    void weightsKeepKerasLayoutThroughSetAndGet() {
        float[] kernel = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        List<Tensor> l1 = List.of(Tensor.of(kernel, 3, 4), Tensor.vector(0.5f, -0.5f, 1.5f, -1.5f));
        List<Tensor> l2 = List.of(Tensor.zeros(4, 2), Tensor.zeros(2));
        try (TrainableModel m = BACKEND.build(twoLayers(null), new TrainingSpec(new MeanSquaredError(), new SGD()),
                weights(l1, l2))) {
            assertEquals(l1, m.getWeights("dense"));
            assertArrayEquals(new int[] {3, 4}, m.getWeights("dense").get(0).shape());
            m.setWeights("dense_1", List.of(Tensor.of(new float[] {1, 0, 0, 1, 0, 0, 0, 0}, 4, 2), Tensor.vector(0, 0)));
            // With x = (1, 0, 0) the hidden layer is tanh(kernel row 0 + bias); the output picks units 0 and 1.
            Tensor out = m.predictOnBatch(List.of(Tensor.of(new float[] {1, 0, 0}, 1, 3))).get(0);
            assertEquals((float) Math.tanh(1.5), out.get(0, 0), 1e-6);
            assertEquals((float) Math.tanh(1.5), out.get(0, 1), 1e-6);
        }
    }

    @Test
    void trainingStepReturnsThePredictionsOfItsForwardPass() {
        Random rng = new Random(3);
        ModelSpec spec = ModelSpec.chain("c", new InputSpec("input", new int[] {3}), List.of(
                new DenseSpec("dense", 3, 4, Activation.LINEAR, true, null, null),
                new ActivationSpec("activation", 4, Activation.SOFTMAX)));
        try (TrainableModel m = BACKEND.build(spec, new TrainingSpec(new CategoricalCrossentropy(), new SGD(0.5f)),
                Map.of("dense", List.of(random(rng, 3, 4), random(rng, 4))))) {
            Tensor x = random(rng, 6, 3);
            Tensor y = Tensor.zeros(6, 4);
            for (int i = 0; i < 6; i++) {
                y.set(1f, i, i % 4);
            }
            Tensor before = m.predictOnBatch(List.of(x)).get(0);
            StepResult test = m.testOnBatch(List.of(x), List.of(y), true);
            StepResult r = m.trainOnBatch(List.of(x), List.of(y), true);
            assertTrue(before.allClose(r.prediction(0), 0, 1e-7f));
            assertTrue(before.allClose(test.prediction(0), 0, 1e-7f));
            assertEquals(test.loss(), r.loss(), 1e-6);
            assertEquals(test.loss(), test.outputLosses()[0], 1e-7, "one output of weight 1");
            assertTrue(m.testOnBatch(List.of(x), List.of(y), false).loss() < r.loss(), "one step of SGD lowers the loss");
        }
    }

    @Test
    void closedModelSaysSo() {
        TrainableModel m = BACKEND.build(twoLayers(null), new TrainingSpec(new MeanSquaredError(), new SGD()),
                weights(List.of(Tensor.zeros(3, 4), Tensor.zeros(4)), List.of(Tensor.zeros(4, 2), Tensor.zeros(2))));
        m.close();
        KerasException e = assertThrows(KerasException.class, () -> m.predictOnBatch(List.of(Tensor.zeros(1, 3))));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void wrongInitialWeightShapeIsAKerasError() {
        KerasException e = assertThrows(KerasException.class, () -> BACKEND.build(twoLayers(null),
                new TrainingSpec(new MeanSquaredError(), new SGD()),
                weights(List.of(Tensor.zeros(4, 3), Tensor.zeros(4)), List.of(Tensor.zeros(4, 2), Tensor.zeros(2)))));
        assertTrue(e.getMessage().contains("kernel of shape (3, 4)"), e.getMessage());
    }

    @Test
    void unknownLayerNameListsTheModelsLayers() {
        try (TrainableModel m = BACKEND.build(twoLayers(null), null,
                weights(List.of(Tensor.zeros(3, 4), Tensor.zeros(4)), List.of(Tensor.zeros(4, 2), Tensor.zeros(2))))) {
            KerasException e = assertThrows(KerasException.class, () -> m.getWeights("dense_7"));
            assertTrue(e.getMessage().contains("'m'") && e.getMessage().contains("dense, dense_1"), e.getMessage());
            assertEquals(List.of(2, 2), List.of(m.predictOnBatch(List.of(Tensor.zeros(2, 3))).get(0).dim(0),
                    m.predictOnBatch(List.of(Tensor.zeros(2, 3))).get(0).dim(1)), "an inference-only model predicts");
            e = assertThrows(KerasException.class,
                    () -> m.trainOnBatch(List.of(Tensor.zeros(2, 3)), List.of(Tensor.zeros(2, 2)), false));
            assertTrue(e.getMessage().contains("inference only"), e.getMessage());
        }
    }

    @Test
    void sharedLayerGetsTheSumOfItsNodesGradients() {
        // y = d(a) + d(b) with one Dense d, loss mse: one SGD step equals the hand-summed gradient.
        Random rng = new Random(5);
        List<Tensor> dw = List.of(random(rng, 2, 1), random(rng, 1));
        ModelSpec spec = new ModelSpec("s", List.of(new InputSpec("a", new int[] {2}), new InputSpec("b", new int[] {2})),
                List.of(new DenseSpec("d", 2, 1, Activation.LINEAR, true, null, null),
                        new MergeSpec("add", MergeSpec.Op.ADD, new int[] {1}, 2)),
                List.of(new NodeSpec("d", List.of("a"), "d:0"), new NodeSpec("d", List.of("b"), "d:1"),
                        new NodeSpec("add", List.of("d:0", "d:1"), "add")),
                List.of("add"));
        Tensor a = random(rng, 4, 2);
        Tensor b = random(rng, 4, 2);
        Tensor y = random(rng, 4, 1);
        float[] k = dw.get(0).data();
        float bias = dw.get(1).data()[0];
        double[] gk = new double[2];
        double gb = 0;
        for (int s = 0; s < 4; s++) {
            double out = 2 * bias;
            for (int i = 0; i < 2; i++) {
                out += (a.data()[s * 2 + i] + b.data()[s * 2 + i]) * k[i];
            }
            double d = 2 * (out - y.data()[s]) / 4;
            for (int i = 0; i < 2; i++) {
                gk[i] += d * (a.data()[s * 2 + i] + b.data()[s * 2 + i]);
            }
            gb += 2 * d;
        }
        try (TrainableModel m = BACKEND.build(spec, new TrainingSpec(new MeanSquaredError(), new SGD(1f)),
                Map.of("d", dw))) {
            m.trainOnBatch(List.of(a, b), List.of(y), false);
            List<Tensor> after = m.getWeights("d");
            for (int i = 0; i < 2; i++) {
                assertEquals(k[i] - gk[i], after.get(0).data()[i], 1e-6, "kernel " + i);
            }
            assertEquals(bias - gb, after.get(1).data()[0], 1e-6, "bias");
            assertEquals(List.of(), m.getWeights("add"));
        }
    }

    @Test
    void maximumAndMinimumSendTheGradientOfATieToTheFirstInput() {
        for (MergeSpec.Op op : List.of(MergeSpec.Op.MAXIMUM, MergeSpec.Op.MINIMUM)) {
            ModelSpec spec = new ModelSpec("t", List.of(new InputSpec("a", new int[] {1}), new InputSpec("b", new int[] {1})),
                    List.of(new DenseSpec("d1", 1, 1, Activation.LINEAR, true, null, null),
                            new DenseSpec("d2", 1, 1, Activation.LINEAR, true, null, null),
                            new MergeSpec("m", op, new int[] {1}, 2)),
                    List.of(new NodeSpec("d1", List.of("a"), "d1"), new NodeSpec("d2", List.of("b"), "d2"),
                            new NodeSpec("m", List.of("d1", "d2"), "m")),
                    List.of("m"));
            List<Tensor> one = List.of(Tensor.of(new float[] {1}, 1, 1), Tensor.vector(0));
            try (TrainableModel m = BACKEND.build(spec, new TrainingSpec(new MeanSquaredError(), new SGD(0.1f)),
                    Map.of("d1", one, "d2", one))) {
                Tensor x = Tensor.of(new float[] {1}, 1, 1);
                // Both inputs are 1; d(mse)/d(out) = 2, so the first input's kernel moves by -0.2.
                m.trainOnBatch(List.of(x, x), List.of(Tensor.zeros(1, 1)), false);
                assertEquals(0.8f, m.getWeights("d1").get(0).data()[0], 1e-6, op + ": first input");
                assertEquals(1f, m.getWeights("d2").get(0).data()[0], 0, op + ": second input");
            }
        }
    }
}
