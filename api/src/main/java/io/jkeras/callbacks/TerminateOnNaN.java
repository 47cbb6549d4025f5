package io.jkeras.callbacks;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.models.Model;
import io.jkeras.utils.PythonFloats;
import java.util.Map;

/**
 * Keras's {@code TerminateOnNaN}: ends {@code fit} at the first batch whose loss (the epoch's
 * running mean, as Keras logs it) is NaN or infinite. By default it prints
 * {@code Batch 3: Invalid loss, terminating training} and stops the model gracefully, so the
 * epoch closes and every callback's {@code onTrainEnd} runs; with {@code raiseError} it throws
 * instead, skipping that cleanup.
 */
public final class TerminateOnNaN implements Callback {
    private final boolean raiseError;
    private Model model;

    /** Keras's default: stop gracefully. */
    public TerminateOnNaN() {
        this(false);
    }

    /** Stops gracefully, or throws a {@link KerasException} when {@code raiseError}. */
    public TerminateOnNaN(boolean raiseError) {
        this.raiseError = raiseError;
    }

    @Override
    public void setModel(Model model) {
        this.model = model;
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        Double loss = logs.get("loss");
        if (loss == null || !(loss.isNaN() || loss.isInfinite())) {
            return;
        }
        if (raiseError) {
            throw new KerasException("NaN or Inf loss encountered at batch " + batch + ". Loss value: "
                    + PythonFloats.repr(loss) + ". Terminating training immediately.");
        }
        Keras.output().println("Batch " + batch + ": Invalid loss, terminating training");
        if (model != null) {
            model.setStopTraining(true);
        }
    }
}
