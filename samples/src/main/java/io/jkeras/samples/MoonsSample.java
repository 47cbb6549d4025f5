package io.jkeras.samples;

import io.jkeras.Keras;
import io.jkeras.Tensor;
import io.jkeras.data.Dataset;
import io.jkeras.data.Datasets;
import io.jkeras.layers.Dense;
import io.jkeras.losses.CategoricalCrossentropy;
import io.jkeras.models.Sequential;
import io.jkeras.ops.Ops;
import io.jkeras.optimizers.SGD;
import io.jkeras.regularizers.Regularizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;

/**
 * "Implementing a neural network from scratch": two interleaving half moons that a straight line
 * cannot separate. Softmax logistic regression (no hidden layer) against a network with one tanh
 * hidden layer, trained by full-batch gradient descent with L2 regularization, with the decision
 * boundary of each, and the effect of the hidden layer's size.
 *
 * <p>The original takes steps of {@code 0.01} on a loss summed over the 200 samples, with the
 * penalty {@code 0.01/2 * sum(W^2)}. Keras averages the loss over the batch and its L2
 * regularizer is {@code l2 * sum(W^2)}, so the same steps are {@code SGD(0.01 * 200)} and
 * {@code L2(0.01 / (2 * 200))}, and the printed loss is the original's.
 */
public final class MoonsSample implements Sample {
    private static final int SAMPLES = 200;
    /** The original's step size on the summed loss, and its regularization strength. */
    private static final float EPSILON = 0.01f;
    private static final float REG_LAMBDA = 0.01f;
    private static final float LEARNING_RATE = EPSILON * SAMPLES;
    private static final Regularizer L2 = Regularizer.l2(REG_LAMBDA / (2 * SAMPLES));

    @Override
    public String name() {
        return "moons";
    }

    @Override
    public String description() {
        return "makeMoons(200, 0.2): logistic regression vs one tanh hidden layer, decision boundaries";
    }

    @Override
    public String options() {
        return "--passes N (default 20000), --sizes 1,2,3,4,5,20,50 (hidden sizes to draw)";
    }

    @Override
    public SampleResult run(SampleContext ctx) {
        int passes = ctx.intOption("passes", 20000);
        int[] sizes = ctx.intListOption("sizes", 1, 2, 3, 4, 5, 20, 50);
        Keras.setRandomSeed(0);
        Keras.clearSession();
        Dataset data = Datasets.makeMoons(SAMPLES, 0.20, 0);
        Tensor x = data.x();
        Tensor y = Datasets.toCategorical(data.y(), 2);
        SampleResult result = new SampleResult();

        XYChart scatter = Plots.chart("make_moons(200, noise=0.20)", "x1", "x2", 700, 500);
        float[][] zeros = Plots.select(x.data(), data.y().data(), 0);
        float[][] ones = Plots.select(x.data(), data.y().data(), 1);
        Plots.scatter(scatter, "class 0", zeros[0], zeros[1], Plots.ORANGE);
        Plots.scatter(scatter, "class 1", ones[0], ones[1], Plots.BLUE);
        result.image(Plots.save(scatter, ctx.file("moons-data.png")));

        ctx.out().println("Logistic regression (softmax, no hidden layer):");
        Sequential logistic = new Sequential();
        logistic.add(new Dense(2, "softmax").kernelRegularizer(L2).inputDim(2));
        train(logistic, x, y, passes, ctx, false);
        float logisticAccuracy = accuracy(logistic, x, data.y());
        ctx.out().printf(Locale.ROOT, "Logistic regression accuracy: %.3f%n", logisticAccuracy);
        result.put("logisticAccuracy", logisticAccuracy);
        result.image(Plots.save(Plots.decisionBoundary("Logistic Regression", p -> classify(logistic, p), x, data.y(),
                700, 560), ctx.file("moons-logistic.png")));

        List<XYChart> panels = new ArrayList<>();
        for (int hidden : sizes) {
            ctx.out().println();
            ctx.out().println("Hidden layer of " + hidden + " tanh units:");
            Sequential net = new Sequential();
            net.add(new Dense(hidden, "tanh").kernelRegularizer(L2).inputDim(2));
            net.add(new Dense(2, "softmax").kernelRegularizer(L2));
            train(net, x, y, passes, ctx, hidden == 3);
            float acc = accuracy(net, x, data.y());
            ctx.out().printf(Locale.ROOT, "Hidden layer size %d accuracy: %.3f%n", hidden, acc);
            result.put("hidden" + hidden + "Accuracy", acc);
            String title = "Hidden Layer size " + hidden;
            result.image(Plots.save(Plots.decisionBoundary(title, p -> classify(net, p), x, data.y(), 700, 560),
                    ctx.file("moons-hidden-" + hidden + ".png")));
            panels.add(Plots.decisionBoundary(title, p -> classify(net, p), x, data.y(), 460, 380));
        }
        if (panels.size() > 1) {
            result.image(Plots.saveGrid(panels, Math.min(4, panels.size()), ctx.file("moons-hidden-sizes.png")));
        }
        return result;
    }

    /** Full-batch gradient descent, printing the loss every 1000 passes when asked. */
    private static void train(Sequential model, Tensor x, Tensor y, int passes, SampleContext ctx, boolean printLoss) {
        model.compile(new SGD(LEARNING_RATE), new CategoricalCrossentropy());
        for (int i = 0; i < passes; i++) {
            float loss = model.trainOnBatch(x, y);
            if (printLoss && i % 1000 == 0) {
                ctx.out().printf(Locale.ROOT, "Loss after iteration %d: %f%n", i, loss);
            }
        }
    }

    private static Tensor classify(Sequential model, Tensor points) {
        return Ops.argmax(model.predict(points, 4096, 0), 1);
    }

    private static float accuracy(Sequential model, Tensor x, Tensor labels) {
        float[] predicted = classify(model, x).data();
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == labels.data()[i]) {
                right++;
            }
        }
        return (float) right / predicted.length;
    }
}
