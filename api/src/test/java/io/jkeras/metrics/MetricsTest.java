package io.jkeras.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void accuracyResolvesByShapesAsKeras3Does() {
        Tensor binaryPred = Tensor.of(new float[][] {{0.9f}, {0.2f}, {0.6f}, {0.4f}});
        Tensor binaryTrue = Tensor.of(new float[][] {{1}, {0}, {0}, {0}});
        Metric binary = Metrics.get("accuracy", 1, 1);
        binary.update(binaryTrue, binaryPred);
        assertEquals(0.75, binary.result(), 1e-12);

        Tensor probs = Tensor.of(new float[][] {{0.1f, 0.7f, 0.2f}, {0.5f, 0.3f, 0.2f}});
        Metric sparse = Metrics.get("accuracy", 1, 3);
        sparse.update(Tensor.of(new float[][] {{1}, {2}}), probs);
        assertEquals(0.5, sparse.result(), 1e-12);

        Metric categorical = Metrics.get("acc", 3, 3);
        categorical.update(Tensor.of(new float[][] {{0, 1, 0}, {1, 0, 0}}), probs);
        assertEquals(1.0, categorical.result(), 1e-12);
        assertEquals("acc", categorical.name());
    }

    @Test
    void meanMetricsWeighEverySampleEquallyAcrossBatches() {
        Metric mae = Metrics.get("mae", 2, 2);
        mae.update(Tensor.of(new float[][] {{0, 0}}), Tensor.of(new float[][] {{1, 3}}));
        mae.update(Tensor.of(new float[][] {{0, 0}, {0, 0}}), Tensor.of(new float[][] {{0, 0}, {1, 1}}));
        assertEquals((2.0 + 0 + 1) / 3, mae.result(), 1e-12);
        Metric mse = Metrics.get("mse", 2, 2);
        mse.update(Tensor.of(new float[][] {{0, 0}}), Tensor.of(new float[][] {{1, 3}}));
        assertEquals(5.0, mse.result(), 1e-12);
        mse.reset();
        assertEquals(0.0, mse.result());
    }

    @Test
    void unknownMetricListsTheKnownOnes() {
        KerasException e = assertThrows(KerasException.class, () -> Metrics.validate("f1"));
        assertTrue(e.getMessage().contains("accuracy"), e.getMessage());
    }
}
