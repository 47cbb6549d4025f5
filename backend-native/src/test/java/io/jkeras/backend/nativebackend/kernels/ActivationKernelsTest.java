package io.jkeras.backend.nativebackend.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.activations.Activation;
import io.jkeras.conformance.Reference;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * {@link ActivationKernels} against double-precision reference code on odd shapes (1, primes,
 * empty), in place and out of place. Tolerances: values {@code rtol = 1e-6, atol = 1e-7}
 * (one or two float32 roundings); derivatives {@code rtol = 1e-5, atol = 1e-7}.
 */
class ActivationKernelsTest {
    private static final int[][] SHAPES = {{1, 1}, {1, 7}, {3, 5}, {13, 11}, {0, 4}, {4, 1}};

    private static float[] random(int n, long seed, double scale) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (scale * (2 * r.nextDouble() - 1));
        }
        return v;
    }

    private static void assertClose(double expected, float actual, double rtol, double atol, String what) {
        assertTrue(Math.abs(actual - expected) <= atol + rtol * Math.abs(expected),
                what + ": expected " + expected + " but was " + actual);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void forwardMatchesReferenceOnOddShapes(Activation f) {
        int checked = 0;
        for (int[] s : SHAPES) {
            int n = s[0] * s[1];
            float[] z = random(n, 17 + n, 6);
            float[] out = new float[n];
            ActivationKernels.forward(f, z, out, s[0], s[1]);
            double[] zd = new double[n];
            for (int i = 0; i < n; i++) {
                zd[i] = z[i];
            }
            double[] expected = Reference.apply(f, zd, s[0], s[1]);
            for (int i = 0; i < n; i++) {
                assertClose(expected[i], out[i], 1e-6, 1e-7, f + " " + s[0] + "x" + s[1] + " [" + i + "]");
                checked++;
            }
            float[] inPlace = z.clone();
            ActivationKernels.forward(f, inPlace, inPlace, s[0], s[1]);
            assertArrayEquals(out, inPlace, f + " in place");
        }
        assertEquals(1 + 7 + 15 + 143 + 0 + 4, checked);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void backwardIsTheExactVectorJacobianProduct(Activation f) {
        for (int[] s : SHAPES) {
            int rows = s[0];
            int cols = s[1];
            int n = rows * cols;
            float[] z = random(n, 5 + n, 5);
            avoidKinks(f, z);
            float[] a = new float[n];
            ActivationKernels.forward(f, z, a, rows, cols);
            float[] da = random(n, 99 + n, 1);
            float[] dz = new float[n];
            ActivationKernels.backward(f, ActivationKernels.backwardNeedsInput(f) ? z : null, a, da, dz, rows, cols);
            double[] expected = new double[n];
            if (f == Activation.SOFTMAX) {
                double[] zd = new double[n];
                for (int i = 0; i < n; i++) {
                    zd[i] = z[i];
                }
                double[] sm = Reference.softmaxRows(zd, rows, cols);
                for (int r = 0; r < rows; r++) {
                    double dot = 0;
                    for (int j = 0; j < cols; j++) {
                        dot += da[r * cols + j] * sm[r * cols + j];
                    }
                    for (int j = 0; j < cols; j++) {
                        expected[r * cols + j] = sm[r * cols + j] * (da[r * cols + j] - dot);
                    }
                }
            } else {
                for (int i = 0; i < n; i++) {
                    expected[i] = da[i] * Reference.derivative(f, z[i]);
                }
            }
            for (int i = 0; i < n; i++) {
                assertClose(expected[i], dz[i], 1e-5, 1e-7, f + " backward " + rows + "x" + cols + " [" + i + "]");
            }
            float[] inPlace = da.clone();
            ActivationKernels.backward(f, z, a, inPlace, inPlace, rows, cols);
            assertArrayEquals(dz, inPlace, f + " backward in place");
        }
    }

    /** Moves values off the points where a derivative jumps, where "the" derivative is a convention. */
    private static void avoidKinks(Activation f, float[] z) {
        for (double k : Reference.kinks(f)) {
            for (int i = 0; i < z.length; i++) {
                if (Math.abs(z[i] - k) < 1e-3) {
                    z[i] += 0.01f;
                }
            }
        }
    }

    @Test
    void kinksFollowKerasConventions() {
        float[] z = {0f, -3f, 3f};
        float[] a = new float[3];
        float[] dz = new float[3];
        float[] ones = {1, 1, 1};
        ActivationKernels.forward(Activation.RELU, z, a, 1, 3);
        ActivationKernels.backward(Activation.RELU, z, a, ones, dz, 1, 3);
        assertEquals(0f, dz[0], "relu'(0) = 0, as torch and TensorFlow");
        ActivationKernels.forward(Activation.LEAKY_RELU, z, a, 1, 3);
        ActivationKernels.backward(Activation.LEAKY_RELU, z, a, ones, dz, 1, 3);
        assertEquals(0.2f, dz[0], 1e-7, "leaky_relu'(0) = slope");
        ActivationKernels.forward(Activation.HARD_SIGMOID, z, a, 1, 3);
        ActivationKernels.backward(Activation.HARD_SIGMOID, z, a, ones, dz, 1, 3);
        assertArrayEquals(new float[] {0.5f, 0f, 1f}, a);
        assertArrayEquals(new float[] {1f / 6, 0f, 0f}, dz, 1e-7f, "hard_sigmoid' is 0 at and beyond +-3");
    }

    @Test
    void softmaxIsStableAndSumsToOne() {
        float[] z = {1e4f, 1e4f + 1, -1e4f, 88f, 89f, 90f, -1e30f, 0f, 1e30f};
        float[] out = new float[9];
        ActivationKernels.softmaxRows(z, out, 3, 3);
        for (int r = 0; r < 3; r++) {
            double sum = 0;
            for (int j = 0; j < 3; j++) {
                assertTrue(Float.isFinite(out[r * 3 + j]), "finite: " + out[r * 3 + j]);
                sum += out[r * 3 + j];
            }
            assertEquals(1.0, sum, 1e-6, "row " + r);
        }
        assertEquals(1 / (1 + Math.E), out[0], 1e-6);
        assertEquals(0f, out[2]);
        assertArrayEquals(new float[] {0f, 0f, 1f}, new float[] {out[6], out[7], out[8]});
    }

    @Test
    void sigmoidDoesNotOverflow() {
        assertEquals(0.0, ActivationKernels.sigmoid(-1000), 0);
        assertEquals(1.0, ActivationKernels.sigmoid(1000), 0);
        assertEquals(Math.exp(-50) / (1 + Math.exp(-50)), ActivationKernels.sigmoid(-50), 1e-35);
    }
}
