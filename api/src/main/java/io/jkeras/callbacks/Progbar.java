package io.jkeras.callbacks;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's progress bar, in the format Keras users know:
 * {@code 469/469 [==============================] - 2s 4ms/step - loss: 0.3012 - accuracy: 0.8912}.
 * On a terminal the line is redrawn as batches go; elsewhere (a log, CI) only the finished line
 * is written. With {@code verbose == 2}, one line per epoch without the bar.
 */
public final class Progbar {
    private static final int WIDTH = 30;
    private static final double INTERVAL_S = 0.05;

    private final int target;
    private final int verbose;
    private final PrintStream out;
    private final boolean dynamic;
    private final long start = System.nanoTime();
    private long lastUpdate;
    private int lastWidth;

    /**
     * A bar for {@code target} steps.
     *
     * @param verbose 1 for the bar, 2 for one line at the end
     * @param dynamic whether to redraw the line in place (a terminal)
     */
    public Progbar(int target, int verbose, PrintStream out, boolean dynamic) {
        this.target = target;
        this.verbose = verbose;
        this.out = out;
        this.dynamic = dynamic;
    }

    /** A bar writing to {@code out}, redrawing in place when the JVM has a console. */
    public static Progbar create(int target, int verbose, PrintStream out) {
        return new Progbar(target, verbose, out, System.console() != null);
    }

    /** Reports that {@code current} steps are done; {@code values} are the running loss and metrics. */
    public void update(int current, Map<String, Double> values) {
        draw(Math.min(current, target), values, false);
    }

    /** Writes the finished line with these values (the epoch's logs, validation included). */
    public void finish(Map<String, Double> values) {
        draw(target, values, true);
    }

    private void draw(int current, Map<String, Double> values, boolean finalize) {
        long now = System.nanoTime();
        if (!finalize && (!dynamic || verbose != 1 || (now - lastUpdate) / 1e9 < INTERVAL_S)) {
            return;
        }
        lastUpdate = now;
        double elapsed = (now - start) / 1e9;
        double perStep = current > 0 ? elapsed / current : 0;
        StringBuilder line = new StringBuilder();
        if (verbose == 1) {
            line.append(bar(current));
            if (finalize) {
                line.append(String.format(Locale.ROOT, " - %.0fs", elapsed)).append(formatTime(perStep, "step"));
            } else {
                line.append(" - ETA: ").append(formatEta(perStep * (target - current)));
            }
            appendValues(line, values);
        } else {
            line.append(count(current)).append(String.format(Locale.ROOT, " - %.0fs", elapsed));
            appendValues(line, values);
            line.append(" -").append(formatTime(elapsed, "epoch")).append(" -")
                    .append(formatTime(perStep, "step"));
        }
        if (dynamic && verbose == 1) {
            int pad = Math.max(0, lastWidth - line.length());
            out.print("\r" + line + " ".repeat(pad));
            lastWidth = line.length();
            if (finalize) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    private String count(int current) {
        int digits = (int) Math.log10(Math.max(target, 1)) + 1;
        return String.format(Locale.ROOT, "%" + digits + "d/%d", current, target);
    }

    private String bar(int current) {
        StringBuilder sb = new StringBuilder(count(current)).append(" [");
        int progWidth = target == 0 ? WIDTH : (int) (WIDTH * (double) current / target);
        if (progWidth > 0) {
            sb.append("=".repeat(progWidth - 1)).append(current < target ? '>' : '=');
        }
        return sb.append(".".repeat(WIDTH - progWidth)).append(']').toString();
    }

    private static void appendValues(StringBuilder line, Map<String, Double> values) {
        for (Map.Entry<String, Double> e : values.entrySet()) {
            line.append(" - ").append(e.getKey()).append(": ").append(formatValue(e.getValue()));
        }
    }

    /** A value as Keras prints it: {@code %.4f}, or {@code %.4e} when its magnitude is at most 1e-3. */
    public static String formatValue(double v) {
        return Math.abs(v) > 1e-3 ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%.4e", v);
    }

    /** Keras's per-unit time: {@code " 4ms/step"}, {@code " 2s/epoch"}, {@code " 120us/step"}. */
    static String formatTime(double t, String unit) {
        if (t >= 1 || t == 0) {
            return String.format(Locale.ROOT, " %.0fs/%s", t, unit);
        } else if (t >= 1e-3) {
            return String.format(Locale.ROOT, " %.0fms/%s", t * 1e3, unit);
        }
        return String.format(Locale.ROOT, " %.0fus/%s", t * 1e6, unit);
    }

    private static String formatEta(double eta) {
        long s = Math.round(eta);
        if (s > 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
        } else if (s > 60) {
            return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
        return s + "s";
    }
}
