package io.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Tensor;
import io.jkeras.activations.Activation;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.losses.CategoricalCrossentropy;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.SGD;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Layers: forward values of {@code Dense} (with every activation), {@code Activation} and
 * {@code Flatten} against double-precision reference code, and their gradients, read from one
 * SGD step with learning rate 1, against central finite differences of {@code testOnBatch}.
 *
 * <p>Tolerances: forward {@code rtol = 1e-5, atol = 1e-6} (float32 arithmetic); gradients
 * against finite differences with step {@code h = 5e-3}: {@code rtol = 2e-3, atol = 2e-4}, which
 * covers float32 rounding of the loss divided by {@code 2h}; a wrong derivative misses by far more.
 */
public abstract class LayerConformance extends ConformanceBase {
    private static final double FWD_RTOL = 1e-5;
    private static final double FWD_ATOL = 1e-6;
    private static final float FD_STEP = 5e-3f;
    private static final double FD_RTOL = 2e-3;
    private static final double FD_ATOL = 2e-4;

    @Test
    void denseLinearForwardMatchesHandComputedValues() {
        Sequential model = compile(new Sequential(new Dense(2).inputDim(3)), new SGD(), new MeanSquaredError());
        model.setWeights(List.of(matrix(new double[][] {{1, 2}, {3, 4}, {5, 6}}), vector(0.5, -0.5)));
        Tensor out = model.predict(matrix(new double[][] {{1, 0, -1}, {2, 1, 0.5}}), 32, 0);
        // Row 1: [1 - 5 + 0.5, 2 - 6 - 0.5]; row 2: [2 + 3 + 2.5 + 0.5, 4 + 4 + 3 - 0.5].
        assertTensor(new int[] {2, 2}, new double[] {-3.5, -4.5, 8, 10.5}, out, 0, 1e-6, "Dense output");
    }

    @Test
    void denseSgdStepMatchesHandComputedGradient() {
        Sequential model = compile(new Sequential(new Dense(1).inputDim(2)), new SGD(0.1f), new MeanSquaredError());
        model.setWeights(List.of(matrix(new double[][] {{1}, {2}}), vector(0)));
        // Prediction 1*1 + 1*2 = 3 against 0: loss 9, d loss / d pred = 2 * 3 = 6, so each weight's gradient is 6.
        float loss = model.trainOnBatch(matrix(new double[][] {{1, 1}}), column(0));
        assertClose(9, loss, 1e-6, 0, "loss before the step");
        assertAllClose(new double[] {1 - 0.6, 2 - 0.6, -0.6}, flatWeights(model), 1e-6, 1e-6, "weights after one step");
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void denseForwardMatchesReferenceForEveryActivation(Activation activation) {
        int in = 4;
        int units = 5;
        int rows = 3;
        Sequential model = compile(new Sequential(new Dense(units, activation).inputDim(in)), new SGD(),
                new MeanSquaredError());
        float[] kernel = pattern(in * units, 0.3, 1.2);
        float[] bias = pattern(units, 2.1, 0.5);
        float[] x = pattern(rows * in, 4.0, 1.5);
        model.setWeights(List.of(Tensor.of(kernel, in, units), Tensor.of(bias, units)));
        Tensor out = model.predict(Tensor.of(x, rows, in), 32, 0);
        double[] expected = Reference.apply(activation, Reference.affine(x, rows, in, kernel, bias, units), rows, units);
        assertTensor(new int[] {rows, units}, expected, out, FWD_RTOL, FWD_ATOL, "Dense(" + activation + ") output");
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void denseGradientsMatchFiniteDifferencesForEveryActivation(Activation activation) {
        int in = 3;
        int hidden = 4;
        int rows = 5;
        Sequential model = compile(new Sequential(new Dense(hidden, activation).inputDim(in), new Dense(2)),
                new SGD(1f), new MeanSquaredError());
        float[] kernel = pattern(in * hidden, 0.7, 1.0);
        float[] bias = pattern(hidden, 1.9, 0.3);
        float[] x = pattern(rows * in, 3.3, 1.0);
        model.setWeights(List.of(Tensor.of(kernel, in, hidden), Tensor.of(bias, hidden),
                Tensor.of(pattern(hidden * 2, 5.1, 0.8), hidden, 2), Tensor.of(pattern(2, 0.2, 0.1), 2)));
        assertAwayFromKinks(activation, Reference.affine(x, rows, in, kernel, bias, hidden));
        Tensor xs = Tensor.of(x, rows, in);
        Tensor ys = Tensor.of(pattern(rows * 2, 2.6, 1.0), rows, 2);
        assertGradientsMatchFiniteDifferences(model, xs, ys, "Dense(" + activation + ")");
    }

    @Test
    void activationLayerForwardAndGradientMatchReference() {
        Sequential model = compile(new Sequential(new Dense(3).inputDim(2), new io.jkeras.layers.Activation("softmax")),
                new SGD(1f), new CategoricalCrossentropy());
        float[] kernel = pattern(6, 0.1, 1.0);
        float[] bias = pattern(3, 0.9, 0.2);
        float[] x = pattern(8, 2.2, 1.0);
        model.setWeights(List.of(Tensor.of(kernel, 2, 3), Tensor.of(bias, 3)));
        Tensor xs = Tensor.of(x, 4, 2);
        double[] expected = Reference.softmaxRows(Reference.affine(x, 4, 2, kernel, bias, 3), 4, 3);
        assertTensor(new int[] {4, 3}, expected, model.predict(xs, 32, 0), FWD_RTOL, FWD_ATOL, "softmax layer output");
        Tensor ys = matrix(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 1, 0}});
        assertGradientsMatchFiniteDifferences(model, xs, ys, "Dense + Activation(softmax)");
    }

    @Test
    void activationLayerHasNoWeights() {
        Sequential model = compile(withInput(new int[] {3}, new io.jkeras.layers.Activation("tanh")), new SGD(),
                new MeanSquaredError());
        assertEquals(0, model.getWeights().size());
        Tensor out = model.predict(matrix(new double[][] {{-1, 0, 2}}), 32, 0);
        assertTensor(new int[] {1, 3}, new double[] {Math.tanh(-1), 0, Math.tanh(2)}, out, FWD_RTOL, FWD_ATOL, "tanh layer");
    }

    @Test
    void flattenFeedsDenseInRowMajorOrder() {
        Sequential model = compile(withInput(new int[] {2, 2}, new Flatten(), new Dense(1)), new SGD(),
                new MeanSquaredError());
        model.setWeights(List.of(matrix(new double[][] {{1}, {2}, {3}, {4}}), vector(0)));
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 0, 1, 0, -1}, 2, 2, 2);
        // Flattened samples [1, 2, 3, 4] and [0, 1, 0, -1] dotted with [1, 2, 3, 4]: 30 and -2.
        assertTensor(new int[] {2, 1}, new double[] {30, -2}, model.predictOnBatch(x), 0, 1e-5, "Flatten + Dense");
        assertTensor(new int[] {2, 1}, new double[] {30, -2}, model.predict(x, 1, 0), 0, 1e-5, "Flatten + Dense, batches of 1");
        assertClose((29 * 29 + 3 * 3) / 2.0, model.testOnBatch(x, column(1, 1)), 1e-6, 0, "loss on rank-3 input");
    }

    @Test
    void denseWithoutBiasComputesOnlyTheProduct() {
        Sequential model = compile(new Sequential(new Dense(2, "relu").useBias(false).inputDim(2), new Dense(1)),
                new SGD(1f), new MeanSquaredError());
        assertEquals(3, model.getWeights().size(), "kernel, then kernel and bias");
        model.setWeights(List.of(matrix(new double[][] {{1, -1}, {0.5, 2}}), matrix(new double[][] {{1}, {-2}}),
                vector(0.25)));
        Tensor x = matrix(new double[][] {{2, 1}, {-1, 1}});
        // Hidden: [2.5, 0] and [0, 3]; output: 2.5 + 0.25 and -6 + 0.25.
        assertTensor(new int[] {2, 1}, new double[] {2.75, -5.75}, model.predict(x, 32, 0), 0, 1e-6, "no-bias Dense");
        assertGradientsMatchFiniteDifferences(model, matrix(new double[][] {{2, 0.7}, {-1, 1.3}}), column(1, -1),
                "Dense without bias");
    }

    @Test
    void deepStackGradientsMatchFiniteDifferences() {
        Sequential model = compile(new Sequential(new Dense(5, "tanh").inputDim(3), new Dense(4, "sigmoid"),
                new Dense(4, "gelu"), new Dense(3, "softmax")), new SGD(1f), new CategoricalCrossentropy());
        float[] w = flatWeights(model);
        setFlatWeights(model, pattern(w.length, 0.4, 1.0));
        Tensor x = Tensor.of(pattern(12, 1.1, 1.0), 4, 3);
        Tensor y = matrix(new double[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
        assertGradientsMatchFiniteDifferences(model, x, y, "four-layer stack");
    }

    /** Compares the SGD-step gradient with finite differences; the model is compiled with SGD(1). */
    protected static void assertGradientsMatchFiniteDifferences(Sequential model, Tensor x, Tensor y, String what) {
        double[] numeric = finiteDifferenceGradient(model, x, y, FD_STEP);
        float[] analytic = gradientFromSgdStep(model, x, y, 1f);
        assertAllClose(numeric, analytic, FD_RTOL, FD_ATOL, what + " gradient vs finite differences");
    }

    /** Finite differences are meaningless across a kink: checks the test data keeps clear of them. */
    private static void assertAwayFromKinks(Activation f, double[] z) {
        for (double k : Reference.kinks(f)) {
            for (double v : z) {
                assertTrue(Math.abs(v - k) > 0.05, "test data puts a pre-activation (" + v + ") next to a kink of " + f);
            }
        }
    }

    // ------------------------------------------------------------------ Dropout

    private static final int DROP_FEATURES = 6;

    /** Four samples of six features, and a linear unit without bias whose kernel is 1..6. */
    private Sequential dropoutModel(float rate, long seed) {
        Sequential model = compile(withInput(new int[] {DROP_FEATURES}, new io.jkeras.layers.Dropout(rate, seed),
                new Dense(1).useBias(false)), new SGD(0.01f), new MeanSquaredError());
        model.setWeights(List.of(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, DROP_FEATURES, 1)));
        return model;
    }

    private static Tensor dropoutInputs() {
        return Tensor.of(pattern(4 * DROP_FEATURES, 0.3, 2), 4, DROP_FEATURES);
    }

    @Test
    void dropoutPassesInputsThroughOutsideTraining() {
        Sequential model = dropoutModel(0.5f, 42);
        Tensor x = dropoutInputs();
        float[] expected = new float[4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < DROP_FEATURES; j++) {
                expected[i] += x.get(i, j) * (j + 1);
            }
        }
        assertAllClose(expected, model.predict(x, 32, 0).data(), FWD_RTOL, FWD_ATOL, "predict");
        double mse = 0;
        for (float e : expected) {
            mse += (double) e * e / 4;
        }
        assertClose(mse, model.evaluate(x, Tensor.zeros(4, 1), 32, 0), FWD_RTOL, FWD_ATOL, "evaluate");
    }

    @Test
    void dropoutWhileTrainingUsesTheSharedMaskOfEachStep() {
        float rate = 0.5f;
        long seed = 42;
        Sequential model = dropoutModel(rate, seed);
        Tensor x = dropoutInputs();
        double[] w = {1, 2, 3, 4, 5, 6};
        for (int step = 0; step < 3; step++) {
            float[] mask = new float[4 * DROP_FEATURES];
            io.jkeras.backend.DropoutMask.fill(mask, mask.length, seed, step, rate);
            double[] pred = new double[4];
            double loss = 0;
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < DROP_FEATURES; j++) {
                    pred[i] += (double) (x.get(i, j) * mask[i * DROP_FEATURES + j]) * w[j];
                }
                loss += pred[i] * pred[i] / 4;
            }
            assertClose(loss, model.trainOnBatch(x, Tensor.zeros(4, 1)), FWD_RTOL, FWD_ATOL, "loss of step " + step);
            // SGD: w -= lr * (2 / n) * sum_i pred_i * (x_i * mask_i)
            for (int j = 0; j < DROP_FEATURES; j++) {
                double g = 0;
                for (int i = 0; i < 4; i++) {
                    g += 2.0 / 4 * pred[i] * (x.get(i, j) * mask[i * DROP_FEATURES + j]);
                }
                w[j] -= 0.01 * g;
            }
            assertAllClose(w, model.getWeights().get(0).data(), FWD_RTOL, FWD_ATOL, "kernel after step " + step);
        }
    }

    @Test
    void dropoutAsTheLastLayerDropsThePredictionsWhileTraining() {
        float rate = 0.25f;
        long seed = 7;
        Sequential model = compile(withInput(new int[] {3}, new Dense(4).useBias(false),
                new io.jkeras.layers.Dropout(rate, seed)), new SGD(0.01f), new MeanSquaredError());
        float[] kernel = pattern(12, 0.9, 1);
        model.setWeights(List.of(Tensor.of(kernel, 3, 4)));
        Tensor x = Tensor.of(pattern(15, 0.2, 1), 5, 3);
        Tensor y = Tensor.of(pattern(20, 0.5, 1), 5, 4);
        float[] mask = new float[20];
        io.jkeras.backend.DropoutMask.fill(mask, mask.length, seed, 0, rate);
        double loss = 0;
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 4; j++) {
                float z = 0;
                for (int k = 0; k < 3; k++) {
                    z += x.get(i, k) * kernel[k * 4 + j];
                }
                double e = (double) (z * mask[i * 4 + j]) - y.get(i, j);
                loss += e * e / 20;
            }
        }
        assertClose(loss, model.trainOnBatch(x, y), FWD_RTOL, FWD_ATOL, "training loss with the last layer dropped");
    }
}
