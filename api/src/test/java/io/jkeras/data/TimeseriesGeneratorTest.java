package io.jkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeseriesGeneratorTest {

    private static Tensor range(int from, int to) {
        float[] v = new float[to - from];
        for (int i = 0; i < v.length; i++) {
            v[i] = from + i;
        }
        return Tensor.vector(v);
    }

    @Test
    void windowsOfLengthThreeOverZeroToFour() {
        Tensor series = range(0, 5);
        TimeseriesGenerator gen = TimeseriesGenerator.builder(series, series, 3).batchSize(1).build();
        assertEquals(2, gen.size());
        PyDataset.Batch b0 = gen.get(0);
        assertArrayEquals(new int[] {1, 3}, b0.x().shape());
        assertArrayEquals(new float[] {0, 1, 2}, b0.x().data());
        assertArrayEquals(new float[] {3}, b0.y().data());
        PyDataset.Batch b1 = gen.get(1);
        assertArrayEquals(new float[] {1, 2, 3}, b1.x().data());
        assertArrayEquals(new float[] {4}, b1.y().data());
    }

    @Test
    void defaultBatchSizeTakesEveryWindowInOneBatch() {
        Tensor series = range(0, 5);
        TimeseriesGenerator gen = TimeseriesGenerator.builder(series, series, 3).build();
        assertEquals(1, gen.size());
        assertArrayEquals(new int[] {2, 3}, gen.get(0).x().shape());
        assertArrayEquals(new float[] {0, 1, 2, 1, 2, 3}, gen.get(0).x().data());
        assertArrayEquals(new float[] {3, 4}, gen.get(0).y().data());
    }

    @Test
    void kerasDocumentationExample() {
        // data = np.array([[i] for i in range(50)]); TimeseriesGenerator(data, targets, length=10, sampling_rate=2, batch_size=2)
        Tensor data = range(0, 50).reshape(50, 1);
        TimeseriesGenerator gen = TimeseriesGenerator.builder(data, data, 10).samplingRate(2).batchSize(2).build();
        assertEquals(20, gen.size());
        PyDataset.Batch b = gen.get(0);
        assertArrayEquals(new int[] {2, 5, 1}, b.x().shape());
        assertArrayEquals(new float[] {0, 2, 4, 6, 8, 1, 3, 5, 7, 9}, b.x().data());
        assertArrayEquals(new int[] {2, 1}, b.y().shape());
        assertArrayEquals(new float[] {10, 11}, b.y().data());
        PyDataset.Batch last = gen.get(19);
        assertArrayEquals(new float[] {38, 40, 42, 44, 46, 39, 41, 43, 45, 47}, last.x().data());
        assertArrayEquals(new float[] {48, 49}, last.y().data());
    }

    @Test
    void strideStartEndAndReverseMatchKeras() {
        // Keras 2: TimeseriesGenerator(arange(20), arange(100, 120), length=4, sampling_rate=3, stride=2,
        //          start_index=1, end_index=17, reverse=True, batch_size=3)
        Tensor data = range(0, 20);
        Tensor targets = range(100, 120);
        TimeseriesGenerator gen = TimeseriesGenerator.builder(data, targets, 4).samplingRate(3).stride(2)
                .startIndex(1).endIndex(17).reverse(true).batchSize(3).build();
        assertEquals(3, gen.size());
        assertEquals(2, gen.windowSteps());
        assertArrayEquals(new float[] {4, 1, 6, 3, 8, 5}, gen.get(0).x().data());
        assertArrayEquals(new float[] {105, 107, 109}, gen.get(0).y().data());
        assertArrayEquals(new float[] {10, 7, 12, 9, 14, 11}, gen.get(1).x().data());
        assertArrayEquals(new int[] {1, 2}, gen.get(2).x().shape());
        assertArrayEquals(new float[] {16, 13}, gen.get(2).x().data());
        assertArrayEquals(new float[] {117}, gen.get(2).y().data());
    }

    @Test
    void featuresStayTogetherInEachTimeStep() {
        Tensor data = range(0, 12).reshape(6, 2);
        TimeseriesGenerator gen = TimeseriesGenerator.builder(data, range(0, 6), 2).batchSize(2).build();
        assertEquals(2, gen.size());
        assertArrayEquals(new int[] {2, 2, 2}, gen.get(0).x().shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 2, 3, 4, 5}, gen.get(0).x().data());
        assertArrayEquals(new float[] {2, 3}, gen.get(0).y().data());
        assertArrayEquals(new float[] {4, 5, 6, 7, 6, 7, 8, 9}, gen.get(1).x().data());
        List<Float> targets = new ArrayList<>();
        for (PyDataset.Batch b : gen) {
            for (float v : b.y().data()) {
                targets.add(v);
            }
        }
        assertEquals(List.of(2f, 3f, 4f, 5f), targets);
    }

    @Test
    void shuffleDrawsRowsFromTheSeededGenerator() {
        Tensor data = range(0, 30);
        Keras.setRandomSeed(11);
        TimeseriesGenerator gen = TimeseriesGenerator.builder(data, data, 5).shuffle(true).batchSize(8).build();
        PyDataset.Batch a = gen.get(0);
        assertArrayEquals(new int[] {8, 5}, a.x().shape());
        for (int r = 0; r < 8; r++) {
            float target = a.y().get(r);
            assertTrue(target >= 5 && target <= 29, "row " + target + " is in [startIndex + length, endIndex]");
            for (int s = 0; s < 5; s++) {
                assertEquals(target - 5 + s, a.x().get(r, s));
            }
        }
        Keras.setRandomSeed(11);
        assertEquals(a.y(), gen.get(0).y());
    }

    @Test
    void lengthsMustMatch() {
        KerasException e = assertThrows(KerasException.class,
                () -> TimeseriesGenerator.builder(range(0, 5), range(0, 4), 2).build());
        assertEquals("Data and targets have to be of same length. Data length is 5 while target length is 4.", e.getMessage());
    }

    @Test
    void windowLongerThanTheDataIsRejected() {
        KerasException e = assertThrows(KerasException.class,
                () -> TimeseriesGenerator.builder(range(0, 5), range(0, 5), 5).build());
        assertTrue(e.getMessage().startsWith("`startIndex+length=5 > endIndex=4` is disallowed"), e.getMessage());
    }

    @Test
    void badArgumentsAreNamed() {
        KerasException e = assertThrows(KerasException.class,
                () -> TimeseriesGenerator.builder(range(0, 5), range(0, 5), 2).samplingRate(0).build());
        assertEquals("TimeseriesGenerator: samplingRate must be positive. Received: samplingRate=0", e.getMessage());
        e = assertThrows(KerasException.class,
                () -> TimeseriesGenerator.builder(range(0, 5), range(0, 5), 2).endIndex(5).build());
        assertTrue(e.getMessage().contains("endIndex=5 is past the last time step 4"), e.getMessage());
        TimeseriesGenerator gen = TimeseriesGenerator.builder(range(0, 5), range(0, 5), 2).build();
        e = assertThrows(KerasException.class, () -> gen.get(1));
        assertEquals("TimeseriesGenerator has 1 batches; there is no batch 1.", e.getMessage());
    }

    @Test
    void sizesThatWouldWrapAnIntAreComputedInLongs() {
        // startIndex + length wrapped to a negative first row, read before the data
        KerasException e = assertThrows(KerasException.class,
                () -> TimeseriesGenerator.builder(range(0, 5), range(0, 5), 2).startIndex(Integer.MAX_VALUE).build());
        assertEquals("`startIndex+length=2147483649 > endIndex=4` is disallowed, as no part of the sequence would be "
                + "left to be used as current step.", e.getMessage());
        // batchSize * stride = 2^32 wrapped to 0: size() divided by zero
        TimeseriesGenerator gen = TimeseriesGenerator.builder(range(0, 5), range(0, 5), 2)
                .batchSize(1 << 16).stride(1 << 16).build();
        assertEquals(1, gen.size());
        assertEquals(1, gen.get(0).x().dim(0));
        // length + samplingRate - 1 wrapped to a negative window
        TimeseriesGenerator sparse = TimeseriesGenerator.builder(range(0, 5), range(0, 5), 2)
                .samplingRate(Integer.MAX_VALUE).build();
        assertEquals(1, sparse.windowSteps());
        assertArrayEquals(new float[] {0, 1, 2}, sparse.get(0).x().data());
    }

    @Test
    void aShuffledBatchTooLargeForATensorFailsBeforeAllocating() {
        TimeseriesGenerator gen = TimeseriesGenerator.builder(range(0, 5), range(0, 5), 2)
                .shuffle(true).batchSize(1 << 30).build();
        KerasException e = assertThrows(KerasException.class, () -> gen.get(0));
        assertEquals("The shape (1073741824, 2, 1) of a shuffled batch of TimeseriesGenerator has more than 2147483647 "
                + "values.", e.getMessage());
    }
}
