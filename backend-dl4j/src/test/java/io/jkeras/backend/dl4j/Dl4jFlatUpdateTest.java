package io.jkeras.backend.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.backend.updates.UpdateRule;
import io.jkeras.optimizers.Adagrad;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.AdamW;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.RMSprop;
import io.jkeras.optimizers.SGD;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What the dl4j model assumes of the shared update rules when it runs them over DL4J's one flat
 * parameter vector with the summed gradient: one flat vector gives the same values as the
 * variables one by one, and dividing the gradient inside the update equals dividing it
 * beforehand, bit for bit.
 */
class Dl4jFlatUpdateTest {

    private static final Optimizer[] SPECS = {new Adam(1e-3f, 0.9f, 0.999f, 1e-7f, true), new SGD(0.01f, 0.9f, true),
        new RMSprop(0.001f, 0.9f, 0.5f, 1e-7f, true), new Adagrad(0.05f), new AdamW(1e-3f)};

    private static float[] random(Random rng, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextGaussian() * scale;
        }
        return a;
    }

    @Test
    void adamFirstStepMatchesKerasFormula() {
        // m = 0.1 g = 0.05, v = 0.001 g^2 = 2.5e-4, alpha = lr sqrt(0.001) / 0.1;
        // w -= alpha m / (sqrt(v) + 1e-7) = 0.1 * 0.0158114 / (0.0158114 + 1e-7).
        float[][] w = {{1f, -2f}};
        UpdateRule.of(new Adam(0.1f), new int[] {2}).apply(w, new float[][] {{0.5f, -0.5f}}, 1f, 1);
        double delta = 0.1 * Math.sqrt(2.5e-4) / (Math.sqrt(2.5e-4) + 1e-7);
        assertEquals(1 - delta, w[0][0], 1e-6);
        assertEquals(-2 + delta, w[0][1], 1e-6);
    }

    @Test
    void dividingInsideTheUpdateEqualsDividingBeforehand() {
        for (Optimizer spec : SPECS) {
            Random rng = new Random(1);
            float[][] inside = {random(rng, 1000, 0.5f)};
            float[][] before = {inside[0].clone()};
            UpdateRule a = UpdateRule.of(spec, new int[] {1000});
            UpdateRule b = UpdateRule.of(spec.copy(), new int[] {1000});
            for (long step = 1; step <= 3; step++) {
                float[] g = random(rng, 1000, 37f);
                float[] divided = new float[1000];
                for (int i = 0; i < 1000; i++) {
                    divided[i] = g[i] / 37f;
                }
                a.apply(inside, new float[][] {g}, 37f, step);
                b.apply(before, new float[][] {divided}, 1f, step);
            }
            assertArrayEquals(before[0], inside[0], spec.name());
        }
    }

    @Test
    void oneFlatVectorEqualsTheVariablesOneByOne() {
        for (Optimizer spec : SPECS) {
            Random rng = new Random(2);
            float[] flat = random(rng, 7, 0.5f);
            float[][] split = {java.util.Arrays.copyOfRange(flat, 0, 4), java.util.Arrays.copyOfRange(flat, 4, 7)};
            UpdateRule one = UpdateRule.of(spec, new int[] {7});
            UpdateRule two = UpdateRule.of(spec.copy(), new int[] {4, 3});
            for (long step = 1; step <= 3; step++) {
                float[] g = random(rng, 7, 1f);
                one.apply(new float[][] {flat}, new float[][] {g}, 8f, step);
                two.apply(split, new float[][] {java.util.Arrays.copyOfRange(g, 0, 4), java.util.Arrays.copyOfRange(g, 4, 7)},
                        8f, step);
            }
            float[] joined = new float[7];
            System.arraycopy(split[0], 0, joined, 0, 4);
            System.arraycopy(split[1], 0, joined, 4, 3);
            assertArrayEquals(joined, flat, spec.name());
        }
    }
}
