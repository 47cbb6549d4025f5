package io.jkeras.conformance;

import io.jkeras.layers.Dense;
import io.jkeras.losses.MeanAbsoluteError;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adagrad;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.AdamW;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.Optimizers;
import io.jkeras.optimizers.RMSprop;
import io.jkeras.optimizers.SGD;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Optimizers: the first three updates of every optimizer and variant against Keras 3.15 (torch
 * backend, float32), and against the update rules worked out by hand for the first step.
 *
 * <p>The problem makes gradients known exactly: {@code Dense(1)} on two inputs, mean absolute
 * error against a target of -1000 that the output never reaches, so at every step the kernel's
 * gradient is the batch's {@code x} and the bias's gradient is 1. The three batches have
 * shrinking, sign-changing inputs so that momentum, AMSGrad's maximum and RMSprop's averages all
 * matter. Initial weights: kernel {@code [0.3, -0.2]}, bias {@code 0.1}.
 * Tolerance: {@code rtol = 1e-5, atol = 1e-6}.
 */
public abstract class OptimizerConformance extends ConformanceBase {
    private static final double[][] XS = {{0.5, -1.0}, {0.1, -0.2}, {0.05, 0.3}};
    private static final double[] W0 = {0.3, -0.2, 0.1};

    private Sequential model(Optimizer optimizer) {
        Sequential m = compile(new Sequential(new Dense(1).inputDim(2)), optimizer, new MeanAbsoluteError());
        m.setWeights(List.of(matrix(new double[][] {{W0[0]}, {W0[1]}}), vector(W0[2])));
        return m;
    }

    private static void step(Sequential m, int batch) {
        m.trainOnBatch(matrix(new double[][] {XS[batch]}), column(-1000));
    }

    /** Trains three steps, checking {@code [kernel0, kernel1, bias]} after each against Keras. */
    private void assertThreeSteps(Optimizer optimizer, double[][] expected) {
        Sequential m = model(optimizer);
        for (int s = 0; s < 3; s++) {
            step(m, s);
            assertAllClose(expected[s], flatWeights(m), 1e-5, 1e-6, optimizer.name() + " weights after step " + (s + 1));
        }
    }

    @Test
    void sgdMatchesKeras() {
        // w -= 0.1 g: [0.3 - 0.05, -0.2 + 0.1, 0.1 - 0.1], then g = [0.1, -0.2, 1], then [0.05, 0.3, 1].
        assertThreeSteps(new SGD(0.1f), new double[][] {
            {0.25, -0.100000001, 0}, {0.239999995, -0.0799999982, -0.100000001}, {0.234999999, -0.109999999, -0.200000003}});
    }

    @Test
    void sgdMomentumMatchesKeras() {
        // m = 0.9 m - 0.1 g; w += m. Step 2 for the bias: m = 0.9 (-0.1) - 0.1 = -0.19, w = 0 - 0.19.
        assertThreeSteps(new SGD(0.1f, 0.9f, false), new double[][] {
            {0.25, -0.100000001, 0}, {0.194999993, 0.00999999791, -0.189999998}, {0.140499994, 0.0789999962, -0.460999995}});
    }

    @Test
    void sgdNesterovMatchesKeras() {
        // m = 0.9 m - 0.1 g; w += 0.9 m - 0.1 g. Step 1 for the bias: m = -0.1, w = 0.1 - 0.09 - 0.1.
        assertThreeSteps(new SGD(0.1f, 0.9f, true), new double[][] {
            {0.204999998, -0.0100000026, -0.0899999961}, {0.145499989, 0.108999997, -0.361000001},
            {0.0914499983, 0.141099989, -0.704899967}});
    }

    @Test
    void adamMatchesKeras() {
        assertThreeSteps(new Adam(0.1f), new double[][] {
            {0.200001329, -0.100000992, 9.90927219e-07}, {0.119698539, -0.0196979493, -0.0999977812},
            {0.0516805425, 0.0218044594, -0.199997231}});
    }

    @Test
    void adamFirstStepMatchesTheHandComputedRule() {
        // t = 1: m = 0.1 g, v = 0.001 g^2, alpha = lr sqrt(1 - 0.999) / (1 - 0.9), step = alpha m / (sqrt(v) + 1e-7).
        Sequential m = model(new Adam(0.1f));
        step(m, 0);
        double[] g = {XS[0][0], XS[0][1], 1};
        double alpha = 0.1 * Math.sqrt(1 - 0.999) / (1 - 0.9);
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            expected[i] = W0[i] - alpha * 0.1 * g[i] / (Math.sqrt(0.001 * g[i] * g[i]) + 1e-7);
        }
        assertAllClose(expected, flatWeights(m), 1e-5, 1e-6, "Adam first step");
    }

    @Test
    void adamAmsgradKeepsTheLargestSecondMoment() {
        // With beta2 = 0.5 the second moment shrinks at step 2; AMSGrad keeps step 1's.
        assertThreeSteps(new Adam(0.1f, 0.9f, 0.5f, 1e-7f, true), new double[][] {
            {0.200000048, -0.100000031, 2.98023224e-08}, {0.129093796, -0.0290937796, -0.099999927},
            {0.0758859068, 0.00458827615, -0.199999884}});
    }

    @Test
    void adamWithoutAmsgradFollowsTheShrinkingSecondMoment() {
        assertThreeSteps(new Adam(0.1f, 0.9f, 0.5f, 1e-7f, false), new double[][] {
            {0.200000048, -0.100000031, 2.98023224e-08}, {0.103508882, -0.00350885093, -0.099999927},
            {0.00295545906, 0.0526279062, -0.199999884}});
    }

    @Test
    void adamWDecaysWeightsBeforeTheAdamStep() {
        // Step 1: w -= w * 0.05 * 0.1 first: 0.3 -> 0.2985, then Adam's step of about -0.1.
        assertThreeSteps(new AdamW(0.1f, 0.05f, 0.9f, 0.999f, 1e-7f, false), new double[][] {
            {0.198501319, -0.0990009904, -0.000499010086}, {0.117206022, -0.0182029456, -0.100495286},
            {0.0486019924, 0.0233904775, -0.199992269}});
    }

    @Test
    void rmspropMatchesKeras() {
        // Step 1: v = 0.1 g^2, w -= 0.1 g / sqrt(v + 1e-7): about 0.1 / sqrt(0.1) = 0.316 times sign(g).
        assertThreeSteps(new RMSprop(0.1f), new double[][] {
            {-0.0162271261, 0.116227612, -0.216227621}, {-0.0814597979, 0.181460395, -0.445643306},
            {-0.115639016, 0.0834023729, -0.637737989}});
    }

    @Test
    void rmspropCenteredMatchesKeras() {
        assertThreeSteps(new RMSprop(0.1f, 0.9f, 0f, 1e-7f, true), new double[][] {
            {-0.0333325863, 0.133333161, -0.23333317}, {-0.103218079, 0.203218788, -0.488239437},
            {-0.140048712, 0.102567524, -0.713223338}});
    }

    @Test
    void rmspropMomentumMatchesKeras() {
        assertThreeSteps(new RMSprop(0.1f, 0.9f, 0.5f, 1e-7f, false), new double[][] {
            {-0.0162271261, 0.116227612, -0.216227621}, {-0.239573359, 0.339574218, -0.603757143},
            {-0.385425687, 0.353189498, -0.989616513}});
    }

    @Test
    void adagradStartsItsAccumulatorAtPointOne() {
        // Step 1 for the bias: acc = 0.1 + 1, w = 0.1 - 0.1 / sqrt(1.1 + 1e-7) = 0.00465.
        assertThreeSteps(new Adagrad(0.1f), new double[][] {
            {0.215484589, -0.104653753, 0.00465375185}, {0.198817924, -0.0859220326, -0.0643528104},
            {0.190513372, -0.112972118, -0.121148996}});
    }

    @Test
    void learningRateChangedAfterCompileTakesEffect() {
        SGD sgd = new SGD(0.1f);
        Sequential m = model(sgd);
        step(m, 0);
        sgd.setLearningRate(0.5f);
        step(m, 1);
        // Step 2 uses lr 0.5 with g = [0.1, -0.2, 1]: [0.25 - 0.05, -0.1 + 0.1, 0 - 0.5].
        assertAllClose(new double[] {0.2, 0, -0.5}, flatWeights(m), 1e-5, 1e-6, "SGD after setLearningRate");
    }

    @Test
    void adamReadsTheLearningRateAtEveryStep() {
        Adam fast = new Adam(0.1f);
        Sequential a = model(fast);
        step(a, 0);
        fast.setLearningRate(0.01f);
        step(a, 1);
        Adam slow = new Adam(0.1f);
        Sequential b = model(slow);
        step(b, 0);
        float[] afterOne = flatWeights(b);
        step(b, 1);
        float[] wa = flatWeights(a);
        float[] wb = flatWeights(b);
        // Adam's second step is proportional to the learning rate.
        for (int i = 0; i < 3; i++) {
            assertClose((wb[i] - afterOne[i]) / 10, wa[i] - afterOne[i], 1e-4, 1e-7, "Adam step after lr change [" + i + "]");
        }
    }

    @Test
    void compilingAgainRestartsTheOptimizerState() {
        Sequential m = model(new SGD(0.1f, 0.9f, false));
        step(m, 0);
        step(m, 1);
        m.compile(new SGD(0.1f, 0.9f, false), new MeanAbsoluteError(), List.of(), backend());
        float[] before = flatWeights(m);
        step(m, 2);
        float[] after = flatWeights(m);
        // Fresh momentum: the first step is plain SGD, -0.1 g with g = [0.05, 0.3, 1].
        double[] expected = {before[0] - 0.005, before[1] - 0.03, before[2] - 0.1};
        assertAllClose(expected, after, 1e-5, 1e-6, "first step after recompiling");
    }

    @Test
    void optimizerByNameUsesKerasDefaults() {
        Sequential m = model(Optimizers.get("adam"));
        step(m, 0);
        // Adam's first step is about lr * sign(g) = 0.001 for every weight.
        assertAllClose(new double[] {0.299, -0.199, 0.099}, flatWeights(m), 1e-4, 1e-6, "adam first step");
        Sequential s = model(Optimizers.get("sgd"));
        step(s, 0);
        // SGD's default learning rate is 0.01: w -= 0.01 g.
        assertAllClose(new double[] {0.295, -0.19, 0.09}, flatWeights(s), 1e-5, 1e-6, "sgd first step");
    }
}
