package io.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.layers.AveragePooling1D;
import io.jkeras.layers.AveragePooling2D;
import io.jkeras.layers.BaseConv;
import io.jkeras.layers.BasePooling;
import io.jkeras.layers.Conv1D;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.GlobalAveragePooling1D;
import io.jkeras.layers.GlobalAveragePooling2D;
import io.jkeras.layers.GlobalMaxPooling1D;
import io.jkeras.layers.GlobalMaxPooling2D;
import io.jkeras.layers.Layer;
import io.jkeras.layers.MaxPooling1D;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Conv1D/2D, max and average pooling 1D/2D and global pooling against Python Keras 3
 * ({@code fixtures/conv/*.json}, made by {@code tools/fixtures/conv_fixtures.py}): forward values
 * (odd sizes, strides 2, {@code same} padding on even and odd inputs, dilation), the gradient of an
 * mse loss with respect to every weight (Keras's torch autograd, and finite differences), five Adam
 * steps of a small CNN, and Keras's argument and shape errors.
 */
public abstract class ConvConformance extends ConformanceBase {
    private static final JsonNode LAYERS = Fixtures.load("/fixtures/conv/layers.json").get("cases");
    private static final JsonNode TRAINING = Fixtures.load("/fixtures/conv/training.json");

    /** The fixture's layers, as jkeras layers with the same configuration. */
    private static Layer[] layers(JsonNode fixtureCase) {
        List<Layer> out = new ArrayList<>();
        for (JsonNode l : fixtureCase.get("layers")) {
            out.add(layer(l.get("class").asText(), l.get("config")));
        }
        return out.toArray(new Layer[0]);
    }

    private static int[] ints(JsonNode config, String key) {
        JsonNode v = config.get(key);
        if (v == null) {
            return null;
        }
        if (v.isInt()) {
            return new int[] {v.asInt()};
        }
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i).asInt();
        }
        return out;
    }

    private static Layer layer(String cls, JsonNode config) {
        int[] pool = ints(config, "pool_size");
        int[] kernel = ints(config, "kernel_size");
        Layer layer = switch (cls) {
            case "Conv2D" -> new Conv2D(config.get("filters").asInt(), kernel);
            case "Conv1D" -> new Conv1D(config.get("filters").asInt(), kernel[0]);
            case "MaxPooling2D" -> pool == null ? new MaxPooling2D() : new MaxPooling2D(pool);
            case "AveragePooling2D" -> pool == null ? new AveragePooling2D() : new AveragePooling2D(pool);
            case "MaxPooling1D" -> pool == null ? new MaxPooling1D() : new MaxPooling1D(pool[0]);
            case "AveragePooling1D" -> pool == null ? new AveragePooling1D() : new AveragePooling1D(pool[0]);
            case "GlobalAveragePooling2D" -> new GlobalAveragePooling2D();
            case "GlobalMaxPooling2D" -> new GlobalMaxPooling2D();
            case "GlobalAveragePooling1D" -> new GlobalAveragePooling1D();
            case "GlobalMaxPooling1D" -> new GlobalMaxPooling1D();
            default -> throw new IllegalArgumentException("No jkeras layer for " + cls);
        };
        String padding = config.has("padding") ? config.get("padding").asText() : null;
        int[] strides = ints(config, "strides");
        if (layer instanceof BaseConv<?> conv) {
            if (padding != null) {
                conv.padding(padding);
            }
            if (strides != null) {
                conv.strides(strides);
            }
            int[] dilation = ints(config, "dilation_rate");
            if (dilation != null) {
                conv.dilationRate(dilation);
            }
            if (config.has("activation")) {
                conv.activation(config.get("activation").asText());
            }
            if (config.has("use_bias")) {
                conv.useBias(config.get("use_bias").asBoolean());
            }
        } else if (layer instanceof BasePooling<?> p) {
            if (padding != null) {
                p.padding(padding);
            }
            if (strides != null) {
                p.strides(strides);
            }
        }
        return layer;
    }

    /** The fixture's model with its initial weights, compiled with {@code SGD(learningRate = 1)} and mse. */
    private Sequential model(JsonNode fixtureCase) {
        return fixtureModel(fixtureCase, layers(fixtureCase));
    }

    private static float[] flat(JsonNode byLayer) {
        return Fixtures.flatWeights(byLayer);
    }

    @TestFactory
    Stream<DynamicTest> forwardMatchesKeras() {
        return forwardCases(LAYERS, this::model);
    }

    @TestFactory
    Stream<DynamicTest> mseGradientsMatchKerasAutograd() {
        return mseGradientCases(LAYERS, this::model);
    }

    @Test
    void conv2dSameStridedGradientMatchesFiniteDifferences() {
        Sequential model = withInput(new int[] {5, 4, 2}, new Conv2D(2, 3).strides(2).padding("same").activation("tanh"),
                new MaxPooling2D(2).padding("same"), new Conv2D(1, new int[] {2, 1}),
                new GlobalAveragePooling2D());
        compile(model, new SGD(1f), new MeanSquaredError());
        Tensor x = Tensor.of(pattern(3 * 5 * 4 * 2, 0.3, 1.0), 3, 5, 4, 2);
        Tensor y = Tensor.of(pattern(3, 1.1, 0.5), 3, 1);
        assertGradientMatchesFiniteDifferences(model, x, y, 1e-2f);
    }

    /**
     * Conv1D (same, strides 2) → AveragePooling1D (same on an odd length: the last window averages
     * its one real step) → Conv1D → GlobalMaxPooling1D: the pooling layers' backward passes reach
     * the kernels before them.
     */
    @Test
    void conv1dAveragePooling1dAndGlobalMaxPooling1dGradientsMatchFiniteDifferences() {
        Sequential model = withInput(new int[] {9, 3}, new Conv1D(3, 3).strides(2).padding("same").activation("tanh"),
                new AveragePooling1D(2).padding("same"), new Conv1D(2, 2), new GlobalMaxPooling1D());
        assertArrayEquals(new int[] {2}, model.outputShape());
        assertGradientWithAMaximumMatchesFiniteDifferences(model, Tensor.of(pattern(3 * 9 * 3, 0.3, 1.0), 3, 9, 3),
                Tensor.of(pattern(3 * 2, 1.1, 0.5), 3, 2));
    }

    /** Conv2D → AveragePooling2D (same, uneven) → Conv2D → GlobalMaxPooling2D, and AveragePooling2D with strides 1. */
    @Test
    void averagePooling2dAndGlobalMaxPooling2dGradientsMatchFiniteDifferences() {
        Sequential model = withInput(new int[] {6, 5, 2}, new Conv2D(3, 2).activation("tanh"),
                new AveragePooling2D(2).padding("same"), new Conv2D(2, new int[] {2, 1}), new GlobalMaxPooling2D());
        assertArrayEquals(new int[] {2}, model.outputShape());
        assertGradientWithAMaximumMatchesFiniteDifferences(model, Tensor.of(pattern(3 * 6 * 5 * 2, 0.3, 1.0), 3, 6, 5, 2),
                Tensor.of(pattern(3 * 2, 1.1, 0.5), 3, 2));
        Sequential overlapping = withInput(new int[] {5, 4, 2}, new Conv2D(2, 2).activation("tanh"),
                new AveragePooling2D(2).strides(1), new Conv2D(1, 2), new GlobalMaxPooling2D());
        assertGradientWithAMaximumMatchesFiniteDifferences(overlapping,
                Tensor.of(pattern(3 * 5 * 4 * 2, 0.7, 1.0), 3, 5, 4, 2), Tensor.of(pattern(3, 1.1, 0.5), 3, 1));
    }

    /**
     * Compiles the model with SGD(1) and mse, sets weights that do not depend on the initializers,
     * and checks its gradient with a finite-difference step of 1e-3, since it takes a maximum.
     */
    private void assertGradientWithAMaximumMatchesFiniteDifferences(Sequential model, Tensor x, Tensor y) {
        compile(model, new SGD(1f), new MeanSquaredError());
        setFlatWeights(model, pattern(flatWeights(model).length, 0.4, 0.6));
        assertGradientMatchesFiniteDifferences(model, x, y, 1e-3f);
    }

    /**
     * A batch large enough for a backend to split its convolutions and poolings over threads (the
     * native backend does, by samples) gives each sample the output it gets alone, and the mean of
     * the samples' gradients.
     */
    @Test
    void aLargeBatchGivesEachSampleItsOwnOutputAndTheMeanGradient() {
        int n = 64;
        Sequential model = withInput(new int[] {24, 24, 3}, new Conv2D(16, 3, "relu"), new MaxPooling2D(2),
                new Conv2D(40, 3).padding("same").activation("tanh"), new AveragePooling2D(2),
                new io.jkeras.layers.Flatten(), new Dense(2));
        compile(model, new SGD(1f), new MeanSquaredError());
        Tensor x = Tensor.of(pattern(n * 24 * 24 * 3, 0.7, 1.0), n, 24, 24, 3);
        Tensor y = Tensor.of(pattern(n * 2, 0.2, 0.5), n, 2);
        float[] whole = model.predict(x, n, 0).data();
        float[] g = gradientFromSgdStep(model, x, y, 1f);
        double[] mean = new double[g.length];
        for (int i = 0; i < n; i++) {
            Tensor xi = x.slice(i, i + 1);
            float[] alone = model.predict(xi, 1, 0).data();
            assertAllClose(alone, java.util.Arrays.copyOfRange(whole, 2 * i, 2 * i + 2), 1e-5, 1e-6,
                    "sample " + i + " output");
            float[] gi = gradientFromSgdStep(model, xi, y.slice(i, i + 1), 1f);
            for (int k = 0; k < g.length; k++) {
                mean[k] += gi[k] / (double) n;
            }
        }
        assertAllClose(mean, g, 1e-3, 1e-6, "batch gradient");
    }

    @Test
    void smallCnnTrainsLikeKerasWithAdam() {
        Sequential model = withInput(new int[] {8, 8, 2},
                new Conv2D(4, 3, "relu").name("conv_a"), new MaxPooling2D(2).name("pool"),
                new Conv2D(3, 2).padding("same").activation("tanh").name("conv_b"),
                new GlobalAveragePooling2D(), new Dense(3, "softmax").name("dense"));
        compile(model, new Adam(0.01f), new SparseCategoricalCrossentropy());
        assertTrainsLikeKeras(TRAINING, model, Fixtures.labelsColumn(TRAINING.get("y")));
    }

    @Test
    void softmaxConvolutionNormalisesOverFiltersAndRegularizersAddToTheLoss() {
        Tensor x = Tensor.of(pattern(2 * 5 * 4 * 2, 0.7, 1.0), 2, 5, 4, 2);
        Sequential softmax = withInput(new int[] {5, 4, 2}, new Conv2D(3, 2, "softmax")
                .kernelRegularizer(io.jkeras.regularizers.Regularizer.l2(0.01f)));
        Sequential linear = withInput(new int[] {5, 4, 2}, new Conv2D(3, 2), new io.jkeras.layers.Activation("softmax"));
        compile(softmax, new SGD(0.1f), new MeanSquaredError());
        compile(linear, new SGD(0.1f), new MeanSquaredError());
        linear.setWeights(softmax.getWeights());
        Tensor expected = linear.predict(x, 32, 0);
        assertTensor(expected.shape(), toDouble(expected.data()), softmax.predict(x, 32, 0), 1e-5, 1e-6, "softmax conv");
        Tensor y = Tensor.of(pattern(expected.size(), 0.2, 0.5), expected.shape());
        double penalty = 0;
        for (float w : softmax.getWeights().get(0).data()) {
            penalty += 0.01 * w * w;
        }
        assertClose(linear.testOnBatch(x, y) + penalty, softmax.testOnBatch(x, y), 1e-5, 1e-6, "loss with l2 penalty");
    }

    @Test
    void conv2dWeightsHaveKerasShapes() {
        Sequential ok = withInput(new int[] {6, 5, 3}, new Conv2D(4, new int[] {3, 2}));
        List<Tensor> w = ok.getWeights();
        assertEquals(List.of(List.of(3, 2, 3, 4), List.of(4)), List.of(shape(w.get(0)), shape(w.get(1))));
        assertEquals(3 * 2 * 3 * 4 + 4, ok.countParams());
    }

    /**
     * Keras's defaults: a {@code glorot_uniform} kernel whose fans count the receptive field,
     * {@code kh * kw * in} and {@code kh * kw * out} ({@code kw * in}, {@code kw * out} for Conv1D),
     * and a zero bias; read back from the backend after a prediction.
     */
    @Test
    void defaultInitialWeightsAreGlorotUniformOverTheReceptiveFieldAndZeroBias() {
        Sequential conv2d = withInput(new int[] {9, 8, 5}, new Conv2D(16, new int[] {3, 4}));
        Sequential conv1d = withInput(new int[] {20, 7}, new Conv1D(12, 5));
        compile(conv2d, new SGD(0.1f), new MeanSquaredError()).predict(Tensor.zeros(1, 9, 8, 5), 1, 0);
        compile(conv1d, new SGD(0.1f), new MeanSquaredError()).predict(Tensor.zeros(1, 20, 7), 1, 0);
        List<Tensor> w2 = conv2d.getWeights();
        assertArrayEquals(new int[] {3, 4, 5, 16}, w2.get(0).shape());
        assertGlorotUniform(w2.get(0).data(), 3 * 4 * 5, 3 * 4 * 16, "Conv2D kernel");
        assertArrayEquals(new float[16], w2.get(1).data(), "Conv2D bias");
        List<Tensor> w1 = conv1d.getWeights();
        assertArrayEquals(new int[] {5, 7, 12}, w1.get(0).shape());
        assertGlorotUniform(w1.get(0).data(), 5 * 7, 5 * 12, "Conv1D kernel");
        assertArrayEquals(new float[12], w1.get(1).data(), "Conv1D bias");
    }

    private static List<Integer> shape(Tensor t) {
        List<Integer> l = new ArrayList<>();
        for (int d : t.shape()) {
            l.add(d);
        }
        return l;
    }

    @Test
    void wrongRankNamesLayerAndShape() {
        KerasException e = assertThrows(KerasException.class,
                () -> withInput(new int[] {28, 28}, new Conv2D(8, 3).name("conv")));
        assertTrue(e.getMessage().contains("Conv2D 'conv'") && e.getMessage().contains("(None, 28, 28)")
                && e.getMessage().contains("rank 4"), e.getMessage());
        e = assertThrows(KerasException.class, () -> withInput(new int[] {4, 4, 2}, new GlobalMaxPooling1D().name("g")));
        assertTrue(e.getMessage().contains("'g'") && e.getMessage().contains("(None, 4, 4, 2)"), e.getMessage());
    }

    @Test
    void kernelOrPoolLargerThanValidInputIsAnError() {
        KerasException e = assertThrows(KerasException.class,
                () -> withInput(new int[] {4, 6, 1}, new Conv2D(2, 5).name("big")));
        assertTrue(e.getMessage().contains("'big'") && e.getMessage().contains("kernel_size=(5, 5)")
                && e.getMessage().contains("(None, 4, 6, 1)"), e.getMessage());
        e = assertThrows(KerasException.class,
                () -> withInput(new int[] {5, 5, 1}, new Conv2D(2, 3).dilationRate(3).name("dil")));
        assertTrue(e.getMessage().contains("dilation_rate=(3, 3)"), e.getMessage());
        e = assertThrows(KerasException.class, () -> withInput(new int[] {3, 2}, new MaxPooling1D(4).name("p")));
        assertTrue(e.getMessage().contains("pool_size=(4,)") && e.getMessage().contains("(None, 3, 2)"), e.getMessage());
        // The same window fits with same padding.
        assertArrayEquals(new int[] {1, 2}, withInput(new int[] {3, 2}, new MaxPooling1D(4).padding("same")).outputShape());
    }

    @Test
    void zeroOrNegativeSizesAreErrors() {
        assertThrows(KerasException.class, () -> new Conv2D(0, 3));
        KerasException e = assertThrows(KerasException.class, () -> new Conv2D(2, new int[] {3, 0}));
        assertTrue(e.getMessage().contains("kernel_size=(3, 0)"), e.getMessage());
        e = assertThrows(KerasException.class, () -> new Conv1D(2, 3).strides(-1));
        assertTrue(e.getMessage().contains("strides"), e.getMessage());
        assertThrows(KerasException.class, () -> new Conv2D(2, 3).dilationRate(0));
        assertThrows(KerasException.class, () -> new MaxPooling2D(0));
        assertThrows(KerasException.class, () -> new AveragePooling2D(2).strides(2, 0));
        assertThrows(KerasException.class, () -> new Conv2D(2, 3).padding("full"));
    }

    @Test
    void stridesAndDilationAboveOneTogetherAreRefusedAsKerasDoes() {
        KerasException e = assertThrows(KerasException.class,
                () -> withInput(new int[] {9, 9, 1}, new Conv2D(2, 3).strides(2).dilationRate(2).name("sd")));
        assertTrue(e.getMessage().contains("'sd'") && e.getMessage().contains("strides=(2, 2)")
                && e.getMessage().contains("dilation_rate=(2, 2)") && e.getMessage().contains("(None, 9, 9, 1)"),
                e.getMessage());
    }

    @Test
    void channelsFirstIsRefusedWithAClearMessage() {
        KerasException e = assertThrows(KerasException.class, () -> new Conv2D(2, 3).dataFormat("channels_first"));
        assertTrue(e.getMessage().contains("only \"channels_last\""), e.getMessage());
        assertThrows(KerasException.class, () -> new MaxPooling2D().dataFormat("channels_first"));
        assertThrows(KerasException.class, () -> new GlobalAveragePooling2D().dataFormat("channels_first"));
    }

    @Test
    void channelsFirstInKerasJsonIsRefusedUnlessTheLayerSaysChannelsLast() throws java.io.IOException {
        java.nio.file.Path home = java.nio.file.Files.createTempDirectory("jkeras-home");
        java.nio.file.Files.writeString(home.resolve("keras.json"), "{\"image_data_format\": \"channels_first\"}");
        String saved = System.getProperty("jkeras.home");
        System.setProperty("jkeras.home", home.toString());
        try {
            KerasException e = assertThrows(KerasException.class,
                    () -> withInput(new int[] {6, 6, 1}, new Conv2D(2, 3).name("cf")));
            assertTrue(e.getMessage().contains("'cf'") && e.getMessage().contains("channels_first")
                    && e.getMessage().contains("keras.json"), e.getMessage());
            assertThrows(KerasException.class, () -> withInput(new int[] {6, 6, 1}, new GlobalMaxPooling2D()));
            assertArrayEquals(new int[] {3, 3, 1}, withInput(new int[] {6, 6, 1},
                    new MaxPooling2D().dataFormat("channels_last")).outputShape());
        } finally {
            if (saved == null) {
                System.clearProperty("jkeras.home");
            } else {
                System.setProperty("jkeras.home", saved);
            }
        }
    }
}
