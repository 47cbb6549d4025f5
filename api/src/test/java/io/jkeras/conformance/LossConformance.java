package io.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.Tensor;
import io.jkeras.layers.Dense;
import io.jkeras.losses.BinaryCrossentropy;
import io.jkeras.losses.CategoricalCrossentropy;
import io.jkeras.losses.Huber;
import io.jkeras.losses.Loss;
import io.jkeras.losses.MeanAbsoluteError;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.SGD;
import io.jkeras.regularizers.Regularizer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Losses: every loss's value and gradient with respect to the predictions against the numbers
 * Keras 3.15 computes (torch backend, float32; gradients by autograd), including clipping,
 * {@code fromLogits}, Huber's {@code delta} and sparse labels; gradients against finite
 * differences; and regularization penalties in the reported loss and in the gradient.
 *
 * <p>The predictions are fed through a bias-free {@code Dense} whose input is the identity: with
 * {@code x = I} and kernel {@code = y_pred}, the model outputs exactly {@code y_pred}, and one SGD
 * step with learning rate 1 changes the kernel by exactly {@code -d loss / d y_pred}.
 * Tolerances: values {@code rtol = 1e-5}; gradients {@code rtol = 1e-4, atol = 1e-6}.
 */
public abstract class LossConformance extends ConformanceBase {
    private static final double[][] REG_TRUE = {{0, 1, 2}, {-1, 0.5, 3}};
    private static final double[][] REG_PRED = {{0.1, 0.7, 3.5}, {-2, 0.5, 2.2}};
    private static final double[][] BIN_TRUE = {{0, 1, 1}, {1, 0, 0}};
    /** Holds 0 and 1 exactly, where clipping decides the value and zeroes the gradient. */
    private static final double[][] BIN_PROB = {{0.1, 0.8, 0.6}, {0.3, 0.0, 1.0}};
    private static final double[][] BIN_LOGITS = {{-2, 3, 0.5}, {1, -30, 40}};
    private static final double[][] CAT_TRUE = {{0, 1, 0}, {0, 0, 1}};
    /** Not normalised, and with a 0: Keras divides by the row sum, then clips. */
    private static final double[][] CAT_PROB = {{0.2, 0.5, 0.1}, {0.0, 0.3, 0.9}};
    private static final double[][] CAT_LOGITS = {{1, 2, 3}, {100, -100, 0}};
    private static final double[] SPARSE = {1, 2};

    /** A loss value and its gradient with respect to {@code y_pred}, as the backend computes them. */
    protected record LossAndGradient(float value, float[] gradient) {
    }

    /** Computes {@code loss(yTrue, yPred)} and its gradient through an identity-fed Dense layer. */
    protected LossAndGradient evaluateLoss(Loss loss, Tensor yTrue, double[][] yPred) {
        int batch = yPred.length;
        int width = yPred[0].length;
        Sequential model = compile(new Sequential(new Dense(width).useBias(false).inputDim(batch)), new SGD(1f), loss);
        model.setWeights(List.of(matrix(yPred)));
        Tensor identity = Tensor.zeros(batch, batch);
        for (int i = 0; i < batch; i++) {
            identity.set(1f, i, i);
        }
        float value = model.testOnBatch(identity, yTrue);
        float[] grad = gradientFromSgdStep(model, identity, yTrue, 1f);
        float trained = model.trainOnBatch(identity, yTrue);
        assertEquals(value, trained, Math.abs(value) * 1e-6, "trainOnBatch reports the loss before its step");
        return new LossAndGradient(value, grad);
    }

    private void assertLoss(Loss loss, Tensor yTrue, double[][] yPred, double value, double[][] grad) {
        LossAndGradient r = evaluateLoss(loss, yTrue, yPred);
        assertClose(value, r.value(), 1e-5, 1e-7, loss.name() + " value");
        assertAllClose(flat(grad), r.gradient(), 1e-4, 1e-6, loss.name() + " gradient");
    }

    @Test
    void meanSquaredErrorMatchesKeras() {
        assertLoss(new MeanSquaredError(), matrix(REG_TRUE), REG_PRED, 0.664999962,
                new double[][] {{0.0333333351, -0.100000009, 0.5}, {-0.333333343, 0, -0.266666651}});
    }

    @Test
    void meanAbsoluteErrorMatchesKeras() {
        assertLoss(new MeanAbsoluteError(), matrix(REG_TRUE), REG_PRED, 0.616666675,
                new double[][] {{0.166666672, -0.166666672, 0.166666672}, {-0.166666672, 0, -0.166666672}});
    }

    @Test
    void huberWithDefaultDeltaMatchesKeras() {
        assertLoss(new Huber(), matrix(REG_TRUE), REG_PRED, 0.311666667,
                new double[][] {{0.0166666675, -0.0500000045, 0.166666672}, {-0.166666672, 0, -0.133333325}});
    }

    @Test
    void huberDeltaMovesTheLinearRegion() {
        assertLoss(new Huber(0.5f), matrix(REG_TRUE), REG_PRED, 0.220833331,
                new double[][] {{0.0166666675, -0.0500000045, 0.0833333358}, {-0.0833333358, 0, -0.0833333358}});
    }

    @Test
    void binaryCrossentropyClipsProbabilitiesAsKeras() {
        // p = 0 and p = 1 are clipped to [1e-7, 1 - 1e-7]: a finite loss and no gradient there.
        assertLoss(new BinaryCrossentropy(), matrix(BIN_TRUE), BIN_PROB, 2.99761462,
                new double[][] {{0.185185209, -0.208333328, -0.277777761}, {-0.555555522, 0, 0}});
    }

    @Test
    void binaryCrossentropyFromLogitsMatchesKeras() {
        assertLoss(new BinaryCrossentropy(true), matrix(BIN_TRUE), BIN_LOGITS, 6.82714272,
                new double[][] {{0.0198671538, -0.00790431164, -0.0629234463}, {-0.0448235683, 1.55960399e-14, 0.166666672}});
    }

    @Test
    void categoricalCrossentropyNormalizesThenClipsAsKeras() {
        assertLoss(new CategoricalCrossentropy(), matrix(CAT_TRUE), CAT_PROB, 0.37884289,
                new double[][] {{0.625, -0.375, 0.625}, {0.416666687, 0.416666687, -0.138888896}});
    }

    @Test
    void categoricalCrossentropyOfAZeroProbabilityIsMinusLogEpsilon() {
        // -log(1e-7) = 16.118...; the clip is active, so the gradient is 0.
        assertLoss(new CategoricalCrossentropy(), matrix(new double[][] {{0, 1, 0}}), new double[][] {{0.5, 0, 0.5}},
                16.1180954, new double[][] {{0, 0, 0}});
    }

    @Test
    void categoricalCrossentropyFromLogitsMatchesKeras() {
        assertLoss(new CategoricalCrossentropy(true), matrix(CAT_TRUE), CAT_LOGITS, 50.703804,
                new double[][] {{0.0450152904, -0.377635747, 0.332620502}, {0.5, 0, -0.5}});
    }

    @Test
    void sparseCategoricalCrossentropyMatchesKerasForBothLabelShapes() {
        double[][] grad = {{0.625, -0.375, 0.625}, {0.416666687, 0.416666687, -0.138888896}};
        assertLoss(new SparseCategoricalCrossentropy(), column(SPARSE), CAT_PROB, 0.37884289, grad);
        assertLoss(new SparseCategoricalCrossentropy(), vector(SPARSE), CAT_PROB, 0.37884289, grad);
    }

    @Test
    void sparseCategoricalCrossentropyFromLogitsMatchesKeras() {
        assertLoss(new SparseCategoricalCrossentropy(true), column(SPARSE), CAT_LOGITS, 50.703804,
                new double[][] {{0.0450152904, -0.377635747, 0.332620502}, {0.5, 0, -0.5}});
    }

    @Test
    void crossentropyFromLogitsIsNotClipped() {
        // From logits nothing is clipped: a confident right answer costs almost nothing.
        LossAndGradient r = evaluateLoss(new CategoricalCrossentropy(true), matrix(new double[][] {{0, 1}}),
                new double[][] {{-20, 20}});
        assertClose(Math.log1p(Math.exp(-40)), r.value(), 0, 1e-12, "log-softmax without clipping");
    }

    static Stream<Arguments> smoothCases() {
        double[][] prob = {{0.2, 0.5, 0.3}, {0.6, 0.1, 0.3}, {0.25, 0.35, 0.4}};
        double[][] logits = {{0.5, -1.2, 2.0}, {1.5, 0.3, -0.7}, {-0.4, 0.9, 0.1}};
        double[][] reg = {{0.3, -1.4, 2.2}, {0.8, 0.1, -0.6}, {1.9, -0.2, 0.4}};
        double[][] yReg = {{0.1, -1.0, 1.5}, {0.5, 0.6, -0.1}, {1.0, 0.3, 0.2}};
        double[][] yBin = {{0, 1, 1}, {1, 0, 1}, {0, 0, 1}};
        double[][] yCat = {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}};
        return Stream.of(
                Arguments.of(new MeanSquaredError(), yReg, reg),
                Arguments.of(new MeanAbsoluteError(), yReg, reg),
                Arguments.of(new Huber(0.4f), yReg, reg),
                Arguments.of(new BinaryCrossentropy(), yBin, prob),
                Arguments.of(new BinaryCrossentropy(true), yBin, logits),
                Arguments.of(new CategoricalCrossentropy(), yCat, prob),
                Arguments.of(new CategoricalCrossentropy(true), yCat, logits),
                Arguments.of(new SparseCategoricalCrossentropy(), new double[][] {{2}, {0}, {1}}, prob),
                Arguments.of(new SparseCategoricalCrossentropy(true), new double[][] {{2}, {0}, {1}}, logits));
    }

    @ParameterizedTest
    @MethodSource("smoothCases")
    void lossGradientsMatchFiniteDifferences(Loss loss, double[][] yTrue, double[][] yPred) {
        LossAndGradient r = evaluateLoss(loss, matrix(yTrue), yPred);
        Sequential model = compile(new Sequential(new Dense(3).useBias(false).inputDim(3)), new SGD(1f), loss);
        model.setWeights(List.of(matrix(yPred)));
        Tensor identity = matrix(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
        double[] numeric = finiteDifferenceGradient(model, identity, matrix(yTrue), 1e-3f);
        assertAllClose(numeric, r.gradient(), 2e-3, 2e-4, loss.name() + " gradient vs finite differences");
    }

    @Test
    void regularizationPenaltyIsAddedToTheReportedLoss() {
        Sequential model = compile(new Sequential(new Dense(2).inputDim(2).kernelRegularizer(Regularizer.l1l2(0.01f, 0.02f))
                .biasRegularizer(Regularizer.l2(0.5f))), new SGD(0.1f), new MeanSquaredError());
        model.setWeights(List.of(matrix(new double[][] {{1, -2}, {0.5, 0.25}}), vector(0.3, -0.1)));
        Tensor x = matrix(new double[][] {{1, 2}, {-1, 0.5}});
        Tensor y = matrix(new double[][] {{2, 0}, {0, 1}});
        // Outputs: [1 + 1 + 0.3, -2 + 0.5 - 0.1] = [2.3, -1.6]; [-1 + 0.25 + 0.3, 2 + 0.125 - 0.1] = [-0.45, 2.025].
        double mse = (0.3 * 0.3 + 1.6 * 1.6 + 0.45 * 0.45 + 1.025 * 1.025) / 4;
        // 0.01 * (1 + 2 + 0.5 + 0.25) + 0.02 * (1 + 4 + 0.25 + 0.0625) + 0.5 * (0.09 + 0.01)
        double penalty = 0.0375 + 0.10625 + 0.05;
        assertClose(mse + penalty, model.testOnBatch(x, y), 1e-6, 1e-7, "testOnBatch loss with penalties");
        assertClose(mse + penalty, model.evaluate(x, y, 32, 0), 1e-6, 1e-7, "evaluate loss with penalties");
        assertClose(mse + penalty, model.trainOnBatch(x, y), 1e-6, 1e-7, "trainOnBatch loss with penalties");
    }

    @Test
    void regularizationGradientIsAddedToTheDataGradient() {
        Sequential model = compile(new Sequential(new Dense(2).inputDim(2).kernelRegularizer(Regularizer.l1l2(0.01f, 0.02f))
                .biasRegularizer(Regularizer.l2(0.5f))), new SGD(1f), new MeanSquaredError());
        float[] kernel = {1, -2, 0.5f, 0.25f};
        float[] bias = {0.3f, -0.1f};
        model.setWeights(List.of(Tensor.of(kernel, 2, 2), Tensor.of(bias, 2)));
        Tensor x = matrix(new double[][] {{1, 2}, {-1, 0.5}});
        Tensor y = matrix(new double[][] {{2, 0}, {0, 1}});
        float[] g = gradientFromSgdStep(model, x, y, 1f);
        // d mse / d out = 2 (out - y) / 4, out as above.
        double[][] e = {{0.15, -0.8}, {-0.225, 0.5125}};
        double[] expected = new double[6];
        float[] xs = x.data();
        for (int i = 0; i < 2; i++) {
            for (int u = 0; u < 2; u++) {
                double w = kernel[i * 2 + u];
                expected[i * 2 + u] = xs[i] * e[0][u] + xs[2 + i] * e[1][u] + 0.01 * Math.signum(w) + 2 * 0.02 * w;
            }
        }
        for (int u = 0; u < 2; u++) {
            expected[4 + u] = e[0][u] + e[1][u] + 2 * 0.5 * bias[u];
        }
        assertAllClose(expected, g, 1e-5, 1e-6, "gradient with penalties");
        assertAllClose(finiteDifferenceGradient(model, x, y, 1e-3f), g, 2e-3, 2e-4, "penalty gradient vs finite differences");
    }

    private static double[] flat(double[][] rows) {
        return Stream.of(rows).flatMapToDouble(java.util.Arrays::stream).toArray();
    }
}
