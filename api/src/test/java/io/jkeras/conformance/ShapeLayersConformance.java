package io.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Cropping2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.GlobalAveragePooling2D;
import io.jkeras.layers.Layer;
import io.jkeras.layers.LayerNormalization;
import io.jkeras.layers.Permute;
import io.jkeras.layers.RepeatVector;
import io.jkeras.layers.SpatialDropout2D;
import io.jkeras.layers.UpSampling2D;
import io.jkeras.layers.ZeroPadding2D;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * ZeroPadding2D, Cropping2D, UpSampling2D, RepeatVector, Permute, LayerNormalization and
 * SpatialDropout2D against Python Keras 3 ({@code fixtures/shape/*.json}, made by
 * {@code tools/fixtures/shape_layers_fixtures.py}): forward values (odd sizes, asymmetric padding
 * and cropping, LayerNormalization on the last and on other axes), the gradient of an mse loss
 * with respect to every weight (Keras's torch autograd, and finite differences), five Adam steps of
 * two small models with LayerNormalization, SpatialDropout2D's channel masks, and Keras's errors.
 */
public abstract class ShapeLayersConformance extends ConformanceBase {
    private static final JsonNode LAYERS = Fixtures.load("/fixtures/shape/layers.json").get("cases");
    private static final JsonNode TRAINING = Fixtures.load("/fixtures/shape/training.json");

    private static int[] ints(JsonNode v) {
        if (v.isInt()) {
            return new int[] {v.asInt()};
        }
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i).asInt();
        }
        return out;
    }

    /** Keras's padding or cropping argument: an int, (h, w), or ((top, bottom), (left, right)). */
    private static int[][] amounts(JsonNode v) {
        if (v.isInt()) {
            return new int[][] {{v.asInt(), v.asInt()}, {v.asInt(), v.asInt()}};
        }
        if (v.get(0).isInt()) {
            return new int[][] {{v.get(0).asInt(), v.get(0).asInt()}, {v.get(1).asInt(), v.get(1).asInt()}};
        }
        return new int[][] {ints(v.get(0)), ints(v.get(1))};
    }

    private static Layer layer(String cls, JsonNode c) {
        return switch (cls) {
            case "Conv2D" -> new Conv2D(c.get("filters").asInt(), ints(c.get("kernel_size")));
            case "Dense" -> new Dense(c.get("units").asInt());
            case "ZeroPadding2D" -> new ZeroPadding2D(amounts(c.get("padding")));
            case "Cropping2D" -> new Cropping2D(amounts(c.get("cropping")));
            case "UpSampling2D" -> c.has("size") ? new UpSampling2D(ints(c.get("size"))) : new UpSampling2D();
            case "RepeatVector" -> new RepeatVector(c.get("n").asInt());
            case "Permute" -> new Permute(ints(c.get("dims")));
            case "LayerNormalization" -> {
                LayerNormalization l = new LayerNormalization();
                if (c.has("axis")) {
                    l.axis(c.get("axis").asInt());
                }
                if (c.has("epsilon")) {
                    l.epsilon((float) c.get("epsilon").asDouble());
                }
                if (c.has("center")) {
                    l.center(c.get("center").asBoolean());
                }
                if (c.has("scale")) {
                    l.scale(c.get("scale").asBoolean());
                }
                yield l;
            }
            default -> throw new IllegalArgumentException("No jkeras layer for " + cls);
        };
    }

    /** The fixture's model with its initial weights, compiled with {@code SGD(learningRate = 1)} and mse. */
    private Sequential model(JsonNode fixtureCase) {
        List<Layer> layers = new ArrayList<>();
        for (JsonNode l : fixtureCase.get("layers")) {
            layers.add(layer(l.get("class").asText(), l.get("config")));
        }
        return fixtureModel(fixtureCase, layers.toArray(new Layer[0]));
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
    void imageLayersGradientMatchesFiniteDifferences() {
        Sequential model = withInput(new int[] {5, 4, 2}, new Conv2D(2, 2).activation("tanh"),
                new ZeroPadding2D(new int[][] {{1, 0}, {2, 1}}), new UpSampling2D(2, 1),
                new Cropping2D(new int[][] {{0, 1}, {1, 1}}), new LayerNormalization(), new Conv2D(1, 3),
                new GlobalAveragePooling2D());
        compile(model, new SGD(1f), new MeanSquaredError());
        setFlatWeights(model, pattern(flatWeights(model).length, 0.4, 0.6));
        Tensor x = Tensor.of(pattern(3 * 5 * 4 * 2, 0.3, 1.0), 3, 5, 4, 2);
        Tensor y = Tensor.of(pattern(3, 1.1, 0.5), 3, 1);
        assertGradientMatchesFiniteDifferences(model, x, y, 1e-2f);
    }

    @Test
    void sequenceLayersGradientMatchesFiniteDifferences() {
        Sequential model = withInput(new int[] {4}, new Dense(3, "tanh"), new RepeatVector(2), new Permute(2, 1),
                new LayerNormalization().axis(1).epsilon(0.01f), new Flatten(), new Dense(2));
        compile(model, new SGD(1f), new MeanSquaredError());
        setFlatWeights(model, pattern(flatWeights(model).length, 0.8, 0.7));
        Tensor x = Tensor.of(pattern(5 * 4, 0.1, 1.0), 5, 4);
        Tensor y = Tensor.of(pattern(10, 0.6, 0.5), 5, 2);
        assertGradientMatchesFiniteDifferences(model, x, y, 1e-2f);
    }

    private void trainsLikeKeras(JsonNode fixture, Layer... layers) {
        trainsLikeKeras(fixture, new SparseCategoricalCrossentropy(), Fixtures.labelsColumn(fixture.get("y")), layers);
    }

    @Test
    void cnnWithPaddingUpSamplingCroppingAndLayerNormalizationTrainsLikeKerasWithAdam() {
        trainsLikeKeras(TRAINING.get("cnn"), new ZeroPadding2D(new int[][] {{1, 0}, {0, 1}}),
                new Conv2D(3, 3, "relu"), new UpSampling2D(2), new Cropping2D(new int[][] {{1, 2}, {1, 0}}),
                new LayerNormalization(), new GlobalAveragePooling2D(), new Dense(3, "softmax"));
    }

    @Test
    void sequenceWithRepeatVectorPermuteAndLayerNormalizationTrainsLikeKerasWithAdam() {
        trainsLikeKeras(TRAINING.get("sequence"), new Dense(4, "tanh"), new RepeatVector(3), new Permute(2, 1),
                new LayerNormalization().axis(1), new Flatten(), new Dense(3, "softmax"));
    }

    @Test
    void layerNormalizationHasKerasWeights() {
        Sequential model = withInput(new int[] {3, 4}, new LayerNormalization().axis(1));
        List<Tensor> w = model.getWeights();
        assertEquals(2, w.size());
        assertArrayEquals(new int[] {3}, w.get(0).shape());
        assertArrayEquals(new float[] {1f, 1f, 1f}, w.get(0).data());
        assertArrayEquals(new float[] {0f, 0f, 0f}, w.get(1).data());
        assertEquals(1, withInput(new int[] {5}, new LayerNormalization().center(false)).getWeights().size());
        assertEquals(0, withInput(new int[] {5}, new LayerNormalization().center(false).scale(false)).countParams());
    }

    @Test
    void spatialDropoutDropsWholeChannelsWithTheSharedMaskOfEachStep() {
        float rate = 0.5f;
        long seed = 17;
        int h = 3;
        int w = 2;
        int c = 4;
        int batch = 5;
        // A kernel-1 identity convolution in front, so that the model has a weight to train.
        Sequential model = compile(withInput(new int[] {h, w, c}, new Conv2D(c, 1).useBias(false),
                new SpatialDropout2D(rate, seed)), new SGD(0f), new MeanSquaredError());
        float[] identity = new float[c * c];
        for (int i = 0; i < c; i++) {
            identity[i * c + i] = 1f;
        }
        model.setWeights(List.of(Tensor.of(identity, 1, 1, c, c)));
        Tensor x = Tensor.of(pattern(batch * h * w * c, 0.3, 1), batch, h, w, c);
        Tensor zeros = Tensor.zeros(batch, h, w, c);
        for (int step = 0; step < 3; step++) {
            float[] channelMask = new float[batch * c];
            io.jkeras.backend.DropoutMask.fill(channelMask, channelMask.length, seed, step, rate);
            double loss = 0;
            int dropped = 0;
            for (int b = 0; b < batch; b++) {
                for (int p = 0; p < h * w; p++) {
                    for (int ch = 0; ch < c; ch++) {
                        double v = x.data()[(b * h * w + p) * c + ch] * channelMask[b * c + ch];
                        loss += v * v / (batch * h * w * c);
                    }
                }
            }
            for (float m : channelMask) {
                dropped += m == 0f ? 1 : 0;
            }
            assertTrue(dropped > 0 && dropped < channelMask.length, "step " + step + " drops some channels");
            assertClose(loss, model.trainOnBatch(x, zeros), 1e-5, 1e-6, "loss of step " + step);
        }
        Tensor predicted = model.predict(x, 32, 0);
        assertArrayEquals(x.data(), predicted.data(), "inference passes the input through");
    }

    @Test
    void wrongRanksNameTheLayerAndShape() {
        KerasException e = assertThrows(KerasException.class,
                () -> withInput(new int[] {6, 6}, new ZeroPadding2D(1).name("pad")));
        assertTrue(e.getMessage().contains("ZeroPadding2D 'pad'") && e.getMessage().contains("(None, 6, 6)")
                && e.getMessage().contains("rank 4"), e.getMessage());
        e = assertThrows(KerasException.class, () -> withInput(new int[] {6}, new UpSampling2D().name("up")));
        assertTrue(e.getMessage().contains("UpSampling2D 'up'") && e.getMessage().contains("(None, 6)"), e.getMessage());
        e = assertThrows(KerasException.class, () -> withInput(new int[] {3, 4}, new RepeatVector(2).name("rep")));
        assertTrue(e.getMessage().contains("RepeatVector 'rep'") && e.getMessage().contains("(None, 3, 4)"),
                e.getMessage());
        e = assertThrows(KerasException.class, () -> withInput(new int[] {3, 4}, new Permute(2, 1, 3).name("perm")));
        assertTrue(e.getMessage().contains("Permute 'perm'") && e.getMessage().contains("(None, 3, 4)")
                && e.getMessage().contains("dims=(2, 1, 3)"), e.getMessage());
        e = assertThrows(KerasException.class, () -> withInput(new int[] {4, 4}, new SpatialDropout2D(0.1f).name("sd")));
        assertTrue(e.getMessage().contains("SpatialDropout2D 'sd'") && e.getMessage().contains("(None, 4, 4)"),
                e.getMessage());
    }

    @Test
    void badArgumentsAreKerasErrors() {
        KerasException e = assertThrows(KerasException.class, () -> new ZeroPadding2D(new int[][] {{1, -1}, {0, 0}}));
        assertTrue(e.getMessage().contains("`padding` cannot be negative") && e.getMessage().contains("((1, -1), (0, 0))"),
                e.getMessage());
        e = assertThrows(KerasException.class, () -> new Cropping2D(new int[][] {{1, 2, 3}, {0, 0}}));
        assertTrue(e.getMessage().contains("cropping="), e.getMessage());
        e = assertThrows(KerasException.class,
                () -> withInput(new int[] {4, 5, 1}, new Cropping2D(new int[][] {{2, 2}, {0, 0}}).name("crop")));
        assertTrue(e.getMessage().contains("'crop'") && e.getMessage().contains("(None, 4, 5, 1)")
                && e.getMessage().contains("cropping=((2, 2), (0, 0))"), e.getMessage());
        e = assertThrows(KerasException.class, () -> new UpSampling2D(2).interpolation("bilinear"));
        assertTrue(e.getMessage().contains("bilinear") && e.getMessage().contains("only interpolation=\"nearest\""),
                e.getMessage());
        assertThrows(KerasException.class, () -> new UpSampling2D(2, 0));
        e = assertThrows(KerasException.class, () -> new RepeatVector(0));
        assertTrue(e.getMessage().contains("n=0"), e.getMessage());
        e = assertThrows(KerasException.class, () -> new Permute(1, 3));
        assertTrue(e.getMessage().contains("dims=(1, 3)"), e.getMessage());
        e = assertThrows(KerasException.class, () -> withInput(new int[] {3, 4}, new LayerNormalization().axis(3).name("ln")));
        assertTrue(e.getMessage().contains("Axis 3 is out of bounds") && e.getMessage().contains("(None, 3, 4)")
                && e.getMessage().contains("'ln'"), e.getMessage());
        e = assertThrows(KerasException.class, () -> withInput(new int[] {3, 4}, new LayerNormalization().axis(0)));
        assertTrue(e.getMessage().contains("batch axis"), e.getMessage());
        assertThrows(KerasException.class, () -> new LayerNormalization().epsilon(0f));
        assertThrows(KerasException.class, () -> new SpatialDropout2D(1f));
    }

    @Test
    void channelsFirstIsRefusedWithAClearMessage() {
        KerasException e = assertThrows(KerasException.class, () -> new ZeroPadding2D().dataFormat("channels_first"));
        assertTrue(e.getMessage().contains("only \"channels_last\""), e.getMessage());
        assertThrows(KerasException.class, () -> new Cropping2D(1).dataFormat("channels_first"));
        assertThrows(KerasException.class, () -> new UpSampling2D().dataFormat("channels_first"));
        assertThrows(KerasException.class, () -> new SpatialDropout2D(0.2f).dataFormat("channels_first"));
    }

    @Test
    void channelsFirstInKerasJsonIsRefusedUnlessTheLayerSaysChannelsLast() throws java.io.IOException {
        java.nio.file.Path home = java.nio.file.Files.createTempDirectory("jkeras-home");
        java.nio.file.Files.writeString(home.resolve("keras.json"), "{\"image_data_format\": \"channels_first\"}");
        String saved = System.getProperty("jkeras.home");
        System.setProperty("jkeras.home", home.toString());
        try {
            for (Layer l : List.of(new ZeroPadding2D().name("zp"), new Cropping2D(1).name("zp"),
                    new UpSampling2D().name("zp"), new SpatialDropout2D(0.1f).name("zp"))) {
                KerasException e = assertThrows(KerasException.class, () -> withInput(new int[] {6, 6, 1}, l));
                assertTrue(e.getMessage().contains("'zp'") && e.getMessage().contains("channels_first")
                        && e.getMessage().contains("keras.json"), e.getMessage());
            }
            assertArrayEquals(new int[] {8, 8, 1}, withInput(new int[] {6, 6, 1},
                    new ZeroPadding2D().dataFormat("channels_last")).outputShape());
            assertArrayEquals(new int[] {6, 6}, withInput(new int[] {6, 6}, new LayerNormalization()).outputShape());
        } finally {
            if (saved == null) {
                System.clearProperty("jkeras.home");
            } else {
                System.setProperty("jkeras.home", saved);
            }
        }
    }

    @Test
    void layersRunInAFunctionalGraphAsInASequentialStack() {
        io.jkeras.layers.Input in = new io.jkeras.layers.Input(4, 3, 2);
        Layer pad = new ZeroPadding2D(new int[][] {{1, 0}, {0, 1}});
        Layer crop = new Cropping2D(new int[][] {{1, 0}, {0, 1}});
        io.jkeras.layers.KerasTensor a = pad.apply(in);
        io.jkeras.layers.KerasTensor b = new UpSampling2D(1, 2).apply(crop.apply(a));
        io.jkeras.layers.KerasTensor out = new io.jkeras.layers.Add().apply(new LayerNormalization().apply(b),
                new Permute(1, 2, 3).apply(b));
        io.jkeras.models.Model model = new io.jkeras.models.Model(List.of(in), List.of(out), "graph");
        model.compile(new io.jkeras.models.CompileOptions(new SGD(0.1f)).loss("mse").backend(backend()));
        Tensor x = Tensor.of(pattern(2 * 4 * 3 * 2, 0.2, 1), 2, 4, 3, 2);
        float[] y = model.predict(x, 32, 0).data();
        // pad then crop back is the identity here; upsampling doubles the columns.
        float[] v = x.data();
        for (int s = 0; s < 2; s++) {
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 6; c++) {
                    float x0 = v[((s * 4 + r) * 3 + c / 2) * 2];
                    float x1 = v[((s * 4 + r) * 3 + c / 2) * 2 + 1];
                    double mean = (x0 + x1) / 2.0;
                    double inv = 1 / Math.sqrt((x0 - mean) * (x0 - mean) + 1e-3);
                    int k = ((s * 4 + r) * 6 + c) * 2;
                    assertClose((x0 - mean) * inv + x0, y[k], 1e-5, 1e-5, "value " + k);
                    assertClose((x1 - mean) * inv + x1, y[k + 1], 1e-5, 1e-5, "value " + (k + 1));
                }
            }
        }
    }
}
