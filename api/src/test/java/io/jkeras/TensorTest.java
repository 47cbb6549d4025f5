package io.jkeras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void ofRowsKeepsRowMajorOrderAndShape() {
        Tensor t = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.toArray());
        assertEquals(6f, t.get(1, 2));
        assertArrayEquals(new float[] {4, 5, 6}, t.toArray2D()[1]);
    }

    @Test
    void ofRejectsDataThatDoesNotFitTheShape() {
        KerasException e = assertThrows(KerasException.class, () -> Tensor.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("(2, 3)"), e.getMessage());
    }

    @Test
    void raggedRowsAreRejected() {
        KerasException e = assertThrows(KerasException.class, () -> Tensor.of(new float[][] {{1, 2}, {3}}));
        assertEquals("Ragged rows: row 0 has 2 values, row 1 has 1.", e.getMessage());
    }

    @Test
    void reshapeInfersOneDimension() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 6).reshape(-1, 2);
        assertArrayEquals(new int[] {3, 2}, t.shape());
        assertEquals(4f, t.get(1, 1));
    }

    @Test
    void sliceAndTakeCopySamples() {
        Tensor t = Tensor.of(new float[][] {{1, 2}, {3, 4}, {5, 6}});
        assertArrayEquals(new float[] {3, 4, 5, 6}, t.slice(1, 3).toArray());
        assertArrayEquals(new float[] {5, 6, 1, 2}, t.take(new int[] {2, 0}).toArray());
        Tensor s = t.slice(0, 1);
        s.data()[0] = 99;
        assertEquals(1f, t.get(0, 0));
    }

    @Test
    void shapesPrintAsKerasPrintsThem() {
        assertEquals("(32, 784)", Tensor.shapeToString(32, 784));
        assertEquals("(5,)", Tensor.shapeToString(5));
        assertEquals("()", Tensor.shapeToString());
    }

    @Test
    void indexOutOfBoundsNamesTheShape() {
        Tensor t = Tensor.zeros(2, 2);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0));
        assertTrue(e.getMessage().contains("(2, 2)"));
    }

    @Test
    void toStringIsNumpyLike() {
        assertEquals("[[1.0, 2.0],\n [3.0, 4.0]]", Tensor.of(new float[][] {{1, 2}, {3, 4}}).toString());
        assertEquals("2.5", Tensor.scalar(2.5f).toString());
    }

    @Test
    void ofRejectsAShapeWhoseProductWrapsToTheDataLength() {
        // 65536^4 = 2^64 is 0 in a long, which is the length of an empty array.
        KerasException e = assertThrows(KerasException.class,
                () -> Tensor.of(new float[0], 65536, 65536, 65536, 65536));
        assertEquals("The shape (65536, 65536, 65536, 65536) holds more than 2147483647 values;"
                + " a tensor holds at most 2147483647 values.", e.getMessage());
        assertThrows(KerasException.class, () -> Tensor.of(new float[6], 65536, 65536, 3));
    }

    @Test
    void ofRejectsAnEmptyTensorWhoseSamplesAreTooLargeToCount() {
        // 0 values in all, but 2^32 per sample: sampleSize() could not say how many.
        KerasException e = assertThrows(KerasException.class, () -> Tensor.zeros(0, 65536, 65536));
        assertEquals("The shape (0, 65536, 65536) holds more than 2147483647 values per sample;"
                + " a tensor holds at most 2147483647 values.", e.getMessage());
        assertEquals(0, Tensor.zeros(65536, 65536, 0).size());
    }

    @Test
    void zerosAndFullRejectNegativeAndHugeShapes() {
        assertEquals("The shape (2, -3) has a negative dimension.",
                assertThrows(KerasException.class, () -> Tensor.zeros(2, -3)).getMessage());
        assertThrows(KerasException.class, () -> Tensor.full(1f, 46341, 46341));
        assertThrows(KerasException.class, () -> Tensor.of(new float[0], -1, 0));
    }

    @Test
    void reshapeWithAHugeKnownPartFailsCleanly() {
        Tensor t = Tensor.zeros(4);
        KerasException e = assertThrows(KerasException.class, () -> t.reshape(-1, 65536, 65536, 65536, 65536));
        assertTrue(e.getMessage().startsWith("Cannot reshape (4,)"), e.getMessage());
        assertEquals("Cannot reshape (4,) to (-1, -4): a dimension is negative.",
                assertThrows(KerasException.class, () -> t.reshape(-1, -4)).getMessage());
    }

    @Test
    void takeChecksItsIndicesAndItsResultSize() {
        Tensor t = Tensor.zeros(2, 3);
        assertEquals("Cannot take sample 2 (at position 1 of the indices) of a tensor of shape (2, 3).",
                assertThrows(KerasException.class, () -> t.take(new int[] {0, 2})).getMessage());
        assertThrows(KerasException.class, () -> t.take(new int[] {-1}));
        Tensor wide = Tensor.zeros(1, 1 << 20);
        assertThrows(KerasException.class, () -> wide.take(new int[1 << 12]));
    }

    @Test
    void nullArgumentsAreNamed() {
        assertEquals("data must not be null",
                assertThrows(NullPointerException.class, () -> Tensor.of((float[]) null, 1)).getMessage());
        assertEquals("shape must not be null",
                assertThrows(NullPointerException.class, () -> Tensor.of(new float[1], (int[]) null)).getMessage());
        assertEquals("row 1 of rows must not be null",
                assertThrows(NullPointerException.class, () -> Tensor.of(new float[][] {{1}, null})).getMessage());
        assertEquals("values must not be null",
                assertThrows(NullPointerException.class, () -> Tensor.vector((float[]) null)).getMessage());
        assertEquals("indices must not be null",
                assertThrows(NullPointerException.class, () -> Tensor.zeros(1).take(null)).getMessage());
    }

    @Test
    void misuseIsAKerasException() {
        Tensor t = Tensor.zeros(2, 2);
        assertThrows(KerasException.class, () -> t.dim(2));
        assertThrows(KerasException.class, () -> t.item());
        assertThrows(KerasException.class, () -> Tensor.zeros(2).toArray2D());
        assertThrows(KerasException.class, () -> t.slice(1, 3));
        assertThrows(KerasException.class, () -> t.get(1));
    }
}
