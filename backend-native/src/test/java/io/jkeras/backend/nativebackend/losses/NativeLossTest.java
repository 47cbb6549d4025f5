package io.jkeras.backend.nativebackend.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.losses.BinaryCrossentropy;
import io.jkeras.losses.CategoricalCrossentropy;
import io.jkeras.losses.Huber;
import io.jkeras.losses.Loss;
import io.jkeras.losses.MeanAbsoluteError;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link NativeLoss} against plain double-precision code of Keras's formula on odd shapes
 * (batch 1, 2, 7; width 1, 3, 11), value and gradient; the gradient is also checked by central
 * differences in double. Tolerances: {@code rtol = 1e-5, atol = 1e-7}.
 */
class NativeLossTest {
    private static final float EPS = 1e-7f;
    private static final int[][] SHAPES = {{1, 1}, {2, 3}, {7, 11}, {1, 5}, {7, 1}};

    static Stream<Loss> losses() {
        return Stream.of(new MeanSquaredError(), new MeanAbsoluteError(), new Huber(), new Huber(0.3f),
                new BinaryCrossentropy(), new BinaryCrossentropy(true), new CategoricalCrossentropy(),
                new CategoricalCrossentropy(true), new SparseCategoricalCrossentropy(),
                new SparseCategoricalCrossentropy(true));
    }

    private static boolean sparse(Loss l) {
        return l instanceof SparseCategoricalCrossentropy;
    }

    private static boolean logits(Loss l) {
        return l instanceof BinaryCrossentropy b && b.fromLogits() || l instanceof CategoricalCrossentropy c && c.fromLogits()
                || l instanceof SparseCategoricalCrossentropy s && s.fromLogits();
    }

    private static boolean probabilities(Loss l) {
        return !logits(l) && (l instanceof BinaryCrossentropy || l instanceof CategoricalCrossentropy || sparse(l));
    }

    /** The per-sample loss in double, straight from the Keras formula. */
    private static double sample(Loss l, float[] t, int to, float[] p, int po, int w) {
        double s = 0;
        if (l instanceof MeanSquaredError) {
            for (int j = 0; j < w; j++) {
                s += Math.pow((double) p[po + j] - t[to + j], 2) / w;
            }
        } else if (l instanceof MeanAbsoluteError) {
            for (int j = 0; j < w; j++) {
                s += Math.abs((double) p[po + j] - t[to + j]) / w;
            }
        } else if (l instanceof Huber h) {
            for (int j = 0; j < w; j++) {
                double e = Math.abs((double) p[po + j] - t[to + j]);
                s += (e <= h.delta() ? 0.5 * e * e : h.delta() * e - 0.5 * h.delta() * h.delta()) / w;
            }
        } else if (l instanceof BinaryCrossentropy b) {
            for (int j = 0; j < w; j++) {
                double y = t[to + j];
                double z = p[po + j];
                if (b.fromLogits()) {
                    s += (Math.max(z, 0) - z * y + Math.log(1 + Math.exp(-Math.abs(z)))) / w;
                } else {
                    double pc = Math.min(Math.max(z, EPS), 1 - EPS);
                    s -= (y * Math.log(pc) + (1 - y) * Math.log(1 - pc)) / w;
                }
            }
        } else {
            double[] y = new double[w];
            if (sparse(l)) {
                y[(int) t[to]] = 1;
            } else {
                for (int j = 0; j < w; j++) {
                    y[j] = t[to + j];
                }
            }
            if (logits(l)) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < w; j++) {
                    max = Math.max(max, p[po + j]);
                }
                double sum = 0;
                for (int j = 0; j < w; j++) {
                    sum += Math.exp(p[po + j] - max);
                }
                for (int j = 0; j < w; j++) {
                    s -= y[j] * (p[po + j] - max - Math.log(sum));
                }
            } else {
                double sum = 0;
                for (int j = 0; j < w; j++) {
                    sum += p[po + j];
                }
                for (int j = 0; j < w; j++) {
                    s -= y[j] * Math.log(Math.min(Math.max(p[po + j] / sum, EPS), 1 - EPS));
                }
            }
        }
        return s;
    }

    private static double reference(Loss l, float[] t, float[] p, int batch, int w) {
        int tw = sparse(l) ? 1 : w;
        double s = 0;
        for (int r = 0; r < batch; r++) {
            s += sample(l, t, r * tw, p, r * w, w);
        }
        return s / batch;
    }

    @ParameterizedTest
    @MethodSource("losses")
    void valueAndGradientMatchTheKerasFormulaOnOddShapes(Loss loss) {
        Random rng = new Random(3);
        int checked = 0;
        for (int[] s : SHAPES) {
            int batch = s[0];
            int w = s[1];
            if ((loss instanceof CategoricalCrossentropy || sparse(loss)) && w == 1) {
                continue;
            }
            float[] p = new float[batch * w];
            float[] t = new float[sparse(loss) ? batch : batch * w];
            for (int i = 0; i < p.length; i++) {
                p[i] = probabilities(loss) ? (float) (0.05 + 0.9 * rng.nextDouble()) : (float) (4 * rng.nextDouble() - 2);
            }
            for (int i = 0; i < t.length; i++) {
                t[i] = sparse(loss) ? rng.nextInt(w) : loss instanceof BinaryCrossentropy ? rng.nextInt(2)
                        : loss instanceof CategoricalCrossentropy ? (float) rng.nextDouble() : (float) (4 * rng.nextDouble() - 2);
            }
            NativeLoss nl = NativeLoss.of(loss, EPS);
            float[] grad = new float[p.length];
            double value = nl.compute(t, p, batch, w, grad);
            double expected = reference(loss, t, p, batch, w);
            assertEquals(expected, value, 1e-5 * Math.abs(expected) + 1e-7, loss + " value " + batch + "x" + w);
            assertEquals(value, nl.compute(t, p, batch, w, null), 0, "value without gradient");
            for (int i = 0; i < p.length; i++) {
                float[] up = p.clone();
                float[] down = p.clone();
                double h = 1e-3 * Math.max(1, Math.abs(p[i]));
                up[i] = (float) (p[i] + h);
                down[i] = (float) (p[i] - h);
                double numeric = (reference(loss, t, up, batch, w) - reference(loss, t, down, batch, w)) / (up[i] - down[i]);
                assertEquals(numeric, grad[i], 1e-3 * Math.abs(numeric) + 1e-5, loss + " gradient [" + i + "] " + batch + "x" + w);
                checked++;
            }
        }
        assertTrue(checked >= 80, "gradients checked: " + checked);
    }

    @Test
    void clippedProbabilitiesHaveZeroGradient() {
        NativeLoss bce = NativeLoss.of(new BinaryCrossentropy(), EPS);
        float[] grad = new float[4];
        double v = bce.compute(new float[] {1, 0, 1, 0}, new float[] {0f, 1f, 1f, 0f}, 1, 4, grad);
        // Clipped to lo = 1e-7 and hi = 1 - 1e-7 in float32, as Keras does.
        double lo = EPS;
        double hi = 1f - EPS;
        double expected = -(Math.log(lo) + Math.log(1 - hi) + Math.log(hi) + Math.log(1 - lo)) / 4;
        assertEquals(expected, v, 1e-6, "two clipped wrong answers, two clipped right ones");
        assertEquals(0f, grad[0]);
        assertEquals(0f, grad[1]);
        assertEquals(0f, grad[2]);
        assertEquals(0f, grad[3]);
    }

    @Test
    void categoricalCrossentropyGradientFlowsThroughTheNormalisation() {
        // p = [1, 3] is not normalised: q = [0.25, 0.75]; with y = [0, 1], loss = -log 0.75, and
        // d/dp = (g - sum(g q)) / sum(p) with g = [0, -1/0.75]: [0.25, -1/12].
        NativeLoss cce = NativeLoss.of(new CategoricalCrossentropy(), EPS);
        float[] grad = new float[2];
        double v = cce.compute(new float[] {0, 1}, new float[] {1, 3}, 1, 2, grad);
        assertEquals(-Math.log(0.75), v, 1e-7);
        assertEquals(0.25, grad[0], 1e-7);
        assertEquals(-1.0 / 12, grad[1], 1e-7);
    }
}
