package io.jkeras.samples;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.backend.Backend;
import io.jkeras.backend.Backends;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the samples from the command line:
 * {@code java --add-modules jdk.incubator.vector -jar jkeras-samples.jar <sample>|all [--backend native|dl4j] [--out DIR] [--data DIR] [options]}.
 */
public final class Main {
    /** Every sample, in the order {@code all} runs them. */
    public static final List<Sample> SAMPLES = List.of(new RegressionSample(), new LinearSample(), new MoonsSample(),
            new OpsSample(), new MnistSample(), new MnistCnnSample(), new TimeseriesSample(), new SequenceClassifySample(),
            new SaveLoadSample());

    private Main() {
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        int status = run(args, System.out);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the command line, printing to {@code out}.
     *
     * @return 0 on success, 1 if a sample failed, 2 for a wrong command line
     */
    public static int run(String[] args, PrintStream out) {
        String name = null;
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h") || a.equals("help")) {
                out.print(usage());
                return 0;
            } else if (a.startsWith("--")) {
                String key = a.substring(2);
                String value;
                int eq = key.indexOf('=');
                if (eq >= 0) {
                    value = key.substring(eq + 1);
                    key = key.substring(0, eq);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    out.println("Option --" + key + " needs a value.");
                    out.print(usage());
                    return 2;
                }
                options.put(key, value);
            } else if (name == null) {
                name = a;
            } else {
                out.println("Give one sample name (or all); received '" + name + "' and '" + a + "'.");
                return 2;
            }
        }
        if (name == null) {
            out.print(usage());
            return 2;
        }
        String wanted = name.trim().toLowerCase(java.util.Locale.ROOT);
        List<Sample> chosen = wanted.equals("all") ? SAMPLES : SAMPLES.stream().filter(s -> s.name().equals(wanted)).toList();
        if (chosen.isEmpty()) {
            out.println("Unknown sample '" + name + "'. Samples: "
                    + String.join(", ", SAMPLES.stream().map(Sample::name).toList()) + ", all.");
            return 2;
        }
        String backendName = options.remove("backend");
        Path outDir = Path.of(options.getOrDefault("out", "out"));
        options.remove("out");
        PrintStream savedOutput = Keras.output();
        Keras.setOutput(out);
        try {
            if (backendName != null) {
                Backends.use(backendName);
            }
            Backend backend = Backends.current();
            out.println("jkeras samples on backend " + backend.name() + " (" + backend.device() + "), pictures in "
                    + outDir.toAbsolutePath());
            for (Sample s : chosen) {
                out.println();
                out.println("=== " + s.name() + ": " + s.description() + " ===");
                SampleResult r = s.run(new SampleContext(out, outDir, options));
                for (Path p : r.images()) {
                    out.println("wrote " + p);
                }
            }
            return 0;
        } catch (KerasException e) {
            out.println("Error: " + e.getMessage());
            return 1;
        } finally {
            Keras.setOutput(savedOutput);
        }
    }

    /** The help text: the command line and every sample with its options. */
    public static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: java --add-modules jdk.incubator.vector -jar jkeras-samples.jar <sample>|all [--backend native|dl4j] [--out DIR] [options]\n\n");
        sb.append("Common options:\n");
        sb.append("  --backend NAME   the backend to run on (default: as configured, see Backends; installed: ")
                .append(String.join(", ", Backends.installed())).append(")\n");
        sb.append("  --out DIR        where pictures are written (default: out)\n");
        sb.append("  --data DIR       MNIST-layout data for the mnist sample\n\n");
        sb.append("Samples:\n");
        for (Sample s : SAMPLES) {
            sb.append(String.format("  %-11s %s%n", s.name(), s.description()));
            if (!s.options().isEmpty()) {
                sb.append(String.format("  %-11s options: %s%n", "", s.options()));
            }
        }
        sb.append(String.format("  %-11s every sample above, in order%n", "all"));
        return sb.toString();
    }
}
