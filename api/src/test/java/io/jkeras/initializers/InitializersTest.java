package io.jkeras.initializers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InitializersTest {

    private static double[] meanStdMax(Tensor t) {
        double s = 0;
        double s2 = 0;
        double max = 0;
        for (float v : t.data()) {
            s += v;
            s2 += (double) v * v;
            max = Math.max(max, Math.abs(v));
        }
        double m = s / t.size();
        return new double[] {m, Math.sqrt(s2 / t.size() - m * m), max};
    }

    @Test
    void glorotUniformLimitIsSqrtSixOverFanInPlusFanOut() {
        Tensor t = Initializer.get("glorot_uniform").apply(new int[] {300, 200}, new Random(1));
        double limit = Math.sqrt(6.0 / (300 + 200));
        double[] s = meanStdMax(t);
        assertTrue(s[2] <= limit, "max " + s[2]);
        assertTrue(s[2] > 0.99 * limit, "max " + s[2]);
        assertEquals(limit / Math.sqrt(3), s[1], 0.01 * limit);
        assertEquals(0, s[0], 0.01 * limit);
    }

    @Test
    void heNormalIsTruncatedNormalWithStddevSqrtTwoOverFanIn() {
        Tensor t = Initializer.get("he_normal").apply(new int[] {400, 300}, new Random(2));
        double std = Math.sqrt(2.0 / 400);
        double[] s = meanStdMax(t);
        // Keras divides by 0.8796..., the stddev of a standard normal truncated at two sigmas,
        // so the values end with the nominal stddev; none lies beyond two of the pre-truncation sigmas.
        assertEquals(std, s[1], 0.02 * std);
        assertTrue(s[2] <= 2 * std / 0.87962566103423978 + 1e-6);
    }

    @Test
    void lecunNormalAndGlorotNormalScales() {
        double[] lecun = meanStdMax(Initializer.get("lecun_normal").apply(new int[] {500, 100}, new Random(3)));
        assertEquals(Math.sqrt(1.0 / 500), lecun[1], 0.02 * Math.sqrt(1.0 / 500));
        double[] glorot = meanStdMax(Initializer.get("glorot_normal").apply(new int[] {500, 100}, new Random(3)));
        assertEquals(Math.sqrt(2.0 / 600), glorot[1], 0.02 * Math.sqrt(2.0 / 600));
    }

    @Test
    void heUniformLimitIsSqrtSixOverFanIn() {
        double[] s = meanStdMax(Initializer.get("he_uniform").apply(new int[] {150, 400}, new Random(4)));
        double limit = Math.sqrt(6.0 / 150);
        assertTrue(s[2] <= limit && s[2] > 0.99 * limit);
    }

    @Test
    void randomNormalAndUniformUseKerasDefaults() {
        double[] n = meanStdMax(Initializer.get("random_normal").apply(new int[] {200, 200}, new Random(5)));
        assertEquals(0.05, n[1], 0.002);
        double[] u = meanStdMax(Initializer.get("random_uniform").apply(new int[] {200, 200}, new Random(5)));
        assertTrue(u[2] <= 0.05 && u[2] > 0.0499);
    }

    @Test
    void constantsFillEveryValue() {
        assertArrayEquals(new float[] {0, 0, 0}, Initializer.get("zeros").apply(new int[] {3}, new Random()).toArray());
        assertArrayEquals(new float[] {1, 1}, Initializer.get("ones").apply(new int[] {2}, new Random()).toArray());
        assertArrayEquals(new float[] {0.5f, 0.5f}, new Constant(0.5f).apply(new int[] {2}, new Random()).toArray());
    }

    @Test
    void sameSeedSameWeights() {
        Tensor a = VarianceScaling.glorotUniform().apply(new int[] {10, 10}, new Random(42));
        Tensor b = VarianceScaling.glorotUniform().apply(new int[] {10, 10}, new Random(42));
        assertEquals(a, b);
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        KerasException e = assertThrows(KerasException.class, () -> Initializer.get("xavier"));
        assertTrue(e.getMessage().contains("glorot_uniform"), e.getMessage());
    }

    @Test
    void badArgumentsAreKerasExceptionsAsKerasRaisesValueError() {
        assertEquals("Argument `scale` must be positive float. Received: scale=0.0",
                assertThrows(KerasException.class, () -> new VarianceScaling(0, "fan_in", "uniform", "x")).getMessage());
        assertEquals("mode must be fan_in, fan_out or fan_avg. Received: mode=null",
                assertThrows(KerasException.class, () -> new VarianceScaling(1, null, "uniform", "x")).getMessage());
        assertThrows(KerasException.class, () -> new VarianceScaling(1, "fan_in", null, "x"));
        assertThrows(KerasException.class, () -> new RandomUniform(1, -1));
        assertThrows(KerasException.class, () -> new RandomUniform(Double.NaN, 1));
    }

    @Test
    void aShapeTooLargeForATensorIsAKerasException() {
        KerasException e = assertThrows(KerasException.class,
                () -> VarianceScaling.glorotUniform().apply(new int[] {65536, 65536}, new Random(1)));
        assertTrue(e.getMessage().contains("(65536, 65536)"), e.getMessage());
    }

    /** {@code sum_k a[i*cols+k] * b[j*cols+k]} over rows {@code i} of {@code a} and {@code j} of {@code b}, each of {@code cols}. */
    private static double rowDot(float[] a, int i, float[] b, int j, int cols) {
        double d = 0;
        for (int k = 0; k < cols; k++) {
            d += (double) a[i * cols + k] * b[j * cols + k];
        }
        return d;
    }

    @Test
    void orthogonalIsKerasQrFactorWithAPositiveDiagonal() {
        // Tall (7, 3): orthonormal columns, and R = Q^T A (A the same standard normal draws, row-major)
        // is upper triangular with a positive diagonal, which makes Q Keras's q * sign(diag(r)).
        Tensor q = new Orthogonal().apply(new int[] {7, 3}, new Random(3));
        Random rng = new Random(3);
        float[] a = new float[21];
        for (int i = 0; i < 21; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        float[] qt = new float[21];
        float[] at = new float[21];
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 3; j++) {
                qt[j * 7 + i] = q.data()[i * 3 + j];
                at[j * 7 + i] = a[i * 3 + j];
            }
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(i == j ? 1 : 0, rowDot(qt, i, qt, j, 7), 1e-5, "Q^T Q at " + i + ", " + j);
                double r = rowDot(qt, i, at, j, 7);
                if (i > j) {
                    assertEquals(0, r, 1e-5, "R below the diagonal at " + i + ", " + j);
                } else if (i == j) {
                    assertTrue(r > 0, "R's diagonal at " + i + ": " + r);
                }
            }
        }
        // Wide (3, 8) with a gain: orthogonal rows of norm gain, the transpose of the tall case.
        Tensor w = new Orthogonal(2.0).apply(new int[] {3, 8}, new Random(4));
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(i == j ? 4 : 0, rowDot(w.data(), i, w.data(), j, 8), 1e-4, "W W^T at " + i + ", " + j);
            }
        }
        assertArrayEquals(new int[] {2, 3, 4}, Initializer.get("orthogonal").apply(new int[] {2, 3, 4}, new Random(1)).shape());
        assertThrows(KerasException.class, () -> new Orthogonal().apply(new int[] {5}, new Random(1)));
        assertThrows(KerasException.class, () -> new Orthogonal(Double.NaN));
    }
}
