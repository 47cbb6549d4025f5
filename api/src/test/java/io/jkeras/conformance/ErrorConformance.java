package io.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.activations.Activation;
import io.jkeras.layers.Dense;
import io.jkeras.losses.Losses;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Optimizers;
import io.jkeras.optimizers.SGD;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Errors: a user's mistake is a {@link KerasException} whose message says what was expected and
 * what was received, whichever backend runs, and the backend never gets to fail on it first.
 */
public abstract class ErrorConformance extends ConformanceBase {

    private static void assertMessage(Executable call, String... words) {
        KerasException e = assertThrows(KerasException.class, call);
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "message should contain '" + w + "': " + e.getMessage());
        }
    }

    private Sequential model() {
        return compile(new Sequential(new Dense(4, "relu").name("hidden").inputDim(3), new Dense(2).name("out")),
                new SGD(), new MeanSquaredError());
    }

    @Test
    void featureCountMismatchNamesTheLayerAndBothShapes() {
        Sequential m = model();
        Tensor x = Tensor.zeros(2, 5);
        assertMessage(() -> m.trainOnBatch(x, Tensor.zeros(2, 2)), "hidden", "3", "(2, 5)");
        assertMessage(() -> m.predict(x, 32, 0), "hidden", "3", "(2, 5)");
        assertMessage(() -> m.evaluate(x, Tensor.zeros(2, 2), 32, 0), "hidden", "(2, 5)");
    }

    @Test
    void sampleCountMismatchShowsBothShapes() {
        Sequential m = model();
        assertMessage(() -> m.trainOnBatch(Tensor.zeros(4, 3), Tensor.zeros(3, 2)), "same number of samples", "(4, 3)",
                "(3, 2)");
        assertMessage(() -> m.fit(Tensor.zeros(4, 3), Tensor.zeros(5, 2), 1), "same number of samples");
    }

    @Test
    void labelWidthMismatchNamesTheExpectedShape() {
        Sequential m = model();
        assertMessage(() -> m.trainOnBatch(Tensor.zeros(4, 3), Tensor.zeros(4, 3)), "(None, 2)", "(4, 3)");
    }

    @Test
    void sparseLabelOutOfRangeIsReported() {
        Sequential m = compile(new Sequential(new Dense(3, "softmax").inputDim(2)), new SGD(),
                new SparseCategoricalCrossentropy());
        assertMessage(() -> m.trainOnBatch(Tensor.zeros(2, 2), column(1, 3)), "out of range", "3", "[0, 3)");
        assertMessage(() -> m.testOnBatch(Tensor.zeros(2, 2), column(-1, 0)), "out of range");
        assertMessage(() -> m.trainOnBatch(Tensor.zeros(2, 2), column(0.5, 1)), "out of range");
    }

    @Test
    void fitBeforeCompileAsksForCompile() {
        Sequential m = new Sequential(new Dense(1).inputDim(2));
        assertMessage(() -> m.fit(Tensor.zeros(2, 2), Tensor.zeros(2, 1), 1), "compile()");
        assertMessage(() -> m.trainOnBatch(Tensor.zeros(2, 2), Tensor.zeros(2, 1)), "compile()");
        assertMessage(() -> m.evaluate(Tensor.zeros(2, 2), Tensor.zeros(2, 1), 32, 0), "compile()");
    }

    @Test
    void nanInXOrYIsRejectedWithItsPosition() {
        Sequential m = model();
        Tensor x = Tensor.zeros(3, 3);
        x.set(Float.NaN, 1, 2);
        assertMessage(() -> m.trainOnBatch(x, Tensor.zeros(3, 2)), "x", "NaN", "sample 1");
        Tensor y = Tensor.zeros(3, 2);
        y.set(Float.POSITIVE_INFINITY, 2, 0);
        assertMessage(() -> m.fit(Tensor.zeros(3, 3), y, 1), "y", "Infinity", "sample 2");
        float[] before = flatWeights(m);
        assertThrows(KerasException.class, () -> m.trainOnBatch(x, Tensor.zeros(3, 2)));
        assertTrue(java.util.Arrays.equals(before, flatWeights(m)), "a rejected batch must not train");
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        assertMessage(() -> Activation.get("relu7"), "relu7", "relu", "gelu", "softmax");
        assertMessage(() -> Losses.get("mean_square_error"), "mean_square_error", "mean_squared_error", "huber");
        assertMessage(() -> Optimizers.get("adamax"), "adamax", "adam", "sgd", "rmsprop");
        assertMessage(() -> new Dense(3, "sigmod"), "sigmod", "sigmoid");
        Sequential m = new Sequential(new Dense(1).inputDim(2));
        assertMessage(() -> m.compile(new SGD(), new MeanSquaredError(), List.of("acuracy"), backend()), "acuracy",
                "accuracy");
    }

    @Test
    void wrongWeightShapesAreRejectedNamingTheShapes() {
        Sequential m = model();
        assertMessage(() -> m.getLayer("hidden").setWeights(List.of(Tensor.zeros(4, 3), Tensor.zeros(4))), "hidden",
                "(3, 4)", "(4, 3)");
        assertMessage(() -> m.getLayer("out").setWeights(List.of(Tensor.zeros(4, 2))), "out", "2");
        assertMessage(() -> m.setWeights(List.of(Tensor.zeros(3, 4))), "4", "1");
    }
}
