package io.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.Tensor;
import org.junit.jupiter.api.Test;

class FmtTest {

    @Test
    void floatsPrintAsNumpyPrintsAFloat32() {
        // The rule itself is PythonFloats's (PythonFloatsTest); Fmt.py is the samples' short name for it.
        assertEquals("0.0048412937", Fmt.py(0.0048412937f));
        assertEquals("1e-05", Fmt.py(1e-5f));
    }

    @Test
    void wholeNumberArraysPrintAsNumpyWithAlignedColumns() {
        assertEquals("[[ 1.  2.]\n [10. -3.]]", Fmt.numpy(Tensor.of(new float[][] {{1, 2}, {10, -3}})));
        assertEquals("[0. 1. 2.]", Fmt.numpy(Tensor.vector(0, 1, 2)));
        assertEquals("5.0", Fmt.numpy(Tensor.scalar(5)));
    }

    @Test
    void fractionsAlignOnTheDecimalPoint() {
        assertEquals("[[0.5       0.7310586]]", Fmt.numpy(Tensor.of(new float[][] {{0.5f, 0.7310586f}})));
    }

    @Test
    void rankThreeNestsRowsAsNumpy() {
        assertEquals("[[[0.]\n  [2.]]\n [[1.]\n  [3.]]]", Fmt.numpy(Tensor.of(new float[] {0, 2, 1, 3}, 2, 2, 1)));
    }
}
