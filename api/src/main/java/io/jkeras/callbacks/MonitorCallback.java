package io.jkeras.callbacks;

import io.jkeras.KerasException;
import io.jkeras.metrics.Metrics;
import io.jkeras.models.Model;
import java.util.Locale;

/**
 * What Keras's {@code MonitorCallback} shares between {@link EarlyStopping} and
 * {@link ReduceLROnPlateau}: the monitored log name, the mode, {@code minDelta}, the direction
 * read in {@code "auto"} mode (losses and errors go down, accuracies up), and whether a value is
 * an improvement.
 */
abstract class MonitorCallback implements Callback {
    /** The log name watched, e.g. {@code "val_loss"}. */
    final String monitor;
    private final String callbackName;
    private String mode = "auto";
    private double minDelta;
    private Model model;
    private Boolean lowerIsBetter;

    MonitorCallback(String callbackName, String monitor, double minDelta) {
        this.callbackName = callbackName;
        if (monitor == null || monitor.isEmpty()) {
            throw new KerasException(callbackName + " needs the name of a logged quantity to monitor, such as "
                    + "\"val_loss\". Received: " + (monitor == null ? "null" : "\"\"") + ".");
        }
        this.monitor = monitor;
        this.minDelta = Math.abs(minDelta);
    }

    final void setMode(String mode) {
        String m = mode == null ? "" : mode.toLowerCase(Locale.ROOT);
        if (!m.equals("auto") && !m.equals("min") && !m.equals("max")) {
            throw new KerasException(callbackName + " mode must be one of \"auto\", \"min\", \"max\". Received: mode="
                    + mode + ".");
        }
        this.mode = m;
        this.lowerIsBetter = null;
    }

    /** Keras's {@code min_delta}: its sign is ignored. */
    final void setMinDelta(double delta) {
        this.minDelta = Math.abs(delta);
    }

    @Override
    public void setModel(Model model) {
        this.model = model;
        this.lowerIsBetter = null; // read from this model's metrics at the first epoch's end
    }

    /** The model {@code fit} attached; a clear error when the callback was used outside {@code fit}. */
    final Model model() {
        if (model == null) {
            throw new KerasException(callbackName + " is not attached to a model; pass it to fit through "
                    + "FitOptions.callbacks(...).");
        }
        return model;
    }

    /** Resolves the direction now (Keras does it at the first epoch's end, even without a value). */
    final void resolveDirection() {
        if (lowerIsBetter == null) {
            lowerIsBetter = direction();
        }
    }

    /** Keras's {@code _is_improvement}: beats the reference by more than {@code minDelta}, or there is none. */
    final boolean isImprovement(double value, Double reference) {
        resolveDirection();
        if (reference == null) {
            return true;
        }
        return lowerIsBetter ? value + minDelta < reference : value - minDelta > reference;
    }

    private boolean direction() {
        if (!mode.equals("auto")) {
            return mode.equals("min");
        }
        String name = monitor.startsWith("val_") ? monitor.substring("val_".length()) : monitor;
        if (name.equals("loss")) {
            return true;
        }
        if (model != null && model.getMetricNames().contains(name)) {
            return !Metrics.higherIsBetter(name);
        }
        throw new KerasException(callbackName + " callback received monitor=" + monitor + ", but jkeras isn't able "
                + "to automatically determine whether that metric should be maximized or minimized. Pass "
                + "mode(\"max\") in order to monitor based on the highest metric value, or pass mode(\"min\") "
                + "in order to use the lowest value.");
    }
}
