package io.jkeras.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command line of {@link Bench}: which workloads, on which engines, at which sizes.
 *
 * @param workloads the workloads to run, in the table's order
 * @param engines the engines to run them on: {@code native}, {@code dl4j} (both through the facade), {@code raw}
 * @param warmup untimed runs before the timed ones
 * @param runs timed runs; the table shows their median
 * @param mlpRuns timed runs of the MLP and CNN epochs (each on a fresh model, after one warm-up epoch)
 * @param epochs epochs per timed MLP run
 * @param trainSamples training images used by the MLP workload
 * @param testSamples test images used by the predict workload and the accuracy
 * @param batchSize the MLP's, CNN's and LSTM's batch size (training and prediction)
 * @param gemmSize the side of the square matrix product
 * @param regressionSteps training steps per timed run of the regression workload
 * @param allocSteps training steps over which allocation is measured
 * @param settleMillis pause before each timed run, so that the previous engine's threads go idle
 * @param lstmSamples sequences in the LSTM workload's epoch (and its predict)
 * @param lstmRuns timed LSTM epochs (each on a fresh model, after one warm-up epoch)
 * @param numpy the Python that times NumPy for the {@code kernels} workload; empty to skip NumPy
 */
public record Options(List<String> workloads, List<String> engines, int warmup, int runs, int mlpRuns, int epochs,
                      int trainSamples, int testSamples, int batchSize, int gemmSize,
                      int regressionSteps, int allocSteps, int settleMillis, int lstmSamples, int lstmRuns,
                      String numpy) {

    /** Every workload, in the table's order. */
    public static final List<String> WORKLOADS = List.of("regression", "mlp", "predict", "cnn", "cnn-predict", "lstm", "gemm",
            "alloc", "kernels");
    /** Every engine, in the table's column order. */
    public static final List<String> ENGINES = List.of("native", "dl4j", "raw");

    /** The usage text printed for {@code --help} and after a bad option. */
    public static final String USAGE = String.join("\n",
            "java --add-modules jdk.incubator.vector -jar bench/target/jkeras-bench.jar [options]",
            "  --workloads LIST        comma-separated, from " + String.join(",", WORKLOADS) + " (default: all)",
            "  --engines LIST          comma-separated, from native,dl4j,raw (default: all)",
            "  --warmup N              untimed runs first (default 2)",
            "  --runs N                timed runs, median shown (default 5)",
            "  --mlp-runs N            timed MLP and CNN epochs, median shown (default 3)",
            "  --epochs N              epochs per timed MLP run (default 1)",
            "  --train-samples N       MLP training images (default 60000)",
            "  --test-samples N        test images for predict and accuracy (default 10000)",
            "  --batch-size N          MLP, CNN and LSTM batch size (default 128)",
            "  --gemm-size N           side of the square matrix product (default 1024)",
            "  --regression-steps N    trainOnBatch steps per timed regression run (default 200)",
            "  --alloc-steps N         steps over which allocation is measured (default 200)",
            "  --settle-ms N           pause before each timed run so other engines' threads go idle (default 300)",
            "  --lstm-samples N        sequences in the LSTM epoch and its predict (default 20000)",
            "  --lstm-runs N           timed LSTM epochs, median shown (default 1)",
            "  --numpy PYTHON          the Python (with NumPy) that the kernels workload compares with (default python3;",
            "                          none to skip)");

    /**
     * Parses the command line.
     *
     * @throws IllegalArgumentException for an unknown option, workload or engine, or a bad number
     */
    public static Options parse(String... args) {
        List<String> workloads = WORKLOADS;
        List<String> engines = ENGINES;
        int warmup = 2;
        int runs = 5;
        int mlpRuns = 3;
        int epochs = 1;
        int trainSamples = 60_000;
        int testSamples = 10_000;
        int batchSize = 128;
        int gemmSize = 1024;
        int regressionSteps = 200;
        int allocSteps = 200;
        int settleMillis = 300;
        int lstmSamples = 20_000;
        int lstmRuns = 1;
        String numpy = "python3";
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Option " + option + " expects a value.");
            }
            String value = args[++i];
            switch (option) {
                case "--workloads" -> workloads = list(value, WORKLOADS, "workload");
                case "--engines" -> engines = list(value, ENGINES, "engine");
                case "--warmup" -> warmup = number(option, value, 0);
                case "--runs" -> runs = number(option, value, 1);
                case "--mlp-runs" -> mlpRuns = number(option, value, 1);
                case "--epochs" -> epochs = number(option, value, 1);
                case "--train-samples" -> trainSamples = number(option, value, 1);
                case "--test-samples" -> testSamples = number(option, value, 1);
                case "--batch-size" -> batchSize = number(option, value, 1);
                case "--gemm-size" -> gemmSize = number(option, value, 1);
                case "--regression-steps" -> regressionSteps = number(option, value, 1);
                case "--alloc-steps" -> allocSteps = number(option, value, 1);
                case "--settle-ms" -> settleMillis = number(option, value, 0);
                case "--lstm-samples" -> lstmSamples = number(option, value, 1);
                case "--lstm-runs" -> lstmRuns = number(option, value, 1);
                case "--numpy" -> numpy = value.equals("none") ? "" : value;
                default -> throw new IllegalArgumentException("Unknown option " + option + ".");
            }
        }
        return new Options(workloads, engines, warmup, runs, mlpRuns, epochs, trainSamples, testSamples, batchSize,
                gemmSize, regressionSteps, allocSteps, settleMillis, lstmSamples, lstmRuns, numpy);
    }

    /** Whether the workload was asked for. */
    public boolean runs(String workload) {
        return workloads.contains(workload);
    }

    private static List<String> list(String value, List<String> allowed, String what) {
        Set<String> chosen = new LinkedHashSet<>();
        for (String item : value.split(",")) {
            String name = item.trim();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("Unknown " + what + " '" + name + "'; expected one of "
                        + allowed + ".");
            }
            chosen.add(name);
        }
        List<String> ordered = new ArrayList<>(allowed);
        ordered.retainAll(chosen);
        return List.copyOf(ordered);
    }

    private static int number(String option, String value, int min) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Option " + option + " expects an integer >= " + min
                + ". Received: " + value);
    }
}
