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
    void reluBackwardSelectsOnBothPathsBitForBit() {
        // ReLU outputs (zeros, denormals, normals, +inf; NaN, which is not > 0) against gradients
        // that include NaN and infinities: where the output is not positive the gradient is +0,
        // whatever da holds; elsewhere da exactly, -0 included.
        float[] outs = {0f, 0f, 1e-45f, Float.MIN_NORMAL, 0.5f, 3f, Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NaN};
        float[] grads = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, -2.5f, 7f, 1e-40f};
        int n = 1 + 37 * outs.length;
        float[] a = new float[n];
        float[] da = new float[n];
        for (int i = 1; i < n; i++) {
            a[i] = outs[i % outs.length];
            da[i] = grads[(i / outs.length) % grads.length];
        }
        a[0] = 1f;
        da[0] = 9f;
        for (FastMath.ArrayKernel kernel : new FastMath.ArrayKernel[] {FastMath.SCALAR, FastMath.SIMD}) {
            if (kernel == null) {
                continue;
            }
            float[] dz = new float[n];
            dz[0] = -1f;
            kernel.reluBackward(a, da, dz, 1, n - 1);
            float[] inPlace = da.clone();
            kernel.reluBackward(a, inPlace, inPlace, 1, n - 1);
            assertEquals(-1f, dz[0], kernel + " leaves the element before the range");
            assertEquals(9f, inPlace[0], kernel + " leaves the element before the range in place");
            for (int i = 1; i < n; i++) {
                int want = Float.floatToRawIntBits(a[i] > 0f ? da[i] : 0f);
                assertEquals(want, Float.floatToRawIntBits(dz[i]), kernel + " at a=" + a[i] + ", da=" + da[i]);
                assertEquals(want, Float.floatToRawIntBits(inPlace[i]), kernel + " in place at a=" + a[i] + ", da=" + da[i]);
            }
        }
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
