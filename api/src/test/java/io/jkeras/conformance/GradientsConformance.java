package io.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.Gradients;
import io.jkeras.backend.StepResult;
import io.jkeras.callbacks.History;
import io.jkeras.layers.Add;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.layers.KerasTensor;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.models.BatchSource;
import io.jkeras.models.CompileOptions;
import io.jkeras.models.FitOptions;
import io.jkeras.models.Model;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.SGD;
import io.jkeras.regularizers.Regularizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Custom training loops: {@code computeGradients} gives gradient sums over the batch that add up
 * over shards to the whole batch's, whose mean is the gradient {@code trainOnBatch} steps with, and
 * {@code applyGradients(computeGradients(x, y))} is {@code trainOnBatch(x, y)}: weights, losses,
 * optimizer state and step counter.
 */
public abstract class GradientsConformance extends ConformanceBase {
    private static final int SAMPLES = 10;

    private Sequential mlp(Optimizer optimizer) {
        return compile(withInput(new int[] {4},
                new Dense(5, "tanh").kernelRegularizer(Regularizer.l2(0.01f)).name("hidden"),
                new Dense(3, "softmax").name("out")), optimizer, new SparseCategoricalCrossentropy());
    }

    private static Tensor x() {
        return Tensor.of(pattern(SAMPLES * 4, 0.3, 1.5), SAMPLES, 4);
    }

    private static Tensor y() {
        float[] labels = new float[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            labels[i] = (i * 7) % 3;
        }
        return Tensor.of(labels, SAMPLES, 1);
    }

    @Test
    void computeThenApplyGradientsIsTrainOnBatch() {
        Sequential trained = mlp(new Adam(0.05f));
        Sequential custom = mlp(new Adam(0.05f));
        custom.setWeights(trained.getWeights());
        for (int step = 0; step < 3; step++) {
            float loss = trained.trainOnBatch(x(), y());
            Map<String, Double> logs = custom.applyGradients(custom.computeGradients(x(), y()));
            assertClose(loss, logs.get("loss"), 1e-6, 0, "loss of step " + step + " (with the L2 penalty)");
        }
        assertAllClose(flatWeights(trained), flatWeights(custom), 1e-6, 1e-7, "weights after 3 Adam steps");
        assertEquals(3, custom.getIterations());
        List<Tensor> velocity = trained.getOptimizerSlots("hidden").get("velocity");
        List<Tensor> customVelocity = custom.getOptimizerSlots("hidden").get("velocity");
        for (int i = 0; i < velocity.size(); i++) {
            assertAllClose(velocity.get(i).data(), customVelocity.get(i).data(), 1e-5, 1e-12, "Adam velocity " + i);
        }
    }

    @Test
    void gradientMeanIsTheGradientOfTheMeanLoss() {
        Sequential m = mlp(new SGD(1f));
        Gradients g = m.computeGradients(x(), y());
        assertEquals(SAMPLES, g.samples());
        assertEquals(List.of("hidden", "out"), new ArrayList<>(g.layers().keySet()));
        // Without the penalty: the SGD step with learning rate 1 includes it, so subtract 2 * 0.01 * w.
        float[] before = flatWeights(m);
        float[] fromStep = gradientFromSgdStep(m, x(), y(), 1f);
        float[] mean = flat(g, m);
        int kernel = 4 * 5;
        for (int i = 0; i < kernel; i++) {
            fromStep[i] -= 0.02f * before[i];
        }
        assertAllClose(fromStep, mean, 1e-4, 1e-6, "mean gradient against an SGD(1) step");
        assertClose(m.testOnBatch(x(), y()) - l2Penalty(before, kernel), g.lossSum() / SAMPLES, 1e-6, 1e-7,
                "lossSum / samples is the loss without the penalty");
    }

    @Test
    void shardGradientSumsAddUpToTheWholeBatch() {
        Sequential m = mlp(new SGD(0.1f));
        Gradients whole = m.computeGradients(x(), y());
        Gradients first = m.computeGradients(x().slice(0, 3), y().slice(0, 3));
        Gradients second = m.computeGradients(x().slice(3, SAMPLES), y().slice(3, SAMPLES));
        Gradients sum = first.plus(second);
        assertEquals(SAMPLES, sum.samples());
        assertClose(whole.lossSum(), sum.lossSum(), 1e-6, 0, "loss sum");
        assertAllClose(flat(whole, m), flat(sum, m), 1e-5, 1e-7, "gradient sums of 3 + 7 samples against 10");
        assertEquals(0, m.getIterations(), "computeGradients changes nothing");
    }

    @Test
    void sharedLayerAndWeightedOutputsMatchTrainOnBatch() {
        List<Model> models = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            Input a = new Input(3).name("a");
            Input b = new Input(3).name("b");
            Dense shared = new Dense(4, "tanh").name("shared");
            KerasTensor sum = new Add().name("add").apply(shared.apply(a), shared.apply(b));
            Model m = new Model(List.of(a, b), List.of(new Dense(2).name("o1").apply(sum),
                    new Dense(1).name("o2").apply(shared.apply(b))), "two_outputs");
            m.compile(new CompileOptions(new SGD(0.2f, 0.9f, true)).backend(backend())
                    .loss("o1", "mse").loss("o2", "mae").lossWeight("o1", 0.5).lossWeight("o2", 2.0));
            models.add(m);
        }
        models.get(1).setWeights(models.get(0).getWeights());
        List<Tensor> xs = List.of(Tensor.of(pattern(18, 0.1, 1), 6, 3), Tensor.of(pattern(18, 2.1, 1), 6, 3));
        List<Tensor> ys = List.of(Tensor.of(pattern(12, 1.3, 1), 6, 2), Tensor.of(pattern(6, 0.7, 1), 6, 1));
        for (int step = 0; step < 2; step++) {
            Map<String, Double> trained = models.get(0).trainOnBatchDict(Map.of("a", xs.get(0), "b", xs.get(1)),
                    Map.of("o1", ys.get(0), "o2", ys.get(1)));
            Gradients half = models.get(1).computeGradients(slice(xs, 0, 2), slice(ys, 0, 2));
            Gradients rest = models.get(1).computeGradients(slice(xs, 2, 6), slice(ys, 2, 6));
            Map<String, Double> custom = models.get(1).applyGradients(half.plus(rest));
            for (String key : trained.keySet()) {
                assertClose(trained.get(key), custom.get(key), 1e-5, 1e-7, key + " at step " + step);
            }
        }
        List<Tensor> w0 = models.get(0).getWeights();
        List<Tensor> w1 = models.get(1).getWeights();
        for (int i = 0; i < w0.size(); i++) {
            assertAllClose(w0.get(i).data(), w1.get(i).data(), 1e-5, 1e-6, "weight " + i);
        }
    }

    @Test
    void fitOnABatchSourceOfShardsIsFitOnTensors() {
        Sequential local = mlp(new Adam(0.02f));
        Sequential sharded = mlp(new Adam(0.02f));
        sharded.setWeights(local.getWeights());
        Tensor x = x();
        Tensor y = y();
        Keras.setRandomSeed(7);
        History expected = local.fit(x, y, new FitOptions().epochs(3).batchSize(4).verbose(0));
        BatchSource twoShards = new BatchSource() {
            @Override
            public int size() {
                return SAMPLES;
            }

            @Override
            public StepResult trainStep(int[] samples) {
                int half = samples.length / 2;
                Gradients g = sharded.computeGradients(gather(x, samples, 0, half), gather(y, samples, 0, half))
                        .plus(sharded.computeGradients(gather(x, samples, half, samples.length),
                                gather(y, samples, half, samples.length)));
                Map<String, Double> logs = sharded.applyGradients(g);
                return new StepResult(logs.get("loss").floatValue(), new float[] {logs.get("loss").floatValue()}, null);
            }
        };
        Keras.setRandomSeed(7);
        History got = sharded.fit(twoShards, new FitOptions().epochs(3).batchSize(4).verbose(0)
                .validationData(x, y));
        assertAllClose(flatWeights(local), flatWeights(sharded), 1e-5, 1e-7, "weights after 3 shuffled epochs");
        assertEquals(3, got.history().get("loss").size());
        for (int e = 0; e < 3; e++) {
            assertClose(expected.history().get("loss").get(e), got.history().get("loss").get(e), 1e-5, 1e-7,
                    "loss of epoch " + e);
        }
        assertClose(sharded.evaluate(x, y), got.history().get("val_loss").get(2), 1e-6, 0, "val_loss of the last epoch");
        KerasException e = assertThrows(KerasException.class,
                () -> sharded.fit(twoShards, new FitOptions().validationSplit(0.2)));
        assertTrue(e.getMessage().contains("validationData"), e.getMessage());
        Sequential withMetrics = compile(withInput(new int[] {4}, new Dense(3, "softmax")), new SGD(0.1f),
                new SparseCategoricalCrossentropy(), "accuracy");
        e = assertThrows(KerasException.class, () -> withMetrics.fit(twoShards, new FitOptions()));
        assertTrue(e.getMessage().contains("computes the loss only") && e.getMessage().contains("accuracy"),
                e.getMessage());
    }

    /** Rows {@code samples[from, to)} of {@code t}, in that order. */
    private static Tensor gather(Tensor t, int[] samples, int from, int to) {
        int per = t.sampleSize();
        float[] d = new float[(to - from) * per];
        for (int i = from; i < to; i++) {
            System.arraycopy(t.data(), samples[i] * per, d, (i - from) * per, per);
        }
        int[] shape = t.shape().clone();
        shape[0] = to - from;
        return Tensor.of(d, shape);
    }

    @Test
    void applyGradientsRefusesGradientsOfAnotherShape() {
        Sequential m = mlp(new SGD(0.1f));
        Gradients g = m.computeGradients(x(), y());
        Gradients wrongLayers = new Gradients(g.samples(), g.lossSum(), g.outputLossSums(),
                Map.of("hidden", g.layer("hidden")));
        KerasException e = assertThrows(KerasException.class, () -> m.applyGradients(wrongLayers));
        assertTrue(e.getMessage().contains("[hidden, out]") && e.getMessage().contains("[hidden]"), e.getMessage());
        Gradients wrongShape = new Gradients(g.samples(), g.lossSum(), g.outputLossSums(),
                Map.of("hidden", g.layer("hidden"), "out", List.of(Tensor.zeros(5, 2), Tensor.zeros(3))));
        e = assertThrows(KerasException.class, () -> m.applyGradients(wrongShape));
        assertTrue(e.getMessage().contains("layer 'out'") && e.getMessage().contains("(5, 3)")
                && e.getMessage().contains("(5, 2)"), e.getMessage());
        assertEquals(0, m.getIterations(), "nothing applied");
        Sequential notCompiled = withInput(new int[] {4}, new Dense(2));
        e = assertThrows(KerasException.class, () -> notCompiled.computeGradients(x(), Tensor.zeros(SAMPLES, 2)));
        assertTrue(e.getMessage().contains("compile()"), e.getMessage());
        e = assertThrows(KerasException.class, () -> g.plus(wrongLayers));
        assertTrue(e.getMessage().contains("different models"), e.getMessage());
    }

    private static List<Tensor> slice(List<Tensor> ts, int from, int to) {
        return ts.stream().map(t -> t.slice(from, to)).toList();
    }

    private static double l2Penalty(float[] w, int count) {
        double p = 0;
        for (int i = 0; i < count; i++) {
            p += 0.01 * w[i] * w[i];
        }
        return p;
    }

    /** The mean gradients, flat in the model's weight order. */
    private static float[] flat(Gradients g, Sequential m) {
        List<Float> out = new ArrayList<>();
        for (String layer : g.layers().keySet()) {
            for (Tensor t : g.mean(layer)) {
                for (float v : t.data()) {
                    out.add(v);
                }
            }
        }
        float[] f = new float[out.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = out.get(i);
        }
        assertEquals(flatWeights(m).length, f.length, "every weight is trainable here");
        return f;
    }
}
