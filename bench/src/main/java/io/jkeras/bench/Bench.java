package io.jkeras.bench;

import io.jkeras.backend.nativebackend.kernels.Gemm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;

/**
 * Times the performance issue's workloads on the native backend and on DL4J (both through the
 * jkeras facade) and on a hand-written DL4J network, then prints one Markdown table:
 * <ol>
 *   <li>{@code regression}: one full-batch {@code trainOnBatch} of a 1-10-1 ReLU network on 300 points;</li>
 *   <li>{@code mlp}: one epoch of a 784-512-256-10 network (Adam 1e-3, batch 128) on Fashion-MNIST,
 *       and its test accuracy;</li>
 *   <li>{@code predict}: the class probabilities of the 10,000 test images;</li>
 *   <li>{@code cnn}, {@code cnn-predict}: the same for Keras's simple MNIST convnet (two 3×3
 *       convolutions with max pooling, dropout, softmax) on the images as {@code (28, 28, 1)};</li>
 *   <li>{@code lstm}: one epoch of an LSTM(128) over 64 steps of 8 features, then Dense(1) (Adam 1e-3,
 *       batch 128, mean squared error) on 20,000 sequences, its predict over them and its error;</li>
 *   <li>{@code gemm}: a 1024×1024×1024 float product, through each API and as a bare kernel call;</li>
 *   <li>{@code alloc}: the Java heap allocated by the calling thread per MLP training step;</li>
 *   <li>{@code kernels}: the native matrix product's GFLOP/s on each kernel path (SIMD, scalar)
 *       against NumPy's on 1024³ and the MLP's shapes, in a table of its own ({@link KernelPaths}).</li>
 * </ol>
 * Run {@code java --add-modules jdk.incubator.vector -jar bench/target/jkeras-bench.jar --help} for the options.
 */
public final class Bench {
    private final Options options;
    private final Map<String, Engine> engines = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();
    private final Table table;

    private Bench(Options options) {
        this.options = options;
        this.table = new Table(options.engines());
    }

    /**
     * Runs the benchmark; prints the table to standard output.
     *
     * @param args options, see {@link Options#USAGE}
     */
    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        if (List.of(args).contains("--help")) {
            System.out.println(Options.USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        System.out.print(new Bench(options).run());
    }

    private String run() {
        StringBuilder out = new StringBuilder();
        out.append(environment());
        for (String name : options.engines()) {
            try {
                engines.put(name, name.equals("raw") ? new RawDl4jEngine() : new FacadeEngine(name));
            } catch (RuntimeException e) {
                errors.add(name + ": could not start: " + e);
            }
        }
        MnistData data = null;
        if (options.workloads().stream().anyMatch(w -> List.of("mlp", "predict", "alloc", "cnn", "cnn-predict")
                .contains(w))) {
            data = MnistData.load(options.trainSamples(), options.testSamples());
            out.append("data: ").append(data.source()).append(", ").append(data.nTrain()).append(" training and ")
                    .append(data.nTest()).append(" test images\n");
        }
        if (options.runs("regression")) {
            regression();
        }
        if (options.runs("mlp") || options.runs("predict")) {
            MnistData d = data;
            trainAndPredict(data, "mlp", "predict", "MLP", (engine, batch) -> engine.mlp(d, batch));
        }
        if (options.runs("cnn") || options.runs("cnn-predict")) {
            MnistData d = data;
            trainAndPredict(data, "cnn", "cnn-predict", "CNN", (engine, batch) -> engine.cnn(d, batch));
        }
        if (options.runs("lstm")) {
            lstm();
        }
        if (options.runs("gemm")) {
            gemm();
        }
        if (options.runs("alloc")) {
            alloc(data);
        }
        if (options.workloads().stream().anyMatch(workload -> !workload.equals("kernels"))) {
            out.append('\n').append(table.render());
            out.append("\nRatios: the engine's speed ÷ raw DL4J's speed (above 1× is faster than raw DL4J).\n");
        }
        if (options.runs("kernels")) {
            out.append(new KernelPaths(options, errors).run());
        }
        for (String error : errors) {
            out.append("error: ").append(error).append('\n');
        }
        return out.toString();
    }

    private void regression() {
        Random random = new Random(1);
        int n = 300;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextFloat() * 2 - 1;
            y[i] = 3 * x[i] * x[i] - x[i] + 0.1f * (float) random.nextGaussian();
        }
        int steps = options.regressionSteps();
        Table.Row row = table.add("regression step (1-10-1, 300 points, SGD)", "µs/step", Table.Kind.TIME);
        Map<String, Supplier<Trial>> trials = new LinkedHashMap<>();
        for (String name : engines.keySet()) {
            trials.put(name, () -> {
                Runnable run = repeat(steps, engines.get(name).regressionStep(x, y));
                return () -> run;
            });
        }
        interleaved(row, "regression", trials, options.warmup(), options.runs(), seconds -> seconds / steps * 1e6);
    }

    /**
     * The training and prediction rows of one model: {@code train} (epochs of fresh models, then the
     * test accuracy) and {@code predict} (the test images' class probabilities), each if asked for.
     */
    private void trainAndPredict(MnistData data, String train, String predict, String label,
                                 BiFunction<Engine, Integer, Engine.Model> build) {
        Map<String, Engine.Model> trained = new LinkedHashMap<>();
        int batch = options.batchSize();
        if (options.runs(train)) {
            Table.Row epoch = table.add(label + " epoch (" + describe(train) + ", Adam, batch " + batch + ", "
                    + data.nTrain() + " images" + (options.epochs() > 1 ? ", " + options.epochs() + " epochs" : "")
                    + ")", "s", Table.Kind.TIME);
            Table.Row accuracy = table.add(label + " test accuracy after the epoch", "%", Table.Kind.INFO);
            Map<String, Supplier<Trial>> trials = new LinkedHashMap<>();
            for (String name : engines.keySet()) {
                // Each run trains a fresh, identically seeded model; the warm-up one is thrown away.
                trials.put(name, () -> () -> {
                    Engine.Model model = build.apply(engines.get(name), batch);
                    trained.put(name, model);
                    return () -> {
                        for (int e = 0; e < options.epochs(); e++) {
                            model.trainEpoch();
                        }
                    };
                });
            }
            Map<String, Double> finished = interleaved(epoch, train, trials, Math.min(1, options.warmup()),
                    options.mlpRuns(), seconds -> seconds);
            for (String name : finished.keySet()) {
                measure(accuracy, name, "accuracy",
                        () -> 100 * MnistData.accuracy(trained.get(name).predict(), data.yTest()));
            }
        }
        if (options.runs(predict)) {
            Table.Row row = table.add(label + " predict " + data.nTest() + " images (batch " + batch + ")", "ms",
                    Table.Kind.TIME);
            Map<String, Supplier<Trial>> trials = new LinkedHashMap<>();
            for (String name : engines.keySet()) {
                trials.put(name, () -> {
                    Engine.Model model = trained.containsKey(name) ? trained.get(name)
                            : build.apply(engines.get(name), batch);
                    return () -> model::predict;
                });
            }
            interleaved(row, predict, trials, options.warmup(), options.runs(), seconds -> seconds * 1e3);
        }
    }

    private static String describe(String train) {
        return train.equals("mlp") ? "784-512-256-10" : "Keras's simple convnet: 2 × (Conv2D 3×3 relu, MaxPooling2D 2), "
                + "Dropout 0.5, Dense 10 softmax";
    }

    private void lstm() {
        SequenceData data = SequenceData.make(options.lstmSamples());
        int batch = options.batchSize();
        Table.Row epoch = table.add("LSTM epoch (LSTM(128), 64 steps × 8 features, Dense(1), Adam, batch " + batch
                + ", " + data.n() + " sequences)", "s", Table.Kind.TIME);
        Map<String, Engine.Model> trained = new LinkedHashMap<>();
        Map<String, Supplier<Trial>> trials = new LinkedHashMap<>();
        for (String name : engines.keySet()) {
            trials.put(name, () -> () -> {
                Engine.Model model = engines.get(name).lstm(data, batch);
                trained.put(name, model);
                return model::trainEpoch;
            });
        }
        Map<String, Double> finished = interleaved(epoch, "lstm", trials, Math.min(1, options.warmup()),
                options.lstmRuns(), seconds -> seconds);
        Table.Row predict = table.add("LSTM predict " + data.n() + " sequences (batch " + batch + ")", "s",
                Table.Kind.TIME);
        Table.Row error = table.add("LSTM mean squared error after the epoch (×1e-3)", "", Table.Kind.INFO);
        trials.clear();
        for (String name : finished.keySet()) {
            trials.put(name, () -> () -> trained.get(name)::predict);
            measure(error, name, "lstm error", () -> {
                float[] p = trained.get(name).predict();
                double sum = 0;
                for (int i = 0; i < data.n(); i++) {
                    sum += (p[i] - data.y()[i]) * (double) (p[i] - data.y()[i]);
                }
                return sum / data.n() * 1e3;
            });
        }
        interleaved(predict, "lstm predict", trials, Math.min(1, options.warmup()), options.lstmRuns(),
                seconds -> seconds);
    }

    private void gemm() {
        int n = options.gemmSize();
        Random random = new Random(2);
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextFloat() - 0.5f;
            b[i] = random.nextFloat() - 0.5f;
        }
        // Each timed run repeats small products up to about 2 GFLOP, so that it is not all timer noise.
        int reps = (int) Math.max(1, 2e9 / (2.0 * n * n * n));
        double gflop = reps * 2.0 * n * n * n / 1e9;
        String size = n + "×" + n + "×" + n;
        Table.Row api = table.add("matmul " + size + " (ops.matmul / INDArray.mmul)", "GFLOP/s", Table.Kind.RATE);
        Map<String, Supplier<Trial>> trials = new LinkedHashMap<>();
        for (String name : engines.keySet()) {
            trials.put(name, () -> {
                Runnable product = repeat(reps, engines.get(name).matmul(a, b, n));
                return () -> product;
            });
        }
        interleaved(api, "matmul", trials, options.warmup(), options.runs(), seconds -> gflop / seconds);
        Table.Row kernel = table.add("sgemm " + size + " into preallocated C (Gemm.gemm / mmuli)", "GFLOP/s",
                Table.Kind.RATE);
        trials.clear();
        if (engines.containsKey("native")) {
            float[] c = new float[n * n];
            Runnable product = repeat(reps, () -> Gemm.gemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n));
            trials.put("native", () -> () -> product);
        }
        if (engines.containsKey("raw")) {
            trials.put("raw", () -> {
                Runnable product = repeat(reps, ((RawDl4jEngine) engines.get("raw")).matmulInPlace(a, b, n));
                return () -> product;
            });
        }
        interleaved(kernel, "sgemm", trials, options.warmup(), options.runs(), seconds -> gflop / seconds);
    }

    /**
     * Pauses before a timed run: OpenBLAS's and OpenMP's worker threads busy-wait for a while after
     * each ND4J call (OpenBLAS: about 2^28 cycles), which would take a core from the next engine.
     */
    private void settle() {
        try {
            Thread.sleep(options.settleMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Runnable repeat(int times, Runnable action) {
        return () -> {
            for (int i = 0; i < times; i++) {
                action.run();
            }
        };
    }

    /** Called before each run of one engine (untimed); returns the action to time once. */
    @FunctionalInterface
    private interface Trial {
        Runnable next();
    }

    /**
     * Times the engines' trials round-robin (every engine's first run, then every engine's second...)
     * so that the load of a shared machine falls on all of them alike; fills the row with
     * {@code unit(median seconds)} and returns the medians of the engines that did not fail.
     */
    private Map<String, Double> interleaved(Table.Row row, String what, Map<String, Supplier<Trial>> setups,
                                            int warmup, int runs, DoubleUnaryOperator unit) {
        Map<String, Trial> trials = new LinkedHashMap<>();
        for (Map.Entry<String, Supplier<Trial>> setup : setups.entrySet()) {
            try {
                trials.put(setup.getKey(), setup.getValue().get());
            } catch (RuntimeException | LinkageError e) {
                fail(row, setup.getKey(), what, e);
            }
        }
        Map<String, double[]> seconds = new LinkedHashMap<>();
        trials.keySet().forEach(name -> seconds.put(name, new double[runs]));
        for (int r = 0; r < warmup + runs; r++) {
            for (Iterator<Map.Entry<String, Trial>> it = trials.entrySet().iterator(); it.hasNext();) {
                Map.Entry<String, Trial> trial = it.next();
                try {
                    Runnable action = trial.getValue().next();
                    settle();
                    long start = System.nanoTime();
                    action.run();
                    if (r >= warmup) {
                        seconds.get(trial.getKey())[r - warmup] = (System.nanoTime() - start) / 1e9;
                    }
                } catch (RuntimeException | LinkageError e) {
                    fail(row, trial.getKey(), what, e);
                    seconds.remove(trial.getKey());
                    it.remove();
                }
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> times : seconds.entrySet()) {
            double median = Timing.median(times.getValue());
            medians.put(times.getKey(), median);
            row.put(times.getKey(), unit.applyAsDouble(median));
        }
        return medians;
    }

    private void alloc(MnistData data) {
        Table.Row row = table.add("heap allocated per MLP trainOnBatch (calling thread)", "bytes/step",
                Table.Kind.INFO);
        for (String name : engines.keySet()) {
            measure(row, name, "alloc", () -> Timing.allocatedBytesPerRun(options.allocSteps(),
                    engines.get(name).mlp(data, options.batchSize()).trainStep()));
        }
    }

    /** Fills one cell; an engine's failure is reported under the table instead of ending the run. */
    private void measure(Table.Row row, String engine, String what, DoubleSupplier measurement) {
        try {
            row.put(engine, measurement.getAsDouble());
        } catch (RuntimeException | LinkageError e) {
            fail(row, engine, what, e);
        }
    }

    private void fail(Table.Row row, String engine, String what, Throwable e) {
        row.fail(engine);
        errors.add(engine + "/" + what + ": " + e);
    }

    private static String environment() {
        Runtime runtime = Runtime.getRuntime();
        return String.format(Locale.ROOT, "date: %s%ncpu: %s, %d cores available%njvm: %s %s, max heap %d MiB%n"
                        + "native kernels: %s%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                cpuModel(), runtime.availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                runtime.maxMemory() >> 20, Gemm.kernelPath());
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }
}
