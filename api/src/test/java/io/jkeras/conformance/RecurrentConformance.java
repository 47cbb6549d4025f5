package io.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.DropoutMask;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.MaskSpec;
import io.jkeras.backend.Padding;
import io.jkeras.backend.PoolingSpec;
import io.jkeras.backend.RecurrentDropout;
import io.jkeras.layers.BaseRNN;
import io.jkeras.layers.Bidirectional;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Embedding;
import io.jkeras.layers.GRU;
import io.jkeras.layers.GlobalAveragePooling1D;
import io.jkeras.layers.LSTM;
import io.jkeras.layers.Layer;
import io.jkeras.layers.Masking;
import io.jkeras.layers.SimpleRNN;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.SGD;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Embedding, SimpleRNN, LSTM, GRU and Bidirectional against Python Keras 3 ({@code fixtures/rnn/*.json},
 * made by {@code tools/fixtures/rnn_fixtures.py}): forward values and final states (odd sizes,
 * {@code returnSequences}, {@code goBackwards}, no bias, relu, masks, every merge mode), the gradient
 * of an mse loss with respect to every weight (Keras's torch autograd, and finite differences
 * through time), five Adam steps of Embedding → LSTM → Dense, of GRU(returnSequences) →
 * GlobalAveragePooling1D → Dense and of Embedding(maskZero) → Bidirectional(LSTM) → Dense, Keras's
 * initial weights, and the errors for bad input.
 */
public abstract class RecurrentConformance extends ConformanceBase {
    private static final JsonNode LAYERS = Fixtures.load("/fixtures/rnn/layers.json").get("cases");
    private static final JsonNode TRAINING = Fixtures.load("/fixtures/rnn/training.json");
    private static final JsonNode DROPOUT_MASKS = Fixtures.load("/fixtures/rnn/dropout_masks.json");

    private static Layer layer(String cls, JsonNode c) {
        if (cls.equals("Embedding")) {
            return new Embedding(c.get("input_dim").asInt(), c.get("output_dim").asInt())
                    .maskZero(c.path("mask_zero").asBoolean(false));
        }
        if (cls.equals("Masking")) {
            return new Masking((float) c.get("mask_value").asDouble());
        }
        if (cls.equals("Dense")) {
            return new Dense(c.get("units").asInt());
        }
        if (cls.equals("GlobalAveragePooling1D")) {
            return new GlobalAveragePooling1D();
        }
        if (cls.equals("Bidirectional")) {
            JsonNode inner = c.get("layer");
            return new Bidirectional((BaseRNN) layer(inner.get("class").asText(), inner.get("config")))
                    .mergeMode(c.get("merge_mode").asText());
        }
        int units = c.get("units").asInt();
        BaseRNN rnn = switch (cls) {
            case "SimpleRNN" -> new SimpleRNN(units);
            case "LSTM" -> new LSTM(units);
            case "GRU" -> new GRU(units);
            default -> throw new IllegalArgumentException("No jkeras layer for " + cls);
        };
        rnn.returnSequences(c.path("return_sequences").asBoolean(false))
                .goBackwards(c.path("go_backwards").asBoolean(false)).useBias(c.path("use_bias").asBoolean(true));
        if (c.has("activation")) {
            rnn.activation(c.get("activation").asText());
        }
        rnn.dropout(c.path("dropout").asDouble(0)).recurrentDropout(c.path("recurrent_dropout").asDouble(0));
        if (c.has("seed")) {
            rnn.seed(c.get("seed").asLong());
        }
        return rnn;
    }

    /** The fixture's layers, as jkeras layers with the same configuration. */
    private static Layer[] layers(JsonNode fixtureCase) {
        List<Layer> layers = new ArrayList<>();
        for (JsonNode l : fixtureCase.get("layers")) {
            layers.add(layer(l.get("class").asText(), l.get("config")));
        }
        return layers.toArray(new Layer[0]);
    }

    private static Stream<Map.Entry<String, JsonNode>> cases() {
        return Fixtures.cases(LAYERS);
    }

    @TestFactory
    Stream<DynamicTest> forwardAndFinalStatesMatchKeras() {
        return cases().map(e -> DynamicTest.dynamicTest(e.getKey(), () ->
                assertPredictsLikeKeras(fixtureModel(e.getValue(), layers(e.getValue())), e.getValue(), e.getKey())));
    }

    @TestFactory
    Stream<DynamicTest> mseGradientsMatchKerasAutograd() {
        return cases().map(e -> DynamicTest.dynamicTest(e.getKey(), () ->
                assertMseGradientsLikeKeras(fixtureModel(e.getValue(), layers(e.getValue())), e.getValue(), e.getKey())));
    }

    /**
     * Keras's cells with jkeras's masks put in place of their own (the fixture script sets the cells'
     * cached masks to {@code DropoutMask}'s draw for step 0): the first training step's loss and
     * gradient with {@code dropout} and {@code recurrentDropout}, and the prediction, which has none.
     */
    @TestFactory
    Stream<DynamicTest> dropoutTrainingStepMatchesKerasWithTheSameMasks() {
        return Fixtures.cases(DROPOUT_MASKS.get("dropout")).map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            JsonNode c = e.getValue();
            Sequential model = fixtureModel(c, layers(c));
            assertPredictsLikeKeras(model, c, e.getKey() + " (inference: no dropout)");
            Tensor x = Fixtures.tensor(c.get("x"));
            Tensor y = Fixtures.tensor(c.get("y"));
            float[] before = flatWeights(model);
            assertClose(c.get("training_mse").asDouble(), model.trainOnBatch(x, y), 1e-5, 1e-6,
                    e.getKey() + " training mse");
            float[] after = flatWeights(model);
            float[] g = new float[before.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = before[i] - after[i];
            }
            assertAllClose(Fixtures.flatWeights(c.get("training_gradients")), g, 1e-3, 2e-5, e.getKey() + " gradient");
        }));
    }

    /** Masked GlobalAveragePooling1D and Bidirectional with a mask and returnSequences: forward and gradients. */
    @TestFactory
    Stream<DynamicTest> maskedPoolingAndBidirectionalSequencesMatchKeras() {
        return Fixtures.cases(DROPOUT_MASKS.get("masks")).map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            Sequential model = fixtureModel(e.getValue(), layers(e.getValue()));
            assertPredictsLikeKeras(model, e.getValue(), e.getKey());
            assertMseGradientsLikeKeras(model, e.getValue(), e.getKey());
        }));
    }

    /** Rate 0 is no dropout; with dropout, inference is unchanged and training differs. */
    @Test
    void dropoutRateZeroIsNoDropoutAndInferenceIgnoresDropout() {
        Tensor x = Tensor.of(pattern(4 * 5 * 3, 0.3, 1.0), 4, 5, 3);
        Tensor y = Tensor.of(pattern(4 * 2, 0.7, 0.5), 4, 2);
        for (java.util.function.Supplier<BaseRNN> make : List.<java.util.function.Supplier<BaseRNN>>of(
                () -> new SimpleRNN(2), () -> new LSTM(2), () -> new GRU(2))) {
            Sequential plain = withInput(new int[] {5, 3}, make.get());
            Sequential zero = withInput(new int[] {5, 3}, make.get().dropout(0).recurrentDropout(0).seed(3));
            Sequential dropping = withInput(new int[] {5, 3}, make.get().dropout(0.5).recurrentDropout(0.5).seed(3));
            for (Sequential m : List.of(plain, zero, dropping)) {
                compile(m, new SGD(0.5f), new MeanSquaredError());
                m.setWeights(plain.getWeights());
            }
            String what = plain.layers().get(plain.layers().size() - 1).className();
            assertArrayEquals(plain.predict(x, 32, 0).data(), dropping.predict(x, 32, 0).data(), what + ": predict");
            assertEquals(plain.evaluate(x, y, 32, 0), dropping.evaluate(x, y, 32, 0), what + ": evaluate");
            for (int step = 0; step < 3; step++) {
                float a = plain.trainOnBatch(x, y);
                assertEquals(a, zero.trainOnBatch(x, y), what + ": rate 0, step " + step);
                assertTrue(a != dropping.trainOnBatch(x, y), what + ": dropout changes the training loss");
            }
            assertArrayEquals(flatWeights(plain), flatWeights(zero), what + ": weights with rate 0");
        }
    }

    /**
     * One input mask per sequence, the same at every step: a linear SimpleRNN with an identity kernel
     * and no recurrence outputs {@code m} at every step of ones, so the mse's kernel gradient is
     * {@code 2 T / N sum_b m[b, f] m[b, g]} with {@code m} the one mask {@link RecurrentDropout} draws for
     * the step (per-step masks would give {@code sum_t m_t[b, f] m_t[b, g]}).
     */
    @Test
    void dropoutMaskIsOnePerSequenceAndDropsTheRate() {
        int batch = 6;
        int steps = 4;
        int f = 8;
        float rate = 0.4f;
        BaseRNN rnn = new SimpleRNN(f).activation("linear").useBias(false).returnSequences(true);
        rnn.dropout(rate).seed(99);
        Sequential model = withInput(new int[] {steps, f}, rnn);
        compile(model, new SGD(1f), new MeanSquaredError());
        float[] identity = new float[f * f];
        for (int i = 0; i < f; i++) {
            identity[i * f + i] = 1f;
        }
        model.setWeights(List.of(Tensor.of(identity, f, f), Tensor.zeros(f, f)));
        float[] ones = new float[batch * steps * f];
        Arrays.fill(ones, 1f);
        float[] g = gradientFromSgdStep(model, Tensor.of(ones, batch, steps, f), Tensor.zeros(batch, steps, f), 1f);
        float[] m = new float[batch * f];
        new RecurrentDropout(rate, 0f, 99).fill(m, 0, io.jkeras.backend.RecurrentSpec.Cell.SIMPLE_RNN, batch, f, f, 0);
        int dropped = 0;
        for (int a = 0; a < f; a++) {
            for (int b = 0; b < f; b++) {
                double expected = 0;
                for (int i = 0; i < batch; i++) {
                    expected += 2.0 * steps * m[i * f + a] * m[i * f + b] / (batch * steps * f);
                }
                assertClose(expected, g[a * f + b], 1e-5, 1e-7, "kernel gradient " + a + ", " + b);
            }
        }
        for (float v : m) {
            dropped += v == 0f ? 1 : 0;
            assertTrue(v == 0f || v == DropoutMask.scale(rate), "a mask value is 0 or 1 / (1 - rate): " + v);
        }
        assertTrue(dropped > 0 && dropped < m.length, "some values dropped, not all: " + dropped);
    }

    @Test
    void gradientsThroughTimeMatchFiniteDifferences() {
        Sequential model = withInput(new int[] {4, 3}, new GRU(3).returnSequences(true).goBackwards(true),
                new LSTM(2).returnSequences(true), new SimpleRNN(2).goBackwards(true), new Dense(1));
        compile(model, new SGD(1f), new MeanSquaredError());
        setFlatWeights(model, pattern(flatWeights(model).length, 0.4, 0.6));
        Tensor x = Tensor.of(pattern(3 * 4 * 3, 0.3, 1.0), 3, 4, 3);
        Tensor y = Tensor.of(pattern(3, 1.1, 0.5), 3, 1);
        assertGradientMatchesFiniteDifferences(model, x, y, 1e-2f);
    }

    /**
     * Masked steps through time: Embedding(maskZero) → LSTM(returnSequences) → GRU → Dense on
     * sequences padded at the end, the start and in the middle, and Masking → LSTM → Dense. The
     * padding is in play: the same weights without the mask give another loss.
     */
    @Test
    void maskedGradientsThroughTimeMatchFiniteDifferences() {
        Tensor tokens = Tensor.of(new float[] {3, 1, 4, 0, 0, 0, 0, 2, 4, 1, 0, 3, 2, 0, 1, 0, 4, 0}, 3, 6);
        Tensor y = Tensor.of(pattern(3, 1.1, 0.5), 3, 1);
        Sequential embedded = withInput(new int[] {6}, new Embedding(5, 3).maskZero(true),
                new LSTM(3).returnSequences(true), new GRU(2), new Dense(1));
        Sequential unmasked = withInput(new int[] {6}, new Embedding(5, 3),
                new LSTM(3).returnSequences(true), new GRU(2), new Dense(1));
        assertMaskedGradientMatchesFiniteDifferences(embedded, unmasked, tokens, y);
        float[] v = pattern(3 * 5 * 2, 0.3, 1.0);
        for (int step : new int[] {3, 4, 5, 7, 10, 11, 12}) {
            v[2 * step] = 0f;
            v[2 * step + 1] = 0f;
        }
        Tensor padded = Tensor.of(v, 3, 5, 2);
        Sequential masking = withInput(new int[] {5, 2}, new Masking(0f), new LSTM(3), new Dense(1));
        Sequential plain = withInput(new int[] {5, 2}, new LSTM(3), new Dense(1));
        assertMaskedGradientMatchesFiniteDifferences(masking, plain, padded, y);
    }

    private void assertMaskedGradientMatchesFiniteDifferences(Sequential masked, Sequential unmasked, Tensor x, Tensor y) {
        compile(masked, new SGD(1f), new MeanSquaredError());
        compile(unmasked, new SGD(1f), new MeanSquaredError());
        setFlatWeights(masked, pattern(flatWeights(masked).length, 0.4, 0.6));
        unmasked.setWeights(masked.getWeights());
        assertTrue(Math.abs(masked.testOnBatch(x, y) - unmasked.testOnBatch(x, y)) > 1e-4, "the mask changes the loss");
        assertGradientMatchesFiniteDifferences(masked, x, y, 1e-2f);
    }

    @Test
    void embeddingLstmDenseTrainsLikeKerasWithAdam() {
        JsonNode f = TRAINING.get("embedding_lstm");
        trainsLikeKeras(f, new SparseCategoricalCrossentropy(), Fixtures.labelsColumn(f.get("y")),
                new Embedding(11, 4), new LSTM(5), new Dense(3, "softmax"));
    }

    @Test
    void gruSequencesPooledTrainLikeKerasWithAdam() {
        JsonNode f = TRAINING.get("gru_sequences");
        trainsLikeKeras(f, new MeanSquaredError(), Fixtures.tensor(f.get("y")),
                new GRU(4).returnSequences(true), new GlobalAveragePooling1D(), new Dense(2));
    }

    @Test
    void maskedBidirectionalLstmTrainsLikeKerasWithAdam() {
        JsonNode f = TRAINING.get("embedding_mask_bidirectional_lstm");
        trainsLikeKeras(f, new SparseCategoricalCrossentropy(), Fixtures.labelsColumn(f.get("y")),
                new Embedding(8, 3).maskZero(true), new Bidirectional(new LSTM(4)), new Dense(3, "softmax"));
    }

    @Test
    void bidirectionalGradientsMatchFiniteDifferences() {
        Sequential model = withInput(new int[] {4, 2}, new Bidirectional(new GRU(2).returnSequences(true)).mergeMode("mul"),
                new Bidirectional(new LSTM(2)).mergeMode("ave"), new Dense(1));
        compile(model, new SGD(1f), new MeanSquaredError());
        setFlatWeights(model, pattern(flatWeights(model).length, 0.4, 0.6));
        Tensor x = Tensor.of(pattern(3 * 4 * 2, 0.3, 1.0), 3, 4, 2);
        Tensor y = Tensor.of(pattern(3, 1.1, 0.5), 3, 1);
        assertGradientMatchesFiniteDifferences(model, x, y, 1e-2f);
    }

    @Test
    void bidirectionalHasBothLayersWeightsForwardFirst() {
        Bidirectional bi = new Bidirectional(new LSTM(3).name("enc")).name("bi");
        Sequential model = withInput(new int[] {5, 2}, bi);
        assertEquals("forward_enc", bi.getForwardLayer().getName());
        assertEquals("backward_enc", bi.getBackwardLayer().getName());
        assertTrue(bi.getBackwardLayer().getGoBackwards() && !bi.getForwardLayer().getGoBackwards());
        assertEquals(List.of("forward_enc/kernel", "forward_enc/recurrent_kernel", "forward_enc/bias", "backward_enc/kernel",
                "backward_enc/recurrent_kernel", "backward_enc/bias"), bi.variables().stream().map(v -> v.name()).toList());
        List<Tensor> w = model.getWeights();
        assertEquals(6, w.size());
        assertArrayEquals(new int[] {2, 12}, w.get(3).shape());
        assertEquals(1f, w.get(5).data()[3], "the backward LSTM's unit forget bias");
        assertArrayEquals(new int[] {6}, bi.outputShape());
        Bidirectional summed = new Bidirectional(new GRU(3).returnSequences(true)).mergeMode("sum");
        withInput(new int[] {5, 2}, summed);
        assertArrayEquals(new int[] {5, 3}, summed.outputShape());
        // With the same weights in both directions, the backward half on x is the forward half on x reversed.
        Tensor x = Tensor.of(pattern(2 * 5 * 2, 0.3, 1.0), 2, 5, 2);
        compile(model, new SGD(0.1f), new MeanSquaredError());
        List<Tensor> mirrored = new ArrayList<>(w.subList(0, 3));
        mirrored.addAll(w.subList(0, 3));
        model.setWeights(mirrored);
        float[] p = model.predict(x, 32, 0).data();
        float[] rev = new float[x.size()];
        for (int i = 0; i < 2; i++) {
            for (int t = 0; t < 5; t++) {
                System.arraycopy(x.data(), (i * 5 + t) * 2, rev, (i * 5 + 4 - t) * 2, 2);
            }
        }
        float[] q = model.predict(Tensor.of(rev, 2, 5, 2), 32, 0).data();
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(p[i * 6 + j], q[i * 6 + 3 + j], 1e-5, "forward on x = backward on reversed x");
            }
        }
    }

    @Test
    void bidirectionalRefusesWhatKerasRefusesAndWhatIsNotSupported() {
        KerasException e = assertThrows(KerasException.class, () -> new Bidirectional(new GRU(2).goBackwards(true)));
        assertTrue(e.getMessage().contains("go_backwards"), e.getMessage());
        e = assertThrows(KerasException.class, () -> new Bidirectional(new LSTM(2)).mergeMode("max"));
        assertTrue(e.getMessage().contains("max") && e.getMessage().contains("concat"), e.getMessage());
        assertThrows(KerasException.class, () -> new Bidirectional(new LSTM(2)).mergeMode(null));
        e = assertThrows(KerasException.class, () -> new Bidirectional(new LSTM(2), new GRU(2).goBackwards(true)));
        assertTrue(e.getMessage().contains("LSTM") && e.getMessage().contains("GRU"), e.getMessage());
        e = assertThrows(KerasException.class, () -> withInput(new int[] {8}, new Bidirectional(new LSTM(4)).name("bi")));
        assertTrue(e.getMessage().contains("Bidirectional 'bi'") && e.getMessage().contains("(None, 8)"), e.getMessage());
    }

    @Test
    void weightsHaveKerasShapesAndInitialValues() {
        Sequential lstm = withInput(new int[] {5, 3}, new LSTM(4));
        List<Tensor> w = lstm.getWeights();
        assertArrayEquals(new int[] {3, 16}, w.get(0).shape());
        assertArrayEquals(new int[] {4, 16}, w.get(1).shape());
        float[] bias = w.get(2).data();
        for (int j = 0; j < 16; j++) {
            assertEquals(j >= 4 && j < 8 ? 1f : 0f, bias[j], "unit forget bias at " + j);
        }
        // The recurrent kernel (4, 16) starts with orthonormal rows: U U^T = I.
        float[] u = w.get(1).data();
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                double dot = 0;
                for (int k = 0; k < 16; k++) {
                    dot += u[a * 16 + k] * u[b * 16 + k];
                }
                assertClose(a == b ? 1 : 0, dot, 0, 1e-5, "U U^T at " + a + ", " + b);
            }
        }
        Sequential gru = withInput(new int[] {5, 3}, new GRU(2).returnSequences(true), new SimpleRNN(3).useBias(false));
        assertEquals(List.of(List.of(3, 6), List.of(2, 6), List.of(2, 6), List.of(2, 3), List.of(3, 3)),
                gru.getWeights().stream().map(t -> Arrays.stream(t.shape()).boxed().toList()).toList());
        float[] e = withInput(new int[] {4}, new Embedding(50, 8)).getWeights().get(0).data();
        for (float v : e) {
            assertTrue(v >= -0.05f && v < 0.05f, "embedding " + v + " outside [-0.05, 0.05)");
        }
    }

    /**
     * Keras's default kernel, {@code glorot_uniform} over {@code (features, k * units)}: fans
     * {@code features} and {@code k * units}, k = 1, 4, 3 for SimpleRNN, LSTM, GRU; SimpleRNN's and
     * GRU's biases start at zero. Read back from the backend after a prediction.
     */
    @Test
    void defaultKernelIsGlorotUniformOverFeaturesAndAllGates() {
        Object[][] cases = {{new SimpleRNN(16), 14, 16}, {new LSTM(8), 10, 32}, {new GRU(8), 10, 24}};
        for (Object[] c : cases) {
            BaseRNN rnn = (BaseRNN) c[0];
            int features = (Integer) c[1];
            int width = (Integer) c[2];
            Sequential model = withInput(new int[] {5, features}, rnn);
            compile(model, new SGD(0.1f), new MeanSquaredError()).predict(Tensor.zeros(1, 5, features), 1, 0);
            List<Tensor> w = model.getWeights();
            assertArrayEquals(new int[] {features, width}, w.get(0).shape(), rnn.className() + " kernel shape");
            assertGlorotUniform(w.get(0).data(), features, width, rnn.className() + " kernel");
            if (!(rnn instanceof LSTM)) {
                assertArrayEquals(new float[w.get(2).size()], w.get(2).data(), rnn.className() + " bias");
            }
        }
    }

    /**
     * A custom layer that keeps every second step but passes the mask it receives on unchanged, as
     * a layer marked {@code supports_masking} in Keras would: only a layer outside jkeras can change
     * the steps and keep the mask, and the recurrent layer or GlobalAveragePooling1D after it names
     * itself, the mask's source and both shapes.
     */
    @Test
    void aMaskOfOtherStepsThanTheInputIsRefusedNamingTheLayerAndBothShapes() {
        KerasException e = assertThrows(KerasException.class, () -> {
            Sequential m = withInput(new int[] {6}, new Embedding(5, 2).maskZero(true),
                    new EverySecondStep().name("halve"), new LSTM(3).name("lstm"));
            compile(m, new SGD(0.1f), new MeanSquaredError()).predict(Tensor.zeros(1, 6), 1, 0);
        });
        assertTrue(e.getMessage().contains("LSTM 'lstm' receives a mask of 6 steps")
                && e.getMessage().contains("of shape (None, 6)") && e.getMessage().contains("input of shape (None, 3, 2)"),
                e.getMessage());
        e = assertThrows(KerasException.class, () -> {
            Sequential m = withInput(new int[] {7, 2}, new Masking(), new EverySecondStep(),
                    new GlobalAveragePooling1D().name("gap"));
            compile(m, new SGD(0.1f), new MeanSquaredError()).predict(Tensor.zeros(1, 7, 2), 1, 0);
        });
        assertTrue(e.getMessage().contains("GlobalAveragePooling1D 'gap' receives a mask of 7 steps")
                && e.getMessage().contains("of shape (None, 7, 2)") && e.getMessage().contains("input of shape (None, 4, 2)"),
                e.getMessage());
    }

    /** Steps 0, 2, 4...: a max pooling of window 1 and stride 2, which passes its input's mask on. */
    private static final class EverySecondStep extends Layer {
        @Override
        public String className() {
            return "EverySecondStep";
        }

        @Override
        protected String namePrefix() {
            return "every_second_step";
        }

        private PoolingSpec spec(int[] in) {
            return new PoolingSpec(getName(), in, PoolingSpec.Op.MAX, new int[] {1}, new int[] {2}, Padding.VALID);
        }

        @Override
        protected int[] computeOutputShape(int[] in) {
            return spec(in).outputShape();
        }

        @Override
        public LayerSpec toSpec() {
            return spec(inputShape());
        }

        @Override
        public MaskSpec outputMask(String input, int[] inputShape, MaskSpec inputMask) {
            return inputMask;
        }
    }

    @Test
    void recurrentLayerOnRank2InputNamesLayerAndShape() {
        KerasException e = assertThrows(KerasException.class, () -> withInput(new int[] {8}, new LSTM(4).name("lstm_a")));
        assertTrue(e.getMessage().contains("LSTM 'lstm_a'") && e.getMessage().contains("rank 3")
                && e.getMessage().contains("(None, 8)"), e.getMessage());
        e = assertThrows(KerasException.class, () -> withInput(new int[] {2, 3, 4}, new GRU(2).name("g")));
        assertTrue(e.getMessage().contains("GRU 'g'") && e.getMessage().contains("(None, 2, 3, 4)"), e.getMessage());
    }

    @Test
    void unsupportedSettingsAreRefusedClearly() {
        KerasException e = assertThrows(KerasException.class, () -> new GRU(3).name("g").dropout(1.0));
        assertTrue(e.getMessage().contains("GRU 'g'") && e.getMessage().contains("dropout=1.0")
                && e.getMessage().contains("[0, 1)"), e.getMessage());
        assertThrows(KerasException.class, () -> new SimpleRNN(3).recurrentDropout(-0.1));
        e = assertThrows(KerasException.class, () -> new SimpleRNN(3).activation("softmax"));
        assertTrue(e.getMessage().contains("softmax"), e.getMessage());
        assertThrows(KerasException.class, () -> new GRU(3).resetAfter(false));
        assertThrows(KerasException.class, () -> new LSTM(0));
        assertThrows(KerasException.class, () -> new Embedding(0, 3));
    }

    @Test
    void embeddingIndicesOutOfRangeOrNotWholeNameSampleAndValue() {
        Sequential model = withInput(new int[] {3}, new Embedding(5, 2).name("emb"), new LSTM(2));
        compile(model, new SGD(0.1f), new MeanSquaredError());
        Tensor bad = Tensor.of(new float[] {0, 1, 2, 3, 5, 1}, 2, 3);
        KerasException e = assertThrows(KerasException.class, () -> model.predict(bad, 32, 0));
        assertTrue(e.getMessage().contains("Embedding 'emb'") && e.getMessage().contains("5.0")
                && e.getMessage().contains("sample 1") && e.getMessage().contains("[0, 5)"), e.getMessage());
        Tensor fraction = Tensor.of(new float[] {0, 1, 2.5f, 3, 4, 1}, 2, 3);
        e = assertThrows(KerasException.class, () -> model.fit(fraction, Tensor.zeros(2, 2), 1));
        assertTrue(e.getMessage().contains("2.5") && e.getMessage().contains("sample 0")
                && e.getMessage().contains("whole number"), e.getMessage());
        Tensor negative = Tensor.of(new float[] {0, 1, 2, 3, -1, 1}, 2, 3);
        assertThrows(KerasException.class, () -> model.predict(negative, 32, 0));
        assertEquals(2, model.predict(Tensor.of(new float[] {0, 1, 2, 3, 4, 1}, 2, 3), 32, 0).dim(0));
    }

    @Test
    void masksGoOnlyWhereTheyAreHonouredAndMaskingNeedsSequences() {
        KerasException e = assertThrows(KerasException.class, () -> {
            Sequential m = withInput(new int[] {5}, new Embedding(6, 2).maskZero(true),
                    new GRU(3).returnSequences(true), new io.jkeras.layers.GlobalMaxPooling1D().name("gmp"));
            compile(m, new SGD(0.1f), new MeanSquaredError());
            m.predict(Tensor.zeros(1, 5), 32, 0);
        });
        assertTrue(e.getMessage().contains("GlobalMaxPooling1D 'gmp'") && e.getMessage().contains("mask"),
                e.getMessage());
        e = assertThrows(KerasException.class, () -> withInput(new int[] {4}, new Masking().name("m")));
        assertTrue(e.getMessage().contains("Masking 'm'") && e.getMessage().contains("(None, 4)"), e.getMessage());
        // A mask that stops at a recurrent layer without returnSequences leaves the rest of the model free.
        Sequential ok = withInput(new int[] {5}, new Embedding(6, 2).maskZero(true), new LSTM(3), new Dense(1));
        compile(ok, new SGD(0.1f), new MeanSquaredError());
        Tensor padded = Tensor.of(new float[] {3, 1, 0, 0, 0, 3, 1, 2, 0, 0}, 2, 5);
        Tensor p = ok.predict(padded, 32, 0);
        // Trailing padding changes nothing: the state after the last real step is kept.
        Sequential shortModel = withInput(new int[] {2}, new Embedding(6, 2), new LSTM(3), new Dense(1));
        compile(shortModel, new SGD(0.1f), new MeanSquaredError());
        shortModel.setWeights(ok.getWeights());
        assertEquals(p.data()[0], shortModel.predict(Tensor.of(new float[] {3, 1}, 1, 2), 32, 0).data()[0], 1e-6);
    }
}
