package io.jkeras.callbacks;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.metrics.Metrics;
import io.jkeras.models.Sequential;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keras's {@code EarlyStopping}: stops {@code fit} when a monitored quantity has stopped
 * improving.
 *
 * <p>At the end of each epoch from {@code startFromEpoch} on, the monitored value improves when
 * it beats the best so far by more than {@code minDelta} (lower is better in {@code "min"} mode,
 * higher in {@code "max"}; {@code "auto"} reads the direction from the name: losses and errors go
 * down, accuracies up). After {@code patience} epochs in a row without improvement (and never in
 * the first epoch) the model is told to stop. With a {@code baseline}, an improvement only
 * resets the count when it also beats the baseline. With {@code restoreBestWeights}, the weights
 * of the best epoch are put back when training ends, stopped early or not.
 *
 * <pre>{@code
 * EarlyStopping stop = new EarlyStopping("loss", 3);   // three epochs without a better loss
 * model.fit(x, y, new FitOptions().epochs(100).callbacks(stop));
 * }</pre>
 */
public final class EarlyStopping implements Callback {
    private static final Logger LOG = LoggerFactory.getLogger(EarlyStopping.class);

    private final String monitor;
    private double minDelta;
    private int patience;
    private int verbose;
    private String mode = "auto";
    private Double baseline;
    private boolean restoreBestWeights;
    private int startFromEpoch;

    private Sequential model;
    private Boolean lowerIsBetter;
    private int wait;
    private int stoppedEpoch;
    private Double best;
    private int bestEpoch;
    private List<Tensor> bestWeights;

    /** Keras's defaults: {@code monitor="val_loss"}, {@code patience=0}, {@code minDelta=0}, {@code mode="auto"}. */
    public EarlyStopping() {
        this("val_loss", 0);
    }

    /** Watches {@code monitor} (a log name such as {@code "loss"} or {@code "val_accuracy"}) with this patience. */
    public EarlyStopping(String monitor, int patience) {
        if (monitor == null || monitor.isEmpty()) {
            throw new KerasException("EarlyStopping needs the name of a logged quantity to monitor, such as "
                    + "\"val_loss\". Received: " + (monitor == null ? "null" : "\"\"") + ".");
        }
        this.monitor = monitor;
        patience(patience);
    }

    /** Epochs without improvement after which training stops. */
    public EarlyStopping patience(int epochs) {
        if (epochs < 0) {
            throw new KerasException("EarlyStopping patience must be >= 0. Received: patience=" + epochs + ".");
        }
        this.patience = epochs;
        return this;
    }

    /** The smallest change that counts as an improvement (its sign is ignored, as in Keras). */
    public EarlyStopping minDelta(double delta) {
        this.minDelta = Math.abs(delta);
        return this;
    }

    /** {@code "auto"}, {@code "min"} or {@code "max"}. */
    public EarlyStopping mode(String mode) {
        String m = mode == null ? "" : mode.toLowerCase(Locale.ROOT);
        if (!m.equals("auto") && !m.equals("min") && !m.equals("max")) {
            throw new KerasException("EarlyStopping mode must be one of \"auto\", \"min\", \"max\". Received: mode="
                    + mode + ".");
        }
        this.mode = m;
        return this;
    }

    /** A value the monitored quantity must beat for an epoch to reset the patience count; {@code null} for none. */
    public EarlyStopping baseline(Double value) {
        this.baseline = value;
        return this;
    }

    /** Whether to put back the weights of the best epoch when training ends. */
    public EarlyStopping restoreBestWeights(boolean restore) {
        this.restoreBestWeights = restore;
        return this;
    }

    /** Epochs to wait before monitoring starts (a warm-up in which no improvement is expected). */
    public EarlyStopping startFromEpoch(int epochs) {
        if (epochs < 0) {
            throw new KerasException("EarlyStopping startFromEpoch must be >= 0. Received: " + epochs + ".");
        }
        this.startFromEpoch = epochs;
        return this;
    }

    /** 1 prints Keras's messages when training stops or weights are restored; 0 (the default) is silent. */
    public EarlyStopping verbose(int level) {
        this.verbose = level;
        return this;
    }

    /** The epoch (from 0) at which training was stopped, or 0 if it was not. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** The epoch (from 0) with the best monitored value so far. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The best monitored value so far, or {@code null} before one is seen. */
    public Double best() {
        return best;
    }

    @Override
    public void setModel(Sequential model) {
        this.model = model;
        this.lowerIsBetter = null; // read from this model's metrics at the first epoch's end
    }

    @Override
    public void onTrainBegin() {
        wait = 0;
        stoppedEpoch = 0;
        best = null;
        bestWeights = null;
        bestEpoch = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (lowerIsBetter == null) {
            lowerIsBetter = direction();
        }
        Double current = logs.get(monitor);
        if (current == null) {
            LOG.warn("Early stopping conditioned on metric `{}` which is not available. Available metrics are: {}",
                    monitor, String.join(",", logs.keySet()));
            return;
        }
        if (epoch < startFromEpoch) {
            return;
        }
        if (restoreBestWeights && bestWeights == null) {
            bestWeights = model().getWeights();
            bestEpoch = epoch;
        }
        wait++;
        if (isImprovement(current, best)) {
            best = current;
            bestEpoch = epoch;
            if (restoreBestWeights) {
                bestWeights = model().getWeights();
            }
            if (baseline == null || isImprovement(current, baseline)) {
                wait = 0;
            }
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            model().setStopTraining(true);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (stoppedEpoch > 0 && verbose > 0) {
            Keras.output().println("Epoch " + (stoppedEpoch + 1) + ": early stopping");
        }
        if (restoreBestWeights && bestWeights != null) {
            if (verbose > 0) {
                Keras.output().println("Restoring model weights from the end of the best epoch: " + (bestEpoch + 1) + ".");
            }
            model().setWeights(bestWeights);
        }
    }

    /** Keras's {@code _is_improvement}: beats the reference by more than {@code minDelta}, or there is none. */
    private boolean isImprovement(double value, Double reference) {
        if (reference == null) {
            return true;
        }
        return lowerIsBetter ? value + minDelta < reference : value - minDelta > reference;
    }

    /** Whether lower is better, from the mode or, in {@code "auto"} mode, from the name. */
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
        throw new KerasException("EarlyStopping callback received monitor=" + monitor + ", but jkeras isn't able to "
                + "automatically determine whether that metric should be maximized or minimized. Pass "
                + "mode(\"max\") in order to monitor based on the highest metric value, or pass mode(\"min\") "
                + "in order to use the lowest value.");
    }

    private Sequential model() {
        if (model == null) {
            throw new KerasException("EarlyStopping is not attached to a model; pass it to fit through "
                    + "FitOptions.callbacks(...).");
        }
        return model;
    }
}
