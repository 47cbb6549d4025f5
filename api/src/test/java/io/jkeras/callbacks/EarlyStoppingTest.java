package io.jkeras.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.models.Sequential;
import io.jkeras.testing.Printout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link EarlyStopping} fed epoch logs by hand, as {@code fit} would. Every expected outcome
 * (epochs run, stopped epoch, best value and epoch, restored weights) was produced by Keras
 * 3.15's {@code keras.callbacks.EarlyStopping} on the same sequence of values, with the model's
 * weight set to {@code 10 * epoch} before each epoch's end.
 */
class EarlyStoppingTest {

    /** What one simulated {@code fit} did. */
    private record Outcome(int epochsRun, int stoppedEpoch, Double best, int bestEpoch, float weight) {
    }

    private static Outcome run(EarlyStopping stop, String monitor, double... values) {
        Sequential model = new Sequential();
        model.add(new Input(1));
        model.add(new Dense(1, "linear").useBias(false));
        stop.setModel(model);
        model.setStopTraining(false);
        stop.onTrainBegin();
        int run = 0;
        for (int epoch = 0; epoch < values.length && !model.isStopTraining(); epoch++) {
            setWeight(model, 10f * epoch);
            run++;
            stop.onEpochEnd(epoch, Map.of(monitor, values[epoch]));
        }
        stop.onTrainEnd(Map.of());
        return new Outcome(run, stop.stoppedEpoch(), stop.best(), stop.bestEpoch(), model.getWeights().get(0).item());
    }

    private static void setWeight(Sequential model, float w) {
        model.setWeights(List.of(Tensor.of(new float[] {w}, 1, 1)));
    }

    @Test
    void patienceCountsEpochsWithoutImprovement() {
        assertEquals(new Outcome(4, 3, 0.9, 1, 30f),
                run(new EarlyStopping("loss", 2), "loss", 1.0, 0.9, 0.95, 0.97, 0.5));
        assertEquals(new Outcome(3, 2, 0.9, 1, 20f),
                run(new EarlyStopping("loss", 0), "loss", 1.0, 0.9, 0.95, 0.97, 0.5));
    }

    @Test
    void anImprovementMustExceedMinDelta() {
        assertEquals(new Outcome(3, 2, 0.95, 1, 20f),
                run(new EarlyStopping("loss", 1).minDelta(0.04), "loss", 1.0, 0.95, 0.92, 0.91, 0.5));
        // The sign of minDelta is ignored, as in Keras.
        assertEquals(new Outcome(3, 2, 0.95, 1, 20f),
                run(new EarlyStopping("loss", 1).minDelta(-0.04), "loss", 1.0, 0.95, 0.92, 0.91, 0.5));
    }

    @Test
    void improvementsThatMissTheBaselineDoNotResetPatience() {
        assertEquals(new Outcome(6, 0, 0.5, 5, 50f),
                run(new EarlyStopping("loss", 2).baseline(0.75), "loss", 1.0, 0.9, 0.8, 0.7, 0.6, 0.5));
    }

    @Test
    void restoresTheBestEpochsWeights() {
        assertEquals(new Outcome(4, 3, 0.9, 1, 10f),
                run(new EarlyStopping("loss", 2).restoreBestWeights(true), "loss", 1.0, 0.9, 0.95, 0.97, 0.99, 0.98));
        assertEquals(new Outcome(3, 2, 0.6, 1, 10f),
                run(new EarlyStopping("val_accuracy", 1).mode("max").restoreBestWeights(true), "val_accuracy",
                        0.5, 0.6, 0.55, 0.4, 0.3));
    }

    @Test
    void monitoringStartsAtStartFromEpoch() {
        assertEquals(new Outcome(4, 3, 3.0, 2, 30f),
                run(new EarlyStopping("loss", 0).startFromEpoch(2), "loss", 1.0, 2.0, 3.0, 4.0, 5.0));
    }

    @Test
    void aNaNIsNeverAnImprovement() {
        assertEquals(new Outcome(2, 1, 1.0, 0, 10f),
                run(new EarlyStopping("loss", 1), "loss", 1.0, Double.NaN, 0.5, 0.4));
    }

    @Test
    void aMissingQuantityIsSkippedNotFatal() {
        Outcome o = run(new EarlyStopping(), "loss", 1.0, 2.0, 3.0);
        assertEquals(new Outcome(3, 0, null, 0, 20f), o);
    }

    @Test
    void autoModeNeedsADirectionItCanRead() {
        // "loss" and "val_loss" go down; a metric's direction comes from the compiled model
        // (TrainingConformance covers that), and an uncompiled model has none.
        Sequential model = new Sequential();
        model.add(new Input(1));
        model.add(new Dense(1));
        EarlyStopping stop = new EarlyStopping("val_accuracy", 0);
        stop.setModel(model);
        stop.onTrainBegin();
        KerasException e = assertThrows(KerasException.class, () -> stop.onEpochEnd(0, Map.of("val_accuracy", 0.5)));
        assertTrue(e.getMessage().contains("monitor=val_accuracy") && e.getMessage().contains("mode(\"max\")"),
                e.getMessage());
        assertEquals(new Outcome(2, 1, 0.5, 0, 10f), run(new EarlyStopping("val_mae", 0).mode("min"), "val_mae", 0.5, 0.6, 0.1));
    }

    @Test
    void unknownModeOrNegativePatienceIsRejected() {
        KerasException e = assertThrows(KerasException.class, () -> new EarlyStopping().mode("lowest"));
        assertTrue(e.getMessage().contains("\"auto\", \"min\", \"max\""), e.getMessage());
        assertThrows(KerasException.class, () -> new EarlyStopping("loss", -1));
        assertThrows(KerasException.class, () -> new EarlyStopping(null, 0));
    }

    @Test
    void verbosePrintsKerasMessages() {
        assertEquals("Epoch 3: early stopping\nRestoring model weights from the end of the best epoch: 2.\n",
                Printout.textOf(() -> run(new EarlyStopping("loss", 1).restoreBestWeights(true).verbose(1), "loss",
                        1.0, 0.9, 0.95, 0.97)));
    }

    @Test
    void silentByDefault() {
        assertEquals("", Printout.textOf(() -> run(new EarlyStopping("loss", 0), "loss", 1.0, 2.0)));
        assertNull(new EarlyStopping().best());
    }
}
