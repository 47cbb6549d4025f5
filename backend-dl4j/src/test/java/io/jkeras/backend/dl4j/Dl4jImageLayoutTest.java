package io.jkeras.backend.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.Tensor;
import io.jkeras.activations.Activation;
import io.jkeras.backend.ActivationSpec;
import io.jkeras.backend.ConvSpec;
import io.jkeras.backend.DenseSpec;
import io.jkeras.backend.InputSpec;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.MergeSpec;
import io.jkeras.backend.ModelSpec;
import io.jkeras.backend.NodeSpec;
import io.jkeras.backend.Padding;
import io.jkeras.backend.PoolingSpec;
import io.jkeras.backend.ReshapeSpec;
import io.jkeras.backend.TrainableModel;
import io.jkeras.backend.TrainingSpec;
import io.jkeras.backend.dl4j.layers.Dl4jImagePreProcessor;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.optimizers.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * How images run inside DL4J: NCHW from one image layer to the next, permuted from and into
 * Keras's {@code channels_last} rows only where rows meet images; and the same numbers as a graph
 * that turns every image back into rows between its layers.
 */
class Dl4jImageLayoutTest {
    private static final Dl4jBackend BACKEND = Dl4jModelTest.BACKEND;

    private static ConvSpec conv(String name, int[] in, int filters, Padding padding) {
        return new ConvSpec(name, in, filters, new int[] {3, 3}, new int[] {1, 1}, padding, new int[] {1, 1},
                Activation.RELU, true, null, null);
    }

    private static PoolingSpec pool(String name, int[] in) {
        return new PoolingSpec(name, in, PoolingSpec.Op.MAX, new int[] {2, 2}, new int[] {2, 2}, Padding.VALID);
    }

    /** Keras's simple convnet on 12 x 12 x 2 images; with {@code linearBetween}, an identity Activation after each image layer. */
    private static ModelSpec convnet(boolean linearBetween) {
        List<LayerSpec> layers = new ArrayList<>(List.of(conv("conv", new int[] {12, 12, 2}, 4, Padding.VALID),
                pool("pool", new int[] {10, 10, 4}), conv("conv_1", new int[] {5, 5, 4}, 3, Padding.SAME),
                pool("pool_1", new int[] {5, 5, 3})));
        if (linearBetween) {
            int[][] shapes = {{10, 10, 4}, {5, 5, 4}, {5, 5, 3}, {2, 2, 3}};
            for (int i = 3; i >= 0; i--) {
                layers.add(i + 1, new ActivationSpec("linear" + i, shapes[i], Activation.LINEAR));
            }
        }
        layers.add(new ReshapeSpec("flatten", new int[] {2, 2, 3}, new int[] {12}));
        layers.add(new DenseSpec("dense", 12, 5, Activation.SOFTMAX, true, null, null));
        return ModelSpec.chain("convnet", new InputSpec("input", new int[] {12, 12, 2}), layers);
    }

    private static ComputationGraphConfiguration configure(ModelSpec spec) {
        return new Dl4jGraphBuilder(spec, new ILossFunction[] {new LossMCXENT()}).build();
    }

    /** The graph's image preprocessors: how many turn rows into images, and how many images into rows. */
    private static int[] conversions(ComputationGraphConfiguration conf) {
        int[] counts = new int[2];
        for (GraphVertex v : conf.getVertices().values()) {
            if (v instanceof PreprocessorVertex p && p.getPreProcessor() instanceof Dl4jImagePreProcessor i) {
                counts[i.toString().startsWith("ToImage") ? 0 : 1]++;
            }
        }
        return counts;
    }

    @Test
    void aChainOfImageLayersIsPermutedOnceInAndOnceOut() {
        ComputationGraphConfiguration conf = configure(convnet(false));
        assertEquals(List.of(1, 1), List.of(conversions(conf)[0], conversions(conf)[1]));
        int imageLayers = 0;
        for (GraphVertex v : conf.getVertices().values()) {
            if (v instanceof LayerVertex l) {
                if (l.getLayerConf().getLayer() instanceof ConvolutionLayer c) {
                    assertEquals(CNN2DFormat.NCHW, c.getCnn2dDataFormat(), c.getLayerName());
                    imageLayers++;
                } else if (l.getLayerConf().getLayer() instanceof SubsamplingLayer s) {
                    assertEquals(CNN2DFormat.NCHW, s.getCnn2dDataFormat(), s.getLayerName());
                    imageLayers++;
                }
            }
        }
        assertEquals(4, imageLayers);
    }

    @Test
    void eachImageIsPermutedOnceForAllTheRowsReadersAndOnceForAllTheImageReaders() {
        // conv_1 and add both read conv's output, and add both conv outputs: rows for add, images for conv_1.
        int[] image = {6, 6, 2};
        List<LayerSpec> layers = List.of(conv("conv", image, 2, Padding.SAME), conv("conv_1", image, 2, Padding.SAME),
                new MergeSpec("add", MergeSpec.Op.ADD, image, 2), pool("pool", image),
                conv("conv_2", new int[] {3, 3, 2}, 2, Padding.SAME),
                new ReshapeSpec("flatten", new int[] {3, 3, 2}, new int[] {18}),
                new DenseSpec("dense", 18, 3, Activation.SOFTMAX, true, null, null));
        List<NodeSpec> nodes = List.of(new NodeSpec("conv", List.of("input"), "a"),
                new NodeSpec("conv_1", List.of("a"), "b"), new NodeSpec("add", List.of("a", "b"), "sum"),
                new NodeSpec("pool", List.of("sum"), "pooled"), new NodeSpec("conv_2", List.of("pooled"), "c"),
                new NodeSpec("flatten", List.of("c"), "flat"), new NodeSpec("dense", List.of("flat"), "out"));
        ModelSpec spec = new ModelSpec("residual", List.of(new InputSpec("input", image)), layers, nodes,
                List.of("out"));
        // In: input and sum; out: a and b for add, c for flatten.
        int[] counts = conversions(configure(spec));
        assertEquals(List.of(2, 3), List.of(counts[0], counts[1]));
    }

    @Test
    void imagesKeptInNchwGiveTheNumbersOfImagesTurnedIntoRowsAfterEveryLayer() {
        ModelSpec kept = convnet(false);
        ModelSpec rows = convnet(true);
        // Each identity Activation reads rows and hands rows to the next image layer: 4 of each.
        assertEquals(List.of(4, 4), List.of(conversions(configure(rows))[0], conversions(configure(rows))[1]));
        Random rng = new Random(11);
        Map<String, List<Tensor>> weights = Map.of(
                "conv", List.of(Dl4jModelTest.random(rng, 3, 3, 2, 4), Dl4jModelTest.random(rng, 4)),
                "conv_1", List.of(Dl4jModelTest.random(rng, 3, 3, 4, 3), Dl4jModelTest.random(rng, 3)),
                "dense", List.of(Dl4jModelTest.random(rng, 12, 5), Dl4jModelTest.random(rng, 5)));
        Tensor x = Dl4jModelTest.random(rng, 7, 12, 12, 2);
        Tensor y = Tensor.of(new float[] {0, 4, 2, 1, 3, 3, 0}, 7);
        TrainingSpec training = new TrainingSpec(new SparseCategoricalCrossentropy(), new Adam(0.01f));
        try (TrainableModel a = BACKEND.build(kept, training, weights);
                TrainableModel b = BACKEND.build(rows, training, weights)) {
            assertClose(b.predictOnBatch(List.of(x)).get(0).data(), a.predictOnBatch(List.of(x)).get(0).data(), "predict");
            for (int step = 0; step < 3; step++) {
                double want = b.trainOnBatch(List.of(x), List.of(y), false).loss();
                assertEquals(want, a.trainOnBatch(List.of(x), List.of(y), false).loss(), 1e-6 * Math.abs(want),
                        "loss of step " + step);
            }
            for (String layer : weights.keySet()) {
                for (int v = 0; v < 2; v++) {
                    assertClose(b.getWeights(layer).get(v).data(), a.getWeights(layer).get(v).data(),
                            layer + " weight " + v);
                }
            }
        }
    }

    private static void assertClose(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-6 + 1e-5 * Math.abs(want[i]), what + " value " + i);
        }
    }
}
