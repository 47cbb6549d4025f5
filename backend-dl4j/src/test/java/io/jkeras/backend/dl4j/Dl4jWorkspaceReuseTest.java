package io.jkeras.backend.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.activations.Activation;
import io.jkeras.backend.Backend;
import io.jkeras.backend.BackendConfig;
import io.jkeras.backend.DenseSpec;
import io.jkeras.backend.InputSpec;
import io.jkeras.backend.ModelSpec;
import io.jkeras.backend.RecurrentSpec;
import io.jkeras.backend.RecurrentSpec.Cell;
import io.jkeras.backend.TrainableModel;
import io.jkeras.backend.TrainingSpec;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adam;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which calls keep their thread's ND4J workspaces and the recurrent layers' working arrays: a loop
 * of equal large calls reuses them (DL4J sizes them in its first calls and then allocates nothing),
 * a one-off large call and a failed call free them when they end, so no call leaves a larger call's
 * memory behind.
 */
class Dl4jWorkspaceReuseTest {
    private static final Backend BACKEND = new Dl4jBackendProvider().create(BackendConfig.defaults());

    @BeforeEach
    void fresh() {
        Keras.clearSession();
        Keras.setRandomSeed(7);
        Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    }

    @AfterEach
    void javaCppsLimits() {
        Dl4jMemory.setLimitsForTest(null);
        Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    }

    private static Tensor random(Random r, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian();
        }
        return t;
    }

    private static long held() {
        return Dl4jMemory.threadWorkspaceBytes();
    }

    /** A model whose training step at batch 512 is estimated above the 64 MB a thread keeps between calls. */
    private static Sequential large() {
        Sequential m = new Sequential().add(new Input(64)).add(new Dense(2048).activation(Activation.RELU))
                .add(new Dense(2048).activation(Activation.RELU)).add(new Dense(4));
        m.compile(new Adam(0.001f), new MeanSquaredError(), List.of(), BACKEND);
        return m;
    }

    @Test
    void equalLargeStepsReuseTheirWorkspacesAndAOneOffLargeCallFreesThem() {
        Sequential m = large();
        Random r = new Random(3);
        Tensor x = random(r, 512, 64);
        Tensor y = random(r, 512, 4);
        long kept = sizedRun(m, x, y);
        for (int i = 0; i < 4; i++) {
            m.trainOnBatch(x, y);
            assertEquals(kept, held(), "equal steps reuse the same workspaces, step " + (i + 5));
        }
        m.predictOnBatch(random(r, 2000, 64));
        assertEquals(0, held(), "a one-off large predict (another call and batch size) frees them");
        assertEquals(kept, sizedRun(m, x, y), "a new run of steps sizes them as the run before");
    }

    /**
     * Four equal training steps: the first frees what it sized, the second keeps it, and by the fourth DL4J's two
     * alternating activation workspaces have had their first use too. Returns what the thread then holds.
     */
    private static long sizedRun(Sequential m, Tensor x, Tensor y) {
        m.trainOnBatch(x, y);
        assertEquals(0, held(), "the first large step of a run frees what it sized");
        m.trainOnBatch(x, y);
        assertTrue(held() > 0, "the second equal step keeps the workspaces it sized");
        m.trainOnBatch(x, y);
        m.trainOnBatch(x, y);
        return held();
    }

    @Test
    void aRefusedOrFailedCallFreesTheWorkspacesAndTheResidentCheckCountsThemOnce() {
        Sequential m = large();
        Random r = new Random(4);
        Tensor x = random(r, 512, 64);
        Tensor y = random(r, 512, 4);
        long step = estimate(m, x, y);
        long kept = sizedRun(m, x, y);
        // A physical limit that the resident memory less the workspaces the step reuses, plus its estimate, stays under,
        // and the resident memory plus the whole estimate does not: the step runs, the workspaces counted once.
        long resident = org.bytedeco.javacpp.Pointer.physicalBytes();
        Dl4jMemory.setLimitsForTest(new long[] {0, resident + step - kept / 4});
        m.trainOnBatch(x, y);
        assertEquals(kept, held(), "the step reused the workspaces");
        Dl4jMemory.setLimitsForTest(new long[] {0, 1});
        assertThrows(KerasException.class, () -> m.trainOnBatch(x, y));
        Dl4jMemory.setLimitsForTest(null);
        assertThrows(KerasException.class, () -> m.trainOnBatch(random(r, 512, 63), y));
        assertEquals(0, held(), "a failed call frees the thread's workspaces");
    }

    /** The step's estimate in bytes, read from the refusal under a limit of one byte. */
    private static long estimate(Sequential m, Tensor x, Tensor y) {
        Dl4jMemory.setLimitsForTest(new long[] {0, 1});
        try {
            KerasException e = assertThrows(KerasException.class, () -> m.trainOnBatch(x, y));
            return Long.parseLong(e.getMessage().replaceAll("(?s).*needs up to (\\d+) bytes.*", "$1"));
        } finally {
            Dl4jMemory.setLimitsForTest(null);
        }
    }

    /** LSTM(64) over 32 steps of 8 features, then Dense(1): a training step at batch 2048 is estimated above 64 MB. */
    private static TrainableModel lstm(Random r) {
        RecurrentSpec rnn = new RecurrentSpec("lstm", Cell.LSTM, new int[] {32, 8}, 64, Activation.TANH,
                Activation.SIGMOID, true, false, false, null);
        ModelSpec spec = ModelSpec.chain("m", new InputSpec("input", new int[] {32, 8}),
                List.of(rnn, new DenseSpec("dense", 64, 1, Activation.LINEAR, true, null, null)));
        Map<String, List<Tensor>> weights = Map.of(
                "lstm", List.of(random(r, 8, 256), random(r, 64, 256), random(r, 256)),
                "dense", List.of(random(r, 64, 1), random(r, 1)));
        return BACKEND.build(spec, new TrainingSpec(new MeanSquaredError(), new Adam(0.001f)), weights);
    }

    @Test
    void theRecurrentLayersArraysFollowTheWorkspaceRule() {
        Random r = new Random(5);
        try (TrainableModel t = lstm(r)) {
            Dl4jModel m = (Dl4jModel) t;
            List<Tensor> x = List.of(random(r, 2048, 32, 8));
            List<Tensor> y = List.of(random(r, 2048, 1));
            m.trainOnBatch(x, y, false);
            assertEquals(0, m.layerScratchBytes(), "the first large step of a run lets go of its arrays");
            m.trainOnBatch(x, y, false);
            long kept = m.layerScratchBytes();
            // Inputs (32 * 2048 * 8), gates (32 * 2048 * 256), h, c, tanh(c) (3 * 32 * 2048 * 64) and more, 4 bytes each.
            assertTrue(kept > 4L * 32 * 2048 * (8 + 256 + 3 * 64), "an equal second step keeps them: " + kept);
            m.trainOnBatch(x, y, false);
            assertEquals(kept, m.layerScratchBytes(), "a third equal step reuses the same arrays");
            m.predictOnBatch(List.of(random(r, 3000, 32, 8)));
            assertEquals(0, m.layerScratchBytes(), "a one-off large predict lets go of them");
            m.predictOnBatch(List.of(random(r, 4, 32, 8)));
            long small = m.layerScratchBytes();
            assertTrue(small > 0, "a small call keeps its arrays");
            m.predictOnBatch(List.of(random(r, 4, 32, 8)));
            assertEquals(small, m.layerScratchBytes(), "and the next small call of that size reuses them");
            assertThrows(KerasException.class, () -> m.predictOnBatch(List.of(random(r, 4, 32, 7))));
            assertEquals(0, m.layerScratchBytes(), "a failed call lets go of them");
        }
    }
}
