package io.jkeras.backend.dl4j.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The bulk copies between Java arrays and whole ND4J buffers. */
class Nd4jTensorsCopyTest {

    @Test
    void copiesInAndOutInRowMajorOrder() {
        INDArray a = Nd4j.create(DataType.FLOAT, 2, 3);
        Nd4jTensors.copyInto(new float[] {1, 2, 3, 4, 5, 6}, a);
        assertArrayEquals(new float[] {4, 5, 6}, a.getRow(1).toFloatVector());
        float[] out = new float[6];
        Nd4jTensors.copyOut(a.muli(2f), out);
        assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12}, out);
    }

    @Test
    void rejectsViewsWrongLengthsAndOtherTypes() {
        INDArray a = Nd4j.create(DataType.FLOAT, 2, 3);
        assertThrows(IllegalArgumentException.class, () -> Nd4jTensors.copyInto(new float[5], a));
        assertThrows(IllegalArgumentException.class, () -> Nd4jTensors.copyOut(a.getRow(1), new float[3]));
        assertThrows(IllegalArgumentException.class, () -> Nd4jTensors.copyOut(a.transpose().dup('f'), new float[6]));
        assertThrows(IllegalArgumentException.class,
                () -> Nd4jTensors.copyOut(Nd4j.create(DataType.DOUBLE, 6), new float[6]));
    }
}
