package io.jkeras.backend.dl4j.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The one-hot rows the sparse crossentropy builds from class indices. */
class CrossentropyTest {

    @Test
    void oneHotMarksEachWholeIndexInRangeAndNothingElse() {
        INDArray indices = Nd4j.createFromArray(2f, 0f, 3.5f, -1f, 4f, 3f).reshape(6, 1);
        INDArray hot = Crossentropy.oneHot(indices, 4);
        assertArrayEquals(new long[] {6, 4}, hot.shape());
        assertArrayEquals(new float[] {0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
                hot.reshape(24).toFloatVector());
    }
}
