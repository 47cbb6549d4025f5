package io.jkeras.backend.nativebackend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Tensor;
import io.jkeras.activations.Activation;
import io.jkeras.backend.Backend;
import io.jkeras.backend.BackendConfig;
import io.jkeras.backend.ConcatenateSpec;
import io.jkeras.backend.DenseSpec;
import io.jkeras.backend.InputSpec;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.MergeSpec;
import io.jkeras.backend.ModelSpec;
import io.jkeras.backend.NodeSpec;
import io.jkeras.backend.ReshapeSpec;
import io.jkeras.backend.StepResult;
import io.jkeras.backend.TrainableModel;
import io.jkeras.backend.TrainingSpec;
import io.jkeras.backend.VariableSpec;
import io.jkeras.losses.Loss;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.optimizers.SGD;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The graph runner's edge cases, each checked against a plain reference: every variable's
 * gradient (read back from one SGD step with learning rate 1) against central finite differences
 * of the total loss, within {@code 2e-3 + 2e-2 |numeric|} (float32 losses, step {@code h = 1e-2}),
 * and forward values against hand-computed ones.
 */
class NativeGraphTest {
    private static final Backend BACKEND = new NativeBackendProvider().create(BackendConfig.defaults());
    private static final float H = 1e-2f;

    private static DenseSpec dense(String name, int[] in, int units, Activation activation) {
        return new DenseSpec(name, in, units, activation, true, null, null);
    }

    private static NodeSpec node(String layer, String... inputs) {
        return new NodeSpec(layer, List.of(inputs), layer);
    }

    private static Tensor random(Random r, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian() * 0.7f;
        }
        return t;
    }

    private static Map<String, List<Tensor>> randomWeights(ModelSpec spec, Random r) {
        Map<String, List<Tensor>> w = new LinkedHashMap<>();
        for (LayerSpec l : spec.layers()) {
            List<Tensor> vs = new ArrayList<>();
            for (VariableSpec v : l.variables()) {
                vs.add(random(r, v.shape()));
            }
            w.put(l.name(), vs);
        }
        return w;
    }

    /** Every variable's gradient of the weighted total loss against central finite differences. */
    private static void assertGradientsMatchFiniteDifferences(ModelSpec spec, List<Loss> losses, float[] lossWeights,
            List<Tensor> x, List<Tensor> y, long seed) {
        Map<String, List<Tensor>> w0 = randomWeights(spec, new Random(seed));
        TrainingSpec training = new TrainingSpec(losses, lossWeights, new SGD(1f));
        int checked = 0;
        try (TrainableModel stepped = BACKEND.build(spec, training, w0);
                TrainableModel probe = BACKEND.build(spec, training, w0)) {
            stepped.trainOnBatch(x, y, false);
            for (LayerSpec l : spec.layers()) {
                List<Tensor> after = stepped.getWeights(l.name());
                for (int v = 0; v < after.size(); v++) {
                    float[] before = w0.get(l.name()).get(v).data();
                    for (int j = 0; j < before.length; j++) {
                        float analytic = before[j] - after.get(v).data()[j];
                        float numeric = (lossWith(probe, l.name(), w0, v, j, H, x, y)
                                - lossWith(probe, l.name(), w0, v, j, -H, x, y)) / (2 * H);
                        assertEquals(numeric, analytic, 2e-3 + 2e-2 * Math.abs(numeric),
                                l.name() + " variable " + v + " value " + j);
                        checked++;
                    }
                }
                probe.setWeights(l.name(), w0.get(l.name()));
            }
        }
        assertTrue(checked > 0, "no variable checked");
    }

    private static float lossWith(TrainableModel m, String layer, Map<String, List<Tensor>> w0, int v, int j, float dh,
            List<Tensor> x, List<Tensor> y) {
        List<Tensor> w = new ArrayList<>();
        for (Tensor t : w0.get(layer)) {
            w.add(t.copy());
        }
        w.get(v).data()[j] += dh;
        m.setWeights(layer, w);
        return m.testOnBatch(x, y, false).loss();
    }

    private static List<Loss> mse(int outputs) {
        List<Loss> l = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            l.add(new MeanSquaredError());
        }
        return l;
    }

    @Test
    void fanOutGradientsAreSummedIncludingTheSameTensorTwiceAtOneNode() {
        int[] four = {4};
        ModelSpec spec = new ModelSpec("fan_out", List.of(new InputSpec("x", new int[] {3})),
                List.of(dense("h", new int[] {3}, 4, Activation.TANH),
                        new ConcatenateSpec("twice", 0, List.of(four, four)),
                        new MergeSpec("square", MergeSpec.Op.MULTIPLY, four, 2),
                        dense("out1", new int[] {8}, 2, Activation.LINEAR),
                        dense("out2", four, 2, Activation.SIGMOID)),
                List.of(node("h", "x"), node("twice", "h", "h"), node("square", "h", "h"), node("out1", "twice"),
                        node("out2", "square")),
                List.of("out1", "out2"));
        Random r = new Random(1);
        assertGradientsMatchFiniteDifferences(spec, mse(2), new float[] {0.5f, 2f}, List.of(random(r, 5, 3)),
                List.of(random(r, 5, 2), random(r, 5, 2)), 2);
    }

    @Test
    void aSharedLayerSumsTheGradientsOfItsNodes() {
        int[] four = {4};
        ModelSpec spec = new ModelSpec("shared", List.of(new InputSpec("a", new int[] {3}), new InputSpec("b", new int[] {3})),
                List.of(dense("tower", new int[] {3}, 4, Activation.TANH),
                        new MergeSpec("diff", MergeSpec.Op.SUBTRACT, four, 2),
                        dense("out", four, 2, Activation.LINEAR)),
                List.of(new NodeSpec("tower", List.of("a"), "tower:0"), new NodeSpec("tower", List.of("b"), "tower:1"),
                        node("diff", "tower:0", "tower:1"), node("out", "diff")),
                List.of("out"));
        Random r = new Random(3);
        assertGradientsMatchFiniteDifferences(spec, mse(1), new float[] {1f}, List.of(random(r, 4, 3), random(r, 4, 3)),
                List.of(random(r, 4, 2)), 4);
    }

    /** Two inputs (2, 3, 2) and (2, 1, 2) joined on axis 1 (Keras's axis=-2 on the batched tensors). */
    private static ModelSpec middleAxisConcat(boolean withDense) {
        int[] a = {2, 3, 2};
        int[] b = {2, 1, 2};
        List<LayerSpec> layers = new ArrayList<>();
        List<NodeSpec> nodes = new ArrayList<>();
        String inA = "a";
        String inB = "b";
        if (withDense) {
            layers.add(dense("da", a, 2, Activation.TANH));
            layers.add(dense("db", b, 2, Activation.TANH));
            nodes.add(node("da", "a"));
            nodes.add(node("db", "b"));
            inA = "da";
            inB = "db";
        }
        layers.add(new ConcatenateSpec("cat", 1, List.of(a, b)));
        nodes.add(node("cat", inA, inB));
        String out = "cat";
        if (withDense) {
            layers.add(new ReshapeSpec("flat", new int[] {2, 4, 2}, new int[] {16}));
            layers.add(dense("out", new int[] {16}, 3, Activation.SOFTMAX));
            nodes.add(node("flat", "cat"));
            nodes.add(node("out", "flat"));
            out = "out";
        }
        return new ModelSpec("middle", List.of(new InputSpec("a", a), new InputSpec("b", b)), layers, nodes, List.of(out));
    }

    @Test
    void concatenateOnAMiddleAxisInterleavesTheBlocks() {
        Random r = new Random(5);
        Tensor a = random(r, 2, 2, 3, 2);
        Tensor b = random(r, 2, 2, 1, 2);
        try (TrainableModel m = BACKEND.build(middleAxisConcat(false), null, Map.of())) {
            Tensor out = m.predictOnBatch(List.of(a, b)).get(0);
            assertArrayEquals(new int[] {2, 2, 4, 2}, out.shape());
            for (int s = 0; s < 2; s++) {
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 4; j++) {
                        for (int k = 0; k < 2; k++) {
                            float want = j < 3 ? a.get(s, i, j, k) : b.get(s, i, j - 3, k);
                            assertEquals(want, out.get(s, i, j, k), 0f, s + "," + i + "," + j + "," + k);
                        }
                    }
                }
            }
        }
        assertGradientsMatchFiniteDifferences(middleAxisConcat(true), List.of(new SparseCategoricalCrossentropy()),
                new float[] {1f}, List.of(a, b), List.of(Tensor.of(new float[] {2, 0}, 2, 1)), 6);
    }

    @Test
    void denseOnRank3ActsOnTheLastAxisAndItsLossAveragesOverRows() {
        ModelSpec seq = ModelSpec.chain("seq", new InputSpec("x", new int[] {4, 3}),
                List.of(dense("d", new int[] {4, 3}, 2, Activation.TANH)));
        ModelSpec rows = ModelSpec.chain("rows", new InputSpec("x", new int[] {3}),
                List.of(dense("d", new int[] {3}, 2, Activation.TANH)));
        Random r = new Random(7);
        Tensor x = random(r, 2, 4, 3);
        Tensor y = random(r, 2, 4, 2);
        Map<String, List<Tensor>> w = randomWeights(seq, new Random(8));
        TrainingSpec training = new TrainingSpec(new MeanSquaredError(), new SGD(0.1f));
        try (TrainableModel a = BACKEND.build(seq, training, w);
                TrainableModel b = BACKEND.build(rows, new TrainingSpec(new MeanSquaredError(), new SGD(0.1f)), w)) {
            Tensor out = a.predictOnBatch(List.of(x)).get(0);
            assertArrayEquals(new int[] {2, 4, 2}, out.shape());
            float[] kernel = w.get("d").get(0).data();
            float[] bias = w.get("d").get(1).data();
            for (int row = 0; row < 8; row++) {
                for (int u = 0; u < 2; u++) {
                    float z = bias[u];
                    for (int i = 0; i < 3; i++) {
                        z += x.data()[row * 3 + i] * kernel[i * 2 + u];
                    }
                    assertEquals(Math.tanh(z), out.data()[row * 2 + u], 1e-6, "row " + row + " unit " + u);
                }
            }
            // The same values as 8 samples of 3 features: the same loss and the same step.
            List<Tensor> xRows = List.of(Tensor.of(x.data().clone(), 8, 3));
            List<Tensor> yRows = List.of(Tensor.of(y.data().clone(), 8, 2));
            StepResult ra = a.trainOnBatch(List.of(x), List.of(y), false);
            StepResult rb = b.trainOnBatch(xRows, yRows, false);
            assertEquals(rb.loss(), ra.loss(), 1e-7f);
            assertArrayEquals(b.getWeights("d").get(0).data(), a.getWeights("d").get(0).data(), 1e-7f);
        }
        assertGradientsMatchFiniteDifferences(seq, mse(1), new float[] {1f}, List.of(x), List.of(y), 9);
    }

    @Test
    void anOutputThatFeedsAnotherNodeGetsBothGradients() {
        ModelSpec spec = new ModelSpec("two_heads", List.of(new InputSpec("x", new int[] {3})),
                List.of(dense("h", new int[] {3}, 3, Activation.TANH), dense("out", new int[] {3}, 2, Activation.LINEAR)),
                List.of(node("h", "x"), node("out", "h")), List.of("h", "out", "h"));
        Random r = new Random(10);
        assertGradientsMatchFiniteDifferences(spec, mse(3), new float[] {0.3f, 1f, 0.7f}, List.of(random(r, 4, 3)),
                List.of(random(r, 4, 3), random(r, 4, 2), random(r, 4, 3)), 11);
    }

    @Test
    void aNodeThatReachesNoOutputLeavesItsLayerUntouched() {
        ModelSpec spec = new ModelSpec("dead_branch", List.of(new InputSpec("x", new int[] {3})),
                List.of(dense("used", new int[] {3}, 2, Activation.LINEAR), dense("unused", new int[] {3}, 2, Activation.TANH)),
                List.of(node("used", "x"), node("unused", "x")), List.of("used"));
        Map<String, List<Tensor>> w = randomWeights(spec, new Random(12));
        Random r = new Random(13);
        try (TrainableModel m = BACKEND.build(spec, new TrainingSpec(new MeanSquaredError(), new SGD(0.5f)), w)) {
            for (int step = 0; step < 3; step++) {
                m.trainOnBatch(List.of(random(r, 4, 3)), List.of(random(r, 4, 2)), false);
            }
            assertArrayEquals(w.get("unused").get(0).data(), m.getWeights("unused").get(0).data(), 0f);
            assertTrue(!Tensor.of(w.get("used").get(0).data(), 3, 2).allClose(m.getWeights("used").get(0), 0, 0));
        }
    }

    @Test
    void aModelWithoutNodesTrainsNothingAndPredictsItsInputs() {
        ModelSpec spec = new ModelSpec("identity", List.of(new InputSpec("a", new int[] {2}), new InputSpec("b", new int[] {1})),
                List.of(), List.of(), List.of("b", "a"));
        try (TrainableModel m = BACKEND.build(spec,
                new TrainingSpec(mse(2), new float[] {1f, 0.5f}, new SGD(0.1f)), Map.of())) {
            Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
            Tensor b = Tensor.of(new float[] {5, 6}, 2, 1);
            StepResult s = m.trainOnBatch(List.of(a, b), List.of(Tensor.zeros(2, 1), Tensor.zeros(2, 2)), true);
            assertEquals((25 + 36) / 2f, s.outputLosses()[0], 1e-5f);
            assertEquals((1 + 4 + 9 + 16) / 4f, s.outputLosses()[1], 1e-6f);
            assertEquals(30.5f + 0.5f * 7.5f, s.loss(), 1e-5f);
            assertTrue(b.allClose(s.prediction(0), 0, 0) && a.allClose(s.prediction(1), 0, 0));
            assertTrue(a.allClose(m.predictOnBatch(List.of(a, b)).get(1), 0, 0));
        }
    }

    @Test
    void reshapeOfAnInputAndTiedMaximumRouteTheGradientToTheFirstInput() {
        int[] two = {2};
        ModelSpec spec = new ModelSpec("ties", List.of(new InputSpec("x", new int[] {1, 2})),
                List.of(new ReshapeSpec("flat", new int[] {1, 2}, two), dense("p", two, 2, Activation.LINEAR),
                        dense("q", two, 2, Activation.LINEAR), new MergeSpec("max", MergeSpec.Op.MAXIMUM, two, 2)),
                List.of(node("flat", "x"), node("p", "flat"), node("q", "flat"), node("max", "p", "q")), List.of("max"));
        Tensor k = Tensor.of(new float[] {1, 0, 0, 1}, 2, 2);
        Map<String, List<Tensor>> w = Map.of("p", List.of(k, Tensor.zeros(2)), "q", List.of(k.copy(), Tensor.zeros(2)));
        try (TrainableModel m = BACKEND.build(spec, new TrainingSpec(new MeanSquaredError(), new SGD(1f)), w)) {
            Tensor x = Tensor.of(new float[] {1, 2}, 1, 1, 2);
            m.trainOnBatch(List.of(x), List.of(Tensor.zeros(1, 2)), false);
            // p and q compute the same values: Maximum sends the whole gradient to p.
            assertTrue(!k.allClose(m.getWeights("p").get(0), 0, 0), "p moved");
            assertTrue(k.allClose(m.getWeights("q").get(0), 0, 0), "q did not");
            assertArrayEquals(new float[] {1, 2}, x.data(), 0f, "the caller's input is never written");
        }
    }
}
