package io.jkeras.callbacks;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.utils.PythonFloats;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keras's {@code ModelCheckpoint}: saves the model (a {@code .keras} file) or its weights (a
 * {@code .weights.h5} file) at the end of every epoch, or only when the monitored quantity
 * improved.
 *
 * <pre>{@code
 * new ModelCheckpoint("ckpt/model-{epoch:02d}-{val_loss:.4f}.keras").saveBestOnly(true)
 * }</pre>
 *
 * <p>Keras 3's rules: {@code filepath} is formatted as Python's {@code str.format} with
 * {@code epoch} (from 1) and every log value ({@code {epoch:02d}}, {@code {val_loss:.4f}},
 * {@code {loss}}); {@code monitor} defaults to {@code val_loss}; in {@code "auto"} mode losses and
 * errors go down and accuracies up; with {@code saveBestOnly} a model is saved only when the value
 * beats the best so far (the first value always does), and when the monitored value is missing
 * from the logs it warns and saves anyway, as Keras does. Saves are atomic. {@code saveFreq} is
 * {@code "epoch"}; saving every N batches is not supported.
 */
public final class ModelCheckpoint extends MonitorCallback {
    private static final Logger LOG = LoggerFactory.getLogger(ModelCheckpoint.class);
    private static final Pattern FIELD = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\\}");
    private static final Pattern SPEC = Pattern.compile("(0)?(\\d+)?(?:\\.(\\d+))?([dfeEgG%])?");

    private final String filepath;
    private boolean saveBestOnly;
    private boolean saveWeightsOnly;
    private int verbose;
    private Double best;

    /** Saves the whole model to {@code filepath} (ending in {@code .keras}) after every epoch, monitoring {@code val_loss}. */
    public ModelCheckpoint(String filepath) {
        this(filepath, "val_loss");
    }

    /**
     * Saves after every epoch, watching {@code monitor} for {@link #saveBestOnly}.
     *
     * @throws KerasException if the file name does not end in {@code .keras} (checked again when
     *     {@link #saveWeightsOnly} is set: {@code .weights.h5})
     */
    public ModelCheckpoint(String filepath, String monitor) {
        super("ModelCheckpoint", monitor, 0.0);
        if (filepath == null || filepath.isEmpty()) {
            throw new KerasException("ModelCheckpoint needs a filepath, e.g. \"model-{epoch:02d}.keras\".");
        }
        this.filepath = filepath;
        checkExtension();
    }

    /** Keras's {@code save_best_only}: save only when the monitored value improved. */
    public ModelCheckpoint saveBestOnly(boolean b) {
        this.saveBestOnly = b;
        return this;
    }

    /**
     * Keras's {@code save_weights_only}: {@code model.saveWeights} instead of {@code model.save}.
     *
     * @throws KerasException if the file name does not end in {@code .weights.h5}
     */
    public ModelCheckpoint saveWeightsOnly(boolean b) {
        this.saveWeightsOnly = b;
        checkExtension();
        return this;
    }

    /** Keras's {@code mode}: {@code "auto"}, {@code "min"} or {@code "max"}. */
    public ModelCheckpoint mode(String mode) {
        setMode(mode);
        return this;
    }

    /**
     * Keras's {@code save_freq}: only {@code "epoch"} is supported.
     *
     * @throws KerasException for anything else
     */
    public ModelCheckpoint saveFreq(String freq) {
        if (!"epoch".equals(freq)) {
            throw new KerasException("Unrecognized save_freq: " + freq + ". jkeras's ModelCheckpoint saves once per"
                    + " epoch (save_freq=\"epoch\").");
        }
        return this;
    }

    /** 1 prints Keras's messages when the callback saves or skips. */
    public ModelCheckpoint verbose(int v) {
        this.verbose = v;
        return this;
    }

    private void checkExtension() {
        if (saveWeightsOnly && !filepath.endsWith(".weights.h5")) {
            throw new KerasException("When using `save_weights_only=True` in `ModelCheckpoint`, the filepath provided"
                    + " must end in `.weights.h5` (Keras weights format). Received: filepath=" + filepath);
        }
        if (!saveWeightsOnly && !filepath.endsWith(".keras") && !filepath.endsWith(".weights.h5")) {
            throw new KerasException("The filepath provided must end in `.keras` (Keras model format). Received: filepath="
                    + filepath);
        }
    }

    @Override
    public void onTrainBegin() {
        checkExtension();
        if (!saveWeightsOnly && filepath.endsWith(".weights.h5")) {
            throw new KerasException("The filepath provided must end in `.keras` (Keras model format). Received: filepath="
                    + filepath + " (call saveWeightsOnly(true) to save weights).");
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        resolveDirection();
        String path = format(filepath, epoch + 1, logs);
        if (saveBestOnly) {
            Double current = logs.get(monitor);
            if (current == null) {
                LOG.warn("Can save best model only with {} available.", monitor);
            } else {
                String bestStr = best == null ? "None" : fixed5(best);
                if (!isImprovement(current, best)) {
                    say("\nEpoch " + (epoch + 1) + ": " + monitor + " did not improve from " + bestStr);
                    return;
                }
                say("\nEpoch " + (epoch + 1) + ": " + monitor + " improved from " + bestStr + " to " + fixed5(current)
                        + ", saving model to " + path);
                best = current;
            }
        } else {
            say("\nEpoch " + (epoch + 1) + ": saving model to " + path);
        }
        if (saveWeightsOnly) {
            model().saveWeights(Path.of(path));
        } else {
            model().save(Path.of(path));
        }
        say("\nEpoch " + (epoch + 1) + ": finished saving model to " + path);
    }

    private void say(String message) {
        if (verbose > 0) {
            Keras.output().println(message);
            Keras.output().flush();
        }
    }

    private static String fixed5(double v) {
        return Double.isInfinite(v) ? (v > 0 ? "inf" : "-inf") : Double.isNaN(v) ? "nan"
                : String.format(Locale.ROOT, "%.5f", v);
    }

    /**
     * Python's {@code filepath.format(epoch=epoch, **logs)} for the format specs paths use:
     * {@code {epoch}}, {@code {epoch:02d}}, {@code {val_loss:.4f}}, {@code {loss:.2e}}.
     *
     * @throws KerasException for a placeholder that is not {@code epoch} or a log name, as Keras's KeyError
     */
    static String format(String pattern, int epoch, Map<String, Double> logs) {
        Matcher m = FIELD.matcher(pattern);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            Object value;
            if (name.equals("epoch")) {
                value = epoch;
            } else if (logs.containsKey(name)) {
                value = logs.get(name);
            } else {
                throw new KerasException("Failed to format this callback filepath: \"" + pattern + "\". Reason: '" + name
                        + "' (the logs hold " + logs.keySet() + " and epoch).");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(formatValue(value, m.group(2), pattern)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String formatValue(Object value, String spec, String pattern) {
        if (spec == null || spec.isEmpty()) {
            return value instanceof Double d ? PythonFloats.repr(d) : value.toString();
        }
        Matcher s = SPEC.matcher(spec);
        if (!s.matches()) {
            throw new KerasException("Unsupported format spec '" + spec + "' in ModelCheckpoint filepath \"" + pattern
                    + "\"; jkeras formats [0][width][.precision][d|f|e|g].");
        }
        String zero = s.group(1) == null ? "" : "0";
        String width = s.group(2) == null ? "" : s.group(2);
        String type = s.group(4) == null ? "" : s.group(4);
        double d = ((Number) value).doubleValue();
        if (type.equals("d")) {
            if (!(value instanceof Integer)) {
                throw new KerasException("Unknown format code 'd' for object of type 'float' in ModelCheckpoint filepath \""
                        + pattern + "\".");
            }
            return String.format(Locale.ROOT, "%" + zero + width + "d", (Integer) value);
        }
        String precision = s.group(3) == null ? (type.isEmpty() ? "" : ".6") : "." + s.group(3);
        if (type.isEmpty()) {
            type = "g";
        }
        return String.format(Locale.ROOT, "%" + zero + width + precision + (type.equals("%") ? "f" : type),
                type.equals("%") ? d * 100 : d) + (type.equals("%") ? "%" : "");
    }
}
