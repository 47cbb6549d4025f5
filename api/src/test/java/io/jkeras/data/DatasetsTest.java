package io.jkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DatasetsTest {

    @Test
    void makeMoonsSplitsSamplesAsScikitLearn() {
        Dataset d = Datasets.makeMoons(7, 0.0, 1);
        assertArrayEquals(new int[] {7, 2}, d.x().shape());
        assertArrayEquals(new int[] {7}, d.y().shape());
        // n_samples_out = 7 // 2 = 3 outer points (label 0), n_samples_in = 4 inner points (label 1)
        assertEquals(4f, sum(d.y().data()));
    }

    @Test
    void makeMoonsWithoutNoiseLiesOnTheTwoHalfCircles() {
        Dataset d = Datasets.makeMoons(200, 0.0, 42);
        assertEquals(100f, sum(d.y().data()));
        for (int i = 0; i < 200; i++) {
            float x = d.x().get(i, 0);
            float y = d.x().get(i, 1);
            if (d.y().get(i) == 0f) {
                assertEquals(1.0, Math.hypot(x, y), 1e-6, "outer point " + i);
                assertTrue(y >= -1e-6, "outer points have y >= 0");
            } else {
                assertEquals(1.0, Math.hypot(x - 1, y - 0.5), 1e-6, "inner point " + i);
                assertTrue(y <= 0.5 + 1e-6, "inner points have y <= 0.5");
            }
        }
    }

    @Test
    void makeMoonsWithoutNoiseHasScikitLearnsPoints() {
        // sklearn.datasets.make_moons(4, shuffle=False, noise=0): outer t = 0, pi; inner t = 0, pi
        Dataset d = Datasets.makeMoons(4, 0.0, 3);
        float[][] expected = {{1, 0}, {-1, 0}, {0, 0.5f}, {2, 0.5f}};
        float[][] actual = d.x().toArray2D();
        Arrays.sort(actual, (a, b) -> Float.compare(a[0] + 10 * a[1], b[0] + 10 * b[1]));
        Arrays.sort(expected, (a, b) -> Float.compare(a[0] + 10 * a[1], b[0] + 10 * b[1]));
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(expected[i], actual[i], 1e-6f);
        }
    }

    @Test
    void makeMoonsIsShuffledAndRepeatableBySeed() {
        Dataset a = Datasets.makeMoons(200, 0.2, 5);
        Dataset b = Datasets.makeMoons(200, 0.2, 5);
        Dataset c = Datasets.makeMoons(200, 0.2, 6);
        assertEquals(a, b);
        assertNotEquals(a.x(), c.x());
        float[] firstHalf = Arrays.copyOf(a.y().data(), 100);
        float ones = sum(firstHalf);
        assertTrue(ones > 30 && ones < 70, "labels are mixed by the shuffle, got " + ones + " ones in the first half");
    }

    @Test
    void makeMoonsNoiseHasTheRequestedStandardDeviation() {
        double noise = 0.1;
        Dataset clean = Datasets.makeMoons(4000, 0.0, 9);
        Dataset noisy = Datasets.makeMoons(4000, noise, 9);
        // the same seed gives the same shuffle, so the difference is the noise alone
        double[] diff = new double[8000];
        for (int i = 0; i < 8000; i++) {
            diff[i] = noisy.x().data()[i] - clean.x().data()[i];
        }
        assertEquals(noise, std(diff), 0.005);
        assertEquals(clean.y(), noisy.y());
    }

    @Test
    void noisyQuadraticFollowsTheParabola() {
        Dataset d = Datasets.noisyQuadratic(300, 0.05, 1);
        assertArrayEquals(new int[] {300, 1}, d.x().shape());
        assertArrayEquals(new int[] {300, 1}, d.y().shape());
        assertEquals(-1f, d.x().get(0, 0));
        assertEquals(1f, d.x().get(299, 0));
        double[] residual = new double[300];
        for (int i = 0; i < 300; i++) {
            float x = d.x().get(i, 0);
            residual[i] = d.y().get(i, 0) - (x * x - 0.5);
        }
        assertEquals(0.05, std(residual), 0.008);
        assertEquals(0.0, mean(residual), 0.01);
    }

    @Test
    void noisyLineShufflesTheLinspaceAndFollowsTheLine() {
        Dataset d = Datasets.noisyLine(200, 0.5, 2, 0.05, true, 7);
        float[] xs = d.x().toArray();
        float[] sorted = xs.clone();
        Arrays.sort(sorted);
        assertArrayEquals(Datasets.linspace(-1, 1, 200).data(), sorted, 1e-7f);
        assertNotEquals(sorted[0], xs[0], "the order is shuffled");
        double[] residual = new double[200];
        for (int i = 0; i < 200; i++) {
            residual[i] = d.y().get(i, 0) - (0.5 * xs[i] + 2);
        }
        assertEquals(0.05, std(residual), 0.01);
        Dataset ordered = Datasets.noisyLine(3, 1, 0, 0, false, 0);
        assertArrayEquals(new float[] {-1, 0, 1}, ordered.x().data());
        assertArrayEquals(new float[] {-1, 0, 1}, ordered.y().data());
    }

    @Test
    void linspaceMatchesNumpy() {
        assertArrayEquals(new float[] {-1f, -0.5f, 0f, 0.5f, 1f}, Datasets.linspace(-1, 1, 5).data());
        assertArrayEquals(new float[] {3f}, Datasets.linspace(3, 9, 1).data());
        assertEquals(0, Datasets.linspace(0, 1, 0).size());
    }

    @Test
    void toCategoricalMakesOneHotRows() {
        Tensor t = Datasets.toCategorical(Tensor.vector(0, 2, 1, 2), 3);
        assertArrayEquals(new int[] {4, 3}, t.shape());
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1}, t.data());
    }

    @Test
    void toCategoricalDropsATrailingAxisOfOneAsKeras() {
        assertArrayEquals(new int[] {2, 4}, Datasets.toCategorical(Tensor.of(new float[] {3, 0}, 2, 1), 4).shape());
        Tensor grid = Datasets.toCategorical(Tensor.of(new float[] {0, 1, 1, 0}, 2, 2), 2);
        assertArrayEquals(new int[] {2, 2, 2}, grid.shape());
        assertArrayEquals(new float[] {1, 0, 0, 1, 0, 1, 1, 0}, grid.data());
    }

    @Test
    void toCategoricalInfersTheClassCount() {
        assertArrayEquals(new int[] {3, 5}, Datasets.toCategorical(Tensor.vector(4, 0, 1)).shape());
    }

    @Test
    void toCategoricalRejectsLabelsOutOfRange() {
        KerasException e = assertThrows(KerasException.class, () -> Datasets.toCategorical(Tensor.vector(0, 3), 3));
        assertEquals("toCategorical: label 3.0 at index 1 is not an integer class index in [0, 3).", e.getMessage());
        e = assertThrows(KerasException.class, () -> Datasets.toCategorical(Tensor.vector(0.5f), 3));
        assertTrue(e.getMessage().contains("label 0.5 at index 0"), e.getMessage());
    }

    @Test
    void negativeNoiseIsRejected() {
        KerasException e = assertThrows(KerasException.class, () -> Datasets.makeMoons(10, -0.1, 0));
        assertTrue(e.getMessage().contains("Received: noise=-0.1"), e.getMessage());
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / v.length);
    }

    private static float sum(float[] v) {
        float s = 0;
        for (float x : v) {
            s += x;
        }
        return s;
    }

    @Test
    void toCategoricalWithTwoToThe31MinusOneClassesFailsCleanly() {
        // 2 labels * (2^31 - 1) classes wrapped to -2, a NegativeArraySizeException
        KerasException e = assertThrows(KerasException.class,
                () -> Datasets.toCategorical(Tensor.vector(0, 1), Integer.MAX_VALUE));
        assertEquals("The shape (2, 2147483647) of toCategorical's result for 2 labels and 2147483647 classes has more "
                + "than 2147483647 values.", e.getMessage());
        // one label: 2^31 - 1 values fit an int but not the heap (8 GiB of float32)
        e = assertThrows(KerasException.class, () -> Datasets.toCategorical(Tensor.vector(0), Integer.MAX_VALUE));
        assertTrue(e.getMessage().startsWith("A tensor of shape (1, 2147483647) needs 8589934588 bytes, more than "),
                e.getMessage());
    }

    @Test
    void toCategoricalInfersNoClassCountFromHugeOrMissingLabels() {
        // (int) 3e9f + 1 wrapped to a negative class count
        KerasException e = assertThrows(KerasException.class, () -> Datasets.toCategorical(Tensor.vector(3e9f)));
        assertEquals("toCategorical: label 3.0E9 at index 0 is not an integer class index in [0, 2147483647).",
                e.getMessage());
        assertThrows(KerasException.class, () -> Datasets.toCategorical(Tensor.vector(Float.NaN)));
        assertThrows(KerasException.class, () -> Datasets.toCategorical(Tensor.vector()));
        assertEquals("labels must not be null",
                assertThrows(NullPointerException.class, () -> Datasets.toCategorical(null, 2)).getMessage());
    }

    @Test
    void makeMoonsWithMoreSamplesThanATensorHoldsFailsCleanly() {
        KerasException e = assertThrows(KerasException.class, () -> Datasets.makeMoons(Integer.MAX_VALUE, 0, 1));
        assertEquals("The shape (2147483647, 2) of makeMoons's x has more than 2147483647 values.", e.getMessage());
    }

    @Test
    void generatorsRefuseASizeTheHeapCannotHoldBeforeAllocating() {
        // Each size fits an int, so the arrays could be made one by one; together they need tens of
        // GiB, more than any test heap. Before, each ended in OutOfMemoryError.
        int n = Integer.MAX_VALUE - 8;
        long heap = Runtime.getRuntime().maxMemory();
        String[] names = {"makeMoons(1073741819)", "noisyLine(" + n + ")", "noisyQuadratic(" + n + ")", "linspace(" + n + ")"};
        long[] bytes = {44L * 1073741819, 20L * n, 16L * n, 12L * n};
        Runnable[] calls = {
            () -> Datasets.makeMoons(1073741819, 0.1, 1),
            () -> Datasets.noisyLine(n, 1, 0, 0.1, true, 1),
            () -> Datasets.noisyQuadratic(n, 0.1, 1),
            () -> Datasets.linspace(-1, 1, n),
        };
        for (int i = 0; i < calls.length; i++) {
            assertTrue(bytes[i] > heap, "the test needs a heap below " + bytes[i] + " bytes");
            KerasException e = assertThrows(KerasException.class, calls[i]::run, names[i]);
            assertTrue(e.getMessage().startsWith(names[i] + " needs " + bytes[i] + " bytes"), e.getMessage());
            assertTrue(e.getMessage().contains("free in the JVM's heap"), e.getMessage());
        }
    }
}
