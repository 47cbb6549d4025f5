package io.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.callbacks.History;
import io.jkeras.layers.Add;
import io.jkeras.layers.Average;
import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.Input;
import io.jkeras.layers.KerasTensor;
import io.jkeras.layers.Layer;
import io.jkeras.layers.Maximum;
import io.jkeras.layers.Minimum;
import io.jkeras.layers.Multiply;
import io.jkeras.layers.Reshape;
import io.jkeras.layers.Subtract;
import io.jkeras.models.CompileOptions;
import io.jkeras.models.FitOptions;
import io.jkeras.models.Model;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.SGD;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Functional API through the facade, against Keras 3.15 (fixtures of
 * {@code tools/fixtures/graph_fixtures.py}): the {@code two_tower} model built with
 * {@code Input} and {@code Layer.apply} exactly as the script builds it, its layer order and
 * {@code summary()}, five {@code train_on_batch} steps with per-output losses, loss weights and a
 * per-output metric (values and Keras's log names), {@code fit}'s History keys, predictions from a
 * list or a map of inputs, Dense on a rank-3 input in a Sequential model, and Keras's errors.
 */
public abstract class FunctionalConformance extends ConformanceBase {
    private static final JsonNode TWO_TOWER = Fixtures.load("/fixtures/graph/two_tower.json");
    private static final JsonNode DENSE3D = Fixtures.load("/fixtures/graph/sequential_dense3d.json");

    /** The two_tower model as the fixture script builds it, with the fixture's weights. */
    protected static Model twoTower() {
        Input a = new Input(3).name("in_a");
        Input b = new Input(3).name("in_b");
        Dense shared = new Dense(4, "tanh").name("shared");
        KerasTensor ha = shared.apply(a);
        KerasTensor hb = shared.apply(b);
        List<KerasTensor> merged = List.of(
                new Add().name("add").apply(ha, hb), new Subtract().name("subtract").apply(ha, hb),
                new Multiply().name("multiply").apply(ha, hb), new Average().name("average").apply(ha, hb),
                new Maximum().name("maximum").apply(ha, hb), new Minimum().name("minimum").apply(ha, hb));
        KerasTensor cat = new Concatenate(-1).name("concatenate").apply(merged);
        KerasTensor out1 = new Dense(2).name("out1").apply(cat);
        KerasTensor r = new Reshape(4, 6).name("reshape").apply(cat);
        KerasTensor d3 = new Dense(5, "relu").name("dense_seq").apply(r);
        KerasTensor c2 = new Concatenate(1).name("concat_time").apply(d3, d3);
        KerasTensor f = new Flatten().name("flatten").apply(c2);
        KerasTensor out2 = new Dense(3, "softmax").name("out2").apply(f);
        Model model = new Model(List.of(a, b), List.of(out1, out2), "two_tower");
        Fixtures.weights(TWO_TOWER.get("weights")).forEach((layer, w) -> model.getLayer(layer).setWeights(w));
        return model;
    }

    private void compileTwoTower(Model model, Optimizer optimizer) {
        model.compile(new CompileOptions(optimizer).backend(backend())
                .loss("out1", "mse").loss("out2", "sparse_categorical_crossentropy")
                .lossWeight("out1", 0.5).lossWeight("out2", 2.0)
                .metricsFor("out2", "accuracy"));
    }

    private static List<Tensor> x() {
        return List.of(Fixtures.tensor(TWO_TOWER.get("x").get("in_a")), Fixtures.tensor(TWO_TOWER.get("x").get("in_b")));
    }

    private static List<Tensor> y() {
        return List.of(Fixtures.tensor(TWO_TOWER.get("y").get("out1")), Fixtures.tensor(TWO_TOWER.get("y").get("out2")));
    }

    @Test
    void layersComeInKerasOrder() {
        List<String> names = new ArrayList<>();
        for (Layer l : twoTower().layers()) {
            names.add(l.getName());
        }
        List<String> keras = new ArrayList<>();
        TWO_TOWER.get("layer_order").forEach(n -> keras.add(n.asText()));
        assertEquals(keras, names);
    }

    @Test
    void summaryMatchesKerasWithConnectedToColumn() {
        assertEquals(TWO_TOWER.get("summary").asText(), twoTower().summaryString());
    }

    @Test
    void trainOnBatchMatchesKerasLossesMetricsAndNames() {
        for (String key : List.of("SGD(learning_rate=0.1)", "Adam(learning_rate=0.01)")) {
            Model model = twoTower();
            compileTwoTower(model, key.startsWith("SGD") ? new SGD(0.1f) : new Adam(0.01f));
            JsonNode keras = TWO_TOWER.get("train").get(key);
            assertDict(keras.get("test_on_batch_before"), model.testOnBatchDict(names(model.inputNames(), x()),
                    names(model.outputNames(), y())), key + " test_on_batch");
            for (int step = 0; step < 5; step++) {
                Map<String, Double> logs = model.trainOnBatchDict(names(model.inputNames(), x()), names(model.outputNames(), y()));
                assertDict(keras.get("train_on_batch").get(step), logs, key + " step " + step);
            }
            Fixtures.weights(keras.get("weights_after")).forEach((layer, w) -> {
                List<Tensor> got = model.getLayer(layer).getWeights();
                for (int i = 0; i < w.size(); i++) {
                    assertAllClose(w.get(i).data(), got.get(i).data(), 1e-4, 1e-6, key + " " + layer + " weight " + i);
                }
            });
            List<Tensor> p = model.predict(x(), 32, 0);
            assertAllClose(Fixtures.tensor(keras.get("predict_after").get("out1")).data(), p.get(0).data(), 1e-4, 1e-6, key + " out1");
            assertAllClose(Fixtures.tensor(keras.get("predict_after").get("out2")).data(), p.get(1).data(), 1e-4, 1e-6, key + " out2");
        }
    }

    private static Map<String, Tensor> names(List<String> names, List<Tensor> ts) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), ts.get(i));
        }
        return m;
    }

    private static void assertDict(JsonNode keras, Map<String, Double> logs, String what) {
        List<String> keys = new ArrayList<>();
        keras.fieldNames().forEachRemaining(keys::add);
        assertEquals(keys, new ArrayList<>(logs.keySet()), what + " keys");
        for (String k : keys) {
            assertClose(keras.get(k).asDouble(), logs.get(k), 1e-5, 1e-6, what + " " + k);
        }
    }

    @Test
    void fitHistoryNamesEveryOutputAsKeras() {
        Model model = twoTower();
        compileTwoTower(model, new SGD(0.1f));
        History h = model.fit(x(), y(), new FitOptions().epochs(1).batchSize(4).validationSplit(0.25).shuffle(false).verbose(0));
        List<String> keras = new ArrayList<>();
        TWO_TOWER.get("fit_history_keys").forEach(n -> keras.add(n.asText()));
        assertEquals(keras, new ArrayList<>(h.history().keySet()));
        assertEquals(List.of("out2_accuracy"), model.getMetricNames());
    }

    @Test
    void predictTakesAListOrAMapOfInputs() {
        Model model = twoTower();
        JsonNode predict = TWO_TOWER.get("forward").get("predict");
        List<Tensor> fromList = model.predict(x(), 3, 0);
        List<Tensor> fromMap = model.predict(Map.of("in_b", x().get(1), "in_a", x().get(0)), 32, 0);
        for (List<Tensor> p : List.of(fromList, fromMap)) {
            assertArrayEquals(new int[] {8, 2}, p.get(0).shape());
            assertArrayEquals(new int[] {8, 3}, p.get(1).shape());
            assertAllClose(Fixtures.tensor(predict.get("out1")).data(), p.get(0).data(), 1e-5, 1e-6, "out1");
            assertAllClose(Fixtures.tensor(predict.get("out2")).data(), p.get(1).data(), 1e-5, 1e-6, "out2");
        }
        assertFalse(model.isCompiled());
    }

    @Test
    void evaluateReportsEveryOutput() {
        Model model = twoTower();
        compileTwoTower(model, new SGD(0.1f));
        Map<String, Double> logs = model.evaluateDict(x(), y(), 3, 0);
        JsonNode keras = TWO_TOWER.get("train").get("SGD(learning_rate=0.1)").get("test_on_batch_before");
        assertClose(keras.get("loss").asDouble(), logs.get("loss"), 1e-5, 1e-6, "loss");
        assertClose(keras.get("out1_loss").asDouble(), logs.get("out1_loss"), 1e-5, 1e-6, "out1_loss");
        assertClose(keras.get("out2_accuracy").asDouble(), logs.get("out2_accuracy"), 0, 1e-9, "out2_accuracy");
    }

    @Test
    void denseOnARank3InputMatchesKeras() {
        Sequential m = new Sequential("sequential_dense3d");
        m.add(new Input(4, 3));
        m.add(new Dense(2, "tanh").name("dense"));
        m.add(new Flatten().name("flatten"));
        m.add(new Dense(1).name("dense_1"));
        Fixtures.weights(DENSE3D.get("weights")).forEach((layer, w) -> m.getLayer(layer).setWeights(w));
        compile(m, new SGD(0.1f), new io.jkeras.losses.MeanSquaredError());
        Tensor x = Fixtures.tensor(DENSE3D.get("x"));
        Tensor y = Fixtures.tensor(DENSE3D.get("y"));
        assertAllClose(Fixtures.tensor(DENSE3D.get("predict")).data(), m.predict(x, 32, 0).data(), 1e-5, 1e-6, "predict");
        Iterator<JsonNode> losses = DENSE3D.get("losses").iterator();
        for (int step = 0; step < 3; step++) {
            assertClose(losses.next().asDouble(), m.trainOnBatch(x, y), 1e-5, 1e-7, "loss at step " + step);
        }
        Fixtures.weights(DENSE3D.get("weights_after")).forEach((layer, w) -> {
            List<Tensor> got = m.getLayer(layer).getWeights();
            for (int i = 0; i < w.size(); i++) {
                assertAllClose(w.get(i).data(), got.get(i).data(), 1e-4, 1e-6, layer + " weight " + i);
            }
        });
    }

    @Test
    void aSharedLayerTrainsOnceForBothNodes() {
        Input a = new Input(2).name("a");
        Input b = new Input(2).name("b");
        Dense shared = new Dense(3).name("tied");
        KerasTensor out = new Dense(1).name("head").apply(new Add().apply(shared.apply(a), shared.apply(b)));
        Model model = new Model(List.of(a, b), List.of(out));
        assertEquals(3 * 2 + 3 + 3 + 1, model.countParams(), "the shared layer counts once");
        model.compile(new CompileOptions(new SGD(0.1f)).loss("mse").backend(backend()));
        Tensor xa = matrix(new double[][] {{1, 2}, {0.5, -1}});
        Tensor xb = matrix(new double[][] {{-1, 0}, {2, 1}});
        Tensor y = column(0.5, -0.5);
        // a + b through a linear shared layer: tied(a) + tied(b) = W(a + b) + 2 bias.
        double before = model.testOnBatch(List.of(xa, xb), List.of(y));
        model.trainOnBatch(List.of(xa, xb), List.of(y));
        assertTrue(model.testOnBatch(List.of(xa, xb), List.of(y)) < before, "one step lowers the loss");
        assertEquals(2, shared.inboundNodes().size());
    }

    // ------------------------------------------------------------------ errors

    @Test
    void anOutputFromAnotherInputIsGraphDisconnected() {
        Input x = new Input(3).name("x_in");
        Input other = new Input(3).name("y_in");
        KerasTensor out = new Dense(2).name("d").apply(other);
        KerasException e = assertThrows(KerasException.class, () -> new Model(x, out));
        assertTrue(e.getMessage().startsWith("Graph disconnected: cannot obtain value for tensor"), e.getMessage());
        assertTrue(e.getMessage().contains("at layer 'd'") && e.getMessage().contains("y_in"), e.getMessage());
    }

    @Test
    void mergeLayersNameTheLayerAndEveryShape() {
        Input p = new Input(3);
        Input q = new Input(4);
        KerasException add = assertThrows(KerasException.class, () -> new Add().name("adder").apply(p, q));
        assertTrue(add.getMessage().startsWith("Inputs have incompatible shapes. Received shapes (3,) and (4,)"), add.getMessage());
        assertTrue(add.getMessage().contains("'adder'"), add.getMessage());
        KerasException sub = assertThrows(KerasException.class, () -> new Subtract().apply(p, p, p));
        assertTrue(sub.getMessage().startsWith("A `Subtract` layer should be called on exactly 2 inputs."), sub.getMessage());
        Input r = new Input(2, 3);
        Input s = new Input(4, 3);
        KerasException cat = assertThrows(KerasException.class, () -> new Concatenate(-1).apply(r, s));
        assertTrue(cat.getMessage().startsWith("A `Concatenate` layer requires inputs with matching shapes except for the"
                + " concatenation axis. Received: input_shape=[(None, 2, 3), (None, 4, 3)]"), cat.getMessage());
        assertArrayEquals(new int[] {6, 3}, new Concatenate(1).apply(r, s).shape());
        KerasException reshape = assertThrows(KerasException.class, () -> new Reshape(5).apply(new Input(6)));
        assertTrue(reshape.getMessage().startsWith("The total size of the tensor must be unchanged. Received: input_shape=(6,),"
                + " target_shape=(5,)"), reshape.getMessage());
    }

    @Test
    void fitSaysHowManyInputsAndTargetsItExpected() {
        Model model = twoTower();
        compileTwoTower(model, new SGD(0.1f));
        KerasException inputs = assertThrows(KerasException.class,
                () -> model.fit(List.of(x().get(0)), y(), new FitOptions().verbose(0)));
        assertTrue(inputs.getMessage().contains("expects 2 input(s) with names ['in_a', 'in_b'], but it received 1 input tensors"),
                inputs.getMessage());
        KerasException targets = assertThrows(KerasException.class,
                () -> model.fit(x(), List.of(y().get(0)), new FitOptions().verbose(0)));
        assertTrue(targets.getMessage().contains("received 1 target(s) for 2 output(s) ['out1', 'out2']"), targets.getMessage());
        KerasException missing = assertThrows(KerasException.class,
                () -> model.predict(Map.of("in_a", x().get(0)), 32, 0));
        assertTrue(missing.getMessage().startsWith("Missing data for input \"in_b\". You passed a data dictionary with keys"
                + " ['in_a']. Expected the following keys: ['in_a', 'in_b']"), missing.getMessage());
    }

    @Test
    void aLossForAnOutputThatDoesNotExistIsRefused() {
        Model model = twoTower();
        KerasException e = assertThrows(KerasException.class, () -> model.compile(new CompileOptions("sgd")
                .loss("out1", "mse").loss("nope", "mse").backend(backend())));
        assertTrue(e.getMessage().startsWith("Expected keys ['out1', 'out2'] in loss dict, but found loss.keys()=['out1', 'nope']"),
                e.getMessage());
    }

    @Test
    void namesMustBeUnique() {
        Input x = new Input(3).name("same");
        Input other = new Input(3).name("same");
        KerasTensor out = new Add().apply(new Dense(2).name("dup").apply(x), new Dense(2).name("dup").apply(other));
        KerasException layers = assertThrows(KerasException.class, () -> new Model(List.of(x, other), List.of(out)));
        assertTrue(layers.getMessage().startsWith("The name \"same\" is used 2 times in the model"), layers.getMessage());
        Sequential seq = new Sequential(new Dense(2).name("twin").inputDim(3));
        KerasException seqDup = assertThrows(KerasException.class, () -> seq.add(new Dense(2).name("twin")));
        assertTrue(seqDup.getMessage().startsWith("All layers added to a Sequential model should have unique names."),
                seqDup.getMessage());
    }

    @Test
    void aLayerOfAnotherModelIsRefused() {
        Input x = new Input(3);
        Dense d = new Dense(2).name("owned");
        Model first = new Model(x, d.apply(x));
        Input z = new Input(3);
        KerasException e = assertThrows(KerasException.class, () -> new Model(z, d.apply(z)));
        assertTrue(e.getMessage().contains("already part of model '" + first.getName() + "'"), e.getMessage());
    }
}
