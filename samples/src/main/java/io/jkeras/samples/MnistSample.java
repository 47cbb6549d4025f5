package io.jkeras.samples;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.callbacks.Callback;
import io.jkeras.callbacks.History;
import io.jkeras.data.FashionMnist;
import io.jkeras.data.Idx;
import io.jkeras.data.Datasets;
import io.jkeras.data.TrainTestSplit;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.models.FitOptions;
import io.jkeras.models.Sequential;
import io.jkeras.ops.Ops;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.SGD;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Handwritten digits, or here Fashion-MNIST's clothes, with two networks:
 * (a) Michael Nielsen's {@code network.py}, 784-40-10 sigmoid units trained by mini-batch SGD
 * on the quadratic cost, printing {@code Epoch j: correct / 10000}; (b) a deeper ReLU network,
 * 784-500-1000-300-10, with softmax crossentropy and Adam.
 *
 * <p>Nielsen's cost is {@code 1/2 * sum((a - y)^2)} over the 10 outputs and his learning rate
 * 3.0; Keras's mean squared error averages over the outputs and does not halve, so the same
 * steps are {@code SGD(3.0 * 10 / 2)} on {@code "mse"}.
 */
public final class MnistSample implements Sample {
    /** The bundled subset: 3000 training and 1000 test images of Fashion-MNIST. */
    static final String BUNDLED = "/io/jkeras/samples/fashion-mnist-subset/";
    /** The value of {@code --data} that picks the bundled subset. */
    static final String BUNDLED_NAME = "bundled";
    private static final float NIELSEN_LEARNING_RATE = 3.0f;
    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    @Override
    public String name() {
        return "mnist";
    }

    @Override
    public String description() {
        return "Fashion-MNIST: Nielsen's 784-40-10 sigmoid net (SGD, quadratic cost) and a 784-500-1000-300-10 ReLU net (Adam)";
    }

    @Override
    public String options() {
        return "--data DIR|bundled, --net a|b|both (default both), --epochs N (default 30 for a, 5 for b), "
                + "--limit N (training images), --test-limit N";
    }

    /** Where the data came from, and the data. */
    record Loaded(String source, TrainTestSplit data, List<String> classNames) {
    }

    /**
     * The data: {@code --data DIR}, else the directory in {@code JKERAS_DATA}, else Debian's
     * Fashion-MNIST, else the subset bundled with the samples ({@code --data bundled} asks for it).
     */
    static Loaded load(SampleContext ctx) {
        String dir = ctx.option("data", System.getenv("JKERAS_DATA"));
        if (BUNDLED_NAME.equals(dir)) {
            return new Loaded("the subset bundled with the samples", loadBundled(), FashionMnist.CLASS_NAMES);
        }
        if (dir != null && !dir.isBlank()) {
            Path p = Path.of(dir);
            boolean fashion = p.toString().toLowerCase(Locale.ROOT).contains("fashion");
            return new Loaded(p.toString(), FashionMnist.load(p), fashion ? FashionMnist.CLASS_NAMES : DIGITS);
        }
        if (Files.isDirectory(FashionMnist.DEBIAN_DIR)) {
            return new Loaded(FashionMnist.DEBIAN_DIR.toString(), FashionMnist.load(FashionMnist.DEBIAN_DIR),
                    FashionMnist.CLASS_NAMES);
        }
        return new Loaded("the subset bundled with the samples (install dataset-fashion-mnist for all of it)",
                loadBundled(), FashionMnist.CLASS_NAMES);
    }

    /** The bundled 3000 + 1000 image subset of Fashion-MNIST. */
    static TrainTestSplit loadBundled() {
        return FashionMnist.load(name -> {
            InputStream in = MnistSample.class.getResourceAsStream(BUNDLED + name + ".gz");
            if (in == null) {
                throw new KerasException("The samples jar lacks its bundled Fashion-MNIST subset (" + BUNDLED + name
                        + ".gz); pass --data DIR.");
            }
            return in;
        }, "classpath:" + BUNDLED);
    }

    @Override
    public SampleResult run(SampleContext ctx) {
        String net = ctx.option("net", "both");
        if (!net.equals("a") && !net.equals("b") && !net.equals("both")) {
            throw new KerasException("Option --net expects a, b or both. Received: '" + net + "'.");
        }
        Loaded loaded = load(ctx);
        TrainTestSplit raw = loaded.data().head(ctx.intOption("limit", Integer.MAX_VALUE),
                ctx.intOption("test-limit", Integer.MAX_VALUE));
        Tensor xTrain = Idx.scaleToUnitRange(raw.xTrain());
        Tensor xTest = Idx.scaleToUnitRange(raw.xTest());
        Tensor yTrain = Datasets.toCategorical(raw.yTrain(), 10);
        Tensor yTest = Datasets.toCategorical(raw.yTest(), 10);
        ctx.out().println("Data: " + loaded.source() + ": " + xTrain.dim(0) + " training and " + xTest.dim(0)
                + " test images of " + xTrain.dim(1) + "x" + xTrain.dim(2));
        SampleResult result = new SampleResult();
        Sequential last = null;
        if (!net.equals("b")) {
            last = nielsen(ctx, ctx.intOption("epochs", 30), xTrain, yTrain, xTest, raw.yTest(), result);
        }
        if (!net.equals("a")) {
            last = deep(ctx, ctx.intOption("epochs", 5), xTrain, yTrain, xTest, yTest, result);
        }
        int n = Math.min(24, xTest.dim(0));
        Tensor shown = xTest.slice(0, n);
        float[] predicted = Ops.argmax(last.predict(shown, 100, 0), 1).data();
        result.image(Plots.imageGrid("Test images and the predictions of network (" + (net.equals("a") ? "a" : "b") + ")",
                shown, predicted, raw.yTest().slice(0, n).data(), loaded.classNames(), 8,
                ctx.file("mnist-predictions.png")));
        return result;
    }

    /** Network (a): Nielsen's sigmoid network, printing his per-epoch line. */
    private static Sequential nielsen(SampleContext ctx, int epochs, Tensor xTrain, Tensor yTrain, Tensor xTest,
            Tensor testLabels, SampleResult result) {
        ctx.out().println();
        ctx.out().println("Network (a): 784-40-10 sigmoid, quadratic cost, SGD, mini-batches of 100");
        Keras.setRandomSeed(7);
        Keras.clearSession();
        Sequential model = new Sequential();
        model.add(new Flatten().inputShape(28, 28));
        model.add(new Dense(40, "sigmoid"));
        model.add(new Dense(10, "sigmoid"));
        model.compile(new SGD(NIELSEN_LEARNING_RATE), "mse", "accuracy");
        List<Double> testAccuracy = new ArrayList<>();
        Callback nielsenLine = new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                int correct = correct(model, xTest, testLabels);
                ctx.out().println("Epoch " + epoch + ": " + correct + " / " + xTest.dim(0));
                testAccuracy.add((double) correct / xTest.dim(0));
            }
        };
        History h = model.fit(xTrain, yTrain, new FitOptions().epochs(epochs).batchSize(100).callbacks(nielsenLine));
        double accuracy = testAccuracy.isEmpty() ? 0 : testAccuracy.get(testAccuracy.size() - 1);
        ctx.out().printf(Locale.ROOT, "Network (a) test accuracy: %.4f%n", accuracy);
        result.put("aTestAccuracy", accuracy);
        result.image(curves(ctx, "a", "784-40-10 sigmoid, quadratic cost, SGD", h, testAccuracy));
        return model;
    }

    /** Network (b): a deeper ReLU network with softmax crossentropy and Adam. */
    private static Sequential deep(SampleContext ctx, int epochs, Tensor xTrain, Tensor yTrain, Tensor xTest,
            Tensor yTest, SampleResult result) {
        ctx.out().println();
        ctx.out().println("Network (b): 784-500-1000-300-10 relu, softmax crossentropy, Adam 1e-3, mini-batches of 100");
        Keras.setRandomSeed(7);
        Keras.clearSession();
        Sequential model = new Sequential();
        model.add(new Flatten().inputShape(28, 28));
        model.add(new Dense(500, "relu"));
        model.add(new Dense(1000, "relu"));
        model.add(new Dense(300, "relu"));
        model.add(new Dense(10, "softmax"));
        model.compile(new Adam(1e-3f), "categorical_crossentropy", "accuracy");
        model.summary();
        History h = model.fit(xTrain, yTrain,
                new FitOptions().epochs(epochs).batchSize(100).validationData(xTest, yTest));
        Map<String, Double> test = model.evaluateDict(xTest, yTest, 100, 1);
        ctx.out().printf(Locale.ROOT, "Network (b) test accuracy: %.4f%n", test.get("accuracy"));
        result.put("bTestAccuracy", test.get("accuracy"));
        result.image(curves(ctx, "b", "784-500-1000-300-10 relu, crossentropy, Adam", h, h.get("val_accuracy")));
        return model;
    }

    private static int correct(Sequential model, Tensor x, Tensor labels) {
        float[] predicted = Ops.argmax(model.predict(x, 1000, 0), 1).data();
        float[] truth = labels.data();
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == truth[i]) {
                right++;
            }
        }
        return right;
    }

    /** Loss and accuracy per epoch, side by side in one PNG. */
    private static Path curves(SampleContext ctx, String net, String title, History h, List<Double> testAccuracy) {
        float[] epochs = new float[h.epoch().size()];
        for (int i = 0; i < epochs.length; i++) {
            epochs[i] = i + 1;
        }
        XYChart loss = Plots.chart("(" + net + ") training loss", "epoch", "loss", 520, 400);
        Plots.line(loss, "loss", epochs, Plots.toFloat(h.get("loss")), Plots.BLUE).setMarker(
                SeriesMarkers.CIRCLE);
        loss.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        XYChart acc = Plots.chart("(" + net + ") " + title, "epoch", "accuracy", 520, 400);
        acc.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        Plots.line(acc, "training accuracy", epochs, Plots.toFloat(h.get("accuracy")), Plots.BLUE).setMarker(
                SeriesMarkers.CIRCLE);
        Plots.line(acc, "test accuracy", epochs, Plots.toFloat(testAccuracy), Plots.ORANGE).setMarker(
                SeriesMarkers.DIAMOND);
        return Plots.saveGrid(List.of(loss, acc), 2, ctx.file("mnist-" + net + "-curves.png"));
    }
}
