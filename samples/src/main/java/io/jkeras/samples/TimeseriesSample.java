package io.jkeras.samples;

import io.jkeras.Keras;
import io.jkeras.Tensor;
import io.jkeras.data.PyDataset;
import io.jkeras.data.TimeseriesGenerator;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.layers.LSTM;
import io.jkeras.models.FitOptions;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adam;
import java.awt.Color;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.knowm.xchart.XYChart;

/**
 * Keras's {@code TimeseriesGenerator}: the windows of length 3 over {@code 0..4}, one per batch,
 * each with the value that follows it; the example from Keras's documentation; then a forecast, as
 * in the timeseries chapter of <i>Deep Learning with Python</i>: an {@code LSTM} trained on the
 * generator's windows of a noisy seasonal series predicts the next value, and its mean absolute
 * error on held-out steps is compared with the naive forecast that repeats the last value seen.
 */
public final class TimeseriesSample implements Sample {
    /** Steps of the generated series: training, then validation, then test. */
    static final int TRAIN = 800;
    static final int VALIDATION = 200;
    static final int TEST = 200;
    /** The season, in steps (a day of hourly values). */
    static final int PERIOD = 24;
    /** Steps in one input window. */
    static final int WINDOW = 24;
    static final float NOISE = 0.1f;

    @Override
    public String name() {
        return "timeseries";
    }

    @Override
    public String description() {
        return "TimeseriesGenerator windows, then an LSTM forecast of a noisy seasonal series against the naive"
                + " last-value forecast";
    }

    @Override
    public String options() {
        return "--epochs N (forecast training epochs, default 10)";
    }

    @Override
    public SampleResult run(SampleContext ctx) {
        PrintStream out = ctx.out();
        Tensor series = Tensor.vector(0, 1, 2, 3, 4);
        out.println("series = " + Fmt.numpy(series));
        out.println("TimeseriesGenerator(series, series, length=3, batch_size=1)");
        TimeseriesGenerator generator = TimeseriesGenerator.builder(series, series, 3).batchSize(1).build();
        out.println("Samples: " + generator.size());
        for (PyDataset.Batch b : generator) {
            out.println(Fmt.numpy(b.x()) + " => " + Fmt.numpy(b.y()));
        }

        out.println();
        float[] values = new float[50];
        for (int i = 0; i < 50; i++) {
            values[i] = i;
        }
        Tensor data = Tensor.of(values, 50, 1);
        out.println("data = targets = [[i] for i in range(50)]");
        out.println("TimeseriesGenerator(data, targets, length=10, sampling_rate=2, batch_size=2)");
        TimeseriesGenerator docs = TimeseriesGenerator.builder(data, data, 10).samplingRate(2).batchSize(2).build();
        out.println("len(data_gen) = " + docs.size());
        PyDataset.Batch first = docs.get(0);
        out.println("x =\n" + Fmt.numpy(first.x()));
        out.println("y =\n" + Fmt.numpy(first.y()));
        SampleResult result = new SampleResult().put("windows", generator.size()).put("docsBatches", docs.size());

        out.println();
        forecast(ctx, result);
        return result;
    }

    /**
     * The series: {@code sin(2 pi t / 24) + 0.3 sin(4 pi t / 24 + 1)} plus Gaussian noise of standard
     * deviation 0.1, {@code (steps, 1)}.
     */
    static Tensor seasonalSeries(int steps, Random rng) {
        float[] v = new float[steps];
        for (int t = 0; t < steps; t++) {
            double phase = 2 * Math.PI * t / PERIOD;
            v[t] = (float) (Math.sin(phase) + 0.3 * Math.sin(2 * phase + 1) + NOISE * rng.nextGaussian());
        }
        return Tensor.of(v, steps, 1);
    }

    /** The windows ending before the steps {@code from..to} (inclusive), each with its next value as target. */
    private static TimeseriesGenerator windows(Tensor series, int from, int to) {
        return TimeseriesGenerator.builder(series, series, WINDOW).startIndex(from - WINDOW).endIndex(to).batchSize(32)
                .build();
    }

    /** The mean absolute error of repeating each window's last value: Keras's "common-sense baseline". */
    static double naiveMae(TimeseriesGenerator g) {
        double sum = 0;
        long n = 0;
        for (PyDataset.Batch b : g) {
            float[] x = b.x().data();
            float[] y = b.y().data();
            for (int i = 0; i < y.length; i++) {
                sum += Math.abs(x[(i + 1) * WINDOW - 1] - y[i]);
                n++;
            }
        }
        return sum / n;
    }

    private static void forecast(SampleContext ctx, SampleResult result) {
        PrintStream out = ctx.out();
        int epochs = ctx.intOption("epochs", 10);
        Keras.setRandomSeed(0);
        Keras.clearSession();
        int steps = TRAIN + VALIDATION + TEST;
        Tensor series = seasonalSeries(steps, new Random(7));
        out.printf(Locale.ROOT, "Forecast: %d steps of sin(2 pi t/%d) + 0.3 sin(4 pi t/%d + 1) + N(0, %s); windows of %d"
                + " steps predict the next one%n", steps, PERIOD, PERIOD, Fmt.py(NOISE), WINDOW);
        TimeseriesGenerator train = windows(series, WINDOW, TRAIN - 1);
        TimeseriesGenerator validation = windows(series, TRAIN, TRAIN + VALIDATION - 1);
        TimeseriesGenerator test = windows(series, TRAIN + VALIDATION, steps - 1);
        out.printf(Locale.ROOT, "TimeseriesGenerator(series, series, length=%d, batch_size=32): %d training, %d validation"
                + " and %d test batches%n", WINDOW, train.size(), validation.size(), test.size());
        double naiveValidation = naiveMae(validation);
        double naiveTest = naiveMae(test);
        out.printf(Locale.ROOT, "Naive last-value forecast: validation MAE %.4f, test MAE %.4f%n", naiveValidation, naiveTest);

        out.println("Input(24, 1) -> LSTM(16) -> Dense(1), Adam(0.01), mse, metric mae:");
        Sequential model = new Sequential();
        model.add(new Input(WINDOW, 1));
        model.add(new LSTM(16));
        model.add(new Dense(1));
        model.compile(new Adam(1e-2f), "mse", "mae");
        model.fit(train, new FitOptions().epochs(epochs).validationData(validation).verbose(2));
        Map<String, Double> evaluated = model.evaluateDict(test, 0);
        double lstmTest = evaluated.get("mae");
        out.printf(Locale.ROOT, "Test MAE: LSTM %.4f, naive last value %.4f (%.0f%% lower)%n", lstmTest, naiveTest,
                100 * (1 - lstmTest / naiveTest));

        Tensor predicted = model.predict(test, 0);
        float[] t = new float[TEST];
        float[] truth = new float[TEST];
        for (int i = 0; i < TEST; i++) {
            t[i] = TRAIN + VALIDATION + i;
            truth[i] = series.data()[TRAIN + VALIDATION + i];
        }
        XYChart c = Plots.chart("One-step forecast of the test steps (MAE: LSTM " + String.format(Locale.ROOT, "%.3f",
                lstmTest) + ", last value " + String.format(Locale.ROOT, "%.3f", naiveTest) + ")", "step", "value", 900, 480);
        Plots.scatter(c, "truth", t, truth, new Color(120, 120, 120));
        Plots.line(c, "LSTM forecast", t, predicted.data(), Plots.RED);
        result.put("lstmTestMae", lstmTest).put("naiveTestMae", naiveTest).put("naiveValidationMae", naiveValidation);
        result.image(Plots.save(c, ctx.file("timeseries-forecast.png")));
    }
}
