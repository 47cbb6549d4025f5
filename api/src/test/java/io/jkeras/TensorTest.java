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
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("(2, 3)"), e.getMessage());
    }

    @Test
    void raggedRowsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[][] {{1, 2}, {3}}));
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
}
