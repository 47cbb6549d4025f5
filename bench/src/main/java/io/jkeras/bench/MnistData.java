package io.jkeras.bench;

import io.jkeras.Tensor;
import io.jkeras.data.FashionMnist;
import io.jkeras.data.Idx;
import io.jkeras.data.TrainTestSplit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The MLP workloads' data as plain arrays, so that each engine converts it to its own format
 * outside the timed region: flattened 784-pixel images scaled to [0, 1] and integer labels.
 *
 * @param xTrain training images, {@code nTrain × 784}, row-major
 * @param yTrain training labels 0 to 9
 * @param xTest test images, {@code nTest × 784}
 * @param yTest test labels
 * @param source where the images came from, for the report
 */
public record MnistData(float[] xTrain, int[] yTrain, float[] xTest, int[] yTest, String source) {

    /** Pixels per image. */
    public static final int FEATURES = 784;
    /** Classes. */
    public static final int CLASSES = 10;

    /** Training images. */
    public int nTrain() {
        return yTrain.length;
    }

    /** Test images. */
    public int nTest() {
        return yTest.length;
    }

    /**
     * Fashion-MNIST from {@link FashionMnist#DEBIAN_DIR} when installed, else random images and
     * labels of the same shape (the timings are the same; the accuracy is then chance, 10 %).
     */
    public static MnistData load(int nTrain, int nTest) {
        Path dir = FashionMnist.DEBIAN_DIR;
        if (Files.isDirectory(dir)) {
            TrainTestSplit split = FashionMnist.load(dir);
            int train = Math.min(nTrain, split.xTrain().dim(0));
            int test = Math.min(nTest, split.xTest().dim(0));
            return new MnistData(
                    pixels(split.xTrain(), train), labels(split.yTrain(), train),
                    pixels(split.xTest(), test), labels(split.yTest(), test),
                    "Fashion-MNIST from " + dir);
        }
        Random random = new Random(42);
        return new MnistData(randomPixels(random, nTrain), randomLabels(random, nTrain),
                randomPixels(random, nTest), randomLabels(random, nTest),
                "synthetic random images (" + dir + " not found; apt-get install dataset-fashion-mnist)");
    }

    private static float[] pixels(Tensor images, int n) {
        Tensor scaled = Idx.scaleToUnitRange(images.slice(0, n));
        return scaled.reshape(n, FEATURES).toArray();
    }

    private static int[] labels(Tensor labels, int n) {
        float[] values = labels.slice(0, n).toArray();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) values[i];
        }
        return out;
    }

    private static float[] randomPixels(Random random, int n) {
        float[] x = new float[n * FEATURES];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        return x;
    }

    private static int[] randomLabels(Random random, int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(CLASSES);
        }
        return y;
    }

    /** The share of rows of {@code probabilities} ({@code n × 10}) whose largest entry is the label. */
    public static double accuracy(float[] probabilities, int[] labels) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < CLASSES; c++) {
                if (probabilities[i * CLASSES + c] > probabilities[i * CLASSES + best]) {
                    best = c;
                }
            }
            if (best == labels[i]) {
                correct++;
            }
        }
        return labels.length == 0 ? 0 : (double) correct / labels.length;
    }
}
