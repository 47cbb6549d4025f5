package io.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jkeras.Keras;
import io.jkeras.Tensor;
import io.jkeras.backend.Backends;
import io.jkeras.data.FashionMnist;
import io.jkeras.data.TimeseriesGenerator;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every sample, shortened where it is long, on every installed backend, and checks what it must show. */
class SamplesTest {
    @TempDir
    Path out;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream savedOutput = Keras.output();

    static List<String> backends() {
        return Backends.installed();
    }

    @AfterEach
    void restore() {
        Keras.setOutput(savedOutput);
        Backends.reset();
    }

    private SampleResult run(Sample sample, String backend, Map<String, String> options) {
        Backends.use(backend);
        PrintStream ps = new PrintStream(printed, true, StandardCharsets.UTF_8);
        Keras.setOutput(ps);
        return sample.run(new SampleContext(ps, out, options));
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    /** Every picture exists, decodes as an image and is not a sliver. */
    private static void assertPictures(SampleResult r, int expected) throws IOException {
        assertEquals(expected, r.images().size(), "pictures: " + r.images());
        for (Path p : r.images()) {
            assertTrue(Files.isRegularFile(p), p + " exists");
            BufferedImage img = ImageIO.read(p.toFile());
            assertNotNull(img, p + " decodes as an image");
            assertTrue(img.getWidth() >= 300 && img.getHeight() >= 200,
                    p + " is " + img.getWidth() + "x" + img.getHeight());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void saveLoadPredictionsMatchOnTheOtherBackend(String backend) {
        SampleResult r = run(new SaveLoadSample(), backend, Map.of("steps", "100", "limit", "300", "data", "bundled"));
        assertTrue(r.get("regressionMaxDiff") < 1e-5, "regression " + r.get("regressionMaxDiff"));
        assertTrue(r.get("mnistMaxDiff") < 1e-5, "mnist " + r.get("mnistMaxDiff"));
        assertEquals(r.get("mnistAccuracy"), r.get("mnistLoadedAccuracy"));
        assertTrue(printed().contains("regression.keras") && printed().contains("mnist.keras"), printed());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void regressionLossFallsUnderOneHundredth(String backend) throws IOException {
        // 500 of the sample's 1000 steps already bring the loss (noise variance 0.0025) under 0.01
        SampleResult r = run(new RegressionSample(), backend, Map.of("steps", "500"));
        assertTrue(r.get("loss") < 0.01, "final loss " + r.get("loss"));
        String[] lines = printed().split("\n");
        assertEquals(11, lines.length, "10 losses, one every 50 steps, and the final loss:\n" + printed());
        assertTrue(Float.parseFloat(lines[0]) > 10 * Float.parseFloat(lines[9]), "the loss falls:\n" + printed());
        assertPictures(r, 2);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void linearLearnsWeightOneHalfAndBiasTwo(String backend) throws IOException {
        SampleResult r = run(new LinearSample(), backend, Map.of());
        assertEquals(0.5, r.get("weight"), 0.05);
        assertEquals(2.0, r.get("bias"), 0.05);
        assertTrue(r.get("testCost") < 0.01, "test cost " + r.get("testCost"));
        String text = printed();
        assertTrue(text.startsWith("Training -----------\ntrain cost:  "), text);
        assertTrue(text.contains("\nTesting ------------\n1/1 ["), text);
        assertTrue(text.contains("\nWeights= [["), text);
        assertPictures(r, 2);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void moonsHiddenLayerBeatsLogisticRegression(String backend) throws IOException {
        SampleResult r = run(new MoonsSample(), backend, Map.of("passes", "1000", "sizes", "3"));
        double logistic = r.get("logisticAccuracy");
        double hidden = r.get("hidden3Accuracy");
        assertTrue(logistic > 0.8 && logistic < 0.9, "a straight line gets most moons points right: " + logistic);
        assertTrue(hidden >= 0.95 && hidden > logistic, "3 tanh units " + hidden + " vs logistic " + logistic);
        assertTrue(printed().contains("Loss after iteration 0: "), printed());
        assertPictures(r, 3);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void opsComputesTheTutorialValues(String backend) {
        SampleResult r = run(new OpsSample(), backend, Map.of());
        assertEquals(5.0, r.get("scalarSum"));
        assertEquals(132.0, r.get("matrixSumCorner"));
        // row (1, 2, 3, 4) times column (10, 20, 30, 40)
        assertEquals(300.0, r.get("matmul00"));
        assertEquals(1 / (1 + Math.exp(-3)), r.get("logistic11"), 1e-6);
        assertTrue(r.get("logisticGap") <= 1e-6, "1/(1+exp(-x)) and sigmoid differ by " + r.get("logisticGap"));
        assertTrue(r.get("tanhGap") <= 1e-6, "(1+tanh(x/2))/2 and sigmoid differ by " + r.get("tanhGap"));
        assertEquals(4.0, r.get("diffSquared11"));
        assertEquals(34.0, r.get("fDefault"));
        assertEquals(35.0, r.get("fGiven"));
        assertTrue(printed().contains("Ops.add(2, 3) = 5.0\n"), printed());
        assertTrue(printed().contains("diff =\n[[ 1.  0.]\n [-1. -2.]]\n"), printed());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void mnistNetworkAReachesSeventyFivePercentAfterOneEpoch(String backend) throws IOException {
        assumeTrue(Files.isDirectory(FashionMnist.DEBIAN_DIR), "Debian's Fashion-MNIST is not installed"
                + " (apt-get install dataset-fashion-mnist); skipping the one-epoch accuracy check on the real data");
        SampleResult r = run(new MnistSample(), backend, Map.of("net", "a", "epochs", "1",
                "data", FashionMnist.DEBIAN_DIR.toString()));
        assertTrue(r.get("aTestAccuracy") >= 0.75, "test accuracy after one epoch: " + r.get("aTestAccuracy"));
        assertTrue(printed().contains("60000 training and 10000 test images"), printed());
        assertTrue(printed().contains("\nEpoch 0: " + Math.round(r.get("aTestAccuracy") * 10000) + " / 10000\n"), printed());
        assertPictures(r, 2);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void mnistNetworkBLearnsOnTheBundledSubset(String backend) throws IOException {
        SampleResult r = run(new MnistSample(), backend, Map.of("net", "b", "epochs", "1", "data", "bundled",
                "limit", "1000", "test-limit", "500"));
        assertTrue(r.get("bTestAccuracy") > 0.5, "ten classes, ten Adam steps: " + r.get("bTestAccuracy"));
        assertTrue(printed().contains("the subset bundled with the samples: 1000 training and 500 test images"), printed());
        assertTrue(printed().contains("Total params: 1,196,810"), printed());
        assertPictures(r, 2);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void mnistCnnLearnsOnTheBundledSubsetAndDrawsItsFilters(String backend) throws IOException {
        // 1080 training images (9 batches of at most 128), 120 for validation: a few seconds on either backend.
        SampleResult r = run(new MnistCnnSample(), backend, Map.of("epochs", "1", "data", "bundled",
                "limit", "1200", "test-limit", "300"));
        assertTrue(r.get("testAccuracy") > 0.3, "ten classes, 9 Adam steps: " + r.get("testAccuracy"));
        assertEquals(1.0, r.get("epochs"));
        String text = printed();
        assertTrue(text.contains("the subset bundled with the samples: 1200 training and 300 test images"), text);
        assertTrue(text.contains("Total params: 34,826"), text);
        assertTrue(text.contains("Epoch 1/1\n9/9 [=============================="), text);
        assertTrue(text.contains(" - val_loss: ") && text.contains(" - val_accuracy: "), text);
        assertTrue(text.contains("\nTest accuracy: "), text);
        assertPictures(r, 2);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sequenceClassifyBidirectionalLstmLearnsOrderThatABagOfWordsCannot(String backend) {
        SampleResult r = run(new SequenceClassifySample(), backend, Map.of("samples", "1500", "epochs", "3"));
        double order = r.get("bidirectionalAccuracy");
        double blind = r.get("baselineAccuracy");
        assertTrue(order >= 0.95, "Bidirectional LSTM test accuracy " + order);
        assertTrue(blind < 0.6, "an order-blind model stays near chance: " + blind);
        String text = printed();
        assertTrue(text.contains("Bidirectional LSTM test accuracy: ") && text.contains("Order-blind test accuracy: "), text);
        assertTrue(text.contains("47/47 - "), "Keras's progress lines: " + text);
    }

    @Test
    void sequenceClassifyDataHaveOneAAndOneBAndBalancedLabels() {
        SequenceClassifySample.Data d = SequenceClassifySample.generate(400, new java.util.Random(1));
        float[] x = d.x().data();
        int positives = 0;
        for (int i = 0; i < 400; i++) {
            int a = -1;
            int b = -1;
            boolean padding = false;
            for (int t = 0; t < 12; t++) {
                float v = x[i * 12 + t];
                padding |= v == 0f;
                assertTrue(!padding || v == 0f, "padding only at the end, sample " + i);
                a = v == 1f ? t : a;
                b = v == 2f ? t : b;
            }
            assertTrue(a >= 0 && b >= 0, "A and B in sample " + i);
            assertEquals(a < b ? 1f : 0f, d.y().data()[i], "label of sample " + i);
            positives += (int) d.y().data()[i];
        }
        assertTrue(positives > 160 && positives < 240, "balanced labels: " + positives);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void timeseriesPrintsTheWindowsAndItsLstmForecastBeatsTheNaiveOne(String backend) throws IOException {
        SampleResult r = run(new TimeseriesSample(), backend, Map.of());
        String text = printed();
        assertTrue(text.contains("Samples: 2\n[[0. 1. 2.]] => [3.]\n[[1. 2. 3.]] => [4.]\n"), text);
        assertTrue(text.contains("len(data_gen) = 20\n"), text);
        assertTrue(text.contains("y =\n[[10.]\n [11.]]\n"), text);
        assertEquals(2.0, r.get("windows"));
        assertTrue(text.contains("25 training, 7 validation and 7 test batches"), text);
        assertTrue(text.contains("25/25 - ") && text.contains(" - val_mae: "), "Keras's progress lines: " + text);
        double lstm = r.get("lstmTestMae");
        double naive = r.get("naiveTestMae");
        // the noise alone (sd 0.1) costs a perfect forecast an MAE of about 0.08
        assertTrue(lstm < 0.8 * naive && lstm > 0.05, "LSTM test MAE " + lstm + " against the naive forecast's " + naive);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "Test MAE: LSTM %.4f, naive last value %.4f", lstm,
                naive)), text);
        assertFalse(text.contains("Exception"), text);
        assertPictures(r, 1);
    }

    @Test
    void timeseriesNaiveForecastRepeatsEachWindowsLastValue() {
        Tensor s = Tensor.of(new float[60], 60, 1);
        for (int t = 0; t < 60; t++) {
            s.data()[t] = t * t;
        }
        // windows of 24 squares before steps 24..59: |(t-1)^2 - t^2| = 2t - 1, averaged over t = 24..59
        TimeseriesGenerator g = TimeseriesGenerator.builder(s, s, 24).batchSize(32).build();
        assertEquals(82.0, TimeseriesSample.naiveMae(g), 1e-9);
    }

    @Test
    void bundledSubsetHasThreeThousandTrainingAndOneThousandTestImages() {
        var d = MnistSample.loadBundled();
        assertEquals(List.of(3000, 28, 28), List.of(d.xTrain().dim(0), d.xTrain().dim(1), d.xTrain().dim(2)));
        assertEquals(1000, d.xTest().dim(0));
        assertEquals(1000, d.yTest().dim(0));
    }
}
