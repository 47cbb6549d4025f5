package io.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.jkeras.Tensor;
import io.jkeras.activations.Activation;
import io.jkeras.layers.Dense;
import io.jkeras.losses.BinaryCrossentropy;
import io.jkeras.losses.CategoricalCrossentropy;
import io.jkeras.losses.Loss;
import io.jkeras.losses.MeanAbsoluteError;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Numerics at extremes against Keras 3 (torch backend, float32), from
 * {@code fixtures/extremes/extremes.json} made by {@code tools/fixtures/extremes_fixtures.py}:
 * softmax, sigmoid and every activation at pre-activations of {@code +-1e4}, crossentropies from
 * probabilities and from logits there, predictions of exactly 0 and 1, all-equal rows, and a row
 * of zeros into categorical crossentropy, which Keras divides 0 by 0 (a NaN loss; through a ReLU
 * layer the NaN gradient stops at the ReLU and the weights stay finite).
 *
 * <p>Each case is {@code Dense(width, activation, useBias = false)} fed the identity, so the
 * pre-activations are the kernel. Per case: the prediction, {@code testOnBatch}'s loss, the
 * gradient read from one {@code SGD} step, and the weights after that step, each against Keras.
 * A NaN that Keras gives must be a NaN here, and a finite Keras value finite and close.
 * Tolerances: predictions and loss {@code rtol = 1e-5, atol = 1e-6}; weights after the step
 * {@code rtol = 1e-6, atol = 1e-6}; the gradient {@code rtol = 1e-4} plus the rounding of a
 * weight's update (two ulps of the weight over the learning rate).
 */
public abstract class ExtremesConformance extends ConformanceBase {
    private static final JsonNode FIXTURE = Fixtures.load("/fixtures/extremes/extremes.json");
    private static final float LEARNING_RATE = (float) FIXTURE.get("learning_rate").asDouble();

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : FIXTURE.get("cases")) {
            out.add(Arguments.of(c.get("name").asText(), c));
        }
        return out.stream();
    }

    private static Loss loss(JsonNode c) {
        boolean logits = c.get("from_logits").asBoolean();
        return switch (c.get("loss").asText()) {
            case "categorical_crossentropy" -> new CategoricalCrossentropy(logits);
            case "sparse_categorical_crossentropy" -> new SparseCategoricalCrossentropy(logits);
            case "binary_crossentropy" -> new BinaryCrossentropy(logits);
            case "mean_absolute_error" -> new MeanAbsoluteError();
            default -> throw new IllegalStateException("unknown loss in fixture: " + c.get("loss"));
        };
    }

    private static List<Tensor> tensors(JsonNode list) {
        List<Tensor> out = new ArrayList<>();
        for (JsonNode n : list) {
            out.add(Fixtures.tensor(n));
        }
        return out;
    }

    /** A case's model, compiled with its loss and Keras's initial weights, and its data. */
    private record Case(Sequential model, Tensor x, Tensor y) {
    }

    private Case setUp(JsonNode c) {
        List<Tensor> weights = tensors(c.get("weights"));
        Tensor kernel = weights.get(0);
        Dense dense = new Dense(kernel.dim(1), Activation.get(c.get("activation").asText()))
                .useBias(weights.size() > 1).inputDim(kernel.dim(0));
        Sequential model = compile(new Sequential(dense), new SGD(LEARNING_RATE), loss(c));
        model.setWeights(weights);
        return new Case(model, Fixtures.tensor(c.get("x")), Fixtures.tensor(c.get("y")));
    }

    /** Like {@code assertClose}, but a NaN or infinity expected must be exactly that. */
    private static void assertMatches(double expected, double actual, double rtol, double atol, String what) {
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            if (Double.compare(expected, actual) != 0) {
                fail(what + ": expected " + expected + " (as Keras) but was " + actual);
            }
        } else if (!(Math.abs(actual - expected) <= atol + rtol * Math.abs(expected))) {
            fail(what + ": expected " + expected + " but was " + actual + " (rtol=" + rtol + ", atol=" + atol + ")");
        }
    }

    private static void assertMatches(Tensor expected, Tensor actual, double rtol, double atol, String what) {
        assertEquals(expected.size(), actual.size(), what + " size");
        for (int i = 0; i < expected.size(); i++) {
            assertMatches(expected.data()[i], actual.data()[i], rtol, atol, what + " [" + i + "]");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void predictionAndLossMatchKeras(String name, JsonNode c) {
        Case k = setUp(c);
        assertMatches(Fixtures.tensor(c.get("prediction")), k.model().predict(k.x()), 1e-5, 1e-6, name + " prediction");
        assertMatches(c.get("loss_value").asDouble(), k.model().testOnBatch(k.x(), k.y()), 1e-5, 1e-6, name + " loss");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneTrainingStepMatchesKeras(String name, JsonNode c) {
        Case k = setUp(c);
        List<Tensor> before = k.model().getWeights();
        k.model().trainOnBatch(k.x(), k.y());
        List<Tensor> after = k.model().getWeights();
        List<Tensor> expectedAfter = tensors(c.get("weights_after"));
        List<Tensor> expectedGrad = tensors(c.get("gradients"));
        for (int v = 0; v < after.size(); v++) {
            assertMatches(expectedAfter.get(v), after.get(v), 1e-6, 1e-6, name + " weights after one step, variable " + v);
            float[] w0 = before.get(v).data();
            float[] w1 = after.get(v).data();
            for (int i = 0; i < w0.length; i++) {
                double g = ((double) w0[i] - w1[i]) / LEARNING_RATE;
                double rounding = 2 * Math.ulp(Math.max(Math.abs(w0[i]), Math.abs(w1[i]))) / LEARNING_RATE;
                assertMatches(expectedGrad.get(v).data()[i], g, 1e-4, rounding + 1e-7,
                        name + " gradient, variable " + v + " [" + i + "]");
            }
        }
    }

    @Test
    void reluOutputWithCategoricalCrossentropyKeepsFiniteWeightsAsKeras() {
        // The case of issue #14: a ReLU row of zeros makes Keras's loss NaN (0 / 0), but the ReLU's
        // backward pass selects, so no NaN reaches the weights, and training goes on.
        JsonNode c = null;
        for (JsonNode n : FIXTURE.get("cases")) {
            if (n.get("name").asText().equals("relu_cce_bias")) {
                c = n;
            }
        }
        Case k = setUp(c);
        for (int step = 0; step < 3; step++) {
            k.model().trainOnBatch(k.x(), k.y());
        }
        for (Tensor w : k.model().getWeights()) {
            for (float v : w.data()) {
                assertTrue(Float.isFinite(v), "a weight became " + v + " after training: " + w);
            }
        }
    }
}
