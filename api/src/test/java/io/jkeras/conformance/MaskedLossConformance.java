package io.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Embedding;
import io.jkeras.layers.LSTM;
import io.jkeras.layers.Masking;
import io.jkeras.losses.Loss;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.SGD;
import io.jkeras.models.Sequential;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Losses and metrics of an output that carries Keras's mask: {@code Embedding(maskZero)} →
 * {@code LSTM(returnSequences)} → {@code Dense} on padded sequences, whose masked steps Keras 3 leaves
 * out of the loss (the mean over the kept steps, {@code apply_mask}) and of the metrics (their sample
 * weights). Numbers from {@code tools/fixtures/masked_loss_fixtures.py}.
 */
public abstract class MaskedLossConformance extends ConformanceBase {
    private static final JsonNode FIXTURE = Fixtures.load("/fixtures/rnn/masked_loss.json");

    private Sequential model(String fixtureCase, Optimizer optimizer) {
        boolean sparse = fixtureCase.equals("sparse_categorical_crossentropy");
        Sequential m = withInput(new int[] {6}, new Embedding(9, 3).maskZero(true), new LSTM(4).returnSequences(true),
                sparse ? new Dense(3, "softmax") : new Dense(2));
        Loss loss = sparse ? new SparseCategoricalCrossentropy() : new MeanSquaredError();
        compile(m, optimizer, loss, sparse ? new String[] {"accuracy"} : new String[] {"mae", "mse"});
        setFlatWeights(m, Fixtures.flatWeights(FIXTURE.get(fixtureCase).get("weights")));
        return m;
    }

    private static Tensor x(String c) {
        return Fixtures.tensor(FIXTURE.get(c).get("x"));
    }

    private static Tensor y(String c) {
        return Fixtures.tensor(FIXTURE.get(c).get("y"));
    }

    private static void assertLogs(JsonNode expected, Map<String, Double> actual, double rtol, String what) {
        Iterator<Map.Entry<String, JsonNode>> it = expected.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            Double v = actual.get(e.getKey());
            assertNotNull(v, what + ": no log '" + e.getKey() + "' in " + actual);
            assertClose(e.getValue().asDouble(), v, rtol, 1e-6, what + " " + e.getKey());
        }
    }

    @Test
    void maskedMseAndMetricsMatchKerasOnTestOnBatch() {
        JsonNode f = FIXTURE.get("mse");
        // The fixture's own check that the mask matters: the loss over every step differs.
        assertTrue(Math.abs(f.get("masked_loss").asDouble() - f.get("unmasked_loss").asDouble()) > 1e-2);
        assertLogs(f.get("test_on_batch"), model("mse", new SGD(1f)).testOnBatchDict(x("mse"), y("mse")), 1e-5,
                "testOnBatch");
    }

    @Test
    void maskedSparseCrossentropyAndAccuracyMatchKerasOnTestOnBatch() {
        String c = "sparse_categorical_crossentropy";
        assertLogs(FIXTURE.get(c).get("test_on_batch"), model(c, new SGD(1f)).testOnBatchDict(x(c), y(c)), 1e-5,
                "testOnBatch");
    }

    @Test
    void maskedLossGradientsMatchKerasAndMaskedStepsGiveNone() {
        for (String c : new String[] {"mse", "sparse_categorical_crossentropy"}) {
            Sequential m = model(c, new SGD(1f));
            float[] g = gradientFromSgdStep(m, x(c), y(c), 1f);
            assertAllClose(Fixtures.flatWeights(FIXTURE.get(c).get("gradients")), g, 1e-3, 2e-5, c + " gradient");
            // The padding index 8 is never read and 0 only at masked steps: their embedding rows get no gradient.
            for (int k = 0; k < 3; k++) {
                assertTrue(g[k] == 0f, c + ": embedding row 0 (padding) has gradient " + g[k]);
            }
        }
    }

    @Test
    void targetsAtMaskedStepsChangeNeitherLossNorGradient() {
        Sequential m = model("mse", new SGD(1f));
        Tensor x = x("mse");
        float[] changed = y("mse").data().clone();
        for (int r = 0; r < 5 * 6; r++) {
            if (x.data()[r] == 0f) {
                changed[2 * r] = 100f + r;
                changed[2 * r + 1] = -7f;
            }
        }
        Tensor y2 = Tensor.of(changed, 5, 6, 2);
        assertClose(m.testOnBatch(x, y("mse")), m.testOnBatch(x, y2), 0, 0, "loss");
        float[] g = gradientFromSgdStep(m, x, y("mse"), 1f);
        float[] g2 = gradientFromSgdStep(m, x, y2, 1f);
        assertAllClose(g, g2, 0, 0, "gradient");
    }

    @Test
    void maskedLossIsTheMeanOverKeptStepsOfThePrediction() {
        Sequential m = model("mse", new SGD(1f));
        Tensor x = x("mse");
        Tensor y = y("mse");
        float[] p = m.predict(x, 32, 0).data();
        double sum = 0;
        int kept = 0;
        for (int r = 0; r < 5 * 6; r++) {
            if (x.data()[r] != 0f) {
                sum += (sq(p[2 * r] - y.data()[2 * r]) + sq(p[2 * r + 1] - y.data()[2 * r + 1])) / 2;
                kept++;
            }
        }
        assertClose(sum / kept, m.testOnBatch(x, y), 1e-5, 1e-7, "mean over the kept steps");
    }

    private static double sq(double v) {
        return v * v;
    }

    @Test
    void evaluateWeightsBatchLossesBySamplesAndMetricsByKeptSteps() {
        for (String c : new String[] {"mse", "sparse_categorical_crossentropy"}) {
            assertLogs(FIXTURE.get(c).get("evaluate_batch_2"), model(c, new SGD(1f)).evaluateDict(x(c), y(c), 2, 0), 1e-5,
                    c + " evaluate(batch_size=2)");
        }
    }

    @Test
    void adamStepsOnAMaskedOutputTrainLikeKeras() {
        for (String c : new String[] {"mse", "sparse_categorical_crossentropy"}) {
            JsonNode f = FIXTURE.get(c);
            Sequential m = model(c, new Adam(0.01f));
            JsonNode steps = f.get("train_on_batch");
            for (int s = 0; s < steps.size(); s++) {
                assertLogs(steps.get(s), m.trainOnBatchDict(x(c), y(c)), 1e-4, c + " step " + s);
            }
            assertAllClose(Fixtures.flatWeights(f.get("weights_after")), flatWeights(m), 1e-3, 1e-5,
                    c + " weights after 5 steps");
        }
    }

    @Test
    void anOutputMaskNotMadeFromAModelInputIsRefusedForTrainingOnly() {
        Sequential m = withInput(new int[] {4, 2}, new Dense(2), new Masking(), new LSTM(3).returnSequences(true));
        Tensor x = Tensor.of(pattern(2 * 4 * 2, 0.3, 1.0), 2, 4, 2);
        assertTrue(m.predict(x, 32, 0).size() == 2 * 4 * 3, "predict needs no output mask");
        KerasException e = assertThrows(KerasException.class, () -> {
            compile(m, new SGD(0.1f), new MeanSquaredError());
            m.trainOnBatch(x, Tensor.of(pattern(2 * 4 * 3, 0.1, 1.0), 2, 4, 3));
        });
        assertTrue(e.getMessage().contains("carries the mask made from tensor") && e.getMessage().contains("not a model input"),
                e.getMessage());
    }
}
