package io.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jkeras.Keras;
import io.jkeras.Tensor;
import io.jkeras.layers.Dense;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.SGD;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Weights: Keras's layout and order (Dense kernel {@code (in, units)}, then bias {@code (units,)}),
 * exact round trips through the backend, copies rather than views, and weights that survive
 * compiling again.
 */
public abstract class WeightsConformance extends ConformanceBase {

    private Sequential twoLayers() {
        return compile(new Sequential(new Dense(3, "relu").inputDim(2), new Dense(1, "sigmoid").useBias(false)),
                new SGD(0.1f), new MeanSquaredError());
    }

    @Test
    void getWeightsUsesKerasLayoutAndOrder() {
        Sequential m = twoLayers();
        List<Tensor> w = m.getWeights();
        assertEquals(3, w.size());
        assertArrayEquals(new int[] {2, 3}, w.get(0).shape(), "first kernel");
        assertArrayEquals(new int[] {3}, w.get(1).shape(), "first bias");
        assertArrayEquals(new int[] {3, 1}, w.get(2).shape(), "second kernel, no bias");
        assertArrayEquals(new float[3], w.get(1).data(), "biases start at zero");
    }

    @Test
    void compiledWeightsAreTheInitialWeightsDrawnFromTheSeed() {
        Keras.setRandomSeed(5);
        List<Tensor> uncompiled = new Sequential(new Dense(3, "relu").inputDim(2), new Dense(1)).getWeights();
        Keras.setRandomSeed(5);
        Sequential m = compile(new Sequential(new Dense(3, "relu").inputDim(2), new Dense(1)), new SGD(),
                new MeanSquaredError());
        List<Tensor> compiled = m.getWeights();
        for (int i = 0; i < compiled.size(); i++) {
            assertEquals(uncompiled.get(i), compiled.get(i), "weight " + i);
        }
    }

    @Test
    void setWeightsRoundTripsExactly() {
        Sequential m = twoLayers();
        List<Tensor> w = List.of(Tensor.of(pattern(6, 0.1, 2), 2, 3), Tensor.of(pattern(3, 0.5, 0.1), 3),
                Tensor.of(pattern(3, 0.9, 1), 3, 1));
        m.setWeights(w);
        List<Tensor> back = m.getWeights();
        for (int i = 0; i < w.size(); i++) {
            assertEquals(w.get(i), back.get(i), "weight " + i);
        }
        m.getLayer(1).setWeights(List.of(Tensor.of(new float[] {1, 2, 3}, 3, 1)));
        assertArrayEquals(new float[] {1, 2, 3}, m.getLayer(1).getWeights().get(0).data());
    }

    @Test
    void getWeightsReturnsCopies() {
        Sequential m = twoLayers();
        Tensor k = m.getWeights().get(0);
        float before = k.get(0, 0);
        k.set(before + 100, 0, 0);
        assertEquals(before, m.getWeights().get(0).get(0, 0), "changing a returned tensor must not change the model");
        Tensor mine = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        m.getLayer(0).setWeights(List.of(mine, Tensor.zeros(3)));
        mine.set(99, 0, 0);
        assertEquals(1f, m.getWeights().get(0).get(0, 0), "the model must not keep the caller's tensor");
    }

    @Test
    void setWeightsChangesPredictions() {
        Sequential m = compile(new Sequential(new Dense(2).inputDim(2)), new SGD(), new MeanSquaredError());
        Tensor x = Tensor.of(new float[] {1, 2}, 1, 2);
        m.setWeights(List.of(Tensor.of(new float[] {1, 0, 0, 1}, 2, 2), vector(0, 0)));
        assertArrayEquals(new float[] {1, 2}, m.predict(x, 32, 0).data());
        m.setWeights(List.of(Tensor.of(new float[] {0, 1, 1, 0}, 2, 2), vector(10, 20)));
        assertArrayEquals(new float[] {12, 21}, m.predict(x, 32, 0).data());
    }

    @Test
    void trainingChangesWeightsAndRecompilingKeepsThem() {
        Sequential m = twoLayers();
        float[] initial = flatWeights(m);
        Tensor x = Tensor.of(pattern(8, 0.3, 1), 4, 2);
        Tensor y = column(0.1, 0.9, 0.4, 0.6);
        for (int i = 0; i < 5; i++) {
            m.trainOnBatch(x, y);
        }
        float[] trained = flatWeights(m);
        assertFalse(java.util.Arrays.equals(initial, trained), "training must change the weights");
        float[] predicted = m.predict(x, 32, 0).data();
        m.compile(new Adam(), new MeanSquaredError(), List.of(), backend());
        assertArrayEquals(trained, flatWeights(m), "compile() keeps the weights");
        assertArrayEquals(predicted, m.predict(x, 32, 0).data(), "and so the predictions");
    }
}
