package io.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.Gradients;
import io.jkeras.layers.BaseRNN;
import io.jkeras.layers.Bidirectional;
import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Embedding;
import io.jkeras.layers.GRU;
import io.jkeras.layers.Input;
import io.jkeras.layers.KerasTensor;
import io.jkeras.layers.LSTM;
import io.jkeras.layers.SimpleRNN;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.models.Model;
import io.jkeras.models.Models;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.SGD;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * SimpleRNN, LSTM and GRU with {@code returnState} in Functional models against Python Keras 3
 * ({@code fixtures/rnn/state.json} and {@code fixtures/saving/rnn_state.keras}, made by
 * {@code tools/fixtures/rnn_state_fixtures.py}): every output's values ({@code output, h} and the
 * LSTM's {@code c}; with {@code returnSequences}, {@code goBackwards} and a mask), the gradient of a
 * loss on the states with respect to every weight (a model whose only output is {@code c}
 * included), the states feeding further layers, {@code summary()}, the Keras-made file, the
 * {@code .keras} round trip with Keras's tensor indices, and the refusals (Sequential,
 * {@code apply} of a multi-output layer, Bidirectional).
 */
public abstract class RecurrentStateConformance extends ConformanceBase {
    private static final JsonNode STATE = Fixtures.load("/fixtures/rnn/state.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The jkeras model of each case of state.json, built as the fixture script builds it in Keras. */
    private static Model model(String name) {
        switch (name) {
            case "lstm_states" -> {
                Input x = new Input(5, 3).name("seq");
                return new Model(List.of(x), new LSTM(4).returnState(true).name("lstm").applyAll(x), "lstm_states");
            }
            case "gru_sequences_backwards_state" -> {
                Input x = new Input(4, 2).name("seq");
                return new Model(List.of(x), new GRU(3).returnSequences(true).goBackwards(true).returnState(true).name("gru")
                        .applyAll(x), "gru_states");
            }
            case "simple_rnn_state_concat_dense" -> {
                Input x = new Input(5, 3).name("seq");
                List<KerasTensor> oh = new SimpleRNN(3).returnState(true).name("rnn").applyAll(x);
                KerasTensor y = new Dense(2).name("head").apply(new Concatenate().name("cat").apply(oh));
                return new Model(List.of(x), List.of(y), "rnn_state_dense");
            }
            case "lstm_cell_state_only" -> {
                Input x = new Input(6, 2).name("seq");
                List<KerasTensor> ohc = new LSTM(3).returnSequences(true).returnState(true).name("lstm").applyAll(x);
                return new Model(List.of(x), List.of(ohc.get(2)), "lstm_c");
            }
            case "embedding_mask_lstm_states" -> {
                Input x = new Input(6).dtype("int32").name("tokens");
                KerasTensor e = new Embedding(8, 3).maskZero(true).name("embed").apply(x);
                List<KerasTensor> ohc = new LSTM(4).returnState(true).name("lstm").applyAll(e);
                return new Model(List.of(x), ohc.subList(1, 3), "masked_states");
            }
            case "lstm_states_dense" -> {
                return lstmStatesDense();
            }
            default -> throw new IllegalArgumentException("No jkeras model for case " + name);
        }
    }

    private static Model lstmStatesDense() {
        Input x = new Input(5, 3).name("seq");
        List<KerasTensor> ohc = new LSTM(4).returnState(true).name("lstm").applyAll(x);
        KerasTensor d = new Dense(2).name("head").apply(new Concatenate().name("cat").apply(ohc.get(1), ohc.get(2)));
        return new Model(List.of(x), List.of(ohc.get(0), d, ohc.get(2)), "lstm_states_dense");
    }

    private Model fixtureModel(String name, JsonNode c) {
        Model m = model(name);
        m.compile(new SGD(1f), new MeanSquaredError(), List.of(), backend());
        for (Map.Entry<String, List<Tensor>> w : Fixtures.weights(c.get("weights")).entrySet()) {
            m.getLayer(w.getKey()).setWeights(w.getValue());
        }
        return m;
    }

    private static List<Tensor> tensors(JsonNode list) {
        List<Tensor> out = new ArrayList<>();
        list.forEach(n -> out.add(Fixtures.tensor(n)));
        return out;
    }

    private static void assertOutputs(JsonNode expected, List<Tensor> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": outputs");
        for (int i = 0; i < actual.size(); i++) {
            Tensor e = Fixtures.tensor(expected.get(i));
            assertTensor(e.shape(), toDouble(e.data()), actual.get(i), 1e-5, 1e-5, what + " output " + i);
        }
    }

    private static Stream<Map.Entry<String, JsonNode>> cases() {
        return Fixtures.cases(STATE.get("cases"));
    }

    @TestFactory
    Stream<DynamicTest> everyOutputMatchesKeras() {
        return cases().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            Model m = fixtureModel(e.getKey(), e.getValue());
            List<Tensor> x = List.of(Fixtures.tensor(e.getValue().get("x")));
            assertOutputs(e.getValue().get("predict"), m.predict(x, 32, 0), e.getKey());
        }));
    }

    @TestFactory
    Stream<DynamicTest> gradientsThroughTheStatesMatchKerasAutograd() {
        return cases().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            JsonNode c = e.getValue();
            Model m = fixtureModel(e.getKey(), c);
            List<Tensor> x = List.of(Fixtures.tensor(c.get("x")));
            List<Tensor> y = tensors(c.get("y"));
            assertClose(c.get("loss").asDouble(), m.testOnBatch(x, y), 1e-5, 1e-6, e.getKey() + " loss");
            Gradients g = m.computeGradients(x, y);
            for (Map.Entry<String, List<Tensor>> expected : Fixtures.weights(c.get("gradients")).entrySet()) {
                List<Tensor> actual = g.mean(expected.getKey());
                for (int i = 0; i < actual.size(); i++) {
                    assertTensor(expected.getValue().get(i).shape(), toDouble(expected.getValue().get(i).data()), actual.get(i),
                            1e-3, 2e-5, e.getKey() + " gradient of " + expected.getKey() + " weight " + i);
                }
            }
        }));
    }

    @Test
    void stateTensorsCarryKerasTensorIndices() {
        Input x = new Input(5, 3).name("seq");
        List<KerasTensor> ohc = new LSTM(4).returnState(true).name("lstm").applyAll(x);
        assertEquals(3, ohc.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(i, ohc.get(i).tensorIndex());
            assertEquals("lstm[0][" + i + "]", ohc.get(i).reference());
            assertEquals(4, ohc.get(i).shape()[0]);
        }
        List<KerasTensor> seq = new GRU(2).returnSequences(true).returnState(true).name("gru").applyAll(x);
        assertEquals(2, seq.size());
        assertEquals(List.of(5, 2), List.of(seq.get(0).shape()[0], seq.get(0).shape()[1]));
        assertEquals(1, seq.get(1).shape().length);
    }

    @Test
    void summaryListsEveryOutputShapeAndTensorIndexAsKeras() {
        assertEquals(STATE.get("saved_file").get("summary").asText(), lstmStatesDense().summaryString());
    }

    // ------------------------------------------------------------------ files

    @Test
    void kerasWrittenFileWithReturnStateLoadsAndPredictsAsKeras() {
        Model m = Models.load(SavingConformance.copyFixture("rnn_state.keras", dir), backend());
        JsonNode ref = STATE.get("saved_file");
        assertOutputs(ref.get("predict"), m.predict(List.of(Fixtures.tensor(ref.get("x"))), 32, 0), "rnn_state.keras");
        assertEquals(3, m.outputs().size());
        assertEquals(2, m.outputs().get(2).tensorIndex());
    }

    @Test
    void roundTripKeepsTensorIndicesAndPredictions() throws IOException {
        JsonNode c = STATE.get("cases").get("lstm_states_dense");
        Model m = fixtureModel("lstm_states_dense", c);
        List<Tensor> x = List.of(Fixtures.tensor(c.get("x")));
        Path file = dir.resolve("states.keras");
        m.save(file);
        Model loaded = Models.load(file, backend());
        List<Tensor> before = m.predict(x, 32, 0);
        List<Tensor> after = loaded.predict(x, 32, 0);
        for (int i = 0; i < before.size(); i++) {
            assertTensor(before.get(i).shape(), toDouble(before.get(i).data()), after.get(i), 0, 0, "output " + i);
        }
        JsonNode config = SavingConformance.configOf(file).get("config");
        assertEquals("[[\"lstm\",0,0],[\"head\",0,0],[\"lstm\",0,2]]", config.get("output_layers").toString());
        JsonNode cat = null;
        for (JsonNode l : config.get("layers")) {
            cat = l.get("name").asText().equals("cat") ? l : cat;
        }
        JsonNode args = cat.get("inbound_nodes").get(0).get("args").get(0);
        assertEquals("[\"lstm\",0,1]", args.get(0).get("config").get("keras_history").toString());
        assertEquals("[\"lstm\",0,2]", args.get(1).get("config").get("keras_history").toString());
        assertTrue(SavingConformance.savedLayerConfig(file, "name", "lstm").get("return_state").asBoolean());
        writeForPythonCrossCheck(m, x, c);
    }

    /** Writes the file and jkeras's prediction for {@code tools/fixtures/check_jkeras_files.py}. */
    private void writeForPythonCrossCheck(Model m, List<Tensor> x, JsonNode c) throws IOException {
        Path out = Path.of("target", "saving-crosscheck-rnnstate", backend().name());
        Files.createDirectories(out);
        m.save(out.resolve("lstm_states_dense.keras"));
        ObjectNode refs = JSON.createObjectNode();
        ObjectNode e = refs.putObject("lstm_states_dense");
        e.set("x", JSON.valueToTree(List.of(tensorJson(x.get(0)))));
        e.set("y", c.get("y"));
        e.put("next_loss", m.testOnBatch(x, tensors(c.get("y"))));
        e.set("predict", JSON.valueToTree(m.predict(x, 32, 0).stream().map(RecurrentStateConformance::tensorJson).toList()));
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("references.json").toFile(), refs);
    }

    private static Map<String, Object> tensorJson(Tensor t) {
        List<Float> v = new ArrayList<>();
        for (float f : t.data()) {
            v.add(f);
        }
        return Map.of("shape", t.shape(), "values", v);
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void sequentialRefusesALayerWithReturnState() {
        KerasException e = assertThrows(KerasException.class,
                () -> new Sequential().add(new Input(5, 3)).add(new LSTM(3).returnState(true).name("enc")));
        assertTrue(e.getMessage().contains("All layers in a Sequential model should have a single output tensor")
                && e.getMessage().contains("'enc'"), e.getMessage());
    }

    @Test
    void applyOfAMultiOutputLayerPointsToApplyAll() {
        Input x = new Input(5, 3);
        BaseRNN gru = new GRU(3).returnState(true).name("g");
        KerasException e = assertThrows(KerasException.class, () -> gru.apply(x));
        assertTrue(e.getMessage().contains("'g' returns 2 tensors") && e.getMessage().contains("applyAll"), e.getMessage());
        assertEquals(0, gru.inboundNodes().size(), "the refused call leaves no node");
        assertEquals(2, gru.applyAll(x).size());
    }

    @Test
    void bidirectionalRefusesReturnState() {
        KerasException e = assertThrows(KerasException.class,
                () -> new Bidirectional(new LSTM(3).returnState(true).name("l")));
        assertTrue(e.getMessage().contains("'l'") && e.getMessage().contains("returnState"), e.getMessage());
    }
}
