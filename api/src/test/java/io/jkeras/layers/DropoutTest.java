package io.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.backend.DropoutMask;
import io.jkeras.backend.DropoutSpec;
import io.jkeras.models.Sequential;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Dropout layer in the facade, and the shared mask every backend draws. */
class DropoutTest {

    @BeforeEach
    void freshSession() {
        Keras.clearSession();
        Keras.setRandomSeed(7);
    }

    @Test
    void rateMustBeInZeroOne() {
        KerasException e = assertThrows(KerasException.class, () -> new Dropout(1f));
        assertTrue(e.getMessage().contains("Received: rate=1.0"), e.getMessage());
        assertThrows(KerasException.class, () -> new Dropout(-0.1f));
        assertThrows(KerasException.class, () -> new Dropout(Float.NaN));
        assertEquals(0f, new Dropout(0f).getRate());
    }

    @Test
    void keepsTheShapeHasNoWeightsAndShowsInTheSummary() {
        Sequential m = new Sequential();
        m.add(new Input(784));
        m.add(new Dense(64, "relu"));
        m.add(new Dropout(0.2f));
        m.add(new Dense(10, "softmax"));
        assertEquals("dropout", m.getLayer(1).getName());
        assertTrue(Arrays.equals(new int[] {64}, m.getLayer(1).outputShape()));
        assertEquals(0, m.getLayer(1).countParams());
        assertTrue(m.summaryString().contains("│ dropout (Dropout)               │ (None, 64)             │             0 │"),
                m.summaryString());
        DropoutSpec spec = (DropoutSpec) m.getLayer(1).toSpec();
        assertEquals(64, spec.size());
        assertEquals(0.2f, spec.rate());
    }

    @Test
    void withoutASeedTheLayerDrawsOneFromTheGlobalSeed() {
        long first = builtDropoutSeed();
        Keras.clearSession();
        Keras.setRandomSeed(7);
        assertEquals(first, builtDropoutSeed());
        Keras.setRandomSeed(8);
        assertNotEquals(first, builtDropoutSeed());
        Dropout seeded = new Dropout(0.5f, 123);
        new Sequential().add(new Input(3)).add(seeded);
        assertEquals(123, seeded.getSeed());
    }

    private static long builtDropoutSeed() {
        Dropout d = new Dropout(0.5f);
        new Sequential().add(new Input(3)).add(new Dense(2)).add(d);
        return d.getSeed();
    }

    @Test
    void maskDropsTheRateAndScalesTheRest() {
        float rate = 0.3f;
        float[] mask = new float[200_000];
        DropoutMask.fill(mask, mask.length, 99, 5, rate);
        int dropped = 0;
        for (float v : mask) {
            if (v == 0f) {
                dropped++;
            } else {
                assertEquals((float) (1 / 0.7), v);
            }
        }
        // Binomial(200000, 0.3): the standard deviation of the fraction is 0.001.
        assertEquals(0.3, dropped / (double) mask.length, 0.005);
    }

    /**
     * The mask is the documented draw, {@code u >= rate ? 1 / (1 - rate) : 0} with {@code u} the
     * top 24 bits of SplitMix64 over 2^24, written here as a plain loop with the comparison in
     * float: rates on the 2^-24 grid (0.25, 0.5) and off it, near 0 and near 1.
     */
    @Test
    void maskIsTheSplitMixDrawComparedWithTheRate() {
        long golden = 0x9E3779B97F4A7C15L;
        for (float rate : new float[] {0f, 1e-7f, 0.1f, 0.25f, 0.3f, 0.5f, 0.9999f, 0.99999994f}) {
            float[] mask = new float[5000];
            DropoutMask.fill(mask, 3, 4990, 42, 7, 11, rate);
            long base = splitMix(42 + 7 * golden);
            float scale = DropoutMask.scale(rate);
            for (int i = 0; i < 4990; i++) {
                float u = (splitMix(base + (11 + i + 1) * golden) >>> 40) * 0x1.0p-24f;
                assertEquals(u >= rate ? scale : 0f, mask[3 + i], "rate " + rate + " at " + i);
            }
            assertEquals(0f, mask[0] + mask[1] + mask[2] + mask[4993] + mask[4999], "outside the range");
        }
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Test
    void maskDependsOnSeedStepAndPositionOnly() {
        float[] a = new float[1000];
        float[] b = new float[1000];
        DropoutMask.fill(a, 1000, 1, 0, 0.5f);
        DropoutMask.fill(b, 1000, 1, 0, 0.5f);
        assertTrue(Arrays.equals(a, b), "same seed and step");
        DropoutMask.fill(b, 1000, 1, 1, 0.5f);
        assertTrue(!Arrays.equals(a, b), "another step");
        DropoutMask.fill(b, 1000, 2, 0, 0.5f);
        assertTrue(!Arrays.equals(a, b), "another seed");
        float[] prefix = new float[10];
        DropoutMask.fill(prefix, 10, 1, 0, 0.5f);
        assertTrue(Arrays.equals(prefix, Arrays.copyOf(a, 10)), "a value's mask does not depend on the batch size");
        float[] none = new float[10];
        DropoutMask.fill(none, 10, 1, 0, 0f);
        for (float v : none) {
            assertEquals(1f, v);
        }
    }

    @Test
    void noiseShapeSharesOneDrawAlongItsAxesOfSizeOne() {
        int batch = 3;
        int[] shape = {2, 3, 4};
        float[] mask = new float[batch * 24];
        io.jkeras.backend.DropoutMask.fill(mask, batch, shape, new int[] {1, 1, 4}, 9, 2, 0.5f);
        float[] channels = new float[batch * 4];
        DropoutMask.fill(channels, channels.length, 9, 2, 0.5f);
        for (int b = 0; b < batch; b++) {
            for (int p = 0; p < 6; p++) {
                for (int c = 0; c < 4; c++) {
                    assertEquals(channels[b * 4 + c], mask[(b * 6 + p) * 4 + c], "sample " + b + " position " + p);
                }
            }
        }
        float[] rows = new float[batch * 24];
        io.jkeras.backend.DropoutMask.fill(rows, batch, shape, new int[] {2, 1, 1}, 9, 2, 0.5f);
        float[] draws = new float[batch * 2];
        DropoutMask.fill(draws, draws.length, 9, 2, 0.5f);
        for (int k = 0; k < rows.length; k++) {
            assertEquals(draws[k / 12], rows[k], "value " + k);
        }
        float[] full = new float[batch * 24];
        io.jkeras.backend.DropoutMask.fill(full, batch, shape, shape, 9, 2, 0.5f);
        float[] flat = new float[batch * 24];
        DropoutMask.fill(flat, flat.length, 9, 2, 0.5f);
        org.junit.jupiter.api.Assertions.assertArrayEquals(flat, full, "no broadcast axis: the plain mask");
    }
}
