package io.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.VariableSpec;
import io.jkeras.layers.Activation;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.GlobalAveragePooling2D;
import io.jkeras.layers.Layer;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.AdamW;
import io.jkeras.optimizers.SGD;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * BatchNormalization against Python Keras 3 ({@code fixtures/batchnorm/*.json}, made by
 * {@code tools/fixtures/batchnorm_fixtures.py}): inference outputs (moving statistics), the
 * training loss and gradients (batch statistics, torch autograd, and finite differences), the
 * moving statistics after a training call, five Adam steps of a Dense net and of a CNN on rank 2
 * and rank 4, the moving statistics' formula by hand (never touched by the optimizer or its weight
 * decay), and the layer's errors.
 */
public abstract class NormalizationConformance extends ConformanceBase {
    private static final JsonNode LAYERS = Fixtures.load("/fixtures/batchnorm/layers.json").get("cases");
    private static final JsonNode TRAINING = Fixtures.load("/fixtures/batchnorm/training.json");

    private static Layer layer(String cls, JsonNode config) {
        if (cls.equals("Conv2D")) {
            return new Conv2D(config.get("filters").asInt(), config.get("kernel_size").asInt());
        }
        BatchNormalization bn = new BatchNormalization();
        if (config.has("momentum")) {
            bn.momentum(config.get("momentum").asDouble());
        }
        if (config.has("epsilon")) {
            bn.epsilon(config.get("epsilon").asDouble());
        }
        if (config.has("center")) {
            bn.center(config.get("center").asBoolean());
        }
        if (config.has("scale")) {
            bn.scale(config.get("scale").asBoolean());
        }
        if (config.has("axis")) {
            bn.axis(config.get("axis").asInt());
        }
        return bn;
    }

    /** The fixture case's model with its initial weights, compiled with mse and this optimizer. */
    private Sequential model(JsonNode c, io.jkeras.optimizers.Optimizer optimizer) {
        Tensor x = Fixtures.tensor(c.get("x"));
        List<Layer> layers = new ArrayList<>();
        for (JsonNode l : c.get("layers")) {
            layers.add(layer(l.get("class").asText(), l.get("config")));
        }
        Sequential model = withInput(Arrays.copyOfRange(x.shape(), 1, x.rank()), layers.toArray(new Layer[0]));
        compile(model, optimizer, new MeanSquaredError());
        setFlatWeights(model, Fixtures.flatWeights(c.get("weights")));
        return model;
    }

    /** The entries of a flat weight array (Keras order) that belong to trainable variables. */
    private static float[] trainableOnly(Sequential model, float[] all) {
        List<Float> out = new ArrayList<>();
        int k = 0;
        for (Layer l : model.layers()) {
            for (VariableSpec v : l.variables()) {
                for (int i = 0; i < v.size(); i++, k++) {
                    if (v.trainable()) {
                        out.add(all[k]);
                    }
                }
            }
        }
        float[] a = new float[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    @TestFactory
    Stream<DynamicTest> inferenceUsesTheMovingStatisticsAsKeras() {
        return Fixtures.cases(LAYERS).map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            JsonNode c = e.getValue();
            Sequential model = model(c, new SGD(1f));
            Tensor expected = Fixtures.tensor(c.get("predict"));
            Tensor x = Fixtures.tensor(c.get("x"));
            assertTensor(expected.shape(), toDouble(expected.data()), model.predict(x, 32, 0), 1e-5, 1e-5, e.getKey());
            // evaluate is inference too: its loss is the mse of the prediction.
            Tensor y = Fixtures.tensor(c.get("y"));
            double mse = 0;
            for (int i = 0; i < y.size(); i++) {
                double d = expected.data()[i] - y.data()[i];
                mse += d * d;
            }
            assertClose(mse / y.size(), model.testOnBatch(x, y), 1e-5, 1e-6, e.getKey() + " test loss");
        }));
    }

    @TestFactory
    Stream<DynamicTest> trainingStepUsesBatchStatisticsAndMovesTheMovingOnesAsKeras() {
        return Fixtures.cases(LAYERS).map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            JsonNode c = e.getValue();
            // SGD(0): the step changes no trainable weight, only the moving statistics, as Keras's call(training=True).
            Sequential model = model(c, new SGD(0f));
            Tensor x = Fixtures.tensor(c.get("x"));
            Tensor y = Fixtures.tensor(c.get("y"));
            assertClose(c.get("mse").asDouble(), model.trainOnBatch(x, y), 1e-5, 1e-6, e.getKey() + " training loss");
            assertAllClose(Fixtures.flatWeights(c.get("weights_after_training_call")), flatWeights(model), 1e-5, 1e-6,
                    e.getKey() + " weights after the training call");
        }));
    }

    @TestFactory
    Stream<DynamicTest> trainingGradientsMatchKerasAutograd() {
        return Fixtures.cases(LAYERS).map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            JsonNode c = e.getValue();
            Sequential model = model(c, new SGD(1f));
            float[] g = trainableOnly(model, gradientFromSgdStep(model, Fixtures.tensor(c.get("x")),
                    Fixtures.tensor(c.get("y")), 1f));
            assertAllClose(Fixtures.flatWeights(c.get("gradients")), g, 1e-3, 2e-5, e.getKey() + " gradient");
        }));
    }

    @Test
    void trainingGradientMatchesFiniteDifferencesOnRank4() {
        Layer[] layers = {new Conv2D(2, 2), new BatchNormalization().momentum(0.5), new Activation("tanh"),
            new GlobalAveragePooling2D(), new Dense(1)};
        Sequential model = withInput(new int[] {4, 3, 2}, layers);
        compile(model, new SGD(1f), new MeanSquaredError());
        Sequential probe = withInput(new int[] {4, 3, 2}, new Conv2D(2, 2), new BatchNormalization().momentum(0.5),
                new Activation("tanh"), new GlobalAveragePooling2D(), new Dense(1));
        // The training loss with batch statistics, unchanged by a step of SGD(0).
        compile(probe, new SGD(0f), new MeanSquaredError());
        float[] w = flatWeights(model);
        for (int i = 0; i < w.length; i++) {
            w[i] += 0.3f * (float) Math.sin(2.1 * i);
        }
        setFlatWeights(model, w);
        Tensor x = Tensor.of(pattern(3 * 4 * 3 * 2, 0.3, 1.0), 3, 4, 3, 2);
        Tensor y = Tensor.of(pattern(3, 1.1, 0.5), 3, 1);
        float[] g = trainableOnly(model, gradientFromSgdStep(model, x, y, 1f));
        float h = 1e-2f;
        List<Float> fd = new ArrayList<>();
        int k = 0;
        for (Layer l : model.layers()) {
            for (VariableSpec v : l.variables()) {
                for (int i = 0; i < v.size(); i++, k++) {
                    if (!v.trainable()) {
                        continue;
                    }
                    float[] p = w.clone();
                    p[k] = w[k] + h;
                    setFlatWeights(probe, p);
                    double up = probe.trainOnBatch(x, y);
                    p[k] = w[k] - h;
                    setFlatWeights(probe, p);
                    double down = probe.trainOnBatch(x, y);
                    fd.add((float) ((up - down) / ((double) (w[k] + h) - (double) (w[k] - h))));
                }
            }
        }
        float[] expected = new float[fd.size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = fd.get(i);
        }
        assertAllClose(expected, g, 2e-2, 2e-4, "gradient");
    }

    @Test
    void denseNetWithBatchNormalizationTrainsLikeKerasWithAdam() {
        Sequential model = withInput(new int[] {4}, new Dense(6, "relu").name("dense_a"),
                new BatchNormalization().name("bn"), new Dense(2).name("dense_b"));
        compile(model, new Adam(0.01f), new MeanSquaredError());
        JsonNode t = TRAINING.get("dense");
        assertTrainsLikeKeras(t, model, Fixtures.tensor(t.get("y")));
    }

    @Test
    void cnnWithBatchNormalizationTrainsLikeKerasWithAdam() {
        Sequential model = withInput(new int[] {6, 6, 1}, new Conv2D(3, 3).useBias(false).name("conv"),
                new BatchNormalization().momentum(0.9).name("bn"), new Activation("relu").name("relu"),
                new GlobalAveragePooling2D().name("gap"), new Dense(3, "softmax").name("dense"));
        compile(model, new Adam(0.01f), new SparseCategoricalCrossentropy());
        JsonNode t = TRAINING.get("cnn");
        assertTrainsLikeKeras(t, model, Fixtures.labelsColumn(t.get("y")));
    }

    @Test
    void movingStatisticsFollowKerasFormulaAndNoOptimizerOrWeightDecayTouchesThem() {
        Sequential model = withInput(new int[] {2}, new BatchNormalization().momentum(0.75));
        compile(model, new AdamW(0.1f, 0.5f, 0.9f, 0.999f, 1e-7f, false), new MeanSquaredError());
        model.setWeights(List.of(vector(1, 1), vector(0, 0), vector(0.5, -1), vector(2, 3)));
        // Columns: mean 2 and 0, biased variance 2/3 and 8/3.
        Tensor x = matrix(new double[][] {{1, 2}, {2, -2}, {3, 0}});
        Tensor y = matrix(new double[][] {{0, 0}, {0, 0}, {0, 0}});
        model.trainOnBatch(x, y);
        List<Tensor> w = model.getWeights();
        assertAllClose(new float[] {0.75f * 0.5f + 0.25f * 2f, 0.75f * -1f}, w.get(2).data(), 1e-6, 1e-6,
                "moving_mean");
        assertAllClose(new float[] {0.75f * 2f + 0.25f * (2f / 3), 0.75f * 3f + 0.25f * (8f / 3)}, w.get(3).data(),
                1e-6, 1e-6, "moving_variance");
        // gamma took a step (its weight decay and gradient); the moving statistics moved by the formula only.
        assertTrue(w.get(0).data()[0] != 1f, "gamma was updated");
        assertEquals(2, model.getOptimizerSlots(model.getLayer(0).getName()).get("momentum").size(),
                "the optimizer keeps state for gamma and beta only");
    }

    @Test
    void weightsAreGammaBetaMovingMeanMovingVarianceAndTheLastTwoAreNotTrainable() {
        Sequential model = withInput(new int[] {5, 5, 3}, new Conv2D(4, 3), new BatchNormalization().name("bn"));
        Layer bn = model.getLayer("bn");
        List<String> names = new ArrayList<>();
        for (VariableSpec v : bn.variables()) {
            names.add(v.name() + (v.trainable() ? "" : " (non-trainable)"));
        }
        assertEquals(List.of("gamma", "beta", "moving_mean (non-trainable)", "moving_variance (non-trainable)"), names);
        List<Tensor> w = bn.getWeights();
        assertAllClose(new float[] {1, 1, 1, 1}, w.get(0).data(), 0, 0, "gamma ones");
        assertAllClose(new float[] {0, 0, 0, 0}, w.get(1).data(), 0, 0, "beta zeros");
        assertAllClose(new float[] {0, 0, 0, 0}, w.get(2).data(), 0, 0, "moving_mean zeros");
        assertAllClose(new float[] {1, 1, 1, 1}, w.get(3).data(), 0, 0, "moving_variance ones");
        assertEquals(3 * 3 * 3 * 4 + 4 + 16, model.countParams());
        assertEquals(3 * 3 * 3 * 4 + 4 + 8, model.countTrainableParams());
        Sequential plain = withInput(new int[] {3}, new BatchNormalization().center(false).scale(false));
        assertEquals(2, plain.getWeights().size());
        assertEquals(0, plain.countTrainableParams());
    }

    @Test
    void onlyTheLastAxisIsSupportedAndBadArgumentsAreErrors() {
        KerasException e = assertThrows(KerasException.class,
                () -> withInput(new int[] {4, 4, 3}, new BatchNormalization().axis(1).name("bn")));
        assertTrue(e.getMessage().contains("'bn'") && e.getMessage().contains("(None, 4, 4, 3)")
                && e.getMessage().contains("axis=1"), e.getMessage());
        e = assertThrows(KerasException.class, () -> withInput(new int[] {3}, new BatchNormalization().axis(2).name("b")));
        assertTrue(e.getMessage().contains("out of bounds") && e.getMessage().contains("axis=2"), e.getMessage());
        e = assertThrows(KerasException.class, () -> new BatchNormalization().momentum(1.5));
        assertTrue(e.getMessage().contains("momentum=1.5"), e.getMessage());
        e = assertThrows(KerasException.class, () -> new BatchNormalization().epsilon(0));
        assertTrue(e.getMessage().contains("epsilon"), e.getMessage());
    }
}
