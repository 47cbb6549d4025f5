package io.jkeras.samples;

import io.jkeras.Keras;
import io.jkeras.Tensor;
import io.jkeras.data.Dataset;
import io.jkeras.data.Datasets;
import io.jkeras.layers.Dense;
import io.jkeras.models.Sequential;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * The classic first Keras program, linear regression: 200 shuffled points of
 * {@code y = 0.5 x + 2} plus noise, the first 160 to train on and the last 40 to test,
 * {@code Dense(1)} compiled with {@code ("sgd", "mse")}, 301 {@code train_on_batch} steps, then
 * {@code evaluate} and the learned weight and bias. Training then goes on to 1000 steps, drawing
 * the fit every 100.
 */
public final class LinearSample implements Sample {

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public String description() {
        return "y = 0.5x + 2 + noise, Dense(1), compile(\"sgd\", \"mse\"), trainOnBatch, evaluate, learned weights";
    }

    @Override
    public String options() {
        return "--steps N (default 1000: 301 as the tutorial, then on to N)";
    }

    /** The line and its training cost after some steps. */
    private record Snapshot(int step, float weight, float bias, float cost) {
    }

    @Override
    public SampleResult run(SampleContext ctx) {
        int total = ctx.intOption("steps", 1000);
        Keras.setRandomSeed(1337);
        Keras.clearSession();
        Dataset data = Datasets.noisyLine(200, 0.5, 2, 0.05, true, 1337);
        Dataset train = data.slice(0, 160);
        Dataset test = data.slice(160, 200);

        Sequential model = new Sequential();
        model.add(new Dense(1).inputDim(1));
        model.compile("sgd", "mse");

        List<Snapshot> snapshots = new ArrayList<>();
        ctx.out().println("Training -----------");
        int tutorialSteps = Math.min(301, total);
        for (int step = 0; step < tutorialSteps; step++) {
            float cost = model.trainOnBatch(train.x(), train.y());
            if (step % 100 == 0) {
                ctx.out().println("train cost:  " + Fmt.py(cost));
            }
            snapshotEvery100(model, train, step + 1, snapshots);
        }

        ctx.out().println();
        ctx.out().println("Testing ------------");
        float testCost = model.evaluate(test.x(), test.y(), 40);
        ctx.out().println("test cost: " + Fmt.py(testCost));
        List<Tensor> wb = model.getLayer(0).getWeights();
        ctx.out().println("Weights= " + Fmt.numpy(wb.get(0)) + " ");
        ctx.out().println("biases= " + Fmt.numpy(wb.get(1)));

        Tensor predicted = model.predict(test.x());
        XYChart testChart = Plots.chart("Test points and the fitted line after " + tutorialSteps + " steps", "x", "y",
                800, 560);
        Plots.scatter(testChart, "test data", test.x().data(), test.y().data(), Plots.BLUE);
        Plots.line(testChart, "prediction", test.x().data(), predicted.data(), Plots.RED);

        if (total > tutorialSteps) {
            ctx.out().println();
            ctx.out().println("Training on to " + total + " steps -----------");
            for (int step = tutorialSteps; step < total; step++) {
                float cost = model.trainOnBatch(train.x(), train.y());
                if (step % 100 == 0) {
                    ctx.out().println("train cost:  " + Fmt.py(cost));
                }
                snapshotEvery100(model, train, step + 1, snapshots);
            }
            wb = model.getLayer(0).getWeights();
            ctx.out().println("After " + total + " steps: Weights= " + Fmt.numpy(wb.get(0)) + " biases= "
                    + Fmt.numpy(wb.get(1)) + " (the data was made with 0.5 and 2)");
        }
        float weight = wb.get(0).item();
        float bias = wb.get(1).item();

        SampleResult result = new SampleResult().put("weight", weight).put("bias", bias).put("testCost", testCost);
        result.image(Plots.save(testChart, ctx.file("linear-test.png")));
        if (!snapshots.isEmpty()) {
            result.image(Plots.saveGrid(snapshotCharts(train, snapshots), 5, ctx.file("linear-steps.png")));
        }
        return result;
    }

    private static void snapshotEvery100(Sequential model, Dataset train, int stepsDone, List<Snapshot> out) {
        if (stepsDone % 100 == 0) {
            List<Tensor> wb = model.getLayer(0).getWeights();
            out.add(new Snapshot(stepsDone, wb.get(0).item(), wb.get(1).item(), model.testOnBatch(train.x(), train.y())));
        }
    }

    private static List<XYChart> snapshotCharts(Dataset train, List<Snapshot> snapshots) {
        List<XYChart> charts = new ArrayList<>();
        float[] ends = {-1f, 1f};
        for (Snapshot s : snapshots) {
            XYChart c = Plots.chart("after " + s.step + " steps", "x", "y", 320, 260);
            c.getStyler().setMarkerSize(3);
            c.getStyler().setYAxisMin(1.0);
            c.getStyler().setYAxisMax(3.0);
            Plots.scatter(c, "train data", train.x().data(), train.y().data(), new java.awt.Color(160, 160, 160));
            Plots.line(c, String.format("cost %.4f", s.cost), ends,
                    new float[] {s.bias - s.weight, s.bias + s.weight}, Plots.RED);
            charts.add(c);
        }
        return charts;
    }
}
