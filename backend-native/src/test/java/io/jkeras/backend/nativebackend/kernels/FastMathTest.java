package io.jkeras.backend.nativebackend.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link FastMath} against {@code Math}'s double-precision values on dense grids. */
class FastMathTest {

    private interface F {
        float fast(float x);
    }

    private interface D {
        double exact(double x);
    }

    /** The largest relative error over {@code x = i · step} for {@code |i| ≤ n}. */
    private static double worstRelative(F fast, D exact, double step, int n) {
        double worst = 0;
        for (int i = -n; i <= n; i++) {
            float x = (float) (i * step);
            double e = exact.exact(x);
            if (e != 0) {
                worst = Math.max(worst, Math.abs(fast.fast(x) - e) / Math.abs(e));
            }
        }
        return worst;
    }

    @Test
    void expIsWithin3e7RelativeOverFloatRange() {
        double worst = worstRelative(FastMath::exp, Math::exp, 1e-3, 87_000);
        assertTrue(worst < 3e-7, "largest relative error " + worst);
    }

    @Test
    void sigmoidAndTanhAreWithin3e7Relative() {
        double sigmoid = worstRelative(FastMath::sigmoid, x -> 1 / (1 + Math.exp(-x)), 1e-4, 300_000);
        assertTrue(sigmoid < 3e-7, "sigmoid: largest relative error " + sigmoid);
        // Near 0 (the series) and across the switch to the exponential form at 0.3.
        double tanh = worstRelative(FastMath::tanh, Math::tanh, 1e-5, 2_000_000);
        assertTrue(tanh < 3e-7, "tanh: largest relative error " + tanh);
        double tiny = worstRelative(FastMath::tanh, Math::tanh, 1e-9, 1_000);
        assertTrue(tiny < 3e-7, "tanh near 0: largest relative error " + tiny);
    }

    @Test
    void arrayFormsOnBothPathsAreWithin3e7Relative() {
        assertTrue(FastMath.SIMD != null || !Gemm.simdAvailable(), "the SIMD array forms load with the Vector API");
        for (FastMath.ArrayKernel kernel : new FastMath.ArrayKernel[] {FastMath.SCALAR, FastMath.SIMD}) {
            if (kernel == null) {
                continue;
            }
            // 1 + 2·40001 values: not a multiple of any vector length, so the leftover lanes run too.
            int n = 40_001;
            float[] x = new float[2 * n + 1];
            for (int i = 0; i < x.length; i++) {
                x[i] = (i - n) * 2.5e-4f;
            }
            float[] t = x.clone();
            float[] g = x.clone();
            kernel.tanh(t, 1, x.length - 1);
            kernel.sigmoid(g, 1, x.length - 1);
            assertEquals(x[0], t[0], "tanh leaves the element before the range");
            assertEquals(x[0], g[0], "sigmoid leaves the element before the range");
            for (int i = 1; i < x.length; i++) {
                double tanh = Math.tanh(x[i]);
                double sigmoid = 1 / (1 + Math.exp(-x[i]));
                assertTrue(Math.abs(t[i] - tanh) <= 3e-7 * Math.abs(tanh), kernel + " tanh(" + x[i] + ") = " + t[i]);
                assertTrue(Math.abs(g[i] - sigmoid) <= 3e-7 * sigmoid, kernel + " sigmoid(" + x[i] + ") = " + g[i]);
            }
        }
    }

    @Test
    void reluBackwardOnBothPathsSelectsTheGradientWhereTheOutputIsPositive() {
        int checked = 0;
        for (FastMath.ArrayKernel kernel : new FastMath.ArrayKernel[] {FastMath.SCALAR, FastMath.SIMD}) {
            if (kernel == null) {
                continue;
            }
            // Lengths 0, 1, primes and vector multiples ± 1, from offset 3; the output a is 0 on about
            // half the values, NaN on some, and da holds NaN and infinities where a is 0.
            for (int n : new int[] {0, 1, 7, 15, 16, 17, 31, 33, 97, 1000}) {
                java.util.Random random = new java.util.Random(n);
                float[] a = new float[n + 5];
                float[] da = new float[n + 5];
                for (int i = 0; i < a.length; i++) {
                    a[i] = random.nextBoolean() ? 0f : random.nextFloat() + Float.MIN_VALUE;
                    da[i] = random.nextFloat() - 0.5f;
                    if (i % 11 == 0) {
                        da[i] = a[i] == 0f ? Float.NaN : da[i];
                        a[i] = i % 22 == 0 ? Float.NaN : a[i];
                    }
                    if (i % 13 == 0 && a[i] == 0f) {
                        da[i] = Float.NEGATIVE_INFINITY;
                    }
                }
                float[] dz = new float[n + 5];
                java.util.Arrays.fill(dz, 7f);
                kernel.reluBackward(a, da, dz, 3, n);
                for (int i = 0; i < dz.length; i++) {
                    float expected = i < 3 || i >= 3 + n ? 7f : a[i] > 0f ? da[i] : 0f;
                    assertEquals(expected, dz[i], kernel + " n=" + n + " i=" + i);
                }
                checked++;
            }
        }
        assertEquals(Gemm.simdAvailable() ? 20 : 10, checked, "cases checked");
    }

    @Test
    void limitsAndSpecialValues() {
        assertEquals(1f, FastMath.exp(0f));
        assertEquals(0f, FastMath.tanh(0f));
        assertEquals(0.5f, FastMath.sigmoid(0f));
        assertEquals(1f, FastMath.tanh(40f));
        assertEquals(-1f, FastMath.tanh(Float.NEGATIVE_INFINITY));
        assertEquals(1f, FastMath.sigmoid(Float.POSITIVE_INFINITY));
        assertTrue(FastMath.sigmoid(-200f) >= 0f && FastMath.sigmoid(-200f) < 1e-37f);
        assertTrue(Float.isNaN(FastMath.tanh(Float.NaN)));
        assertTrue(Float.isNaN(FastMath.sigmoid(Float.NaN)));
        assertTrue(Float.isNaN(FastMath.exp(Float.NaN)));
    }
}
