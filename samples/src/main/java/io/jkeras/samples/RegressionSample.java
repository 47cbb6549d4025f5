package io.jkeras.samples;

import io.jkeras.Keras;
import io.jkeras.Tensor;
import io.jkeras.data.Dataset;
import io.jkeras.data.Datasets;
import io.jkeras.layers.Dense;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.SGD;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * Fits a curve with one hidden layer, the first TensorFlow tutorial many people wrote: 300 points
 * of {@code y = x^2 - 0.5} plus noise on {@code [-1, 1]}, {@code Dense(10, relu) -> Dense(1)},
 * plain gradient descent (SGD, learning rate 0.05) on the mean squared error, 1000 full-batch
 * steps, the loss printed every 50.
 */
public final class RegressionSample implements Sample {
    private static final int[] STAGES = {0, 50, 200};

    @Override
    public String name() {
        return "regression";
    }

    @Override
    public String description() {
        return "y = x^2 - 0.5 + noise, Dense(10, relu) -> Dense(1), SGD 0.05, 1000 full-batch steps";
    }

    @Override
    public String options() {
        return "--steps N (default 1000)";
    }

    @Override
    public SampleResult run(SampleContext ctx) {
        int steps = ctx.intOption("steps", 1000);
        Keras.setRandomSeed(1);
        Keras.clearSession();
        Dataset data = Datasets.noisyQuadratic(300, 0.05, 1);
        Tensor x = data.x();
        Tensor y = data.y();

        Sequential model = new Sequential();
        model.add(new Dense(10, "relu").inputDim(1));
        model.add(new Dense(1));
        model.compile(new SGD(0.05f), "mse");

        XYChart fits = Plots.chart("Fitting y = x\u00b2 - 0.5 with Dense(10, relu) \u2192 Dense(1)", "x", "y", 800, 560);
        Plots.scatter(fits, "data", x.data(), y.data(), new java.awt.Color(150, 150, 150));
        List<Integer> stages = new ArrayList<>();
        for (int s : STAGES) {
            if (s < steps) {
                stages.add(s);
            }
        }
        stages.add(steps);
        // the curves are drawn on their own grid (which also keeps XChart's ticks at round numbers)
        Tensor grid = Datasets.linspace(-1, 1, 201).reshape(201, 1);
        int colour = 0;
        for (int step = 0; step <= steps; step++) {
            if (stages.contains(step)) {
                float loss = model.testOnBatch(x, y);
                Plots.line(fits, "after " + step + " steps (loss " + String.format("%.4f", loss) + ")", grid.data(),
                        model.predict(grid, 201, 0).data(), Plots.CYCLE.get(colour++ % Plots.CYCLE.size()));
            }
            if (step == steps) {
                break;
            }
            float loss = model.trainOnBatch(x, y);
            if (step % 50 == 0) {
                ctx.out().println(Fmt.py(loss));
            }
        }
        float finalLoss = model.testOnBatch(x, y);
        ctx.out().println("loss after " + steps + " steps: " + Fmt.py(finalLoss));

        XYChart scatter = Plots.chart("300 noisy points of y = x\u00b2 - 0.5", "x", "y", 800, 560);
        Plots.scatter(scatter, "y = x\u00b2 - 0.5 + N(0, 0.05)", x.data(), y.data(), Plots.BLUE);
        SampleResult result = new SampleResult().put("loss", finalLoss);
        result.image(Plots.save(scatter, ctx.file("regression-data.png")));
        result.image(Plots.save(fits, ctx.file("regression-fit.png")));
        return result;
    }
}
