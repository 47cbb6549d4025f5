package io.jkeras.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.KerasException;
import io.jkeras.layers.Dense;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.SGD;
import io.jkeras.testing.Printout;
import io.jkeras.utils.PythonFloats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ReduceLROnPlateau} and {@link LearningRateScheduler} fed epochs by hand, as {@code fit}
 * would. The expected learning rates (as logged, float32 widened to double) and printouts are
 * what Keras 3.15's callbacks gave on the same sequences with a {@code keras.optimizers.SGD}.
 */
class LearningRateCallbacksTest {

    /** The learning rates logged per epoch, then the rate left at the end. */
    private record Run(List<Double> logged, double last) {
    }

    private static Sequential compiled(float lr) {
        Sequential model = new Sequential(new Dense(1));
        model.compile(new SGD(lr), "mse");
        return model;
    }

    private static Run plateau(ReduceLROnPlateau callback, float lr, double... losses) {
        Sequential model = compiled(lr);
        callback.setModel(model);
        callback.onTrainBegin();
        List<Double> logged = new ArrayList<>();
        for (int epoch = 0; epoch < losses.length; epoch++) {
            Map<String, Double> logs = new HashMap<>(Map.of("loss", losses[epoch]));
            callback.onEpochEnd(epoch, logs);
            logged.add(logs.get("learning_rate"));
        }
        return new Run(logged, model.getOptimizer().getLearningRate());
    }

    private static Run scheduled(LearningRateScheduler callback, float lr, int epochs) {
        Sequential model = compiled(lr);
        callback.setModel(model);
        List<Double> logged = new ArrayList<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            callback.onEpochBegin(epoch);
            Map<String, Double> logs = new HashMap<>(Map.of("loss", 1.0));
            callback.onEpochEnd(epoch, logs);
            logged.add(logs.get("learning_rate"));
        }
        return new Run(logged, model.getOptimizer().getLearningRate());
    }

    private static List<Double> doubles(String... reprs) {
        List<Double> out = new ArrayList<>();
        for (String r : reprs) {
            out.add(Double.parseDouble(r));
        }
        return out;
    }

    @Test
    void plateauHalvesAfterEachEpochWithoutImprovement() {
        assertEquals(new Run(doubles("0.10000000149011612", "0.10000000149011612", "0.05000000074505806",
                        "0.02500000037252903", "0.012500000186264515", "0.0062500000931322575"),
                        Double.parseDouble("0.0031250000465661287")),
                plateau(new ReduceLROnPlateau("loss", 0.5, 1), 0.1f, 1, 1, 1, 1, 1, 1));
    }

    @Test
    void plateauWaitsOutItsCooldown() {
        assertEquals(new Run(doubles("0.10000000149011612", "0.10000000149011612", "0.10000000149011612",
                        "0.10000000149011612", "0.009999999776482582", "0.009999999776482582",
                        "0.009999999776482582", "0.009999999776482582"), Double.parseDouble("0.0009999999310821295")),
                plateau(new ReduceLROnPlateau("loss", 0.1, 2).cooldown(1), 0.1f, 1.0, 0.9, 0.95, 0.97, 0.96, 0.5, 0.6, 0.7));
    }

    @Test
    void plateauStopsAtMinLr() {
        assertEquals(new Run(doubles("0.009999999776482582", "0.009999999776482582", "0.0009999999310821295",
                        "0.0005000000237487257", "0.0005000000237487257"), Double.parseDouble("0.0005000000237487257")),
                plateau(new ReduceLROnPlateau("loss", 0.1, 0).minLr(0.0005), 0.01f, 1, 1, 1, 1, 1));
    }

    @Test
    void plateauIgnoresChangesSmallerThanMinDelta() {
        // 0.99995 is within the default minDelta of 1e-4 of 1.0: no improvement.
        assertEquals(new Run(doubles("0.10000000149011612", "0.10000000149011612", "0.05000000074505806",
                        "0.05000000074505806"), Double.parseDouble("0.02500000037252903")),
                plateau(new ReduceLROnPlateau("loss", 0.5, 1), 0.1f, 1.0, 0.99995, 0.9, 0.9));
    }

    @Test
    void plateauPrintsKerasMessage() {
        assertEquals("\nEpoch 2: ReduceLROnPlateau reducing learning rate to 0.05000000074505806.\n"
                        + "\nEpoch 3: ReduceLROnPlateau reducing learning rate to 0.02500000037252903.\n",
                Printout.textOf(() -> plateau(new ReduceLROnPlateau("loss", 0.5, 1).verbose(1), 0.1f, 1, 1, 1)));
    }

    @Test
    void plateauRejectsAFactorOfOneOrMore() {
        KerasException e = assertThrows(KerasException.class, () -> new ReduceLROnPlateau("loss", 1.0, 3));
        assertTrue(e.getMessage().contains("factor >= 1.0"), e.getMessage());
        assertThrows(KerasException.class, () -> new ReduceLROnPlateau().minLr(-1));
        assertThrows(KerasException.class, () -> new ReduceLROnPlateau().cooldown(-1));
    }

    @Test
    void schedulerSetsTheRateBeforeEachEpoch() {
        assertEquals(new Run(doubles("0.009999999776482582", "0.009999999776482582", "0.009048374369740486",
                        "0.008187307976186275", "0.007408182602375746"), Double.parseDouble("0.007408182602375746")),
                scheduled(new LearningRateScheduler((epoch, lr) -> epoch < 2 ? lr : lr * Math.exp(-0.1)), 0.01f, 5));
    }

    @Test
    void schedulerPrintsKerasMessage() {
        String out = Printout.textOf(() -> assertEquals(doubles("0.004999999888241291", "0.0024999999441206455"),
                scheduled(new LearningRateScheduler((epoch, lr) -> lr * 0.5, 1), 0.01f, 2).logged()));
        assertEquals("\nEpoch 1: LearningRateScheduler setting learning rate to 0.004999999888241291.\n"
                + "\nEpoch 2: LearningRateScheduler setting learning rate to 0.0024999999441206455.\n", out);
    }

    @Test
    void schedulerRejectsANegativeNaNOrInfiniteRate() {
        KerasException e = assertThrows(KerasException.class,
                () -> scheduled(new LearningRateScheduler((epoch, lr) -> epoch == 1 ? Double.NaN : lr), 0.01f, 3));
        assertEquals("The schedule of LearningRateScheduler gave the learning rate NaN for epoch 1; expected a value "
                + ">= 0 that is finite in float32.", e.getMessage());
        assertThrows(KerasException.class, () -> scheduled(new LearningRateScheduler((epoch, lr) -> 1e39), 0.01f, 1));
        assertThrows(KerasException.class, () -> scheduled(new LearningRateScheduler((epoch, lr) -> -1e-3), 0.01f, 1));
        assertThrows(KerasException.class,
                () -> scheduled(new LearningRateScheduler((epoch, lr) -> Double.POSITIVE_INFINITY), 0.01f, 1));
        assertThrows(KerasException.class, () -> new LearningRateScheduler(null));
    }

    @Test
    void schedulerThatDecaysToZeroKeepsTheRunGoing() {
        // Keras sets 0 (and 1e-50, which is 0 in float32) and trains on; a linear decay to 0 is common.
        assertEquals(new Run(doubles("0.009999999776482582", "0.0", "0.0"), 0.0),
                scheduled(new LearningRateScheduler((epoch, lr) -> epoch == 0 ? lr : epoch == 1 ? 0.0 : 1e-50), 0.01f, 3));
    }

    @Test
    void plateauWithAFactorOfZeroDrivesTheRateToZeroAndKeepsTheRunGoing() {
        // Keras: max(0.1 * 0, min_lr=0) = 0.0, then 0.0 > float32(0) is false: no further reduction.
        String out = Printout.textOf(() -> assertEquals(
                new Run(doubles("0.10000000149011612", "0.10000000149011612", "0.0", "0.0"), 0.0),
                plateau(new ReduceLROnPlateau("loss", 0.0, 1).verbose(1), 0.1f, 1, 1, 1, 1)));
        assertEquals("\nEpoch 2: ReduceLROnPlateau reducing learning rate to 0.0.\n", out);
    }

    @Test
    void plateauWithANegativeOrTinyFactorStopsAtMinLr() {
        // a negative factor is allowed by Keras: max(-0.05, 0.0) = 0.0
        assertEquals(new Run(doubles("0.10000000149011612", "0.10000000149011612", "0.0"), 0.0),
                plateau(new ReduceLROnPlateau("loss", -0.5, 0), 0.1f, 1, 1, 1));
        // 0.1 * 1e-50 is 0 in float32: the optimizer takes 0, as Keras's float32 variable does
        String out = Printout.textOf(() -> assertEquals(new Run(doubles("0.10000000149011612", "0.10000000149011612"), 0.0),
                plateau(new ReduceLROnPlateau("loss", 1e-50, 0).verbose(1), 0.1f, 1, 1)));
        assertEquals("\nEpoch 2: ReduceLROnPlateau reducing learning rate to " + PythonFloats.repr(0.10000000149011612 * 1e-50)
                + ".\n", out);
    }

    @Test
    void plateauRejectsAMinLrThatIsNotAFiniteRate() {
        assertEquals("ReduceLROnPlateau minLr must be a finite number >= 0. Received: minLr=NaN.",
                assertThrows(KerasException.class, () -> new ReduceLROnPlateau().minLr(Double.NaN)).getMessage());
        assertThrows(KerasException.class, () -> new ReduceLROnPlateau().minLr(Double.POSITIVE_INFINITY));
        assertThrows(KerasException.class, () -> new ReduceLROnPlateau("loss", Double.NaN, 1));
    }
}
