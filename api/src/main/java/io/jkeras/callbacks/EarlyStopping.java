package io.jkeras.callbacks;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import java.util.List;
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
public final class EarlyStopping extends MonitorCallback {
    private static final Logger LOG = LoggerFactory.getLogger(EarlyStopping.class);

    private int patience;
    private int verbose;
    private Double baseline;
    private boolean restoreBestWeights;
    private int startFromEpoch;

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
        super("EarlyStopping", monitor, 0);
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
        setMinDelta(delta);
        return this;
    }

    /** {@code "auto"}, {@code "min"} or {@code "max"}. */
    public EarlyStopping mode(String mode) {
        setMode(mode);
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
    public void onTrainBegin() {
        wait = 0;
        stoppedEpoch = 0;
        best = null;
        bestWeights = null;
        bestEpoch = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        resolveDirection();
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
}
