package io.jkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PyDataset.Batch} and its checks; training on a PyDataset is in {@code PyDatasetConformance}. */
class PyDatasetTest {

    @Test
    void batchOfOneInputAndOneTargetGivesThemBack() {
        Tensor x = Tensor.zeros(2, 3);
        Tensor y = Tensor.zeros(2, 1);
        PyDataset.Batch b = PyDataset.Batch.of(x, y);
        assertSame(x, b.x());
        assertSame(y, b.y());
        assertEquals(List.of(x), b.inputs());
        assertEquals(List.of(y), b.targets());
    }

    @Test
    void severalTensorsAreReadAsLists() {
        PyDataset.Batch b = PyDataset.Batch.of(List.of(Tensor.zeros(2, 3), Tensor.zeros(2, 4)), List.of(Tensor.zeros(2, 1)));
        KerasException e = assertThrows(KerasException.class, b::x);
        assertEquals("This batch has 2 inputs; inputs() returns them all.", e.getMessage());
        PyDataset.Batch inputsOnly = PyDataset.Batch.inputsOnly(Tensor.zeros(2, 3));
        assertEquals(List.of(), inputsOnly.targets());
        e = assertThrows(KerasException.class, inputsOnly::y);
        assertEquals("This batch has 0 targets; targets() returns them all.", e.getMessage());
    }

    @Test
    void missingTensorsAreRefused() {
        KerasException e = assertThrows(KerasException.class,
                () -> PyDataset.Batch.of(Arrays.asList(Tensor.zeros(2, 3), null), List.of()));
        assertEquals("A PyDataset batch has no tensor at inputs[1] (null).", e.getMessage());
        e = assertThrows(KerasException.class, () -> PyDataset.Batch.of(List.of(), List.of()));
        assertEquals("A PyDataset batch needs at least one input tensor.", e.getMessage());
    }

    @Test
    void timeseriesGeneratorIsAPyDatasetWithKerasDefaultHooks() {
        Tensor series = Tensor.of(new float[] {0, 1, 2, 3, 4}, 5, 1);
        PyDataset gen = TimeseriesGenerator.builder(series, series, 3).batchSize(1).build();
        gen.onEpochBegin();
        gen.onEpochEnd();
        assertEquals(2, gen.size());
        assertArrayEquals(new float[] {1, 2, 3}, gen.get(1).x().toArray());
        assertArrayEquals(new float[] {4}, gen.get(1).y().toArray());
    }
}
