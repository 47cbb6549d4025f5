package io.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Embedding;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.GlobalAveragePooling2D;
import io.jkeras.layers.Input;
import io.jkeras.layers.LSTM;
import io.jkeras.layers.Layer;
import io.jkeras.layers.TimeDistributed;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.models.Model;
import io.jkeras.models.Models;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.SGD;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.jhdf.HdfFile;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * TimeDistributed against Python Keras 3 ({@code fixtures/rnn/time_distributed.json} and
 * {@code fixtures/saving/time_distributed.keras}, made by
 * {@code tools/fixtures/time_distributed_fixtures.py}): Dense on steps of rank 1 and 2, a tagger after
 * an LSTM, Conv2D (valid and same with strides), GlobalAveragePooling2D and Flatten on frames; forward
 * values, the gradient of an mse loss with respect to every weight (shared over the steps), five Adam
 * steps of a video model, the Keras-made file, the {@code .keras} round trip with Keras's config and
 * weight paths, and the errors for bad input.
 */
public abstract class TimeDistributedConformance extends ConformanceBase {
    private static final JsonNode TD = Fixtures.load("/fixtures/rnn/time_distributed.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The jkeras layers of each case, as the fixture script builds them. */
    private static Layer[] layers(String name) {
        return switch (name) {
            case "dense", "dense_relu_rank4" -> new Layer[] {
                new TimeDistributed(new Dense(name.equals("dense") ? 2 : 3, name.equals("dense") ? "linear" : "relu")
                        .name("d")).name("td")};
            case "lstm_sequences_dense_softmax" -> new Layer[] {new LSTM(4).returnSequences(true).name("lstm"),
                new TimeDistributed(new Dense(3, "softmax").name("tagger")).name("td")};
            case "conv2d_pool_lstm_dense" -> videoModel();
            case "conv2d_same_strides_flatten" -> new Layer[] {
                new TimeDistributed(new Conv2D(2, 2).strides(2).padding("same").name("conv")).name("td_conv"),
                new TimeDistributed(new Flatten().name("flat")).name("td_flat"),
                new TimeDistributed(new Dense(2).name("d")).name("td_dense")};
            default -> throw new IllegalArgumentException("No jkeras model for case " + name);
        };
    }

    private static Layer[] videoModel() {
        return new Layer[] {new TimeDistributed(new Conv2D(3, 3, "tanh").name("conv")).name("td_conv"),
            new TimeDistributed(new GlobalAveragePooling2D().name("gap")).name("td_gap"), new LSTM(2).name("lstm"),
            new Dense(1).name("out")};
    }

    private static Stream<Map.Entry<String, JsonNode>> cases() {
        return Fixtures.cases(TD.get("cases"));
    }

    @TestFactory
    Stream<DynamicTest> forwardMatchesKeras() {
        return cases().map(e -> DynamicTest.dynamicTest(e.getKey(), () ->
                assertPredictsLikeKeras(fixtureModel(e.getValue(), layers(e.getKey())), e.getValue(), e.getKey())));
    }

    @TestFactory
    Stream<DynamicTest> mseGradientsOfTheSharedWeightsMatchKerasAutograd() {
        return cases().map(e -> DynamicTest.dynamicTest(e.getKey(), () ->
                assertMseGradientsLikeKeras(fixtureModel(e.getValue(), layers(e.getKey())), e.getValue(), e.getKey())));
    }

    @Test
    void videoModelTrainsLikeKerasWithAdam() {
        JsonNode f = TD.get("training");
        trainsLikeKeras(f, new MeanSquaredError(), Fixtures.tensor(f.get("y")), videoModel());
    }

    @Test
    void innerLayerSharesTheWrappersWeights() {
        Dense inner = new Dense(2);
        TimeDistributed td = new TimeDistributed(inner);
        Sequential m = withInput(new int[] {4, 3}, td);
        assertEquals("dense", inner.getName(), "the inner layer is named when wrapped, as Keras names it when made");
        assertEquals(List.of(3, 2), List.of(td.getWeights().get(0).shape()[0], td.getWeights().get(0).shape()[1]));
        compile(m, new SGD(0.5f), new MeanSquaredError());
        Tensor x = Tensor.of(pattern(2 * 4 * 3, 0.2, 1.0), 2, 4, 3);
        m.trainOnBatch(x, Tensor.of(pattern(2 * 4 * 2, 0.9, 1.0), 2, 4, 2));
        assertTensor(td.getWeights().get(0).shape(), toDouble(td.getWeights().get(0).data()), inner.getWeights().get(0),
                0, 0, "inner kernel after a step");
        // Every step uses the one kernel: step t of the output is x_t W + b.
        Tensor out = m.predict(x, 32, 0);
        float[] w = td.getWeights().get(0).data();
        float[] b = td.getWeights().get(1).data();
        for (int t = 0; t < 4; t++) {
            for (int j = 0; j < 2; j++) {
                double v = b[j];
                for (int f = 0; f < 3; f++) {
                    v += x.data()[(4 + t) * 3 + f] * w[f * 2 + j];
                }
                assertClose(v, out.data()[(4 + t) * 2 + j], 1e-5, 1e-6, "sample 1, step " + t + ", unit " + j);
            }
        }
    }

    // ------------------------------------------------------------------ files

    @Test
    void kerasWrittenFileLoadsAndPredictsAsKeras() {
        Model m = Models.load(SavingConformance.copyFixture("time_distributed.keras", dir), backend());
        JsonNode ref = TD.get("saved_file");
        Tensor expected = Fixtures.tensor(ref.get("predict").get(0));
        assertTensor(expected.shape(), toDouble(expected.data()), m.predict(Fixtures.tensor(ref.get("x")), 32, 0), 1e-5, 1e-6,
                "time_distributed.keras");
        assertEquals("conv", ((TimeDistributed) m.getLayer("td_conv")).getLayer().getName());
    }

    @Test
    void roundTripWritesKerasConfigAndWeightPaths() throws IOException {
        JsonNode c = TD.get("cases").get("conv2d_pool_lstm_dense");
        Sequential m = fixtureModel(c, videoModel());
        Tensor x = Fixtures.tensor(c.get("x"));
        Path file = dir.resolve("video.keras");
        m.save(file);
        Tensor before = m.predict(x, 32, 0);
        assertTensor(before.shape(), toDouble(before.data()), Models.load(file, backend()).predict(x, 32, 0), 0, 0, "reloaded");
        JsonNode td = SavingConformance.savedLayerConfig(file, "class_name", "TimeDistributed");
        JsonNode conv = SavingConformance.configOf(file).get("config").get("layers").get(1).get("config").get("layer");
        assertEquals("Conv2D", conv.get("class_name").asText());
        assertEquals("conv", conv.get("config").get("name").asText());
        assertEquals("[null,6,5,2]", conv.get("build_config").get("input_shape").toString());
        assertEquals("GlobalAveragePooling2D", td.get("layer").get("class_name").asText());
        try (ZipFile z = new ZipFile(file.toFile());
                HdfFile h = HdfFile.fromBytes(z.getInputStream(z.getEntry("model.weights.h5")).readAllBytes())) {
            Node vars = h.getByPath("layers/time_distributed/layer/vars");
            assertEquals("conv", vars.getAttribute("name").getData(), "the wrapped layer's vars group is named as it");
            assertEquals(List.of(3, 3, 2, 3), Arrays.stream(h.getDatasetByPath("layers/time_distributed/layer/vars/0")
                    .getDimensions()).boxed().toList(), "the wrapped Conv2D's kernel");
            assertTrue(h.getByPath("layers/time_distributed_1/layer/vars") != null, "the second TimeDistributed's group");
        }
        writeForPythonCrossCheck(m, x, c);
    }

    /** Writes the file and jkeras's prediction for {@code tools/fixtures/check_jkeras_files.py}. */
    private void writeForPythonCrossCheck(Model m, Tensor x, JsonNode c) throws IOException {
        Path out = Path.of("target", "saving-crosscheck-timedistributed", backend().name());
        Files.createDirectories(out);
        m.save(out.resolve("video.keras"));
        ObjectNode refs = JSON.createObjectNode();
        ObjectNode e = refs.putObject("video");
        e.set("x", JSON.createArrayNode().add(c.get("x")));
        e.set("y", JSON.createArrayNode().add(c.get("y")));
        List<Float> p = new ArrayList<>();
        Tensor pred = m.predict(x, 32, 0);
        for (float v : pred.data()) {
            p.add(v);
        }
        e.set("predict", JSON.createArrayNode().add(JSON.valueToTree(Map.of("shape", pred.shape(), "values", p))));
        e.put("next_loss", m.testOnBatch(x, Fixtures.tensor(c.get("y"))));
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("references.json").toFile(), refs);
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void badInputIsRefusedClearly() {
        KerasException e = assertThrows(KerasException.class,
                () -> new TimeDistributed(new Dense(2)).name("td").apply(new Input(3)));
        assertTrue(e.getMessage().contains("at least 3 dimensions") && e.getMessage().contains("(None, 3)")
                && e.getMessage().contains("'td'"), e.getMessage());
        e = assertThrows(KerasException.class,
                () -> new TimeDistributed(new Conv2D(2, 3)).name("tdc").apply(new Input(4, 5, 5)));
        assertTrue(e.getMessage().contains("'tdc'") && e.getMessage().contains("(None, 5, 5)"), e.getMessage());
        Dense used = new Dense(2);
        used.apply(new Input(3));
        assertThrows(KerasException.class, () -> new TimeDistributed(used));
        e = assertThrows(KerasException.class, () -> new TimeDistributed(new LSTM(2).returnState(true).name("s")));
        assertTrue(e.getMessage().contains("'s'") && e.getMessage().contains("returns 3 tensors"), e.getMessage());
        Sequential masked = withInput(new int[] {4, 3}, new Embedding(5, 2).maskZero(true),
                new TimeDistributed(new Flatten()).name("tdm"));
        e = assertThrows(KerasException.class, () -> compile(masked, new SGD(0.1f), new MeanSquaredError()));
        assertTrue(e.getMessage().contains("TimeDistributed 'tdm' receives the mask"), e.getMessage());
    }
}
