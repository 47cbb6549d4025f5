package io.jkeras.callbacks;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.utils.PythonFloats;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keras's {@code ReduceLROnPlateau}: multiplies the learning rate by {@code factor} when a
 * monitored quantity has stopped improving for {@code patience} epochs.
 *
 * <p>At each epoch's end it first logs the learning rate the epoch ran with as
 * {@code "learning_rate"} (so {@code History} and the progress line show it), then compares the
 * monitored value with the best so far (an improvement must beat it by more than
 * {@code minDelta}, default {@code 1e-4}). After {@code patience} epochs without one, the rate
 * becomes {@code max(lr * factor, minLr)}, unless it is already at {@code minLr}; then
 * {@code cooldown} epochs pass before epochs without improvement count again.
 *
 * <pre>{@code
 * model.fit(x, y, new FitOptions().epochs(100).validationSplit(0.2)
 *         .callbacks(new ReduceLROnPlateau("val_loss", 0.2, 5).minLr(1e-4)));
 * }</pre>
 */
public final class ReduceLROnPlateau extends MonitorCallback {
    private static final Logger LOG = LoggerFactory.getLogger(ReduceLROnPlateau.class);

    private final double factor;
    private final int patience;
    private int verbose;
    private int cooldown;
    private double minLr;

    private Double best;
    private int wait;
    private int cooldownCounter;

    /** Keras's defaults: {@code monitor="val_loss"}, {@code factor=0.1}, {@code patience=10}, {@code minDelta=1e-4}. */
    public ReduceLROnPlateau() {
        this("val_loss", 0.1, 10);
    }

    /**
     * Watches {@code monitor} and multiplies the learning rate by {@code factor} after
     * {@code patience} epochs without improvement.
     *
     * @throws KerasException if {@code factor} is not below 1 (or NaN), or {@code patience} is negative
     */
    public ReduceLROnPlateau(String monitor, double factor, int patience) {
        super("ReduceLROnPlateau", monitor, 1e-4);
        if (!(factor < 1.0)) {
            throw new KerasException("ReduceLROnPlateau does not support a factor >= 1.0. Received factor=" + factor);
        }
        if (patience < 0) {
            throw new KerasException("ReduceLROnPlateau patience must be >= 0. Received: patience=" + patience + ".");
        }
        this.factor = factor;
        this.patience = patience;
    }

    /** The smallest change that counts as an improvement (its sign is ignored); default {@code 1e-4}. */
    public ReduceLROnPlateau minDelta(double delta) {
        setMinDelta(delta);
        return this;
    }

    /** {@code "auto"}, {@code "min"} or {@code "max"}. */
    public ReduceLROnPlateau mode(String mode) {
        setMode(mode);
        return this;
    }

    /** Epochs after a reduction before epochs without improvement count again. */
    public ReduceLROnPlateau cooldown(int epochs) {
        if (epochs < 0) {
            throw new KerasException("ReduceLROnPlateau cooldown must be >= 0. Received: cooldown=" + epochs + ".");
        }
        this.cooldown = epochs;
        return this;
    }

    /**
     * The lower bound of the learning rate (Keras's {@code min_lr}, default 0). The rate never
     * goes below it, and once at it is not reduced again; a rate of 0 is a valid rate, so a run
     * whose rate reaches 0 goes on.
     *
     * @throws KerasException if {@code lr} is negative, NaN or infinite
     */
    public ReduceLROnPlateau minLr(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new KerasException("ReduceLROnPlateau minLr must be a finite number >= 0. Received: minLr=" + lr + ".");
        }
        this.minLr = lr;
        return this;
    }

    /** 1 prints Keras's message at each reduction; 0 (the default) is silent. */
    public ReduceLROnPlateau verbose(int level) {
        this.verbose = level;
        return this;
    }

    @Override
    public void onTrainBegin() {
        best = null;
        cooldownCounter = 0;
        wait = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        resolveDirection();
        Optimizer optimizer = model().getOptimizer();
        if (optimizer == null) {
            throw new KerasException("ReduceLROnPlateau needs a compiled model; pass it to fit through "
                    + "FitOptions.callbacks(...).");
        }
        logs.put("learning_rate", (double) optimizer.getLearningRate());
        Double current = logs.get(monitor);
        if (current == null) {
            LOG.warn("Learning rate reduction is conditioned on metric `{}` which is not available. "
                    + "Available metrics are: {}.", monitor, String.join(",", logs.keySet()));
            return;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        if (isImprovement(current, best)) {
            best = current;
            wait = 0;
        } else if (cooldownCounter <= 0) {
            wait++;
            if (wait >= patience && reduce(optimizer, epoch)) {
                cooldownCounter = cooldown;
                wait = 0;
            }
        }
    }

    /** Keras's {@code _reduce_optimizer_lr}: whether the rate was above {@code minLr} and was lowered. */
    private boolean reduce(Optimizer optimizer, int epoch) {
        double old = optimizer.getLearningRate();
        if (!(old > (float) minLr)) {
            return false;
        }
        double lr = Math.max(old * factor, minLr);
        optimizer.setLearningRate((float) lr);
        if (verbose > 0) {
            Keras.output().println("\nEpoch " + (epoch + 1) + ": ReduceLROnPlateau reducing learning rate to "
                    + PythonFloats.repr(lr) + ".");
        }
        return true;
    }
}
