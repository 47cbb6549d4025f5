package io.jkeras.backend.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.jkeras.Tensor;
import io.jkeras.activations.Activation;
import io.jkeras.backend.DenseSpec;
import io.jkeras.backend.InputSpec;
import io.jkeras.backend.ModelSpec;
import io.jkeras.backend.ReshapeSpec;
import io.jkeras.backend.StepResult;
import io.jkeras.backend.TrainableModel;
import io.jkeras.backend.TrainingSpec;
import io.jkeras.conformance.Fixtures;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.optimizers.SGD;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Graph cases of the dl4j backend beyond the shared conformance suite: Dense on rank-3 samples
 * against Keras 3 ({@code sequential_dense3d.json}), and losses on outputs of rank-3 samples,
 * which see one row per position, against sums written here.
 */
class Dl4jGraphTest {
    private static final Dl4jBackend BACKEND = Dl4jModelTest.BACKEND;

    private static Tensor random(Random rng, int... shape) {
        return Dl4jModelTest.random(rng, shape);
    }

    @Test
    void denseOnRank3SamplesMatchesKerasForThreeSgdSteps() {
        JsonNode f = Fixtures.load("/fixtures/graph/sequential_dense3d.json");
        ModelSpec spec = ModelSpec.chain("sequential_dense3d", new InputSpec("input", new int[] {4, 3}), List.of(
                new DenseSpec("dense", new int[] {4, 3}, 2, Activation.TANH, true, null, null),
                new ReshapeSpec("flatten", new int[] {4, 2}, new int[] {8}),
                new DenseSpec("dense_1", 8, 1, Activation.LINEAR, true, null, null)));
        Tensor x = Fixtures.tensor(f.get("x"));
        Tensor y = Fixtures.tensor(f.get("y"));
        try (TrainableModel m = BACKEND.build(spec, new TrainingSpec(new MeanSquaredError(), new SGD(0.1f)),
                Fixtures.weights(f.get("weights")))) {
            float[] predicted = m.predictOnBatch(List.of(x)).get(0).data();
            float[] keras = Fixtures.tensor(f.get("predict")).data();
            for (int i = 0; i < keras.length; i++) {
                assertEquals(keras[i], predicted[i], 1e-5 + 1e-5 * Math.abs(keras[i]), "prediction " + i);
            }
            for (int step = 0; step < 3; step++) {
                double loss = f.get("losses").get(step).asDouble();
                assertEquals(loss, m.trainOnBatch(List.of(x), List.of(y), false).loss(), 1e-5 * loss, "step " + step);
            }
            Map<String, List<Tensor>> after = Fixtures.weights(f.get("weights_after"));
            for (Map.Entry<String, List<Tensor>> e : after.entrySet()) {
                List<Tensor> got = m.getWeights(e.getKey());
                for (int v = 0; v < got.size(); v++) {
                    float[] want = e.getValue().get(v).data();
                    for (int i = 0; i < want.length; i++) {
                        assertEquals(want[i], got.get(v).data()[i], 1e-5 + 1e-4 * Math.abs(want[i]),
                                e.getKey() + " weight " + v + " value " + i);
                    }
                }
            }
        }
    }

    @Test
    void lossesOnRank3OutputsAreMeansOverRows() {
        // Dense(3) on (4, 2) samples: the output (4, 3) is 4 rows of 3 per sample.
        Random rng = new Random(9);
        List<Tensor> w = List.of(random(rng, 2, 3), random(rng, 3));
        ModelSpec spec = ModelSpec.chain("r", new InputSpec("input", new int[] {4, 2}),
                List.of(new DenseSpec("dense", new int[] {4, 2}, 3, Activation.SOFTMAX, true, null, null)));
        Tensor x = random(rng, 5, 4, 2);
        Tensor target = random(rng, 5, 4, 3);
        Tensor classes = Tensor.zeros(5, 4);
        for (int i = 0; i < 20; i++) {
            classes.data()[i] = i % 3;
        }
        try (TrainableModel mse = BACKEND.build(spec, new TrainingSpec(new MeanSquaredError(), new SGD()), Map.of("dense", w));
                TrainableModel sparse = BACKEND.build(spec, new TrainingSpec(new SparseCategoricalCrossentropy(), new SGD()),
                        Map.of("dense", w))) {
            float[] p = mse.predictOnBatch(List.of(x)).get(0).data();
            double squares = 0;
            double crossentropy = 0;
            for (int row = 0; row < 20; row++) {
                double sum = 0;
                for (int k = 0; k < 3; k++) {
                    sum += p[row * 3 + k];
                    double e = p[row * 3 + k] - target.data()[row * 3 + k];
                    squares += e * e;
                }
                assertEquals(1, sum, 1e-6, "softmax over the last axis, row " + row);
                crossentropy -= Math.log(p[row * 3 + (int) classes.data()[row]]);
            }
            StepResult r = mse.testOnBatch(List.of(x), List.of(target), true);
            assertEquals(squares / 60, r.loss(), 1e-6);
            assertEquals(List.of(5, 4, 3), List.of(r.prediction(0).dim(0), r.prediction(0).dim(1), r.prediction(0).dim(2)));
            assertEquals(crossentropy / 20, sparse.testOnBatch(List.of(x), List.of(classes), false).loss(), 1e-5);
            assertEquals(crossentropy / 20, sparse.trainOnBatch(List.of(x), List.of(classes), false).loss(), 1e-5);
        }
    }
}
