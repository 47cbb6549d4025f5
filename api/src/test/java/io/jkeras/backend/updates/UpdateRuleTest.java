package io.jkeras.backend.updates;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.KerasException;
import io.jkeras.optimizers.Adagrad;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.AdamW;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.RMSprop;
import io.jkeras.optimizers.SGD;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared update rules' bookkeeping (the formulas themselves are checked against Keras by
 * {@code OptimizerConformance} on every backend): each variable has its own state, so variables
 * updated together move exactly as each would alone, and an elementwise rule over one flat vector
 * holding every variable gives the same values.
 */
class UpdateRuleTest {
    private static final List<Optimizer> ALL = List.of(new SGD(0.1f), new SGD(0.1f, 0.9f, true),
            new Adam(0.1f, 0.9f, 0.5f, 1e-7f, true), new AdamW(0.1f), new RMSprop(0.1f, 0.8f, 0.5f, 1e-7f, true),
            new Adagrad(0.1f));

    private static float[] gradA(int step) {
        return new float[] {step * 0.1f, -0.3f, 1f / step};
    }

    private static float[] gradB(int step) {
        return new float[] {-step, 0.7f};
    }

    @Test
    void variablesKeepSeparateState() {
        for (Optimizer spec : ALL) {
            float[] a = {0.5f, -1f, 2f};
            float[] b = {3f, 0.25f};
            UpdateRule together = UpdateRule.of(spec, new int[] {3, 2});
            UpdateRule aloneA = UpdateRule.of(spec.copy(), new int[] {3});
            UpdateRule aloneB = UpdateRule.of(spec.copy(), new int[] {2});
            float[] a2 = a.clone();
            float[] b2 = b.clone();
            for (int step = 1; step <= 4; step++) {
                together.apply(new float[][] {a, b}, new float[][] {gradA(step), gradB(step)}, 1f, step);
                aloneA.apply(new float[][] {a2}, new float[][] {gradA(step)}, 1f, step);
                aloneB.apply(new float[][] {b2}, new float[][] {gradB(step)}, 1f, step);
            }
            assertArrayEquals(a2, a, spec.name() + " first variable");
            assertArrayEquals(b2, b, spec.name() + " second variable");
        }
    }

    @Test
    void oneFlatVectorMovesAsSeparateVariables() {
        for (Optimizer spec : ALL) {
            float[] a = {0.5f, -1f, 2f};
            float[] b = {3f, 0.25f};
            float[] flat = {0.5f, -1f, 2f, 3f, 0.25f};
            UpdateRule separate = UpdateRule.of(spec, new int[] {3, 2});
            UpdateRule joined = UpdateRule.of(spec.copy(), new int[] {5});
            for (int step = 1; step <= 4; step++) {
                float[] ga = gradA(step);
                float[] gb = gradB(step);
                separate.apply(new float[][] {a, b}, new float[][] {ga, gb}, 1f, step);
                joined.apply(new float[][] {flat}, new float[][] {{ga[0], ga[1], ga[2], gb[0], gb[1]}}, 1f, step);
            }
            assertArrayEquals(new float[] {a[0], a[1], a[2], b[0], b[1]}, flat, spec.name());
        }
    }

    @Test
    void updatesSplitIntoRangesOnTwoThreadsEqualOneRange() throws Exception {
        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            // Ranges of 1, 2, 3... values, every other one on another thread, the last ones first.
            UpdateRule.Ranges split = (size, task) -> {
                List<java.util.concurrent.Future<?>> pending = new java.util.ArrayList<>();
                int to = size;
                for (int width = 1; to > 0; width++) {
                    int from = Math.max(0, to - width);
                    int end = to;
                    if (width % 2 == 0) {
                        pending.add(other.submit(() -> task.run(from, end)));
                    } else {
                        task.run(from, end);
                    }
                    to = from;
                }
                for (java.util.concurrent.Future<?> f : pending) {
                    try {
                        f.get();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            int checked = 0;
            for (Optimizer spec : ALL) {
                int[] sizes = {1, 37, 1000};
                java.util.Random random = new java.util.Random(7);
                float[][] whole = new float[3][];
                for (int v = 0; v < 3; v++) {
                    whole[v] = new float[sizes[v]];
                    for (int j = 0; j < sizes[v]; j++) {
                        whole[v][j] = random.nextFloat() - 0.5f;
                    }
                }
                float[][] parts = {whole[0].clone(), whole[1].clone(), whole[2].clone()};
                UpdateRule one = UpdateRule.of(spec, sizes);
                UpdateRule ranged = UpdateRule.of(spec.copy(), sizes);
                for (int step = 1; step <= 3; step++) {
                    float[][] g = new float[3][];
                    for (int v = 0; v < 3; v++) {
                        g[v] = new float[sizes[v]];
                        for (int j = 0; j < sizes[v]; j++) {
                            g[v][j] = random.nextFloat() * 4 - 2;
                        }
                    }
                    one.apply(whole, g, 3f, step);
                    ranged.apply(parts, g, 3f, step, split);
                }
                for (int v = 0; v < 3; v++) {
                    assertArrayEquals(whole[v], parts[v], spec.name() + " variable " + v);
                    checked++;
                }
            }
            org.junit.jupiter.api.Assertions.assertEquals(3 * ALL.size(), checked, "variables checked");
        } finally {
            other.shutdown();
        }
    }

    @Test
    void stateTheHeapCannotHoldIsRefusedBeforeItIsAllocated() {
        // Two variables of 2^30 values: Adam's momentum alone is 8 GiB, beyond the test heap (-Xmx4g).
        int[] sizes = {1 << 30, 1 << 30};
        assertTrue(8L << 30 > Runtime.getRuntime().maxMemory(), "the test needs a heap below 8 GiB");
        KerasException e = assertThrows(KerasException.class, () -> UpdateRule.of(new Adam(0.001f), sizes));
        assertTrue(e.getMessage().startsWith("adam's state 'momentum' (2147483648 float32 values) needs 8589934592 bytes"),
                e.getMessage());
    }
}
