package io.jkeras.backend.dl4j.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The edges of the ND4J ops that the shared conformance suite does not reach: rank 0, rank 3,
 * zero-size tensors (which ND4J's kernels do not take), and the copies to and from ND4J.
 */
class Dl4jOpsTest {
    private final Dl4jOps ops = new Dl4jOps();

    @Test
    void scalarsBroadcastAgainstEveryRank() {
        Tensor s = Tensor.scalar(2f);
        assertEquals(Tensor.scalar(5f), ops.add(s, Tensor.scalar(3f)));
        assertEquals(Tensor.vector(3f, 4f), ops.add(s, Tensor.vector(1f, 2f)));
        Tensor m = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(Tensor.of(new float[] {1, 4, 9, 16, 25, 36}, 2, 3), ops.power(m, s));
    }

    @Test
    void rankThreeBroadcastsAlongEveryMissingAxis() {
        Tensor a = Tensor.of(new float[] {1, 2}, 2, 1, 1);
        Tensor b = Tensor.of(new float[] {10, 20, 30}, 1, 3);
        Tensor sum = ops.add(a, b);
        assertArrayEquals(new int[] {2, 1, 3}, sum.shape());
        assertArrayEquals(new float[] {11, 21, 31, 12, 22, 32}, sum.data());
        Tensor r = ops.sum(Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2), 1, true);
        assertArrayEquals(new int[] {2, 1, 2}, r.shape());
        assertArrayEquals(new float[] {4, 6, 12, 14}, r.data());
    }

    @Test
    void zeroSizeTensorsFollowNumpy() {
        Tensor empty = Tensor.zeros(0, 3);
        assertArrayEquals(new int[] {0, 3}, ops.add(empty, Tensor.vector(1f, 2f, 3f)).shape());
        assertArrayEquals(new int[] {3}, ops.sum(empty, 0, false).shape());
        assertEquals(0f, ops.sum(empty, 0, false).get(1));
        assertTrue(Float.isNaN(ops.mean(empty, null, false).item()));
        assertEquals(Tensor.zeros(2, 4), ops.matmul(Tensor.zeros(2, 0), Tensor.zeros(0, 4)));
        KerasException e = assertThrows(KerasException.class, () -> ops.max(empty, 0, false));
        assertTrue(e.getMessage().contains("empty axis"), e.getMessage());
    }

    @Test
    void clipAndArgmaxOnRankOne() {
        assertEquals(Tensor.vector(0f, 0.5f, 1f), ops.clip(Tensor.vector(-2f, 0.5f, 7f), 0f, 1f));
        assertEquals(Tensor.scalar(1f), ops.argmax(Tensor.vector(1f, 3f, 3f, 2f), 0));
    }

    @Test
    void nanPropagatesAsInNumpy() {
        float nan = Float.NaN;
        Tensor x = Tensor.of(new float[] {nan, 1f, -2f, 4f, 3f, 0f}, 2, 3);
        assertArrayEquals(new float[] {nan, 5f, 5f, 5f, 5f, 5f}, ops.maximum(x, Tensor.scalar(5f)).data());
        assertArrayEquals(new float[] {nan, 0f}, ops.min(x, 1, false).data());
        assertArrayEquals(new float[] {nan, 3f, 0f}, ops.max(x, 0, false).data());
        assertTrue(Float.isNaN(ops.max(x, null, false).item()));
        assertArrayEquals(new float[] {0f, 0f}, ops.argmax(x, 1).data());
        assertArrayEquals(new float[] {nan, 0.5f, 0f, 0.5f, 0.5f, 0f}, ops.clip(x, 0f, 0.5f).data());
    }

    @Test
    void axisOutOfRangeIsAKerasError() {
        KerasException e = assertThrows(KerasException.class, () -> ops.sum(Tensor.zeros(2, 3), 2, false));
        assertTrue(e.getMessage().contains("Axis 2"), e.getMessage());
    }

    @Test
    void scratchMemoryReusedAcrossCallsOfChangingSizesNeverLeaksIntoResults() {
        java.util.Random random = new java.util.Random(7);
        int[][] shapes = {{1, 1, 1}, {3, 5, 2}, {64, 33, 17}, {3, 5, 2}, {97, 1, 31}, {128, 128, 128}, {2, 7, 3}};
        java.util.List<Tensor> kept = new java.util.ArrayList<>();
        java.util.List<Tensor> expected = new java.util.ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int[] s : shapes) {
                Tensor a = randomTensor(random, s[0], s[1]);
                Tensor b = randomTensor(random, s[1], s[2]);
                kept.add(ops.matmul(a, b));
                expected.add(naiveMatmul(a, b));
                ops.add(a, Tensor.scalar(1f)); // other ops share the block between products
            }
        }
        // Every earlier result is still what it was when it was returned.
        for (int i = 0; i < kept.size(); i++) {
            assertTrue(kept.get(i).allClose(expected.get(i), 1e-5f, 1e-5f), "product " + i);
        }
        assertTrue(Nd4j.getWorkspaceManager().checkIfWorkspaceExists(Dl4jOps.SCRATCH_ID));
        assertTrue(Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(Dl4jOps.SCRATCH_ID).getCurrentSize()
                <= Dl4jOps.SCRATCH_RETAINED_BYTES);
    }

    @Test
    void aCallLargerThanTheRetainedScratchLeavesNoBlockBehind() {
        int side = 3000; // three 36 MB arrays: above the 64 MB a thread keeps
        Tensor big = Tensor.full(1.5f, side, side);
        Tensor sum = ops.add(big, big);
        assertEquals(3f, sum.get(0, 0));
        assertEquals(3f, sum.get(side - 1, side - 1));
        assertTrue(!Nd4j.getWorkspaceManager().checkIfWorkspaceExists(Dl4jOps.SCRATCH_ID),
                "the scratch block grown for the large call is freed");
        // The next call learns a small block again.
        assertEquals(Tensor.vector(2f, 4f), ops.add(Tensor.vector(1f, 2f), Tensor.vector(1f, 2f)));
        assertTrue(Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(Dl4jOps.SCRATCH_ID).getCurrentSize() < 1024);
    }

    private static Tensor randomTensor(java.util.Random random, int rows, int cols) {
        float[] d = new float[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextFloat() * 2 - 1;
        }
        return Tensor.of(d, rows, cols);
    }

    private static Tensor naiveMatmul(Tensor a, Tensor b) {
        int m = a.dim(0);
        int k = a.dim(1);
        int n = b.dim(1);
        float[] out = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int p = 0; p < k; p++) {
                    acc += a.data()[i * k + p] * b.data()[p * n + j];
                }
                out[i * n + j] = (float) acc;
            }
        }
        return Tensor.of(out, m, n);
    }

    @Test
    void copiesReadViewsAndColumnMajorArraysInRowMajorOrder() {
        INDArray f = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, DataType.FLOAT).dup('f');
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Nd4jTensors.toFloats(f));
        INDArray column = f.getColumn(1);
        assertArrayEquals(new float[] {2, 5}, Nd4jTensors.toFloats(column));
        INDArray target = Nd4j.create(DataType.FLOAT, 2, 2);
        Nd4jTensors.copyInto(new float[] {9, 8, 7, 6}, target);
        assertEquals(7f, target.getFloat(1, 0));
        assertThrows(IllegalArgumentException.class, () -> Nd4jTensors.copyInto(new float[3], target));
        assertEquals(Tensor.scalar(4f), Nd4jTensors.toTensor(Nd4jTensors.toNd(Tensor.scalar(4f))));
    }
}
