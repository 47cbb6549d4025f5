package io.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.activations.Activation;
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
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The backend boundary on a whole graph, below the facade: the {@code two_tower} model of
 * {@code tools/fixtures/graph_fixtures.py} (two inputs, a layer shared by two nodes, every merge
 * layer, a concatenation on the last and on a middle axis, the same tensor fed twice to one node,
 * Reshape and Flatten, Dense on a rank-3 input, two outputs with their own losses and loss weights)
 * built as a {@link ModelSpec} by hand, against what Keras 3.15 computed from the same weights:
 * every output, the gradient of the weighted total loss, and five steps of SGD and of Adam.
 */
public abstract class GraphSpecConformance extends ConformanceBase {
    /** The fixture Keras wrote. */
    protected static final JsonNode FIXTURE = Fixtures.load("/fixtures/graph/two_tower.json");

    /** The two_tower graph as Keras built it, layer for layer and node for node. */
    public static ModelSpec twoTowerSpec() {
        int[] h = {4};
        List<LayerSpec> layers = new ArrayList<>();
        List<NodeSpec> nodes = new ArrayList<>();
        layers.add(new DenseSpec("shared", 3, 4, Activation.TANH, true, null, null));
        nodes.add(new NodeSpec("shared", List.of("in_a"), "shared:0"));
        nodes.add(new NodeSpec("shared", List.of("in_b"), "shared:1"));
        String[] merges = {"add", "subtract", "multiply", "average", "maximum", "minimum"};
        MergeSpec.Op[] ops = MergeSpec.Op.values();
        for (int i = 0; i < merges.length; i++) {
            layers.add(new MergeSpec(merges[i], ops[i], h, 2));
            nodes.add(new NodeSpec(merges[i], List.of("shared:0", "shared:1"), merges[i]));
        }
        layers.add(new ConcatenateSpec("concatenate", 0, List.of(h, h, h, h, h, h)));
        nodes.add(new NodeSpec("concatenate", List.of(merges), "concatenate"));
        layers.add(new ReshapeSpec("reshape", new int[] {24}, new int[] {4, 6}));
        nodes.add(new NodeSpec("reshape", List.of("concatenate"), "reshape"));
        layers.add(new DenseSpec("dense_seq", new int[] {4, 6}, 5, Activation.RELU, true, null, null));
        nodes.add(new NodeSpec("dense_seq", List.of("reshape"), "dense_seq"));
        layers.add(new ConcatenateSpec("concat_time", 0, List.of(new int[] {4, 5}, new int[] {4, 5})));
        nodes.add(new NodeSpec("concat_time", List.of("dense_seq", "dense_seq"), "concat_time"));
        layers.add(new ReshapeSpec("flatten", new int[] {8, 5}, new int[] {40}));
        nodes.add(new NodeSpec("flatten", List.of("concat_time"), "flatten"));
        layers.add(new DenseSpec("out1", 24, 2, Activation.LINEAR, true, null, null));
        nodes.add(new NodeSpec("out1", List.of("concatenate"), "out1"));
        layers.add(new DenseSpec("out2", 40, 3, Activation.SOFTMAX, true, null, null));
        nodes.add(new NodeSpec("out2", List.of("flatten"), "out2"));
        return new ModelSpec("two_tower", List.of(new InputSpec("in_a", new int[] {3}), new InputSpec("in_b", new int[] {3})),
                layers, nodes, List.of("out1", "out2"));
    }

    /** The compile of the fixture: mse on out1 (weight 0.5), sparse crossentropy on out2 (weight 2). */
    protected static TrainingSpec training(Optimizer optimizer) {
        return new TrainingSpec(List.of(new MeanSquaredError(), new SparseCategoricalCrossentropy()),
                new float[] {0.5f, 2f}, optimizer);
    }

    /** The fixture's inputs, in_a then in_b. */
    protected static List<Tensor> inputs() {
        return List.of(Fixtures.tensor(FIXTURE.get("x").get("in_a")), Fixtures.tensor(FIXTURE.get("x").get("in_b")));
    }

    /** The fixture's targets: out1's values, out2's class indices as a column. */
    protected static List<Tensor> targets() {
        return List.of(Fixtures.tensor(FIXTURE.get("y").get("out1")), Fixtures.labelsColumn(FIXTURE.get("y").get("out2")));
    }

    private TrainableModel build(Optimizer optimizer) {
        return backend().build(twoTowerSpec(), optimizer == null ? null : training(optimizer),
                Fixtures.weights(FIXTURE.get("weights")));
    }

    @Test
    void twoTowerForwardMatchesKeras() {
        try (TrainableModel m = build(null)) {
            List<Tensor> out = m.predictOnBatch(inputs());
            assertEquals(2, out.size());
            JsonNode predict = FIXTURE.get("forward").get("predict");
            assertTensorClose(Fixtures.tensor(predict.get("out1")), out.get(0), 1e-5, 1e-6, "out1");
            assertTensorClose(Fixtures.tensor(predict.get("out2")), out.get(1), 1e-5, 1e-6, "out2");
        }
    }

    @Test
    void twoTowerLossesBeforeTrainingMatchKeras() {
        try (TrainableModel m = build(new SGD(0.1f))) {
            StepResult r = m.testOnBatch(inputs(), targets(), true);
            JsonNode keras = FIXTURE.get("train").get("SGD(learning_rate=0.1)").get("test_on_batch_before");
            assertClose(keras.get("loss").asDouble(), r.loss(), 1e-5, 1e-7, "total loss");
            assertClose(keras.get("out1_loss").asDouble(), r.outputLosses()[0], 1e-5, 1e-7, "out1 loss");
            assertClose(keras.get("out2_loss").asDouble(), r.outputLosses()[1], 1e-5, 1e-7, "out2 loss");
            JsonNode predict = FIXTURE.get("forward").get("predict");
            assertTensorClose(Fixtures.tensor(predict.get("out2")), r.prediction(1), 1e-5, 1e-6, "out2 predictions");
            assertEquals(0, m.iterations());
        }
    }

    @Test
    void twoTowerGradientMatchesKerasAutograd() {
        // One SGD step with learning rate 1 moves every weight by minus its gradient.
        Map<String, List<Tensor>> w0 = Fixtures.weights(FIXTURE.get("weights"));
        Map<String, List<Tensor>> g = Fixtures.weights(FIXTURE.get("gradients"));
        try (TrainableModel m = build(new SGD(1f))) {
            m.trainOnBatch(inputs(), targets(), false);
            for (String layer : w0.keySet()) {
                List<Tensor> w1 = m.getWeights(layer);
                for (int i = 0; i < w1.size(); i++) {
                    float[] before = w0.get(layer).get(i).data();
                    float[] after = w1.get(i).data();
                    float[] grad = new float[after.length];
                    for (int j = 0; j < grad.length; j++) {
                        grad[j] = before[j] - after[j];
                    }
                    assertAllClose(g.get(layer).get(i).data(), grad, 1e-4, 1e-6, layer + " weight " + i);
                }
            }
        }
    }

    @Test
    void twoTowerGradientMatchesFiniteDifferences() {
        // Central differences of the total loss, in double around float32 weights: every weight of
        // every layer, so the shared layer's summed gradient and every merge's backward pass count.
        Map<String, List<Tensor>> w0 = Fixtures.weights(FIXTURE.get("weights"));
        Map<String, List<Tensor>> g = Fixtures.weights(FIXTURE.get("gradients"));
        float h = 1e-3f;
        try (TrainableModel m = build(new SGD(1f))) {
            for (String layer : w0.keySet()) {
                List<Tensor> ws = m.getWeights(layer);
                for (int i = 0; i < ws.size(); i++) {
                    float[] v = ws.get(i).data();
                    float[] fd = new float[v.length];
                    for (int j = 0; j < v.length; j++) {
                        float keep = v[j];
                        v[j] = keep + h;
                        m.setWeights(layer, ws);
                        double up = m.testOnBatch(inputs(), targets(), false).loss();
                        v[j] = keep - h;
                        m.setWeights(layer, ws);
                        double down = m.testOnBatch(inputs(), targets(), false).loss();
                        v[j] = keep;
                        m.setWeights(layer, ws);
                        fd[j] = (float) ((up - down) / (2 * h));
                    }
                    assertAllClose(g.get(layer).get(i).data(), fd, 2e-2, 2e-3, layer + " weight " + i + " by finite differences");
                }
            }
        }
    }

    @Test
    void twoTowerFiveSgdStepsMatchKeras() {
        fiveSteps(new SGD(0.1f), "SGD(learning_rate=0.1)");
    }

    @Test
    void twoTowerFiveAdamStepsMatchKeras() {
        fiveSteps(new Adam(0.01f), "Adam(learning_rate=0.01)");
    }

    private void fiveSteps(Optimizer optimizer, String key) {
        JsonNode keras = FIXTURE.get("train").get(key);
        try (TrainableModel m = build(optimizer)) {
            for (int step = 0; step < 5; step++) {
                StepResult r = m.trainOnBatch(inputs(), targets(), step == 0);
                JsonNode k = keras.get("train_on_batch").get(step);
                assertClose(k.get("loss").asDouble(), r.loss(), 1e-5, 1e-7, key + " step " + step + " total loss");
                assertClose(k.get("out1_loss").asDouble(), r.outputLosses()[0], 1e-5, 1e-7, key + " step " + step + " out1");
                assertClose(k.get("out2_loss").asDouble(), r.outputLosses()[1], 1e-5, 1e-7, key + " step " + step + " out2");
                if (step == 0) {
                    assertEquals(2, r.predictions().size());
                }
            }
            assertEquals(5, m.iterations());
            Map<String, List<Tensor>> after = Fixtures.weights(keras.get("weights_after"));
            for (Map.Entry<String, List<Tensor>> e : after.entrySet()) {
                List<Tensor> got = m.getWeights(e.getKey());
                assertEquals(e.getValue().size(), got.size(), e.getKey());
                for (int i = 0; i < got.size(); i++) {
                    assertTensorClose(e.getValue().get(i), got.get(i), 1e-4, 1e-6, key + " " + e.getKey() + " weight " + i);
                }
            }
            List<Tensor> out = m.predictOnBatch(inputs());
            JsonNode predict = keras.get("predict_after");
            assertTensorClose(Fixtures.tensor(predict.get("out1")), out.get(0), 1e-4, 1e-6, key + " out1 after");
            assertTensorClose(Fixtures.tensor(predict.get("out2")), out.get(1), 1e-4, 1e-6, key + " out2 after");
        }
    }

    @Test
    void weightsAreReadAndWrittenByLayerName() {
        try (TrainableModel m = build(null)) {
            assertEquals(List.of(), m.getWeights("add"), "a layer without variables has none");
            List<Tensor> shared = m.getWeights("shared");
            Tensor kernel = shared.get(0);
            assertEquals(List.of(3, 4), List.of(kernel.dim(0), kernel.dim(1)));
            Tensor zero = Tensor.zeros(3, 4);
            m.setWeights("shared", List.of(zero, shared.get(1)));
            assertTensorClose(zero, m.getWeights("shared").get(0), 0, 0, "kernel after setWeights");
            assertThrows(KerasException.class, () -> m.getWeights("no_such_layer"));
        }
    }

    @Test
    void inferenceOnlyModelRefusesToTrain() {
        try (TrainableModel m = build(null)) {
            KerasException e = assertThrows(KerasException.class, () -> m.trainOnBatch(inputs(), targets(), false));
            assertTrue(e.getMessage().contains("inference"), e.getMessage());
            assertThrows(KerasException.class, () -> m.testOnBatch(inputs(), targets(), false));
        }
    }

    /** Shapes equal and every value within {@code atol + rtol |expected|}. */
    protected static void assertTensorClose(Tensor expected, Tensor actual, double rtol, double atol, String what) {
        assertEquals(Tensor.shapeToString(expected.shape()), Tensor.shapeToString(actual.shape()), what + " shape");
        assertAllClose(expected.data(), actual.data(), rtol, atol, what);
    }
}
