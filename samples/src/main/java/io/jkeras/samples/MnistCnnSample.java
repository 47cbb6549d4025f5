package io.jkeras.samples;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.callbacks.EarlyStopping;
import io.jkeras.callbacks.History;
import io.jkeras.data.Datasets;
import io.jkeras.data.Idx;
import io.jkeras.data.TrainTestSplit;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.Input;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.models.FitOptions;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adam;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Keras's "Simple MNIST convnet" example on Fashion-MNIST: Conv2D(32, 3x3, relu), MaxPooling2D(2),
 * Conv2D(64, 3x3, relu), MaxPooling2D(2), Flatten, Dropout(0.5), Dense(10, softmax); Adam,
 * categorical crossentropy, batch 128, {@code validationSplit} 0.1, and {@code EarlyStopping} on
 * the validation loss. Prints Keras's summary and progress lines and the test loss and accuracy,
 * and draws the 32 learned first-layer filters and the loss and accuracy curves.
 */
public final class MnistCnnSample implements Sample {
    private static final int BATCH = 128;
    private static final int FILTER_COLUMNS = 8;

    @Override
    public String name() {
        return "mnist-cnn";
    }

    @Override
    public String description() {
        return "Fashion-MNIST with Keras's simple convnet (two Conv2D + MaxPooling2D, Dropout, Dense; Adam, EarlyStopping)";
    }

    @Override
    public String options() {
        return "--data DIR|bundled, --epochs N (default 5; Keras's example runs 15), --patience N (EarlyStopping, default 2), "
                + "--limit N (training images), --test-limit N";
    }

    @Override
    public SampleResult run(SampleContext ctx) {
        MnistSample.Loaded loaded = MnistSample.load(ctx);
        TrainTestSplit raw = loaded.data().head(ctx.intOption("limit", Integer.MAX_VALUE),
                ctx.intOption("test-limit", Integer.MAX_VALUE));
        Tensor xTrain = channel(Idx.scaleToUnitRange(raw.xTrain()));
        Tensor xTest = channel(Idx.scaleToUnitRange(raw.xTest()));
        Tensor yTrain = Datasets.toCategorical(raw.yTrain(), 10);
        Tensor yTest = Datasets.toCategorical(raw.yTest(), 10);
        ctx.out().println("Data: " + loaded.source() + ": " + xTrain.dim(0) + " training and " + xTest.dim(0)
                + " test images of " + xTrain.dim(1) + "x" + xTrain.dim(2));
        int epochs = ctx.intOption("epochs", 5);
        int patience = ctx.intOption("patience", 2);
        if (epochs < 1 || patience < 0) {
            throw new KerasException("Options --epochs and --patience expect N >= 1 and N >= 0. Received: --epochs "
                    + epochs + ", --patience " + patience + ".");
        }

        Keras.setRandomSeed(7);
        Keras.clearSession();
        Sequential model = new Sequential();
        model.add(new Input(28, 28, 1));
        model.add(new Conv2D(32, 3, "relu"));
        model.add(new MaxPooling2D(2));
        model.add(new Conv2D(64, 3, "relu"));
        model.add(new MaxPooling2D(2));
        model.add(new Flatten());
        model.add(new Dropout(0.5f));
        model.add(new Dense(10, "softmax"));
        model.summary();
        model.compile(new Adam(), "categorical_crossentropy", "accuracy");
        EarlyStopping stop = new EarlyStopping("val_loss", patience).restoreBestWeights(true);
        long start = System.nanoTime();
        History h = model.fit(xTrain, yTrain,
                new FitOptions().epochs(epochs).batchSize(BATCH).validationSplit(0.1).callbacks(stop));
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> test = model.evaluateDict(xTest, yTest, BATCH, 0);
        ctx.out().printf(Locale.ROOT, "Test loss: %.4f%n", test.get("loss"));
        ctx.out().printf(Locale.ROOT, "Test accuracy: %.4f%n", test.get("accuracy"));
        ctx.out().printf(Locale.ROOT, "Trained %d epochs in %.1f s%n", h.epoch().size(), seconds);

        SampleResult result = new SampleResult();
        result.put("testAccuracy", test.get("accuracy"));
        result.put("testLoss", test.get("loss"));
        result.put("epochs", h.epoch().size());
        result.image(filters(ctx, model.getLayer(0).getWeights().get(0)));
        result.image(curves(ctx, h));
        return result;
    }

    /** {@code (n, 28, 28)} images as {@code (n, 28, 28, 1)}, Keras's {@code np.expand_dims(x, -1)}. */
    private static Tensor channel(Tensor images) {
        return images.reshape(images.dim(0), images.dim(1), images.dim(2), 1);
    }

    /**
     * The first layer's kernel {@code (kh, kw, 1, filters)} as one grey picture per filter, each
     * stretched from its own minimum (white) to its maximum (black).
     */
    static Path filters(SampleContext ctx, Tensor kernel) {
        int kh = kernel.dim(0);
        int kw = kernel.dim(1);
        int n = kernel.dim(3);
        float[] k = kernel.data();
        float[] images = new float[n * kh * kw];
        List<String> captions = new ArrayList<>();
        for (int f = 0; f < n; f++) {
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (int p = 0; p < kh * kw; p++) {
                lo = Math.min(lo, k[p * n + f]);
                hi = Math.max(hi, k[p * n + f]);
            }
            float range = hi > lo ? hi - lo : 1f;
            for (int p = 0; p < kh * kw; p++) {
                images[f * kh * kw + p] = (k[p * n + f] - lo) / range;
            }
            captions.add("filter " + f);
        }
        return Plots.imageGrid("The " + n + " learned " + kh + "x" + kw + " filters of the first Conv2D",
                Tensor.of(images, n, kh, kw), captions, Collections.nCopies(n, Color.BLACK), 14,
                FILTER_COLUMNS, ctx.file("mnist-cnn-filters.png"));
    }

    /** Training and validation loss and accuracy per epoch, side by side. */
    private static Path curves(SampleContext ctx, History h) {
        float[] epochs = new float[h.epoch().size()];
        for (int i = 0; i < epochs.length; i++) {
            epochs[i] = i + 1;
        }
        List<XYChart> charts = new ArrayList<>();
        for (String quantity : List.of("loss", "accuracy")) {
            XYChart c = Plots.chart("convnet " + quantity, "epoch", quantity, 520, 400);
            c.getStyler().setLegendPosition(quantity.equals("loss") ? Styler.LegendPosition.InsideNE
                    : Styler.LegendPosition.InsideSE);
            Plots.line(c, "training", epochs, Plots.toFloat(h.get(quantity)), Plots.BLUE)
                    .setMarker(SeriesMarkers.CIRCLE);
            Plots.line(c, "validation", epochs, Plots.toFloat(h.get("val_" + quantity)), Plots.ORANGE)
                    .setMarker(SeriesMarkers.DIAMOND);
            charts.add(c);
        }
        return Plots.saveGrid(charts, 2, ctx.file("mnist-cnn-curves.png"));
    }
}
