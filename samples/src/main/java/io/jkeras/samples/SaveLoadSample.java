package io.jkeras.samples;

import io.jkeras.Keras;
import io.jkeras.Tensor;
import io.jkeras.backend.Backend;
import io.jkeras.backend.Backends;
import io.jkeras.data.Dataset;
import io.jkeras.data.Datasets;
import io.jkeras.data.Idx;
import io.jkeras.data.TrainTestSplit;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.models.FitOptions;
import io.jkeras.models.Model;
import io.jkeras.models.Models;
import io.jkeras.models.Sequential;
import io.jkeras.ops.Ops;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.SGD;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Trains the regression net and an MNIST net, saves each to a {@code .keras} file, loads the file
 * on the other backend (the same one when only one is installed) and shows that the predictions
 * match; the files open in Python Keras 3 too ({@code keras.models.load_model}).
 */
public final class SaveLoadSample implements Sample {

    @Override
    public String name() {
        return "save-load";
    }

    @Override
    public String description() {
        return "train the regression and an MNIST net, save .keras files, load them on the other backend, compare";
    }

    @Override
    public String options() {
        return "--steps N (regression, default 500), --epochs N (MNIST, default 1), --limit N (training images),"
                + " --to BACKEND (default: the other installed backend)";
    }

    @Override
    public SampleResult run(SampleContext ctx) {
        Backend here = Backends.current();
        String toName = ctx.option("to", Backends.installed().stream().filter(n -> !n.equals(here.name())).findFirst()
                .orElse(here.name()));
        Backend there = Backends.create(toName);
        ctx.out().println("Saving on " + here.name() + ", loading on " + there.name() + ".");
        SampleResult result = new SampleResult();

        Keras.setRandomSeed(1);
        Keras.clearSession();
        Dataset data = Datasets.noisyQuadratic(300, 0.05, 1);
        Sequential regression = new Sequential();
        regression.add(new Dense(10, "relu").inputDim(1));
        regression.add(new Dense(1));
        regression.compile(new SGD(0.05f), "mse");
        for (int i = 0; i < ctx.intOption("steps", 500); i++) {
            regression.trainOnBatch(data.x(), data.y());
        }
        result.put("regressionMaxDiff", roundTrip(ctx, regression, List.of(data.x()), "regression.keras", there));

        TrainTestSplit raw = MnistSample.load(ctx).data().head(ctx.intOption("limit", 3000), 1000);
        Tensor xTrain = Idx.scaleToUnitRange(raw.xTrain());
        Tensor xTest = Idx.scaleToUnitRange(raw.xTest());
        Keras.setRandomSeed(7);
        Keras.clearSession();
        Sequential mnist = new Sequential();
        mnist.add(new Flatten().inputShape(28, 28));
        mnist.add(new Dense(128, "relu"));
        mnist.add(new Dense(10, "softmax"));
        mnist.compile(new Adam(1e-3f), "sparse_categorical_crossentropy", "accuracy");
        mnist.fit(xTrain, raw.yTrain(), new FitOptions().epochs(ctx.intOption("epochs", 1)).batchSize(100).verbose(0));
        result.put("mnistMaxDiff", roundTrip(ctx, mnist, List.of(xTest), "mnist.keras", there));
        Model loaded = Models.load(ctx.file("mnist.keras"), there);
        double before = accuracy(mnist, xTest, raw.yTest());
        double after = accuracy(loaded, xTest, raw.yTest());
        ctx.out().printf(Locale.ROOT, "MNIST test accuracy: %.4f trained on %s, %.4f loaded on %s%n", before, here.name(),
                after, there.name());
        result.put("mnistAccuracy", before).put("mnistLoadedAccuracy", after);
        return result;
    }

    /** Saves, loads on {@code there}, prints and returns the largest difference between the predictions. */
    private static double roundTrip(SampleContext ctx, Model model, List<Tensor> x, String file, Backend there) {
        Path path = ctx.file(file);
        model.save(path);
        Model loaded = Models.load(path, there);
        float[] a = model.predict(x, 100, 0).get(0).data();
        float[] b = loaded.predict(x, 100, 0).get(0).data();
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        ctx.out().printf(Locale.ROOT, "%s (%s, %d weights): saved to %s, loaded on %s; largest prediction difference"
                + " over %d values: %.3g%n", model.getName(), loaded.getClass().getSimpleName(), loaded.countParams(), path,
                there.name(), a.length, max);
        return max;
    }

    private static double accuracy(Model model, Tensor x, Tensor labels) {
        float[] predicted = Ops.argmax(model.predict(x, 100, 0), 1).data();
        float[] truth = labels.data();
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            right += predicted[i] == truth[i] ? 1 : 0;
        }
        return (double) right / predicted.length;
    }
}
