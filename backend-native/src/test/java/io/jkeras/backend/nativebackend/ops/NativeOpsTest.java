package io.jkeras.backend.nativebackend.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link NativeOps} against naive index arithmetic on odd shapes: broadcasting between every pair
 * of shapes from a list with 1s, primes and empty axes; reductions, softmax and argmax along
 * every axis of rank-1 to rank-4 tensors.
 */
class NativeOpsTest {
    private final NativeOps ops = new NativeOps();
    private static final int[][] SHAPES = {{}, {1}, {5}, {3, 1}, {1, 5}, {3, 5}, {2, 3, 5}, {2, 1, 1}, {0, 5}, {7, 1, 3, 1}};

    private static Tensor random(int[] shape, long seed) {
        Random r = new Random(seed);
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (r.nextInt(9) - 4) + 0.5f;
        }
        return t;
    }

    private static int size(int[] s) {
        int n = 1;
        for (int d : s) {
            n *= d;
        }
        return n;
    }

    /** The value of {@code t} at multi-index {@code idx} of a broadcast result of rank {@code rank}. */
    private static float at(Tensor t, int[] idx) {
        int[] s = t.shape();
        int off = idx.length - s.length;
        int flat = 0;
        for (int i = 0; i < s.length; i++) {
            flat = flat * s[i] + (s[i] == 1 ? 0 : idx[off + i]);
        }
        return t.data()[flat];
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = flat % shape[i];
            flat /= shape[i];
        }
        return idx;
    }

    @Test
    void binaryFunctionsBroadcastEveryCompatiblePair() {
        int pairs = 0;
        for (int[] sa : SHAPES) {
            for (int[] sb : SHAPES) {
                Tensor a = random(sa, 1);
                Tensor b = random(sb, 2);
                int[] out;
                try {
                    out = io.jkeras.ops.Broadcast.shape(sa, sb);
                } catch (KerasException e) {
                    assertThrows(KerasException.class, () -> ops.add(a, b));
                    continue;
                }
                Tensor sum = ops.add(a, b);
                Tensor quotient = ops.divide(a, b);
                Tensor power = ops.power(a, b);
                assertArrayEquals(out, sum.shape());
                for (int i = 0; i < size(out); i++) {
                    int[] idx = unravel(i, out);
                    float x = at(a, idx);
                    float y = at(b, idx);
                    assertEquals(x + y, sum.data()[i], 0f);
                    assertEquals(x / y, quotient.data()[i], 0f);
                    assertEquals((float) Math.pow(x, y), power.data()[i], 0f);
                }
                pairs++;
            }
        }
        assertEquals(92, pairs, "compatible shape pairs checked");
    }

    @Test
    void reductionsMatchNaiveLoopsAlongEveryAxis() {
        int checked = 0;
        for (int[] s : SHAPES) {
            if (s.length == 0 || size(s) == 0) {
                continue;
            }
            Tensor t = random(s, 3);
            for (int axis = -s.length; axis < s.length; axis++) {
                int ax = axis < 0 ? axis + s.length : axis;
                Tensor sum = ops.sum(t, axis, true);
                Tensor mean = ops.mean(t, axis, false);
                Tensor max = ops.max(t, axis, true);
                Tensor min = ops.min(t, axis, false);
                Tensor arg = ops.argmax(t, axis);
                Tensor soft = ops.softmax(t, axis);
                int[] kept = s.clone();
                kept[ax] = 1;
                assertArrayEquals(kept, sum.shape());
                assertEquals(s.length - 1, mean.rank());
                for (int o = 0; o < size(kept); o++) {
                    int[] idx = unravel(o, kept);
                    double acc = 0;
                    float hi = Float.NEGATIVE_INFINITY;
                    float lo = Float.POSITIVE_INFINITY;
                    int best = 0;
                    for (int j = 0; j < s[ax]; j++) {
                        idx[ax] = j;
                        float v = at(t, idx);
                        acc += v;
                        if (v > hi) {
                            best = j;
                        }
                        hi = Math.max(hi, v);
                        lo = Math.min(lo, v);
                    }
                    assertEquals(acc, sum.data()[o], 1e-5);
                    assertEquals(acc / s[ax], mean.data()[o], 1e-5);
                    assertEquals(hi, max.data()[o], 0f);
                    assertEquals(lo, min.data()[o], 0f);
                    assertEquals(best, arg.data()[o], 0f);
                    double z = 0;
                    for (int j = 0; j < s[ax]; j++) {
                        idx[ax] = j;
                        z += Math.exp(at(t, idx) - hi);
                    }
                    for (int j = 0; j < s[ax]; j++) {
                        idx[ax] = j;
                        assertEquals(Math.exp(at(t, idx) - hi) / z, at(soft, idx), 1e-6);
                    }
                    checked++;
                }
            }
        }
        assertEquals(216, checked, "reduced lines checked");
    }

    @Test
    void emptyTensorsReduceAsNumpy() {
        Tensor e = Tensor.zeros(0, 5);
        assertArrayEquals(new float[5], ops.sum(e, 0, false).data());
        assertEquals(0f, ops.sum(e, null, false).item());
        assertEquals(0, ops.max(e, 1, false).size());
        assertThrows(KerasException.class, () -> ops.max(e, 0, false));
        assertThrows(KerasException.class, () -> ops.argmax(e, 0));
        assertEquals(Float.NaN, ops.mean(e, null, false).item());
    }

    @Test
    void matmulHandlesEmptyAndUnitSizes() {
        assertArrayEquals(new int[] {3, 4}, ops.matmul(Tensor.zeros(3, 0), Tensor.zeros(0, 4)).shape());
        assertArrayEquals(new float[12], ops.matmul(Tensor.zeros(3, 0), Tensor.zeros(0, 4)).data());
        assertArrayEquals(new int[] {0, 2}, ops.matmul(Tensor.zeros(0, 3), Tensor.zeros(3, 2)).shape());
        assertEquals(6f, ops.matmul(Tensor.full(2f, 1, 1), Tensor.full(3f, 1)).item());
        assertThrows(KerasException.class, () -> ops.matmul(Tensor.zeros(2, 2, 2), Tensor.zeros(2, 2)));
        assertThrows(KerasException.class, () -> ops.matmul(Tensor.scalar(1), Tensor.zeros(2)));
    }
}
