package io.jkeras.bench;

import io.jkeras.backend.nativebackend.kernels.Gemm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The {@code kernels} workload: GFLOP/s of the native backend's matrix product on each kernel path
 * (SIMD and scalar, in this JVM) against NumPy's (OpenBLAS) on the same shapes in the same run.
 * NumPy runs in a child process ({@code bench/python/numpy_gemm.py}, shipped in the jar), once per
 * round between the Java runs, with {@code OPENBLAS_CORETYPE} and {@code OPENBLAS_L2_SIZE} unset
 * in its environment only. The shapes are 1024³ and the three large products of the MLP.
 */
final class KernelPaths {

    /** One product: op(A) is m×k, op(B) is k×n. */
    record Shape(String label, int m, int n, int k, boolean transA, boolean transB) {
        String spec() {
            return m + "x" + n + "x" + k + ":" + (transA ? "T" : "N") + (transB ? "T" : "N");
        }

        double flop() {
            return 2.0 * m * n * k;
        }
    }

    static final List<Shape> SHAPES = List.of(
            new Shape("1024×1024×1024 NN (square)", 1024, 1024, 1024, false, false),
            new Shape("128×784 · 784×512 NN (layer 1 forward)", 128, 512, 784, false, false),
            new Shape("128×512 · 512×256 NN (layer 2 forward)", 128, 256, 512, false, false),
            new Shape("784×128 · 128×512 TN (layer 1 kernel gradient)", 784, 512, 128, true, false));

    private final Options options;
    private final List<String> errors;
    /** What NumPy reported about itself (its OpenBLAS build and threads). */
    private final List<String> notes = new ArrayList<>();

    KernelPaths(Options options, List<String> errors) {
        this.options = options;
        this.errors = errors;
    }

    /** Runs the workload; returns its Markdown table. */
    String run() {
        List<Gemm.Path> paths = new ArrayList<>();
        if (Gemm.simdAvailable()) {
            paths.add(Gemm.Path.SIMD);
        } else {
            errors.add("kernels: the SIMD path needs --add-modules jdk.incubator.vector; timing the scalar path only");
        }
        paths.add(Gemm.Path.SCALAR);
        int runs = options.runs();
        Map<String, double[]> rates = new LinkedHashMap<>();
        for (Shape shape : SHAPES) {
            for (Gemm.Path path : paths) {
                rates.put(key(shape, path.name()), new double[runs]);
            }
            rates.put(key(shape, "numpy"), new double[runs]);
        }
        Map<Shape, Product> products = new LinkedHashMap<>();
        SHAPES.forEach(shape -> products.put(shape, new Product(shape)));
        // The first product of the JVM on the default path includes the JIT's warm-up of the kernel.
        double firstMillis = products.get(SHAPES.get(0)).firstCallMillis();
        for (int r = -options.warmup(); r < runs; r++) {
            for (Shape shape : SHAPES) {
                for (Gemm.Path path : paths) {
                    double rate = products.get(shape).rate(path);
                    if (r >= 0) {
                        rates.get(key(shape, path.name()))[r] = rate;
                    }
                }
            }
            if (r >= 0) {
                Map<String, Double> numpy = numpy();
                for (Shape shape : SHAPES) {
                    rates.get(key(shape, "numpy"))[r] = numpy.getOrDefault(shape.spec(), Double.NaN);
                }
            }
        }
        return table(paths, rates, firstMillis);
    }

    private String table(List<Gemm.Path> paths, Map<String, double[]> rates, double firstMillis) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nfirst product in this JVM (%s, %s path, JIT warm-up included): %.0f ms%n",
                SHAPES.get(0).spec(), Gemm.kernelPath(), firstMillis));
        out.append("\nMatrix product, GFLOP/s (median of ").append(options.runs())
                .append(" rounds; NumPy timed between the Java runs of each round):\n\n");
        List<String> header = new ArrayList<>(List.of("product"));
        paths.forEach(path -> header.add(label(path)));
        header.add("NumPy (OpenBLAS)");
        paths.forEach(path -> header.add(label(path) + " ÷ NumPy"));
        out.append(row(header));
        out.append("|---|").append("---:|".repeat(2 * paths.size() + 1)).append('\n');
        for (Shape shape : SHAPES) {
            double numpy = median(rates.get(key(shape, "numpy")));
            List<String> cells = new ArrayList<>(List.of(shape.label()));
            paths.forEach(path -> cells.add(format(median(rates.get(key(shape, path.name()))))));
            cells.add(format(numpy));
            for (Gemm.Path path : paths) {
                double ratio = median(rates.get(key(shape, path.name()))) / numpy;
                cells.add(Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f×", ratio));
            }
            out.append(row(cells));
        }
        out.append("\nNumPy: ").append(options.numpy().isEmpty() ? "not run (--numpy none)" : options.numpy());
        notes.forEach(note -> out.append("\n    ").append(note));
        out.append("\n\nPer round (GFLOP/s):\n\n");
        for (Map.Entry<String, double[]> entry : rates.entrySet()) {
            out.append("    ").append(entry.getKey()).append(':');
            for (double v : entry.getValue()) {
                out.append(' ').append(format(v));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String row(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    private static String label(Gemm.Path path) {
        return path == Gemm.Path.SIMD ? "native " + Gemm.kernelPath() : "native scalar";
    }

    private static String key(Shape shape, String path) {
        return shape.spec() + " " + path;
    }

    private static double median(double[] values) {
        for (double v : values) {
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
        }
        return Timing.median(values);
    }

    private static String format(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    /** Runs the NumPy script once over every shape; returns GFLOP/s by shape spec (empty when it cannot run). */
    private Map<String, Double> numpy() {
        Map<String, Double> out = new LinkedHashMap<>();
        if (options.numpy().isEmpty()) {
            // --numpy none
            return out;
        }
        try {
            Path script = Files.createTempFile("numpy_gemm", ".py");
            try (InputStream in = KernelPaths.class.getResourceAsStream("/python/numpy_gemm.py")) {
                if (in == null) {
                    throw new IOException("numpy_gemm.py is not in the jar");
                }
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> specs = new ArrayList<>();
            SHAPES.forEach(shape -> specs.add(shape.spec()));
            ProcessBuilder builder = new ProcessBuilder(options.numpy(), script.toString(), "--runs", "3",
                    "--shapes", String.join(",", specs)).redirectErrorStream(true);
            // Set on some machines for old OpenBLAS builds; they slow a current NumPy.
            builder.environment().remove("OPENBLAS_CORETYPE");
            builder.environment().remove("OPENBLAS_L2_SIZE");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IOException("exit " + process.exitValue() + ": " + output.strip());
            }
            Files.deleteIfExists(script);
            for (String line : output.split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length == 6 && f[0].equals("numpy")) {
                    out.put(f[1] + "x" + f[2] + "x" + f[3] + ":" + f[4], Double.parseDouble(f[5]));
                } else if (line.startsWith("#") && !notes.contains(line)) {
                    notes.add(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            String error = "kernels/numpy: " + e.getMessage();
            if (!errors.contains(error)) {
                errors.add(error);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return out;
    }

    /** One shape's operands and output, and its timing. */
    private static final class Product {
        private final Shape s;
        private final float[] a;
        private final float[] b;
        private final float[] c;
        private final int reps;

        Product(Shape shape) {
            s = shape;
            Random random = new Random(2);
            a = new float[shape.m() * shape.k()];
            b = new float[shape.k() * shape.n()];
            c = new float[shape.m() * shape.n()];
            for (int i = 0; i < a.length; i++) {
                a[i] = random.nextFloat() - 0.5f;
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextFloat() - 0.5f;
            }
            // About 0.2 s of products per timed run at 100 GFLOP/s.
            reps = (int) Math.max(3, 2e10 / shape.flop());
        }

        /** Milliseconds of one product on the default path. */
        double firstCallMillis() {
            long start = System.nanoTime();
            Gemm.gemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), 1f, a, 0, s.transA() ? s.m() : s.k(),
                    b, 0, s.transB() ? s.k() : s.n(), 0f, c, 0, s.n());
            return (System.nanoTime() - start) / 1e6;
        }

        /** GFLOP/s of reps products on the path. */
        double rate(Gemm.Path path) {
            int lda = s.transA() ? s.m() : s.k();
            int ldb = s.transB() ? s.k() : s.n();
            long start = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                Gemm.gemm(path, s.transA(), s.transB(), s.m(), s.n(), s.k(), 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, s.n());
            }
            return s.flop() * reps / (System.nanoTime() - start);
        }
    }
}
