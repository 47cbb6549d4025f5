package io.jkeras.callbacks;

import io.jkeras.models.Model;
import java.util.Map;

/**
 * Keras's {@code Callback}: hooks into {@code fit}. Logs map names ({@code "loss"},
 * {@code "accuracy"}, {@code "val_loss"}...) to values.
 */
public interface Callback {
    /**
     * Keras's {@code set_model}: {@code fit} hands every callback the model it trains, before
     * {@link #onTrainBegin()}. Callbacks that act on the model (stop it, read or restore its
     * weights) keep it.
     */
    default void setModel(Model model) {
    }

    /** Before the first epoch. */
    default void onTrainBegin() {
    }

    /** After the last epoch (or after training was stopped). */
    default void onTrainEnd(Map<String, Double> logs) {
    }

    /** Before epoch {@code epoch} (from 0). */
    default void onEpochBegin(int epoch) {
    }

    /**
     * After epoch {@code epoch}, with the epoch's loss and metrics and their validation values.
     * As in Keras, every callback gets the same map, in the order they were given, followed by
     * {@code History} and the progress bar: an entry a callback adds (as
     * {@link ReduceLROnPlateau} adds {@code learning_rate}) is recorded and printed.
     */
    default void onEpochEnd(int epoch, Map<String, Double> logs) {
    }

    /** After batch {@code batch} of the current epoch, with the running loss and metrics. */
    default void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    }
}
