package io.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Keras;
import io.jkeras.backend.DropoutMask;
import io.jkeras.backend.RecurrentDropout;
import io.jkeras.backend.RecurrentSpec;
import io.jkeras.backend.RecurrentSpec.Cell;
import io.jkeras.models.Sequential;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The recurrent layers' dropout masks: Keras 3's layout per cell, the rates, and the seeds the facade gives. */
class RecurrentDropoutTest {

    @BeforeEach
    void freshSession() {
        Keras.clearSession();
        Keras.setRandomSeed(7);
    }

    @Test
    void masksFollowKerasImplementations() {
        RecurrentDropout inputOnly = new RecurrentDropout(0.2f, 0f, 1);
        RecurrentDropout both = new RecurrentDropout(0.2f, 0.3f, 1);
        RecurrentDropout stateOnly = new RecurrentDropout(0f, 0.3f, 1);
        // Without recurrent_dropout (Keras's implementation 2): one input mask before every gate.
        assertEquals(1, inputOnly.inputMasks(Cell.LSTM));
        assertEquals(0, inputOnly.recurrentMasks(Cell.GRU));
        // With it (implementation 1): one input and one state mask per gate.
        assertEquals(4, both.inputMasks(Cell.LSTM));
        assertEquals(4, both.recurrentMasks(Cell.LSTM));
        assertEquals(3, both.inputMasks(Cell.GRU));
        assertEquals(0, stateOnly.inputMasks(Cell.GRU));
        assertEquals(3, stateOnly.recurrentMasks(Cell.GRU));
        assertEquals(1, both.inputMasks(Cell.SIMPLE_RNN));
        assertEquals(1, both.recurrentMasks(Cell.SIMPLE_RNN));
        assertEquals(4 * 5 * 3 + 4 * 5 * 2, both.size(Cell.LSTM, 5, 3, 2));
        assertFalse(RecurrentDropout.NONE.active());
    }

    @Test
    void fractionDroppedIsTheRateAndKeptValuesAreScaled() {
        int batch = 200;
        int features = 50;
        int units = 40;
        RecurrentDropout d = new RecurrentDropout(0.3f, 0.6f, 12345);
        float[] m = new float[d.size(Cell.GRU, batch, features, units)];
        d.fill(m, 0, Cell.GRU, batch, features, units, 3);
        int in = 3 * batch * features;
        double inputDropped = fractionZero(m, 0, in);
        double stateDropped = fractionZero(m, in, m.length);
        assertEquals(0.3, inputDropped, 0.01, "input masks");
        assertEquals(0.6, stateDropped, 0.01, "state masks");
        for (int i = 0; i < m.length; i++) {
            float scale = DropoutMask.scale(i < in ? 0.3f : 0.6f);
            assertTrue(m[i] == 0f || m[i] == scale, "value " + i + ": " + m[i]);
        }
        // Each gate's mask is its own draw.
        assertFalse(Arrays.equals(Arrays.copyOfRange(m, 0, batch * features),
                Arrays.copyOfRange(m, batch * features, 2 * batch * features)));
    }

    @Test
    void masksDependOnSeedAndStepOnly() {
        RecurrentDropout d = new RecurrentDropout(0.5f, 0.5f, 9);
        float[] a = new float[d.size(Cell.LSTM, 4, 3, 2)];
        float[] b = new float[a.length + 5];
        d.fill(a, 0, Cell.LSTM, 4, 3, 2, 7);
        d.fill(b, 5, Cell.LSTM, 4, 3, 2, 7);
        assertArrayEquals(a, Arrays.copyOfRange(b, 5, b.length), "the same step at another offset");
        float[] next = new float[a.length];
        d.fill(next, 0, Cell.LSTM, 4, 3, 2, 8);
        assertFalse(Arrays.equals(a, next), "another step draws other masks");
        float[] other = new float[a.length];
        new RecurrentDropout(0.5f, 0.5f, 10).fill(other, 0, Cell.LSTM, 4, 3, 2, 7);
        assertFalse(Arrays.equals(a, other), "another seed draws other masks");
    }

    @Test
    void seedIsGivenOrDrawnOnlyWhenTheLayerDrops() {
        LSTM plain = new LSTM(3);
        LSTM drawn = new LSTM(3);
        drawn.dropout(0.2);
        LSTM given = new LSTM(3);
        given.recurrentDropout(0.1).seed(42);
        withInput(plain);
        assertNull(plain.getSeed(), "no dropout, no seed");
        withInput(drawn);
        withInput(given);
        assertEquals(42L, given.getSeed());
        assertTrue(drawn.getSeed() != null);
        RecurrentSpec spec = (RecurrentSpec) drawn.toSpec();
        assertEquals(drawn.getSeed(), spec.dropout().seed());
        assertEquals(0.2f, spec.dropout().rate());
        // A layer without dropout leaves the global stream as it was: the next layer's weights do not change.
        Keras.clearSession();
        Keras.setRandomSeed(7);
        Sequential a = withInput(new LSTM(3).returnSequences(true), new GRU(2));
        Keras.clearSession();
        Keras.setRandomSeed(7);
        Sequential b = withInput(new LSTM(3).returnSequences(true).dropout(0), new GRU(2));
        assertArrayEquals(a.getWeights().get(3).data(), b.getWeights().get(3).data());
    }

    @Test
    void bidirectionalCopiesTheSettingsAndAGivenSeedToBothLayers() {
        Bidirectional seeded = new Bidirectional(new GRU(2).dropout(0.3).recurrentDropout(0.2).seed(5).returnSequences(true));
        withInput(seeded);
        assertEquals(5L, seeded.getForwardLayer().getSeed());
        assertEquals(5L, seeded.getBackwardLayer().getSeed());
        assertEquals(0.3f, seeded.getBackwardLayer().getDropout());
        assertTrue(seeded.getForwardLayer().getZeroOutputForMask() && seeded.getBackwardLayer().getZeroOutputForMask(),
                "Keras's Bidirectional zeroes masked steps of returned sequences");
        Bidirectional drawn = new Bidirectional(new LSTM(2).dropout(0.3));
        withInput(drawn);
        assertNotEquals(drawn.getForwardLayer().getSeed(), drawn.getBackwardLayer().getSeed(),
                "without a seed each layer draws its own, as Keras's seed=None");
        assertFalse(drawn.getForwardLayer().getZeroOutputForMask());
    }

    private static Sequential withInput(Layer... layers) {
        Sequential m = new Sequential();
        m.add(new Input(5, 2));
        for (Layer l : layers) {
            m.add(l);
        }
        return m;
    }

    private static double fractionZero(float[] m, int from, int to) {
        int zeros = 0;
        for (int i = from; i < to; i++) {
            zeros += m[i] == 0f ? 1 : 0;
        }
        return (double) zeros / (to - from);
    }
}
