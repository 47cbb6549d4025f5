package io.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jkeras.Tensor;
import io.jkeras.backend.Backend;
import io.jkeras.backend.Backends;
import io.jkeras.initializers.Constant;
import io.jkeras.initializers.RandomNormal;
import io.jkeras.initializers.RandomUniform;
import io.jkeras.initializers.VarianceScaling;
import io.jkeras.layers.Activation;
import io.jkeras.layers.Add;
import io.jkeras.layers.Average;
import io.jkeras.layers.AveragePooling1D;
import io.jkeras.layers.AveragePooling2D;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Conv1D;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Cropping2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.GlobalAveragePooling1D;
import io.jkeras.layers.GlobalAveragePooling2D;
import io.jkeras.layers.GlobalMaxPooling1D;
import io.jkeras.layers.GlobalMaxPooling2D;
import io.jkeras.layers.Input;
import io.jkeras.layers.KerasTensor;
import io.jkeras.layers.LayerNormalization;
import io.jkeras.layers.MaxPooling1D;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.layers.Maximum;
import io.jkeras.layers.Minimum;
import io.jkeras.layers.Multiply;
import io.jkeras.layers.Reshape;
import io.jkeras.layers.SpatialDropout2D;
import io.jkeras.layers.Subtract;
import io.jkeras.layers.UpSampling2D;
import io.jkeras.layers.ZeroPadding2D;
import io.jkeras.losses.BinaryCrossentropy;
import io.jkeras.losses.Huber;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.models.CompileOptions;
import io.jkeras.models.Model;
import io.jkeras.models.Models;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adagrad;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.AdamW;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.RMSprop;
import io.jkeras.optimizers.SGD;
import io.jkeras.regularizers.Regularizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Saving and loading on a backend: files made by Python Keras 3 ({@code fixtures/saving/}, by
 * {@code tools/fixtures/saving_fixtures.py}) load and predict as Keras did and resume training with
 * Keras's losses; jkeras's own files round-trip every layer and object, resume training exactly,
 * have the structure of Keras's files, and load on every installed backend.
 */
public abstract class SavingConformance extends ConformanceBase {
    private static final JsonNode REFS = Fixtures.load("/fixtures/saving/references.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A fixture copied to a file (the fixtures may sit in a jar). */
    protected Path fixture(String name) {
        return copyFixture(name, dir);
    }

    /** Copies the saving fixture {@code name} into {@code dir}. */
    static Path copyFixture(String name, Path dir) {
        try (InputStream in = SavingConformance.class.getResourceAsStream("/fixtures/saving/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            Path p = dir.resolve(name);
            Files.copy(in, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Tensor> tensors(JsonNode list) {
        List<Tensor> out = new ArrayList<>();
        list.forEach(n -> out.add(Fixtures.tensor(n)));
        return out;
    }

    private static void assertPredictions(JsonNode expected, List<Tensor> actual, double atol, String what) {
        assertEquals(expected.size(), actual.size(), what + ": outputs");
        for (int i = 0; i < actual.size(); i++) {
            Tensor e = Fixtures.tensor(expected.get(i));
            assertTensor(e.shape(), toDouble(e.data()), actual.get(i), 1e-5, atol, what + " output " + i);
        }
    }

    // ------------------------------------------------------------------ files written by Python Keras

    @ParameterizedTest
    @ValueSource(strings = {"mlp.keras", "two_inputs.keras", "convs.keras", "batchnorm.keras", "rnns.keras", "bidirectional.keras",
        "bidirectional_masked.keras", "opt_sgd.keras", "opt_adam.keras", "opt_adamw.keras",
        "opt_rmsprop.keras", "opt_adagrad.keras", "legacy_mlp.h5", "legacy_keras2_functional.h5"})
    void kerasWrittenFileLoadsAndPredictsAsKeras(String file) {
        Model m = Models.load(fixture(file), backend());
        String key = file.substring(0, file.indexOf('.')).replace("legacy_mlp", "mlp");
        JsonNode ref = REFS.get(key);
        assertPredictions(ref.get("predict"), m.predict(tensors(ref.get("x")), 32, 0), 1e-6, file);
        assertTrue(m.isCompiled(), file + " holds a compile configuration");
        if (file.endsWith(".keras")) {
            assertEquals(ref.get("iterations").asLong(), m.getIterations(), file + ": optimizer.iterations");
        }
    }

    @Test
    void loadGivesASequentialWhenTheFileHoldsOne() {
        assertInstanceOf(Sequential.class, Models.load(fixture("mlp.keras"), backend()));
        Model two = Models.load(fixture("two_inputs.keras"), backend());
        assertFalse(two instanceof Sequential);
        assertEquals(List.of("in_a", "in_b"), two.inputNames());
        assertEquals(List.of("score", "prob"), two.outputNames());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "batchnorm", "opt_sgd", "opt_adam", "opt_adamw", "opt_rmsprop", "opt_adagrad"})
    void trainingResumedFromAKerasFileGivesKerasLosses(String name) {
        Model m = Models.load(fixture(name + ".keras"), backend());
        JsonNode r = REFS.get(name).get("resume");
        Tensor x = Fixtures.tensor(r.get("x"));
        Tensor y = Fixtures.tensor(r.get("y"));
        for (int i = 0; i < 3; i++) {
            assertClose(r.get("losses").get(i).asDouble(), m.trainOnBatch(x, y), 1e-5, 1e-6, name + " loss after resuming, step " + i);
        }
        List<Tensor> w = m.getWeights();
        for (int i = 0; i < w.size(); i++) {
            Tensor e = Fixtures.tensor(r.get("weights_after").get(i));
            assertTensor(e.shape(), toDouble(e.data()), w.get(i), 1e-5, 1e-6, name + " weight " + i + " after resuming");
        }
    }

    /**
     * An optimizer read from a Keras file is written back with Keras's config, value for value: the learning rate
     * as the float32 Keras holds it in a variable, {@code beta_1}, {@code epsilon}, {@code momentum},
     * {@code weight_decay} ... as the Python floats Keras keeps ({@code 0.9}, not {@code 0.8999999761581421}). Only the
     * {@code name} may differ: Keras on PyTorch names its torch subclasses ({@code adam_w}, {@code rm_sprop}), jkeras
     * writes Keras's documented defaults ({@code adamw}, {@code rmsprop}); and the envelope's {@code module} is the
     * public {@code keras.optimizers}, not the torch backend's own module.
     */
    @ParameterizedTest
    @ValueSource(strings = {"opt_sgd", "opt_adam", "opt_adamw", "opt_rmsprop", "opt_adagrad"})
    void anOptimizerWritesKerasConfigValueForValue(String name) throws IOException {
        Path again = dir.resolve(name + "_again.keras");
        Models.load(fixture(name + ".keras"), backend()).save(again);
        JsonNode keras = configOf(fixture(name + ".keras")).get("compile_config").get("optimizer");
        JsonNode jkeras = configOf(again).get("compile_config").get("optimizer");
        assertEquals(keras.get("class_name"), jkeras.get("class_name"), name);
        com.fasterxml.jackson.databind.node.ObjectNode expected = keras.get("config").deepCopy();
        com.fasterxml.jackson.databind.node.ObjectNode actual = jkeras.get("config").deepCopy();
        expected.remove("name");
        actual.remove("name");
        assertEquals(expected, actual, name + ": the optimizer's config");
    }

    private static final JsonNode MASKED = Fixtures.load("/fixtures/saving/masked.json");

    /**
     * Masked models saved by Keras ({@code masked_saving_fixtures.py}): a Functional file records the
     * masks as NotEqual / Any op layers passed as {@code mask=}; jkeras computes them itself, so the
     * loaded model has only the layers, predicts Keras's numbers on padded inputs and resumes training
     * with Keras's losses.
     */
    @ParameterizedTest
    @ValueSource(strings = {"masked_embedding_sequential", "masked_embedding_functional", "masked_masking_sequential",
        "masked_masking_functional"})
    void kerasWrittenMaskedFileLoadsPredictsAndResumesAsKeras(String name) {
        Model m = Models.load(fixture(name + ".keras"), backend());
        JsonNode ref = MASKED.get(name);
        List<String> classes = m.layers().stream().map(io.jkeras.layers.Layer::className)
                .filter(c -> !c.equals("InputLayer")).toList();
        assertEquals(name.contains("embedding") ? List.of("Embedding", "LSTM", "Dense")
                : name.endsWith("functional") ? List.of("Masking", "GRU", "GRU", "Dense") : List.of("Masking", "GRU", "Dense"),
                classes, name + ": the layers, without op layers");
        assertPredictions(ref.get("predict"), m.predict(tensors(ref.get("x")), 32, 0), 1e-6, name);
        assertEquals(ref.get("iterations").asLong(), m.getIterations(), name + ": optimizer.iterations");
        Path again = dir.resolve(name + "_by_jkeras.keras");
        m.save(again);
        assertPredictions(ref.get("predict"), Models.load(again, backend()).predict(tensors(ref.get("x")), 32, 0), 1e-6,
                name + " saved again by jkeras");
        JsonNode r = ref.get("resume");
        Tensor x = Fixtures.tensor(r.get("x"));
        Tensor y = Fixtures.tensor(r.get("y"));
        for (int i = 0; i < 3; i++) {
            assertClose(r.get("losses").get(i).asDouble(), m.trainOnBatch(x, y), 1e-5, 1e-6, name + " loss after resuming, step " + i);
        }
        List<Tensor> w = m.getWeights();
        assertEquals(r.get("weights_after").size(), w.size(), name + ": weights");
        for (int i = 0; i < w.size(); i++) {
            Tensor e = Fixtures.tensor(r.get("weights_after").get(i));
            assertTensor(e.shape(), toDouble(e.data()), w.get(i), 1e-5, 1e-6, name + " weight " + i + " after resuming");
        }
    }

    @Test
    void kerasWeightsFilesLoadIntoAModelBuiltInCode() {
        JsonNode ref = REFS.get("mlp");
        for (String file : List.of("mlp.weights.h5", "legacy_mlp.h5", "mlp.keras")) {
            Sequential m = mlp();
            m.loadWeights(fixture(file));
            assertPredictions(ref.get("predict"), List.of(m.predict(Fixtures.tensor(ref.get("x").get(0)), 32, 0)), 1e-6, file);
        }
    }

    /** The fixture's MLP, built in code with the same names. */
    private Sequential mlp() {
        Sequential m = new Sequential("mlp");
        m.add(new Input(4).name("features"));
        m.add(new Dense(8, "relu").kernelRegularizer(Regularizer.l2(0.01f)).name("hidden"));
        m.add(new Dense(3, "softmax").kernelInitializer("he_normal").name("probs"));
        return m;
    }

    // ------------------------------------------------------------------ files written by jkeras

    /** The optimizers of the round-trip tests, each with state. */
    private static List<Supplier<Optimizer>> optimizers() {
        return List.of(() -> new SGD(0.05f), () -> new SGD(0.05f, 0.9f, true).weightDecay(0.01f),
                () -> new Adam(0.01f, 0.9f, 0.999f, 1e-7f, true), () -> new AdamW(0.01f),
                () -> new RMSprop(0.01f, 0.9f, 0.5f, 1e-7f, true).weightDecay(0.01f), () -> new Adagrad(0.1f).weightDecay(0.01f));
    }

    private Sequential dropoutNet(Optimizer opt) {
        Sequential m = withInput(new int[] {5}, new Dense(7, "relu"), new Dropout(0.3f), new Dense(3, "softmax"));
        m.compile(opt, new SparseCategoricalCrossentropy(), List.of("accuracy"), backend());
        return m;
    }

    @Test
    void trainingResumedFromAJkerasFileGivesTheLossesOfAnUnbrokenRun() {
        Tensor x = Tensor.of(pattern(8 * 5, 0.3, 1.0), 8, 5);
        Tensor y = Tensor.of(new float[] {0, 1, 2, 1, 0, 2, 2, 1}, 8, 1);
        for (Supplier<Optimizer> opt : optimizers()) {
            freshSeed();
            Sequential unbroken = dropoutNet(opt.get());
            List<Float> expected = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                expected.add(unbroken.trainOnBatch(x, y));
            }
            freshSeed();
            Sequential first = dropoutNet(opt.get());
            List<Float> resumed = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                resumed.add(first.trainOnBatch(x, y));
            }
            Path file = dir.resolve("resume_" + first.getOptimizer().name() + ".keras");
            first.save(file);
            Model second = Models.load(file, backend());
            assertEquals(3, second.getIterations());
            for (int i = 0; i < 3; i++) {
                resumed.add(second.trainOnBatch(x, y));
            }
            assertEquals(expected, resumed, opt.get().name() + ": losses of 3 steps, save, load, 3 steps");
            assertEquals(flat(unbroken.getWeights()), flat(second.getWeights()), opt.get().name() + ": final weights");
        }
    }

    private void freshSeed() {
        io.jkeras.Keras.clearSession();
        io.jkeras.Keras.setRandomSeed(SEED);
    }

    private static List<Float> flat(List<Tensor> ts) {
        List<Float> out = new ArrayList<>();
        for (Tensor t : ts) {
            for (float v : t.data()) {
                out.add(v);
            }
        }
        return out;
    }

    /** A Functional model with every layer kind, every initializer kind, regularizers and several losses. */
    protected Model everyLayerModel() {
        Input a = new Input(4).name("a");
        Input b = new Input(4).name("b");
        Dense shared = new Dense(4, "tanh").kernelInitializer(VarianceScaling.lecunUniform())
                .biasInitializer(new Constant(0.25f)).kernelRegularizer(Regularizer.l1l2(0.01f, 0.02f)).name("shared");
        KerasTensor ha = shared.apply(a);
        KerasTensor hb = shared.apply(b);
        KerasTensor m = new Concatenate().apply(new Add().apply(ha, hb), new Subtract().apply(ha, hb),
                new Multiply().apply(ha, hb), new Average().apply(ha, hb), new Maximum().apply(ha, hb),
                new Minimum().apply(ha, hb));
        KerasTensor r = new Reshape(6, -1).apply(m);
        KerasTensor r3 = new Dense(3, "gelu").kernelInitializer(new RandomNormal(0.0, 0.3))
                .biasInitializer(new RandomUniform(-0.1, 0.1)).biasRegularizer(Regularizer.l1(0.001f)).apply(r);
        KerasTensor f = new Flatten().apply(new Dropout(0.2f, 99L).apply(r3));
        KerasTensor c = new Concatenate(1).apply(f, new Dense(5, "selu").kernelInitializer("he_uniform").apply(f));
        KerasTensor score = new Dense(1).name("score").kernelRegularizer(Regularizer.l2(0.001f)).apply(c);
        KerasTensor label = new Activation("softmax").name("label").apply(new Dense(3, "leaky_relu").apply(c));
        KerasTensor logit = new Dense(2, "swish").kernelInitializer("glorot_normal").name("logit").apply(c);
        Model model = new Model(List.of(a, b), List.of(score, label, logit), "every_layer");
        model.compile(new CompileOptions(new RMSprop(0.01f, 0.8f, 0.1f, 1e-6f, true).weightDecay(0.001f))
                .loss("score", new Huber(2f)).loss("label", new SparseCategoricalCrossentropy())
                .loss("logit", new BinaryCrossentropy(true)).lossWeight("score", 0.5).metricsFor("label", "accuracy")
                .metricsFor("logit", "binary_accuracy", "mae").backend(backend()));
        return model;
    }

    @Test
    void everyLayerAndObjectRoundTripsWithItsKerasConfig() throws IOException {
        Model model = everyLayerModel();
        List<Tensor> x = List.of(Tensor.of(pattern(12, 0.1, 1), 3, 4), Tensor.of(pattern(12, 0.7, 1), 3, 4));
        List<Tensor> y = List.of(Tensor.of(pattern(3, 0.2, 1), 3, 1), Tensor.of(new float[] {0, 2, 1}, 3, 1),
                Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2));
        model.trainOnBatch(x, y);
        Path file = dir.resolve("every_layer.keras");
        model.save(file);
        Model loaded = Models.load(file, backend());
        Path again = dir.resolve("again.keras");
        loaded.save(again);
        assertEquals(configOf(file), configOf(again), "config.json after a round trip");
        List<Tensor> p0 = model.predict(x, 32, 0);
        List<Tensor> p1 = loaded.predict(x, 32, 0);
        for (int i = 0; i < p0.size(); i++) {
            assertEquals(flat(List.of(p0.get(i))), flat(List.of(p1.get(i))), "output " + i);
        }
        assertEquals(model.trainOnBatch(x, y), loaded.trainOnBatch(x, y), "the next training step");
    }

    @Test
    void convolutionsAndPoolingRoundTripWithTheirKerasConfig() throws IOException {
        io.jkeras.layers.Input img = new io.jkeras.layers.Input(9, 8, 2).name("img");
        io.jkeras.layers.KerasTensor a = new io.jkeras.layers.Conv2D(3, new int[] {3, 2}).strides(2, 1).padding("same")
                .activation("relu").apply(img);
        io.jkeras.layers.KerasTensor b = new io.jkeras.layers.MaxPooling2D(2).padding("same").apply(a);
        io.jkeras.layers.KerasTensor c = new io.jkeras.layers.AveragePooling2D(new int[] {2, 1}).strides(1, 1).apply(b);
        io.jkeras.layers.KerasTensor g1 = new io.jkeras.layers.GlobalMaxPooling2D().apply(c);
        io.jkeras.layers.KerasTensor g2 = new io.jkeras.layers.GlobalAveragePooling2D().apply(c);
        io.jkeras.layers.Input seq = new io.jkeras.layers.Input(10, 3).name("seq");
        io.jkeras.layers.KerasTensor d = new io.jkeras.layers.Conv1D(4, 3).dilationRate(2).useBias(false).apply(seq);
        io.jkeras.layers.KerasTensor e = new io.jkeras.layers.MaxPooling1D(2).apply(d);
        io.jkeras.layers.KerasTensor f = new io.jkeras.layers.AveragePooling1D(2).padding("same").apply(e);
        io.jkeras.layers.KerasTensor h1 = new io.jkeras.layers.GlobalMaxPooling1D().apply(f);
        io.jkeras.layers.KerasTensor h2 = new io.jkeras.layers.GlobalAveragePooling1D().apply(f);
        io.jkeras.layers.KerasTensor out = new io.jkeras.layers.Dense(2).apply(
                new io.jkeras.layers.Concatenate().apply(g1, g2, h1, h2));
        Model model = new Model(List.of(img, seq), List.of(out), "convs");
        model.compile(new io.jkeras.models.CompileOptions(new Adam(0.01f)).loss("mse").backend(backend()));
        List<Tensor> x = List.of(Tensor.of(pattern(2 * 9 * 8 * 2, 0.3, 1), 2, 9, 8, 2), Tensor.of(pattern(60, 0.8, 1), 2, 10, 3));
        List<Tensor> y = List.of(Tensor.of(pattern(4, 0.5, 1), 2, 2));
        model.trainOnBatch(x, y);
        Path file = dir.resolve("convs.keras");
        Model loaded = saveLoadSave(model, file);
        JsonNode layers = configOf(file).get("config").get("layers");
        List<String> classes = new ArrayList<>();
        layers.forEach(l -> classes.add(l.get("class_name").asText()));
        assertTrue(classes.containsAll(List.of("Conv2D", "Conv1D", "MaxPooling2D", "AveragePooling2D", "GlobalMaxPooling2D",
                "GlobalAveragePooling2D", "MaxPooling1D", "AveragePooling1D", "GlobalMaxPooling1D", "GlobalAveragePooling1D")),
                classes.toString());
        assertEquals(flat(model.predict(x, 32, 0)), flat(loaded.predict(x, 32, 0)), "predictions after loading");
        assertEquals(model.trainOnBatch(x, y), loaded.trainOnBatch(x, y), "the next training step");
    }

    @Test
    void shapeAndNormalizationLayersWriteKerasConfigsAndRoundTrip() throws IOException {
        JsonNode keras = Fixtures.load("/fixtures/shape/configs.json").get("layers");
        Sequential model = new Sequential();
        model.add(new Input(6, 5, 2));
        model.add(new io.jkeras.layers.ZeroPadding2D(new int[][] {{1, 0}, {0, 1}}).name("zero_padding2d"));
        model.add(new io.jkeras.layers.Cropping2D(new int[][] {{1, 2}, {1, 0}}).name("cropping2d"));
        model.add(new io.jkeras.layers.UpSampling2D(2, 3).name("up_sampling2d"));
        model.add(new io.jkeras.layers.SpatialDropout2D(0.25f, 5).name("spatial_dropout2d"));
        model.add(new io.jkeras.layers.LayerNormalization().epsilon(0.01f).center(false).name("layer_normalization"));
        model.add(new Reshape(120, 2).name("reshape"));
        model.add(new io.jkeras.layers.Permute(2, 1).name("permute"));
        model.add(new Flatten().name("flatten"));
        model.add(new io.jkeras.layers.RepeatVector(2).name("repeat_vector"));
        model.compile(new CompileOptions(new Adam(0.01f)).loss("mse").backend(backend()));
        Tensor x = Tensor.of(pattern(2 * 6 * 5 * 2, 0.3, 1), 2, 6, 5, 2);
        Tensor y = Tensor.of(pattern(2 * 2 * 240, 0.5, 1), 2, 2, 240);
        model.trainOnBatch(x, y);
        Path file = dir.resolve("shapes.keras");
        Model loaded = saveLoadSave(model, file);
        JsonNode layers = configOf(file).get("config").get("layers");
        int checked = 0;
        for (JsonNode l : layers) {
            String cls = l.get("class_name").asText();
            if (keras.has(cls)) {
                assertEquals(keras.get(cls).get("config"), l.get("config"), cls + " config as Keras 3 writes it");
                assertEquals(keras.get(cls).get("has_build_config").asBoolean(), l.has("build_config"),
                        cls + " build_config");
                checked++;
            }
        }
        assertEquals(keras.size(), checked, "layers compared with Keras's configs");
        assertEquals(model.getWeights().size(), loaded.getWeights().size());
        assertEquals(flat(List.of(model.predict(x, 32, 0))), flat(List.of(loaded.predict(x, 32, 0))), "predictions after loading");
        assertEquals(model.trainOnBatch(x, y), loaded.trainOnBatch(x, y), "the next training step");
    }

    /**
     * Conv1D/2D, every pooling layer, BatchNormalization, LayerNormalization, ZeroPadding2D, UpSampling2D,
     * Cropping2D and SpatialDropout2D, each with Keras's defaults and with other arguments (strides,
     * {@code same}, dilation, no bias, initializers, regularizers), built as {@code conv_configs()} in
     * tools/fixtures/shape_layers_fixtures.py builds them in Keras.
     */
    private static Model convConfigModel() {
        io.jkeras.layers.Input img = new io.jkeras.layers.Input(9, 8, 3).name("img");
        KerasTensor a = new Conv2D(4, 3).name("conv2d").apply(img);
        a = new Conv2D(5, new int[] {3, 2}).strides(2, 1).padding("same").activation("relu")
                .kernelInitializer("he_normal").biasInitializer(new Constant(0.1f))
                .kernelRegularizer(Regularizer.l2(0.01f)).biasRegularizer(Regularizer.l1(0.02f))
                .name("conv2d_strided_same").apply(a);
        a = new Conv2D(4, 2).dilationRate(2, 2).padding("same").useBias(false)
                .kernelRegularizer(Regularizer.l1l2(0.001f, 0.002f)).name("conv2d_dilated_no_bias").apply(a);
        a = new BatchNormalization().name("batch_normalization").apply(a);
        a = new BatchNormalization().axis(-1).momentum(0.9).epsilon(0.01).center(false)
                .gammaInitializer(new Constant(0.5f)).movingVarianceInitializer(new Constant(0f))
                .gammaRegularizer(Regularizer.l2(0.01f)).name("batch_normalization_no_center").apply(a);
        a = new ZeroPadding2D().name("zero_padding2d_default").apply(a);
        a = new ZeroPadding2D(new int[][] {{2, 0}, {1, 3}}).name("zero_padding2d").apply(a);
        a = new MaxPooling2D().name("max_pooling2d").apply(a);
        a = new MaxPooling2D(new int[] {3, 2}).strides(1, 2).padding("same").name("max_pooling2d_same").apply(a);
        a = new UpSampling2D().name("up_sampling2d_default").apply(a);
        a = new UpSampling2D(1, 3).name("up_sampling2d").apply(a);
        a = new Cropping2D().name("cropping2d_default").apply(a);
        a = new Cropping2D(1, 2).name("cropping2d").apply(a);
        a = new AveragePooling2D(2).name("average_pooling2d").apply(a);
        a = new AveragePooling2D(3).strides(1, 1).padding("same").name("average_pooling2d_same").apply(a);
        a = new SpatialDropout2D(0.3f, 3).name("spatial_dropout2d").apply(a);
        a = new LayerNormalization().name("layer_normalization").apply(a);
        a = new LayerNormalization().axis(-2).epsilon(0.1f).scale(false).betaInitializer(new Constant(1f))
                .name("layer_normalization_axis").apply(a);
        KerasTensor g1 = new GlobalAveragePooling2D().name("global_average_pooling2d").apply(a);
        KerasTensor g2 = new GlobalMaxPooling2D().name("global_max_pooling2d").apply(a);
        io.jkeras.layers.Input seq = new io.jkeras.layers.Input(24, 3).name("seq");
        KerasTensor b = new Conv1D(4, 3).name("conv1d").apply(seq);
        b = new Conv1D(5, 2).strides(2).padding("same").activation("tanh").kernelInitializer("glorot_normal")
                .biasRegularizer(Regularizer.l2(0.05f)).name("conv1d_strided_same").apply(b);
        b = new Conv1D(3, 2).dilationRate(2).useBias(false).kernelRegularizer(Regularizer.l1(0.01f))
                .name("conv1d_dilated_no_bias").apply(b);
        b = new MaxPooling1D().name("max_pooling1d").apply(b);
        b = new MaxPooling1D(3).strides(1).padding("same").name("max_pooling1d_same").apply(b);
        b = new AveragePooling1D(2).name("average_pooling1d").apply(b);
        b = new AveragePooling1D(2).strides(1).padding("same").name("average_pooling1d_same").apply(b);
        KerasTensor h1 = new GlobalAveragePooling1D().name("global_average_pooling1d").apply(b);
        KerasTensor h2 = new GlobalMaxPooling1D().name("global_max_pooling1d").apply(b);
        return new Model(List.of(img, seq), List.of(g1, g2, h1, h2), "convs");
    }

    @Test
    void convolutionPoolingAndNormalizationLayersWriteKerasConfigsKeyByKeyAndLoadKerasConfigs() throws IOException {
        JsonNode keras = Fixtures.load("/fixtures/shape/configs.json").get("conv_model");
        Model model = convConfigModel();
        model.compile(new CompileOptions(new Adam(0.01f)).loss("mse").backend(backend()));
        List<Tensor> x = List.of(Tensor.of(pattern(2 * 9 * 8 * 3, 0.3, 1), 2, 9, 8, 3),
                Tensor.of(pattern(2 * 24 * 3, 0.7, 1), 2, 24, 3));
        Path file = dir.resolve("convs.keras");
        saveLoadSave(model, file);
        assertLayerConfigsAsKeras(keras.get("layers"), file, "jkeras's file");
        // Keras's own config.json with jkeras's weights: the layers it gives write Keras's configs again, and predict as jkeras's.
        Path kerasConfig = dir.resolve("keras-config-convs.keras");
        withEntry(file, "config.json", JSON.writeValueAsBytes(keras.get("model_config")), kerasConfig);
        Model loaded = Models.load(kerasConfig, backend());
        Path again = dir.resolve("again-keras-config-convs.keras");
        loaded.save(again);
        assertLayerConfigsAsKeras(keras.get("layers"), again, "Keras's config loaded and saved again");
        assertEquals(flat(model.predict(x, 32, 0)), flat(loaded.predict(x, 32, 0)), "predictions of Keras's config");
    }

    /**
     * Every layer of {@code file} but the inputs has Keras's class, config (key by key) and build_config
     * presence; every difference is reported.
     */
    private static void assertLayerConfigsAsKeras(JsonNode keras, Path file, String what) throws IOException {
        List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
        int checked = 0;
        for (JsonNode l : configOf(file).get("config").get("layers")) {
            String cls = l.get("class_name").asText();
            if (cls.equals("InputLayer")) {
                continue;
            }
            JsonNode config = l.get("config");
            String name = config.get("name").asText();
            String layer = what + ", " + cls + " '" + name + "'";
            JsonNode expected = keras.get(name);
            assertNotNull(expected, layer + " is in Keras's model");
            assertEquals(expected.get("class_name").asText(), cls, layer);
            TreeSet<String> keys = new TreeSet<>();
            expected.get("config").fieldNames().forEachRemaining(keys::add);
            config.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                checks.add(() -> assertEquals(expected.get("config").get(key), config.get(key), layer + ": key '" + key + "'"));
            }
            boolean build = l.has("build_config");
            checks.add(() -> assertEquals(expected.get("has_build_config").asBoolean(), build, layer + ": build_config"));
            checked++;
        }
        org.junit.jupiter.api.Assertions.assertAll(what, checks);
        assertEquals(keras.size(), checked, what + ": layers compared with Keras's configs");
    }

    /** Writes {@code to}: the zip {@code from} with the entry {@code name} replaced by {@code bytes}. */
    private static void withEntry(Path from, String name, byte[] bytes, Path to) throws IOException {
        try (ZipFile z = new ZipFile(from.toFile());
             java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(to))) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(e.getName().equals(name) ? bytes : z.getInputStream(e).readAllBytes());
                out.closeEntry();
            }
        }
    }

    @Test
    void batchNormalizationRoundTripsWithItsKerasConfigMovingStatisticsAndOptimizerState() throws IOException {
        io.jkeras.layers.Input img = new io.jkeras.layers.Input(5, 5, 2).name("img");
        io.jkeras.layers.KerasTensor a = new io.jkeras.layers.Conv2D(3, 2).useBias(false).apply(img);
        a = new io.jkeras.layers.BatchNormalization().momentum(0.8).epsilon(0.01).name("bn").apply(a);
        a = new io.jkeras.layers.GlobalAveragePooling2D().apply(a);
        a = new io.jkeras.layers.BatchNormalization().center(false).gammaRegularizer(Regularizer.l2(0.01f))
                .name("bn_flat").apply(a);
        Model model = new Model(List.of(img), List.of(new io.jkeras.layers.Dense(2).apply(a)), "bns");
        model.compile(new io.jkeras.models.CompileOptions(new Adam(0.01f)).loss("mse").backend(backend()));
        List<Tensor> x = List.of(Tensor.of(pattern(4 * 5 * 5 * 2, 0.3, 1), 4, 5, 5, 2));
        List<Tensor> y = List.of(Tensor.of(pattern(8, 0.5, 1), 4, 2));
        model.trainOnBatch(x, y);
        model.trainOnBatch(x, y);
        Path file = dir.resolve("bns.keras");
        Model loaded = saveLoadSave(model, file);
        JsonNode bn = savedLayerConfig(file, "name", "bn");
        assertEquals("BatchNormalization", configOf(file).get("config").get("layers").get(2).get("class_name").asText());
        assertEquals(0.8, bn.get("momentum").asDouble(), 1e-7);
        assertEquals(0.01, bn.get("epsilon").asDouble(), 1e-9);
        assertEquals(-1, bn.get("axis").asInt());
        assertTrue(bn.get("center").asBoolean() && bn.get("scale").asBoolean());
        assertEquals("Ones", bn.get("moving_variance_initializer").get("class_name").asText());
        for (int i = 0; i < model.getWeights().size(); i++) {
            assertEquals(flat(List.of(model.getWeights().get(i))), flat(List.of(loaded.getWeights().get(i))),
                    "weight " + i + " (moving statistics included)");
        }
        assertEquals(flat(model.predict(x, 32, 0)), flat(loaded.predict(x, 32, 0)), "predictions after loading");
        assertEquals(model.trainOnBatch(x, y), loaded.trainOnBatch(x, y), "the next training step");
        assertEquals(flat(model.getWeights()), flat(loaded.getWeights()), "weights after the next step");
    }

    /** Saves the model to {@code file}, loads it, saves the loaded model again and checks both configs are equal. */
    private Model saveLoadSave(Model model, Path file) throws IOException {
        model.save(file);
        Model loaded = Models.load(file, backend());
        Path again = file.resolveSibling("again-" + file.getFileName());
        loaded.save(again);
        assertEquals(configOf(file), configOf(again), "config.json after a round trip");
        return loaded;
    }

    @Test
    void recurrentLayersRoundTripWithTheirKerasConfig() throws IOException {
        io.jkeras.layers.Input tokens = new io.jkeras.layers.Input(6).dtype("int32").name("tokens");
        io.jkeras.layers.KerasTensor t = new io.jkeras.layers.Embedding(10, 4).maskZero(true).apply(tokens);
        t = new io.jkeras.layers.LSTM(5).unitForgetBias(false).returnSequences(true).apply(t);
        t = new io.jkeras.layers.GRU(3).goBackwards(true).apply(t);
        io.jkeras.layers.Input series = new io.jkeras.layers.Input(4, 2).name("series");
        io.jkeras.layers.KerasTensor s = new io.jkeras.layers.SimpleRNN(3).activation("relu").useBias(false)
                .apply(new io.jkeras.layers.Masking(-1f).apply(series));
        io.jkeras.layers.KerasTensor out = new io.jkeras.layers.Dense(2).apply(new io.jkeras.layers.Concatenate().apply(t, s));
        Model model = new Model(List.of(tokens, series), List.of(out), "rnns");
        model.compile(new io.jkeras.models.CompileOptions(new Adam(0.01f)).loss("mse").backend(backend()));
        float[] ids = new float[12];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (i * 7) % 10;
        }
        float[] steps = pattern(16, 0.8, 1);
        steps[2] = -1f;
        steps[3] = -1f;
        List<Tensor> x = List.of(Tensor.of(ids, 2, 6), Tensor.of(steps, 2, 4, 2));
        List<Tensor> y = List.of(Tensor.of(pattern(4, 0.5, 1), 2, 2));
        model.trainOnBatch(x, y);
        Path file = dir.resolve("rnns.keras");
        Model loaded = saveLoadSave(model, file);
        JsonNode lstm = savedLayerConfig(file, "class_name", "LSTM");
        assertEquals(false, lstm.get("unit_forget_bias").asBoolean(), "unit_forget_bias");
        assertEquals(true, lstm.get("return_sequences").asBoolean(), "return_sequences");
        assertEquals("Orthogonal", lstm.get("recurrent_initializer").get("class_name").asText());
        JsonNode config = configOf(file).get("config").get("layers");
        assertTrue(config.toString().contains("\"mask_zero\":true") && config.toString().contains("\"mask_value\":-1.0"),
                "mask_zero and mask_value are saved");
        assertEquals(flat(model.predict(x, 32, 0)), flat(loaded.predict(x, 32, 0)), "predictions after loading");
        assertEquals(model.trainOnBatch(x, y), loaded.trainOnBatch(x, y), "the next training step");
    }

    @Test
    void bidirectionalRoundTripsWithItsKerasConfig() throws IOException {
        io.jkeras.layers.Input tokens = new io.jkeras.layers.Input(5).dtype("int32").name("tokens");
        io.jkeras.layers.KerasTensor t = new io.jkeras.layers.Bidirectional(new io.jkeras.layers.GRU(2).returnSequences(true)).mergeMode("mul")
                .name("bi_seq").apply(new io.jkeras.layers.Embedding(7, 3).apply(tokens));
        io.jkeras.layers.KerasTensor u = new io.jkeras.layers.Bidirectional(new io.jkeras.layers.LSTM(3).name("enc"))
                .name("bi").apply(new io.jkeras.layers.Embedding(7, 3).maskZero(true).apply(tokens));
        io.jkeras.layers.KerasTensor out = new io.jkeras.layers.Dense(2).apply(new io.jkeras.layers.Concatenate().apply(
                new io.jkeras.layers.Flatten().apply(t), u));
        Model model = new Model(List.of(tokens), List.of(out), "bidirectional");
        model.compile(new io.jkeras.models.CompileOptions(new Adam(0.01f)).loss("mse").backend(backend()));
        List<Tensor> x = List.of(Tensor.of(new float[] {1, 2, 3, 0, 0, 4, 5, 6, 1, 0}, 2, 5));
        List<Tensor> y = List.of(Tensor.of(pattern(4, 0.5, 1), 2, 2));
        model.trainOnBatch(x, y);
        Path file = dir.resolve("bidirectional.keras");
        Model loaded = saveLoadSave(model, file);
        JsonNode bi = savedLayerConfig(file, "name", "bi");
        assertEquals("concat", bi.get("merge_mode").asText());
        assertEquals("LSTM", bi.get("layer").get("class_name").asText());
        assertEquals("forward_enc", bi.get("layer").get("config").get("name").asText());
        assertEquals("backward_enc", bi.get("backward_layer").get("config").get("name").asText());
        assertEquals(true, bi.get("backward_layer").get("config").get("go_backwards").asBoolean());
        assertEquals(List.of(-1, 5, 3), List.of(bi.get("layer").get("build_config").get("input_shape").get(0).asInt(-1),
                bi.get("layer").get("build_config").get("input_shape").get(1).asInt(),
                bi.get("layer").get("build_config").get("input_shape").get(2).asInt()));
        assertEquals(flat(model.predict(x, 32, 0)), flat(loaded.predict(x, 32, 0)), "predictions after loading");
        assertEquals(model.trainOnBatch(x, y), loaded.trainOnBatch(x, y), "the next training step");
    }

    @Test
    void recurrentDropoutRoundTripsWithItsSeedAndTrainsOnWithTheSameMasks() throws IOException {
        io.jkeras.layers.Input series = new io.jkeras.layers.Input(5, 3).name("series");
        io.jkeras.layers.KerasTensor t = new io.jkeras.layers.LSTM(4).dropout(0.3).recurrentDropout(0.2).returnSequences(true)
                .name("lstm_d").apply(series);
        t = new io.jkeras.layers.Bidirectional(new io.jkeras.layers.GRU(2).dropout(0.25).seed(77)).name("bi_d").apply(t);
        io.jkeras.layers.KerasTensor s = new io.jkeras.layers.SimpleRNN(3).recurrentDropout(0.4).name("rnn_d").apply(series);
        io.jkeras.layers.KerasTensor out = new io.jkeras.layers.Dense(2).apply(new io.jkeras.layers.Concatenate().apply(t, s));
        Model model = new Model(List.of(series), List.of(out), "dropping");
        model.compile(new io.jkeras.models.CompileOptions(new Adam(0.01f)).loss("mse").backend(backend()));
        List<Tensor> x = List.of(Tensor.of(pattern(2 * 5 * 3, 0.8, 1), 2, 5, 3));
        List<Tensor> y = List.of(Tensor.of(pattern(4, 0.5, 1), 2, 2));
        model.trainOnBatch(x, y);
        Path file = dir.resolve("dropping.keras");
        Model loaded = saveLoadSave(model, file);
        JsonNode lstm = savedLayerConfig(file, "name", "lstm_d");
        assertEquals(0.3, lstm.get("dropout").asDouble(), "dropout as the Python float given");
        assertEquals(0.2, lstm.get("recurrent_dropout").asDouble());
        assertTrue(lstm.get("seed").isIntegralNumber(), "the seed drawn is saved: " + lstm.get("seed"));
        JsonNode bi = savedLayerConfig(file, "name", "bi_d");
        assertEquals(77, bi.get("layer").get("config").get("seed").asLong());
        assertEquals(77, bi.get("backward_layer").get("config").get("seed").asLong());
        assertTrue(savedLayerConfig(file, "name", "rnn_d").get("seed").isIntegralNumber(), "SimpleRNN's seed");
        assertEquals(flat(model.predict(x, 32, 0)), flat(loaded.predict(x, 32, 0)), "predictions after loading");
        // The same seeds and step count: the next step drops the same values.
        assertEquals(model.trainOnBatch(x, y), loaded.trainOnBatch(x, y), "the next training step");
        assertEquals(flat(model.getWeights()), flat(loaded.getWeights()), "weights after it");
    }

    /** The {@code config} of the last layer in the file's {@code config.json} whose {@code key} is {@code value}. */
    static JsonNode savedLayerConfig(Path file, String key, String value) throws IOException {
        JsonNode found = null;
        for (JsonNode l : configOf(file).get("config").get("layers")) {
            if (l.get(key).asText().equals(value)) {
                found = l.get("config");
            }
        }
        assertNotNull(found, "a layer with " + key + " '" + value + "' in " + file.getFileName());
        return found;
    }

    static JsonNode configOf(Path file) throws IOException {
        try (ZipFile z = new ZipFile(file.toFile())) {
            return JSON.readTree(z.getInputStream(z.getEntry("config.json")));
        }
    }

    // ------------------------------------------------------------------ callbacks

    @Test
    void backupAndRestoreResumesAKilledRunAtItsEpochWithTheUnbrokenResult() {
        Tensor x = Tensor.of(pattern(12 * 5, 0.3, 1.0), 12, 5);
        Tensor y = Tensor.of(new float[] {0, 1, 2, 1, 0, 2, 2, 1, 0, 0, 1, 2}, 12, 1);
        freshSeed();
        Sequential unbroken = dropoutNet(new Adam(0.01f));
        io.jkeras.callbacks.History all = unbroken.fit(x, y, new io.jkeras.models.FitOptions().epochs(5).batchSize(5).verbose(0));
        Path backup = dir.resolve("backup");
        freshSeed();
        Sequential killed = dropoutNet(new Adam(0.01f));
        io.jkeras.callbacks.Callback killer = new io.jkeras.callbacks.Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                if (epoch == 2) {
                    throw new IllegalStateException("killed");
                }
            }
        };
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> killed.fit(x, y,
                new io.jkeras.models.FitOptions().epochs(5).batchSize(5).verbose(0)
                        .callbacks(new io.jkeras.callbacks.BackupAndRestore(backup), killer)));
        assertTrue(Files.exists(backup.resolve("latest.weights.h5")));
        freshSeed();
        Sequential restarted = dropoutNet(new Adam(0.01f));
        io.jkeras.callbacks.History rest = restarted.fit(x, y, new io.jkeras.models.FitOptions().epochs(5).batchSize(5)
                .verbose(0).callbacks(new io.jkeras.callbacks.BackupAndRestore(backup)));
        assertEquals(all.get("loss").subList(3, 5), rest.get("loss"), "the epochs the restarted run ran: 4 and 5");
        assertEquals(flat(unbroken.getWeights()), flat(restarted.getWeights()), "weights after the restarted run");
        assertEquals(unbroken.getIterations(), restarted.getIterations());
        assertFalse(Files.exists(backup), "the backup is deleted when training ends");
    }

    @Test
    void modelCheckpointSavesTheBestModelsUnderTheirFormattedNames() throws IOException {
        Tensor x = Tensor.of(pattern(12 * 5, 0.3, 1.0), 12, 5);
        Tensor y = Tensor.of(new float[] {0, 1, 2, 1, 0, 2, 2, 1, 0, 0, 1, 2}, 12, 1);
        Tensor vx = Tensor.of(pattern(4 * 5, 0.9, 1.0), 4, 5);
        Tensor vy = Tensor.of(new float[] {2, 1, 0, 1}, 4, 1);
        Sequential m = dropoutNet(new SGD(0.5f));
        Path ckpt = dir.resolve("ckpt");
        io.jkeras.callbacks.History h = m.fit(x, y, new io.jkeras.models.FitOptions().epochs(6).batchSize(4).verbose(0)
                .validationData(List.of(vx), List.of(vy)).callbacks(
                        new io.jkeras.callbacks.ModelCheckpoint(ckpt + "/m-{epoch:02d}-{val_loss:.4f}.keras").saveBestOnly(true),
                        new io.jkeras.callbacks.ModelCheckpoint(ckpt + "/w-{epoch}.weights.h5", "loss").saveWeightsOnly(true)));
        TreeSet<String> expected = new TreeSet<>();
        Double best = null;
        List<Double> val = h.get("val_loss");
        for (int e = 0; e < val.size(); e++) {
            if (best == null || val.get(e) < best) {
                best = val.get(e);
                expected.add(String.format(java.util.Locale.ROOT, "m-%02d-%.4f.keras", e + 1, val.get(e)));
            }
            expected.add("w-" + (e + 1) + ".weights.h5");
        }
        TreeSet<String> actual = new TreeSet<>();
        try (var files = Files.list(ckpt)) {
            files.forEach(f -> actual.add(f.getFileName().toString()));
        }
        assertEquals(expected, actual);
        Path last = ckpt.resolve("w-6.weights.h5");
        Sequential again = dropoutNet(new SGD(0.5f));
        again.loadWeights(last);
        assertEquals(flat(m.getWeights()), flat(again.getWeights()), "the last epoch's weights");
    }

    // ------------------------------------------------------------------ structure

    @Test
    void aJkerasFileHasTheStructureOfTheKerasFileOfTheSameModel() throws IOException {
        Sequential m = mlp();
        m.compile(new Adam(0.01f), new SparseCategoricalCrossentropy(), List.of("accuracy"), backend());
        JsonNode r = REFS.get("mlp").get("resume");
        m.trainOnBatch(Fixtures.tensor(r.get("x")), Fixtures.tensor(r.get("y")));
        Path mine = dir.resolve("mine.keras");
        m.save(mine);
        assertSameStructure(fixture("mlp.keras"), mine);
        Model two = Models.load(fixture("two_inputs.keras"), backend());
        Path mine2 = dir.resolve("mine2.keras");
        two.save(mine2);
        assertSameStructure(fixture("two_inputs.keras"), mine2);
    }

    /** Zip entries, config keys, HDF5 groups, datasets, shapes and dtypes. */
    private static void assertSameStructure(Path keras, Path jkeras) throws IOException {
        assertSame(entries(keras), entries(jkeras), "zip entries");
        assertSame(keys(configOf(keras), ""), keys(configOf(jkeras), ""), "config.json keys");
        assertSame(new TreeSet<>(h5(keras).entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()),
                new TreeSet<>(h5(jkeras).entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()),
                "model.weights.h5 groups, datasets, shapes and dtypes");
    }

    private static void assertSame(TreeSet<String> keras, TreeSet<String> jkeras, String what) {
        TreeSet<String> missing = new TreeSet<>(keras);
        missing.removeAll(jkeras);
        TreeSet<String> extra = new TreeSet<>(jkeras);
        extra.removeAll(keras);
        assertTrue(missing.isEmpty() && extra.isEmpty(), what + ": only in Keras's file " + missing + ", only in jkeras's " + extra);
    }

    private static TreeSet<String> entries(Path file) throws IOException {
        TreeSet<String> out = new TreeSet<>();
        try (ZipFile z = new ZipFile(file.toFile())) {
            z.stream().map(ZipEntry::getName).forEach(out::add);
        }
        return out;
    }

    /** Every key path of the JSON; lists by index; Keras's {@code shared_object_id} left out. */
    private static TreeSet<String> keys(JsonNode n, String path) {
        TreeSet<String> out = new TreeSet<>();
        if (n.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("shared_object_id")) {
                    continue;
                }
                out.add(path + "." + e.getKey());
                out.addAll(keys(e.getValue(), path + "." + e.getKey()));
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                out.addAll(keys(n.get(i), path + "[" + i + "]"));
            }
        }
        return out;
    }

    private static TreeMap<String, String> h5(Path file) throws IOException {
        byte[] bytes;
        try (ZipFile z = new ZipFile(file.toFile())) {
            bytes = z.getInputStream(z.getEntry("model.weights.h5")).readAllBytes();
        }
        TreeMap<String, String> out = new TreeMap<>();
        try (HdfFile h = HdfFile.fromBytes(bytes)) {
            walk(h, out);
        }
        return out;
    }

    private static void walk(Node n, TreeMap<String, String> out) {
        if (n instanceof Group g) {
            out.put(n.getPath(), "group " + new TreeSet<>(n.getAttributes().keySet()));
            for (Node c : g.getChildren().values()) {
                walk(c, out);
            }
        } else if (n instanceof Dataset d) {
            String type = d.getJavaType().getSimpleName();
            // Keras on torch writes the step counter as int32, on TensorFlow as int64; jkeras writes int64.
            type = type.equals("int") || type.equals("long") || type.equals("Integer") || type.equals("Long") ? "integer" : type;
            out.put(n.getPath(), "dataset " + java.util.Arrays.toString(d.getDimensions()) + " " + type);
        }
    }

    // ------------------------------------------------------------------ across backends

    @Test
    void aFileSavedOnThisBackendLoadsOnEveryInstalledBackend() {
        Model model = everyLayerModel();
        List<Tensor> x = List.of(Tensor.of(pattern(8, 0.4, 1), 2, 4), Tensor.of(pattern(8, 0.9, 1), 2, 4));
        List<Tensor> y = List.of(Tensor.of(pattern(2, 0.2, 1), 2, 1), Tensor.of(new float[] {2, 1}, 2, 1),
                Tensor.of(new float[] {1, 0, 0, 1}, 2, 2));
        model.trainOnBatch(x, y);
        Path file = dir.resolve("cross.keras");
        model.save(file);
        List<Tensor> expected = model.predict(x, 32, 0);
        float nextLoss = model.trainOnBatch(x, y);
        for (String name : Backends.installed()) {
            Backend other = Backends.create(name);
            Model loaded = Models.load(file, other);
            assertEquals(name, loaded.getBackend().name());
            List<Tensor> p = loaded.predict(x, 32, 0);
            for (int i = 0; i < p.size(); i++) {
                assertAllClose(expected.get(i).data(), p.get(i).data(), 1e-5, 1e-6, backend().name() + " -> " + name + " output " + i);
            }
            assertClose(nextLoss, loaded.trainOnBatch(x, y), 1e-5, 1e-6, backend().name() + " -> " + name + " next loss");
            Path back = dir.resolve("back_" + name + ".keras");
            loaded.save(back);
            Model home = Models.load(back, backend());
            assertEquals(2, home.getIterations());
        }
    }

    /**
     * Writes jkeras files and what jkeras predicts for them to {@code target/saving-crosscheck/},
     * for {@code tools/fixtures/check_jkeras_files.py} to open with Python Keras.
     */
    @Test
    void writesFilesForThePythonCrossCheck() throws IOException {
        Path out = Path.of("target", "saving-crosscheck", backend().name());
        Files.createDirectories(out);
        ObjectNode refs = JSON.createObjectNode();
        Model every = everyLayerModel();
        List<Tensor> x = List.of(Tensor.of(pattern(12, 0.1, 1), 3, 4), Tensor.of(pattern(12, 0.7, 1), 3, 4));
        List<Tensor> y = List.of(Tensor.of(pattern(3, 0.2, 1), 3, 1), Tensor.of(new float[] {0, 2, 1}, 3, 1),
                Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2));
        every.trainOnBatch(x, y);
        every.trainOnBatch(x, y);
        every.save(out.resolve("every_layer.keras"));
        every.saveWeights(out.resolve("every_layer.weights.h5"));
        ObjectNode e = refs.putObject("every_layer");
        e.set("x", JSON.valueToTree(x.stream().map(SavingConformance::tensorJson).toList()));
        e.set("y", JSON.valueToTree(y.stream().map(SavingConformance::tensorJson).toList()));
        e.set("predict", JSON.valueToTree(every.predict(x, 32, 0).stream().map(SavingConformance::tensorJson).toList()));
        e.put("next_loss", every.testOnBatch(x, y));
        for (Supplier<Optimizer> opt : optimizers()) {
            freshSeed();
            Sequential m = withInput(new int[] {5}, new Dense(7, "relu"), new Dense(3, "softmax"));
            m.compile(opt.get(), new SparseCategoricalCrossentropy(), List.of("accuracy"), backend());
            Tensor xo = Tensor.of(pattern(8 * 5, 0.3, 1.0), 8, 5);
            Tensor yo = Tensor.of(new float[] {0, 1, 2, 1, 0, 2, 2, 1}, 8, 1);
            for (int i = 0; i < 3; i++) {
                m.trainOnBatch(xo, yo);
            }
            String name = "opt_" + m.getOptimizer().name().toLowerCase() + (m.getOptimizer().weightDecay() > 0 ? "_wd" : "");
            m.save(out.resolve(name + ".keras"));
            ObjectNode o = refs.putObject(name);
            o.set("x", JSON.valueToTree(List.of(tensorJson(xo))));
            o.set("y", JSON.valueToTree(List.of(tensorJson(yo))));
            o.set("predict", JSON.valueToTree(List.of(tensorJson(m.predict(xo, 32, 0)))));
            List<Float> next = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                next.add(m.trainOnBatch(xo, yo));
            }
            o.set("resume_losses", JSON.valueToTree(next));
        }
        // The shape and normalization layers (LayerNormalization on the last axis: Keras on torch fails on others),
        // SpatialDropout2D at rate 0, so that Keras's masks, not jkeras's, would not matter.
        freshSeed();
        Sequential shapes = withInput(new int[] {6, 5, 2}, new io.jkeras.layers.ZeroPadding2D(new int[][] {{1, 0}, {0, 1}}),
                new io.jkeras.layers.Conv2D(3, 3, "relu"), new io.jkeras.layers.UpSampling2D(2),
                new io.jkeras.layers.Cropping2D(new int[][] {{1, 2}, {1, 0}}), new io.jkeras.layers.SpatialDropout2D(0f, 3),
                new io.jkeras.layers.LayerNormalization(), new io.jkeras.layers.GlobalAveragePooling2D(),
                new io.jkeras.layers.RepeatVector(2), new io.jkeras.layers.Permute(2, 1),
                new io.jkeras.layers.LayerNormalization().epsilon(0.01f), new Flatten(), new Dense(3, "softmax"));
        shapes.compile(new Adam(0.01f), new SparseCategoricalCrossentropy(), List.of(), backend());
        Tensor xs = Tensor.of(pattern(4 * 6 * 5 * 2, 0.4, 1.0), 4, 6, 5, 2);
        Tensor ys = Tensor.of(new float[] {0, 2, 1, 2}, 4, 1);
        for (int i = 0; i < 3; i++) {
            shapes.trainOnBatch(xs, ys);
        }
        shapes.save(out.resolve("shape_layers.keras"));
        ObjectNode sh = refs.putObject("shape_layers");
        sh.set("x", JSON.valueToTree(List.of(tensorJson(xs))));
        sh.set("y", JSON.valueToTree(List.of(tensorJson(ys))));
        sh.set("predict", JSON.valueToTree(List.of(tensorJson(shapes.predict(xs, 32, 0)))));
        List<Float> resumed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            resumed.add(shapes.trainOnBatch(xs, ys));
        }
        sh.set("resume_losses", JSON.valueToTree(resumed));
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("references.json").toFile(), refs);
        assertTrue(Files.size(out.resolve("every_layer.keras")) > 0);
    }

    private static Map<String, Object> tensorJson(Tensor t) {
        List<Double> v = new ArrayList<>();
        for (float f : t.data()) {
            v.add((double) f);
        }
        return Map.of("shape", t.shape(), "values", v);
    }
}
