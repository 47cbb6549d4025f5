package io.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Keras;
import io.jkeras.Tensor;
import io.jkeras.backend.Capability;
import io.jkeras.KerasException;
import io.jkeras.callbacks.Callback;
import io.jkeras.callbacks.EarlyStopping;
import io.jkeras.callbacks.History;
import io.jkeras.callbacks.LearningRateScheduler;
import io.jkeras.callbacks.ReduceLROnPlateau;
import io.jkeras.callbacks.TerminateOnNaN;
import io.jkeras.data.Dataset;
import io.jkeras.data.Datasets;
import io.jkeras.layers.Dense;
import io.jkeras.losses.BinaryCrossentropy;
import io.jkeras.losses.CategoricalCrossentropy;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.models.FitOptions;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.SGD;
import io.jkeras.testing.Printout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Training end to end: convergence on a regression and a classification problem, {@code fit}
 * with mini-batches and its {@code History}, metrics resolved by shape, predictions taken before
 * the update, batching that does not change results, and reproducibility from the seed.
 */
public abstract class TrainingConformance extends ConformanceBase {

    /** {@code y = x^2 - 0.5} at 300 points evenly spread over {@code [-1, 1]}. */
    private static Dataset quadratic() {
        int n = 300;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (-1 + 2.0 * i / (n - 1));
            y[i] = x[i] * x[i] - 0.5f;
        }
        return new Dataset(Tensor.of(x, n, 1), Tensor.of(y, n, 1));
    }

    private Sequential quadraticModel() {
        return compile(new Sequential(new Dense(10, "relu").inputDim(1), new Dense(1)), new SGD(0.05f),
                new MeanSquaredError());
    }

    @Test
    void quadraticRegressionConvergesWithFullBatchSgd() {
        Dataset d = quadratic();
        Sequential model = quadraticModel();
        float first = model.trainOnBatch(d.x(), d.y());
        for (int i = 1; i < 1000; i++) {
            model.trainOnBatch(d.x(), d.y());
        }
        float last = model.testOnBatch(d.x(), d.y());
        assertTrue(last < 0.01f, "final MSE " + last + " (started at " + first + ")");
    }

    @Test
    void fitWithMiniBatchesRecordsHistory() {
        Dataset d = quadratic();
        Sequential model = quadraticModel();
        model.compile(new SGD(0.05f), new MeanSquaredError(), List.of("mae"), backend());
        History h = model.fit(d.x(), d.y(), new FitOptions().epochs(40).batchSize(32).verbose(0).validationSplit(0.2));
        assertEquals(List.of("loss", "mae", "val_loss", "val_mae"), List.copyOf(h.history().keySet()));
        List<Double> loss = h.get("loss");
        assertEquals(40, loss.size());
        assertEquals(40, h.get("val_loss").size());
        for (double v : loss) {
            assertTrue(Double.isFinite(v) && v >= 0, "epoch loss " + v);
        }
        assertTrue(loss.get(39) < loss.get(0) / 2, "loss went from " + loss.get(0) + " to " + loss.get(39));
        // The last epoch's validation loss is evaluate() on the held-out fifth with the final weights.
        Tensor vx = d.x().slice(240, 300);
        Tensor vy = d.y().slice(240, 300);
        assertClose(model.evaluate(vx, vy, 32, 0), h.get("val_loss").get(39), 1e-5, 1e-7, "val_loss");
    }

    @Test
    void moonsClassifierReachesEightyFivePercentAccuracy() {
        Dataset d = Datasets.makeMoons(400, 0.1, 7);
        Sequential model = compile(new Sequential(new Dense(16, "relu").inputDim(2), new Dense(2, "softmax")),
                new Adam(0.02f), new SparseCategoricalCrossentropy(), "accuracy");
        History h = model.fit(d.x(), d.y(), new FitOptions().epochs(40).batchSize(32).verbose(0));
        Map<String, Double> r = model.evaluateDict(d.x(), d.y(), 64, 0);
        assertTrue(r.get("accuracy") > 0.85, "accuracy " + r);
        assertTrue(h.get("accuracy").get(39) > 0.85, "last epoch accuracy " + h.get("accuracy"));
    }

    @Test
    void oneHotClassifierLearnsWithCategoricalCrossentropy() {
        Dataset d = Datasets.makeMoons(400, 0.1, 11);
        Tensor oneHot = Datasets.toCategorical(d.y(), 2);
        Sequential model = compile(new Sequential(new Dense(16, "tanh").inputDim(2), new Dense(2)),
                new Adam(0.02f), new CategoricalCrossentropy(true), "accuracy");
        model.fit(d.x(), oneHot, new FitOptions().epochs(40).batchSize(32).verbose(0));
        assertTrue(model.evaluateDict(d.x(), oneHot, 64, 0).get("accuracy") > 0.85);
    }

    @Test
    void binaryMetricsMatchHandComputedValues() {
        Sequential model = compile(new Sequential(new Dense(1, "sigmoid").inputDim(1)), new SGD(0.1f),
                new BinaryCrossentropy(), "accuracy", "mae", "mse");
        model.setWeights(List.of(matrix(new double[][] {{1}}), vector(0)));
        Tensor x = column(-2, -1, 1, 3);
        Tensor y = column(0, 1, 1, 0);
        double[] p = new double[4];
        double bce = 0;
        double mae = 0;
        double mse = 0;
        for (int i = 0; i < 4; i++) {
            p[i] = Reference.sigmoid(x.data()[i]);
            double t = y.data()[i];
            bce -= (t * Math.log(p[i]) + (1 - t) * Math.log(1 - p[i])) / 4;
            mae += Math.abs(t - p[i]) / 4;
            mse += (t - p[i]) * (t - p[i]) / 4;
        }
        // Predictions [0.12, 0.27, 0.73, 0.95] against [0, 1, 1, 0]: the first and third are right.
        Map<String, Double> r = model.evaluateDict(x, y, 3, 0);
        assertClose(0.5, r.get("accuracy"), 0, 1e-12, "binary accuracy");
        assertClose(bce, r.get("loss"), 1e-5, 1e-7, "loss");
        assertClose(mae, r.get("mae"), 1e-5, 1e-7, "mae");
        assertClose(mse, r.get("mse"), 1e-5, 1e-7, "mse");
        // trainOnBatch's metrics see the predictions from before its update.
        Map<String, Double> t = model.trainOnBatchDict(x, y);
        assertClose(0.5, t.get("accuracy"), 0, 1e-12, "train accuracy");
        assertClose(mse, t.get("mse"), 1e-5, 1e-7, "train mse");
    }

    @Test
    void accuracyIsCategoricalOrSparseByLabelShape() {
        Sequential model = compile(new Sequential(new Dense(3, "softmax").inputDim(3)), new SGD(0.1f),
                new CategoricalCrossentropy(), "accuracy");
        model.setWeights(List.of(matrix(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}), vector(0, 0, 0)));
        // Predicted classes: 2, 0, 1, 1.
        Tensor x = matrix(new double[][] {{0, 1, 3}, {2, 1, 0}, {0, 2, 1}, {1, 1.5, 0}});
        Tensor oneHot = matrix(new double[][] {{0, 0, 1}, {1, 0, 0}, {0, 0, 1}, {0, 1, 0}});
        assertClose(0.75, model.evaluateDict(x, oneHot, 32, 0).get("accuracy"), 0, 1e-12, "categorical accuracy");
        model.compile(new SGD(0.1f), new SparseCategoricalCrossentropy(), List.of("accuracy"), backend());
        assertClose(0.5, model.evaluateDict(x, column(2, 0, 0, 0), 32, 0).get("accuracy"), 0, 1e-12, "sparse accuracy");
    }

    @Test
    void trainOnBatchReportsPredictionsAndLossFromBeforeTheStep() {
        Dataset d = quadratic();
        Sequential model = quadraticModel();
        model.compile(new SGD(0.5f), new MeanSquaredError(), List.of("mse"), backend());
        for (int i = 0; i < 3; i++) {
            float before = model.testOnBatch(d.x(), d.y());
            Map<String, Double> r = model.trainOnBatchDict(d.x(), d.y());
            assertClose(before, r.get("loss"), 1e-6, 1e-9, "loss of step " + i);
            assertClose(r.get("loss"), r.get("mse"), 1e-5, 1e-9, "mse metric of step " + i);
        }
    }

    @Test
    void evaluateAndPredictDoNotDependOnTheBatchSize() {
        Dataset d = quadratic();
        Sequential model = quadraticModel();
        for (int i = 0; i < 20; i++) {
            model.trainOnBatch(d.x(), d.y());
        }
        float whole = model.testOnBatch(d.x(), d.y());
        assertClose(whole, model.evaluate(d.x(), d.y(), 7, 0), 1e-5, 1e-7, "evaluate with batch 7");
        assertClose(whole, model.evaluate(d.x(), d.y(), 300, 0), 1e-6, 1e-8, "evaluate with one batch");
        Tensor all = model.predictOnBatch(d.x());
        Tensor batched = model.predict(d.x(), 13, 0);
        assertAllClose(all.data(), batched.data(), 1e-6, 1e-7, "predict in batches of 13");
    }

    @Test
    void sameSeedGivesSameWeightsAndSameTraining() {
        Dataset d = Datasets.makeMoons(200, 0.2, 3);
        double[] lossA = trainFromSeed(d, 99);
        List<Tensor> weightsA = lastWeights;
        double[] lossB = trainFromSeed(d, 99);
        List<Tensor> weightsB = lastWeights;
        // CUDA kernels may sum in another order from run to run; CPU backends are exact.
        double tol = backend().supports(Capability.CUDA) ? 1e-5 : 0;
        for (int e = 0; e < lossA.length; e++) {
            assertClose(lossA[e], lossB[e], tol, 0, "epoch " + e + " loss");
        }
        for (int i = 0; i < weightsA.size(); i++) {
            assertAllClose(weightsA.get(i).data(), weightsB.get(i).data(), tol, 0, "weight " + i);
        }
        double[] lossC = trainFromSeed(d, 100);
        assertTrue(lossC[0] != lossA[0] || lossC[4] != lossA[4], "another seed gives another run");
    }

    private List<Tensor> lastWeights;

    private double[] trainFromSeed(Dataset d, long seed) {
        Keras.clearSession();
        Keras.setRandomSeed(seed);
        Sequential model = compile(new Sequential(new Dense(8, "relu").inputDim(2), new Dense(2, "softmax")),
                new SGD(0.1f, 0.9f, false), new SparseCategoricalCrossentropy());
        List<Tensor> initial = model.getWeights();
        Keras.setRandomSeed(seed);
        Sequential twin = new Sequential(new Dense(8, "relu").inputDim(2), new Dense(2, "softmax"));
        List<Tensor> twinInitial = twin.getWeights();
        for (int i = 0; i < initial.size(); i++) {
            assertArrayEquals(twinInitial.get(i).data(), initial.get(i).data(), "initial weight " + i + " from the seed");
        }
        History h = model.fit(d.x(), d.y(), new FitOptions().epochs(5).batchSize(16).shuffle(true).verbose(0));
        lastWeights = model.getWeights();
        return h.get("loss").stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Counts the batches {@code fit} ran and keeps each epoch's weights. */
    private static final class Recorder implements Callback {
        private io.jkeras.models.Model model;
        int batches;
        final List<List<Tensor>> epochWeights = new ArrayList<>();

        @Override
        public void setModel(io.jkeras.models.Model model) {
            this.model = model;
        }

        @Override
        public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
            batches++;
        }

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
            epochWeights.add(model.getWeights());
        }
    }

    /**
     * A linear unit whose output overflows float32 on the first batch of {@link #huge} inputs: the
     * loss is infinite at step 1, the weights infinite then NaN, the loss NaN from step 3 on. (Two
     * inputs, not one: ND4J multiplies by a 1×1 kernel as a scalar and turns a NaN scalar into
     * 1e-5, see docs/backends.md.)
     */
    private Sequential overflowingModel() {
        Sequential model = compile(new Sequential(new Dense(1).useBias(false).inputDim(2)), new SGD(0.1f),
                new MeanSquaredError());
        model.setWeights(List.of(Tensor.of(new float[] {1e30f, 1e30f}, 2, 1)));
        return model;
    }

    private static Tensor huge(int samples) {
        return Tensor.full(1e10f, samples, 2);
    }

    @Test
    void terminateOnNaNStopsFitAfterTheFirstInvalidBatch() {
        Sequential model = overflowingModel();
        Recorder recorder = new Recorder();
        Printout<History> fit = Printout.of(() -> model.fit(huge(8), Tensor.zeros(8, 1), new FitOptions().epochs(3)
                .batchSize(2).shuffle(false).verbose(0).callbacks(recorder, new TerminateOnNaN())));
        History h = fit.value();
        assertEquals("Batch 0: Invalid loss, terminating training\n", fit.text());
        assertEquals(1, recorder.batches, "batches run of 4 per epoch, 3 epochs");
        assertEquals(1, h.get("loss").size(), "the stopped epoch still closes");
        assertTrue(!Double.isFinite(h.get("loss").get(0)), "loss " + h.get("loss"));
        assertTrue(model.isStopTraining());
    }

    @Test
    void terminateOnNaNCanRaiseInstead() {
        Sequential model = overflowingModel();
        KerasException e = assertThrows(KerasException.class, () -> model.fit(huge(8),
                Tensor.zeros(8, 1), new FitOptions().epochs(3).batchSize(2).verbose(0).callbacks(new TerminateOnNaN(true))));
        assertTrue(e.getMessage().startsWith("NaN or Inf loss encountered at batch 0. Loss value: "), e.getMessage());
    }

    @Test
    void earlyStoppingEndsFitAndRestoresTheBestEpochsWeights() {
        Dataset d = quadratic();
        Sequential model = quadraticModel();
        Recorder recorder = new Recorder();
        // No later epoch can beat the first by 1e9: patience 2 ends fit after epoch 3 of 10.
        EarlyStopping stop = new EarlyStopping("loss", 2).minDelta(1e9).restoreBestWeights(true);
        History h = model.fit(d.x(), d.y(), new FitOptions().epochs(10).batchSize(32).verbose(0)
                .callbacks(recorder, stop));
        assertEquals(3, h.get("loss").size());
        assertEquals(2, stop.stoppedEpoch());
        assertEquals(0, stop.bestEpoch());
        assertEquals(recorder.epochWeights.get(0), model.getWeights(), "weights put back to the end of epoch 1");
        assertTrue(!recorder.epochWeights.get(2).equals(model.getWeights()));
    }

    @Test
    void earlyStoppingInAutoModeKnowsAccuracyGoesUp() {
        Dataset d = Datasets.makeMoons(200, 0.2, 3);
        Sequential model = compile(new Sequential(new Dense(8, "relu").inputDim(2), new Dense(2, "softmax")),
                new SGD(0.05f), new SparseCategoricalCrossentropy(), "accuracy");
        EarlyStopping stop = new EarlyStopping("accuracy", 0);
        List<Double> acc = model.fit(d.x(), d.y(), new FitOptions().epochs(30).batchSize(32).verbose(0)
                .callbacks(stop)).get("accuracy");
        // Patience 0: fit runs while each epoch's accuracy beats the last, and stops at the first that does not.
        for (int i = 1; i < acc.size() - 1; i++) {
            assertTrue(acc.get(i) > acc.get(i - 1), "epoch " + i + " improved: " + acc);
        }
        int last = acc.size() - 1;
        assertTrue(acc.size() == 30 || acc.get(last) <= acc.get(last - 1), "stopped at the first non-improvement: " + acc);
        assertTrue(acc.size() >= 2, "the first epoch never stops training");
        assertEquals(java.util.Collections.max(acc), stop.best());
    }

    @Test
    void aNaNLossIsLoggedOnceNotAtEveryStep() {
        Sequential model = overflowingModel();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream previous = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        float[] losses = new float[5];
        try {
            for (int i = 0; i < losses.length; i++) {
                losses[i] = model.trainOnBatch(huge(2), Tensor.zeros(2, 1));
            }
        } finally {
            System.setErr(previous);
        }
        String trace = java.util.Arrays.toString(losses);
        assertTrue(losses[0] == Float.POSITIVE_INFINITY && losses[1] == Float.POSITIVE_INFINITY, trace);
        assertTrue(Float.isNaN(losses[2]) && Float.isNaN(losses[3]) && Float.isNaN(losses[4]), trace);
        String log = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, log.split("Loss is NaN", -1).length - 1, log);
    }

    /**
     * Trains a copy of {@code fitted}'s starting weights by hand, full batch, with these learning
     * rates per epoch, and checks that {@code fit} with a learning-rate callback arrived at the
     * same weights: the backend trains with the rate the callback set.
     */
    private void assertTrainedWithRates(Sequential fitted, List<Tensor> start, float... rates) {
        Dataset d = quadratic();
        Sequential byHand = quadraticModel();
        byHand.setWeights(start);
        SGD sgd = (SGD) byHand.getOptimizer();
        for (float lr : rates) {
            sgd.setLearningRate(lr);
            byHand.trainOnBatch(d.x(), d.y());
        }
        assertAllClose(flatWeights(byHand), flatWeights(fitted), 1e-6, 1e-7, "weights");
    }

    @Test
    void reduceLROnPlateauLowersTheRateTheBackendUses() {
        Sequential model = quadraticModel(); // SGD(0.05)
        List<Tensor> start = model.getWeights();
        // No epoch can improve by 1e9: patience 0 halves the rate at the end of every epoch but the first.
        Dataset d = quadratic();
        Printout<History> fit = Printout.of(() -> model.fit(d.x(), d.y(), new FitOptions().epochs(4).batchSize(300)
                .shuffle(false).verbose(2).callbacks(new ReduceLROnPlateau("loss", 0.5, 0).minDelta(1e9))));
        History h = fit.value();
        String out = fit.text();
        assertEquals(List.of("loss", "learning_rate"), List.copyOf(h.history().keySet()));
        assertEquals(List.of((double) 0.05f, (double) 0.05f, (double) 0.025f, (double) 0.0125f), h.get("learning_rate"));
        assertTrue(out.contains(" - loss: ") && out.contains(" - learning_rate: 0.0500 - ")
                && out.contains(" - learning_rate: 0.0125 - "), out);
        assertEquals(0.00625f, model.getOptimizer().getLearningRate());
        assertTrainedWithRates(model, start, 0.05f, 0.05f, 0.025f, 0.0125f);
    }

    @Test
    void learningRateSchedulerSetsTheRateTheBackendUses() {
        Sequential model = quadraticModel();
        List<Tensor> start = model.getWeights();
        Dataset d = quadratic();
        History h = model.fit(d.x(), d.y(), new FitOptions().epochs(4).batchSize(300).shuffle(false).verbose(0)
                .callbacks(new LearningRateScheduler((epoch, lr) -> 0.1 / (epoch + 1))));
        float[] rates = {0.1f, 0.05f, (float) (0.1 / 3), 0.025f};
        for (int e = 0; e < rates.length; e++) {
            assertEquals((double) rates[e], h.get("learning_rate").get(e), "epoch " + e);
        }
        assertTrainedWithRates(model, start, rates);
    }
}
