package io.jkeras.callbacks;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.models.Model;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.utils.PythonFloats;
import java.util.Map;

/**
 * Keras's {@code LearningRateScheduler}: before each epoch, sets the learning rate to
 * {@code schedule(epoch, currentRate)}; after it, logs the rate the epoch ran with as
 * {@code "learning_rate"}.
 *
 * <pre>{@code
 * // keep the rate for 10 epochs, then decay it by e^-0.1 per epoch
 * new LearningRateScheduler((epoch, lr) -> epoch < 10 ? lr : lr * Math.exp(-0.1))
 * }</pre>
 */
public final class LearningRateScheduler implements Callback {

    /** Keras's {@code schedule(epoch, lr)}: the epoch (from 0) and the current rate, giving the new rate. */
    @FunctionalInterface
    public interface Schedule {
        /** The learning rate for {@code epoch}, given the current one. */
        double apply(int epoch, double learningRate);
    }

    private final Schedule schedule;
    private final int verbose;
    private Model model;

    /** A silent scheduler. */
    public LearningRateScheduler(Schedule schedule) {
        this(schedule, 0);
    }

    /** With {@code verbose} 1, prints Keras's message each time the rate is set. */
    public LearningRateScheduler(Schedule schedule, int verbose) {
        if (schedule == null) {
            throw new KerasException("LearningRateScheduler needs a schedule (epoch, lr) -> new lr. Received: null.");
        }
        this.schedule = schedule;
        this.verbose = verbose;
    }

    @Override
    public void setModel(Model model) {
        this.model = model;
    }

    /**
     * Sets the rate for this epoch. As in Keras any rate of at least 0 is taken, 0 and rates
     * below float32's smallest value (which become 0) included, so a schedule that decays to 0
     * never stops a run.
     *
     * @throws KerasException if the schedule gives a negative, NaN or infinite rate, which Keras
     *     would set and train on (a negative rate climbs the loss, a NaN turns every weight into NaN)
     */
    @Override
    public void onEpochBegin(int epoch) {
        Optimizer optimizer = optimizer();
        double lr = schedule.apply(epoch, optimizer.getLearningRate());
        if (!(lr >= 0) || Float.isInfinite((float) lr)) {
            throw new KerasException("The schedule of LearningRateScheduler gave the learning rate " + lr
                    + " for epoch " + epoch + "; expected a value >= 0 that is finite in float32.");
        }
        optimizer.setLearningRate((float) lr);
        if (verbose > 0) {
            Keras.output().println("\nEpoch " + (epoch + 1) + ": LearningRateScheduler setting learning rate to "
                    + PythonFloats.repr(lr) + ".");
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        logs.put("learning_rate", (double) optimizer().getLearningRate());
    }

    private Optimizer optimizer() {
        if (model == null || model.getOptimizer() == null) {
            throw new KerasException("LearningRateScheduler is not attached to a compiled model; pass it to fit "
                    + "through FitOptions.callbacks(...).");
        }
        return model.getOptimizer();
    }
}
