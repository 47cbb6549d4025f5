package io.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.callbacks.Callback;
import io.jkeras.callbacks.History;
import io.jkeras.data.PyDataset;
import io.jkeras.data.TimeseriesGenerator;
import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.Input;
import io.jkeras.layers.KerasTensor;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.models.CompileOptions;
import io.jkeras.models.FitOptions;
import io.jkeras.models.Model;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.SGD;
import io.jkeras.testing.Printout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * {@code fit}, {@code evaluate} and {@code predict} on a {@link PyDataset}: against Keras 3.15
 * (fixture of {@code tools/fixtures/pydataset_fixtures.py}: History, weights, evaluate and predict
 * over uneven batches, and the order in which Keras calls {@code onEpochBegin}, {@code get} and
 * {@code onEpochEnd}); against {@code fit} on arrays cut into the same batches (bit-identical
 * weights and History); the batch order shuffled from the seed; {@link TimeseriesGenerator} and a
 * model with two inputs and two outputs trained directly; and the errors for bad batches.
 */
public abstract class PyDatasetConformance extends ConformanceBase {
    private static final JsonNode KERAS = Fixtures.load("/fixtures/pydataset/keras.json");

    /** Arrays cut into batches of the given sizes; every call is logged, prefixed with {@code tag}. */
    protected static final class Batches implements PyDataset {
        private final List<Tensor> x;
        private final List<Tensor> y;
        private final int[] starts;
        private final List<String> log;
        private final String tag;

        Batches(List<Tensor> x, List<Tensor> y, List<String> log, String tag, int... sizes) {
            this.x = x;
            this.y = y;
            this.log = log;
            this.tag = tag;
            this.starts = new int[sizes.length + 1];
            for (int i = 0; i < sizes.length; i++) {
                starts[i + 1] = starts[i] + sizes[i];
            }
        }

        Batches(Tensor x, Tensor y, int... sizes) {
            this(List.of(x), List.of(y), new ArrayList<>(), "", sizes);
        }

        @Override
        public int size() {
            return starts.length - 1;
        }

        @Override
        public Batch get(int index) {
            log.add(tag + index);
            return Batch.of(slices(x, index), slices(y, index));
        }

        private List<Tensor> slices(List<Tensor> ts, int index) {
            List<Tensor> out = new ArrayList<>();
            for (Tensor t : ts) {
                out.add(t.slice(starts[index], starts[index + 1]));
            }
            return out;
        }

        @Override
        public void onEpochBegin() {
            log.add(tag + "B");
        }

        @Override
        public void onEpochEnd() {
            log.add(tag + "E");
        }

        List<String> log() {
            return log;
        }
    }

    private static Tensor fixture(String key) {
        return Fixtures.tensor(KERAS.get("fit").get(key));
    }

    /** The fixture's model, with its weights: Input(3) -> Dense(4, tanh) -> Dense(1); SGD(0.1), mse, mae. */
    private Sequential kerasModel() {
        Sequential m = new Sequential().add(new Input(3)).add(new Dense(4, "tanh").name("dense")).add(new Dense(1).name("dense_1"));
        Fixtures.weights(KERAS.get("fit").get("weights")).forEach((layer, w) -> m.getLayer(layer).setWeights(w));
        return compile(m, new SGD(0.1f), new MeanSquaredError(), "mae");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Tensor values(int rows, int cols, double phase) {
        return Tensor.of(pattern(rows * cols, phase, 1.0), rows, cols);
    }

    // ------------------------------------------------------------------ against Keras

    @Test
    void fitOnUnevenBatchesMatchesKerasHistoryAndWeights() {
        Sequential m = kerasModel();
        History h = m.fit(new Batches(fixture("x"), fixture("y"), 4, 4, 2), new FitOptions().epochs(3).shuffle(false)
                .verbose(0).validationData(new Batches(fixture("val_x"), fixture("val_y"), 3, 2)));
        JsonNode keras = KERAS.get("fit");
        List<String> keys = new ArrayList<>();
        keras.get("history").fieldNames().forEachRemaining(keys::add);
        assertEquals(keys, new ArrayList<>(new java.util.TreeSet<>(h.history().keySet())));
        for (String k : keys) {
            double[] expected = new double[3];
            float[] actual = new float[3];
            for (int e = 0; e < 3; e++) {
                expected[e] = keras.get("history").get(k).get(e).asDouble();
                actual[e] = h.get(k).get(e).floatValue();
            }
            assertAllClose(expected, actual, 1e-5, 1e-6, "history " + k);
        }
        Fixtures.weights(keras.get("weights_after")).forEach((layer, w) -> {
            for (int i = 0; i < w.size(); i++) {
                assertAllClose(w.get(i).data(), m.getLayer(layer).getWeights().get(i).data(), 1e-5, 1e-6,
                        layer + " weight " + i);
            }
        });
        Map<String, Double> ev = m.evaluateDict(new Batches(fixture("x"), fixture("y"), 4, 4, 2), 0);
        assertClose(keras.get("evaluate").get("loss").asDouble(), ev.get("loss"), 1e-5, 1e-6, "evaluate loss");
        assertClose(keras.get("evaluate").get("mae").asDouble(), ev.get("mae"), 1e-5, 1e-6, "evaluate mae");
        Tensor p = m.predict(new Batches(fixture("x"), fixture("y"), 4, 4, 2), 0);
        Tensor kp = Fixtures.tensor(keras.get("predict"));
        assertTensor(kp.shape(), toDouble(kp.data()), p, 1e-5, 1e-6, "predict");
    }

    @Test
    void hooksAndBatchesAreCalledInKerasOrder() {
        Sequential m = kerasModel();
        List<String> log = new ArrayList<>();
        m.fit(new Batches(List.of(fixture("x")), List.of(fixture("y")), log, "t:", 4, 4, 2), new FitOptions().epochs(2)
                .shuffle(false).verbose(0).validationData(new Batches(List.of(fixture("val_x")), List.of(fixture("val_y")),
                        log, "v:", 3, 2)));
        JsonNode calls = KERAS.get("calls");
        assertEquals(texts(calls.get("fit")), log);

        Batches stopped = new Batches(fixture("x"), fixture("y"), 4, 4, 2);
        Callback stopAtBatch1 = new Callback() {
            private Model model;

            @Override
            public void setModel(Model model) {
                this.model = model;
            }

            @Override
            public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
                if (batch == 1) {
                    model.setStopTraining(true);
                }
            }
        };
        m.fit(stopped, new FitOptions().epochs(2).shuffle(false).verbose(0).callbacks(stopAtBatch1));
        assertEquals(texts(calls.get("fit_stopped_at_batch_1")), stopped.log());

        Batches evaluated = new Batches(fixture("x"), fixture("y"), 4, 4, 2);
        m.evaluate(evaluated, 0);
        assertEquals(texts(calls.get("evaluate")), evaluated.log());
        Batches predicted = new Batches(fixture("x"), fixture("y"), 4, 4, 2);
        m.predict(predicted, 0);
        assertEquals(texts(calls.get("predict")), predicted.log());
    }

    @Test
    void validationSplitIsRefusedWithKerasMessage() {
        Sequential m = kerasModel();
        KerasException e = assertThrows(KerasException.class, () -> m.fit(new Batches(fixture("x"), fixture("y"), 4, 6),
                new FitOptions().validationSplit(0.2).verbose(0)));
        // Keras: "Argument `validation_split` is only supported for tensors or NumPy arrays.Found
        // incompatible type in the input: [<class '...'>]"
        assertEquals("Argument `validationSplit` is only supported for tensors. Found incompatible type in the input: ["
                + Batches.class.getName() + "]. Pass validationData instead.", e.getMessage());
    }

    // ------------------------------------------------------------------ against arrays

    @Test
    void fitWithoutShuffleEqualsFitOnArraysCutIntoTheSameBatches() {
        Tensor x = values(11, 3, 0.3);
        Tensor y = values(11, 2, 1.1);
        Tensor vx = values(5, 3, 2.0);
        Tensor vy = values(5, 2, 2.5);
        Keras.setRandomSeed(SEED);
        Sequential a = compile(withInput(new int[] {3}, new Dense(5, "tanh"), new Dense(2)), new Adam(0.01f),
                new MeanSquaredError(), "mae");
        History fromArrays = a.fit(x, y, new FitOptions().epochs(3).batchSize(4).shuffle(false).verbose(0)
                .validationData(vx, vy));
        Keras.setRandomSeed(SEED);
        Sequential b = compile(withInput(new int[] {3}, new Dense(5, "tanh"), new Dense(2)), new Adam(0.01f),
                new MeanSquaredError(), "mae");
        History fromBatches = b.fit(new Batches(x, y, 4, 4, 3), new FitOptions().epochs(3).shuffle(false).verbose(0)
                .validationData(new Batches(vx, vy, 4, 1)));
        assertEquals(fromArrays.history(), fromBatches.history());
        assertEquals(a.getWeights(), b.getWeights());
        // Arrays to train on, a PyDataset to validate on.
        Keras.setRandomSeed(SEED);
        Sequential c = compile(withInput(new int[] {3}, new Dense(5, "tanh"), new Dense(2)), new Adam(0.01f),
                new MeanSquaredError(), "mae");
        assertEquals(fromArrays.history(), c.fit(x, y, new FitOptions().epochs(3).batchSize(4).shuffle(false).verbose(0)
                .validationData(new Batches(vx, vy, 4, 1))).history());
        assertEquals(a.evaluateDict(x, y, 4, 0), b.evaluateDict(new Batches(x, y, 4, 4, 3), 0));
        assertArrayEquals(a.predict(x, 4, 0).data(), b.predict(new Batches(x, y, 4, 4, 3), 0).data());
    }

    @Test
    void shuffledBatchOrderComesFromTheSeedAndTrainsInThatOrder() {
        Tensor x = values(12, 3, 0.7);
        Tensor y = values(12, 1, 1.9);
        List<List<String>> orders = new ArrayList<>();
        List<List<Tensor>> weights = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Keras.setRandomSeed(SEED);
            Sequential m = compile(withInput(new int[] {3}, new Dense(1)), new SGD(0.1f), new MeanSquaredError());
            Batches data = new Batches(x, y, 2, 2, 2, 2, 2, 2);
            m.fit(data, new FitOptions().epochs(3).verbose(0));
            orders.add(data.log());
            weights.add(m.getWeights());
        }
        assertEquals(orders.get(0), orders.get(1));
        assertEquals(weights.get(0), weights.get(1));
        // Each epoch visits every batch once: E, then (B, six indices, E) three times.
        List<String> log = orders.get(0);
        assertEquals(1 + 3 * 8, log.size());
        List<List<String>> epochs = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            List<String> visited = log.subList(2 + 8 * e, 8 + 8 * e);
            assertEquals(Set.of("0", "1", "2", "3", "4", "5"), new HashSet<>(visited), "epoch " + e);
            epochs.add(visited);
        }
        assertNotEquals(epochs.get(0), epochs.get(1));

        // The same steps by hand, in the recorded order, give the same weights.
        Keras.setRandomSeed(SEED);
        Sequential byHand = compile(withInput(new int[] {3}, new Dense(1)), new SGD(0.1f), new MeanSquaredError());
        Batches batches = new Batches(x, y, 2, 2, 2, 2, 2, 2);
        for (List<String> epoch : epochs) {
            for (String i : epoch) {
                PyDataset.Batch b = batches.get(Integer.parseInt(i));
                byHand.trainOnBatch(b.x(), b.y());
            }
        }
        assertEquals(weights.get(0), byHand.getWeights());
    }

    @Test
    void fitWithEpochsHasKerasDefaultsShuffleAndTheProgressBar() {
        Tensor x = values(12, 3, 0.7);
        Tensor y = values(12, 1, 1.9);
        Keras.setRandomSeed(SEED);
        Sequential shortForm = compile(withInput(new int[] {3}, new Dense(1)), new SGD(0.1f), new MeanSquaredError());
        Batches data = new Batches(x, y, 2, 2, 2, 2, 2, 2);
        String text = Printout.textOf(() -> shortForm.fit(data, 2));
        assertTrue(text.startsWith("Epoch 1/2\n6/6 [==============================] - "), text);
        assertTrue(text.contains("Epoch 2/2\n6/6 [==============================] - "), text);
        Keras.setRandomSeed(SEED);
        Sequential explicit = compile(withInput(new int[] {3}, new Dense(1)), new SGD(0.1f), new MeanSquaredError());
        Batches same = new Batches(x, y, 2, 2, 2, 2, 2, 2);
        Printout.textOf(() -> explicit.fit(same, new FitOptions().epochs(2).shuffle(true).verbose(1)));
        assertEquals(same.log(), data.log(), "the batch order of fit(data, epochs) is the shuffled one");
        assertEquals(explicit.getWeights(), shortForm.getWeights());
        List<String> epochOne = data.log().subList(2, 8);
        List<String> inOrder = List.of("0", "1", "2", "3", "4", "5");
        assertEquals(Set.copyOf(inOrder), Set.copyOf(epochOne));
        assertNotEquals(inOrder, epochOne, "shuffled, not in order: " + data.log());
    }

    @Test
    void timeseriesGeneratorTrainsAsItsWindowsDo() {
        Tensor series = Tensor.of(pattern(40, 0.2, 1.0), 40, 1);
        TimeseriesGenerator gen = TimeseriesGenerator.builder(series, series, 4).batchSize(8).build();
        assertEquals(5, gen.size());
        // The windows as arrays: 36 samples, in batches of 8 (the last one 4).
        List<Tensor> xs = new ArrayList<>();
        List<Tensor> ys = new ArrayList<>();
        for (PyDataset.Batch b : gen) {
            xs.add(b.x());
            ys.add(b.y());
        }
        Tensor x = concat(xs);
        Tensor y = concat(ys);
        assertArrayEquals(new int[] {36, 4, 1}, x.shape());
        Keras.setRandomSeed(SEED);
        Sequential a = compile(withInput(new int[] {4, 1}, new Flatten(), new Dense(3, "tanh"), new Dense(1)),
                new SGD(0.05f), new MeanSquaredError());
        History fromArrays = a.fit(x, y, new FitOptions().epochs(2).batchSize(8).shuffle(false).verbose(0));
        Keras.setRandomSeed(SEED);
        Sequential b = compile(withInput(new int[] {4, 1}, new Flatten(), new Dense(3, "tanh"), new Dense(1)),
                new SGD(0.05f), new MeanSquaredError());
        History fromGenerator = b.fit(gen, new FitOptions().epochs(2).shuffle(false).verbose(0));
        assertEquals(fromArrays.history(), fromGenerator.history());
        assertEquals(a.getWeights(), b.getWeights());
        assertArrayEquals(a.predict(x, 8, 0).data(), b.predict(gen, 0).data());
        assertEquals(a.evaluate(x, y, 8, 0), b.evaluate(gen, 0));
    }

    @Test
    void modelWithTwoInputsAndTwoOutputsTrainsOnListBatches() {
        List<Tensor> x = List.of(values(9, 3, 0.1), values(9, 2, 0.9));
        List<Tensor> y = List.of(values(9, 2, 1.7), values(9, 1, 2.3));
        List<Model> models = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Keras.setRandomSeed(SEED);
            Input a = new Input(3).name("a");
            Input b = new Input(2).name("b");
            KerasTensor h = new Dense(4, "tanh").name("h").apply(new Concatenate(-1).apply(a, b));
            Model m = new Model(List.of(a, b), List.of(new Dense(2).name("out1").apply(h), new Dense(1).name("out2").apply(a)));
            m.compile(new CompileOptions(new SGD(0.1f)).backend(backend()).loss("out1", "mse").loss("out2", "mae"));
            models.add(m);
        }
        History fromArrays = models.get(0).fit(x, y, new FitOptions().epochs(2).batchSize(4).shuffle(false).verbose(0));
        Batches data = new Batches(x, y, new ArrayList<>(), "", 4, 4, 1);
        History fromBatches = models.get(1).fit(data, new FitOptions().epochs(2).shuffle(false).verbose(0));
        assertEquals(fromArrays.history(), fromBatches.history());
        assertEquals(List.of("loss", "out1_loss", "out2_loss"), new ArrayList<>(fromBatches.history().keySet()));
        assertEquals(models.get(0).getWeights(), models.get(1).getWeights());
        List<Tensor> pa = models.get(0).predict(x, 4, 0);
        List<Tensor> pb = models.get(1).predictOutputs(data, 0);
        for (int o = 0; o < 2; o++) {
            assertArrayEquals(pa.get(o).shape(), pb.get(o).shape());
            assertArrayEquals(pa.get(o).data(), pb.get(o).data());
        }
    }

    @Test
    void aModelWithoutInputShapeIsBuiltFromTheFirstBatch() {
        Sequential m = compile(new Sequential(new Dense(2)), new SGD(0.1f), new MeanSquaredError());
        Batches data = new Batches(values(6, 5, 0.4), values(6, 2, 0.8), 3, 3);
        m.fit(data, new FitOptions().epochs(1).shuffle(false).verbose(0));
        assertArrayEquals(new int[] {5, 2}, m.getWeights().get(0).shape());
        // Batch 0 is read once to build the model, then the epoch runs.
        assertEquals(List.of("0", "E", "B", "0", "1", "E"), data.log());
    }

    @Test
    void theProgressBarCountsBatches() {
        Sequential m = kerasModel();
        String text = Printout.textOf(() -> m.fit(new Batches(fixture("x"), fixture("y"), 4, 4, 2),
                new FitOptions().epochs(1).verbose(1)));
        assertTrue(text.startsWith("Epoch 1/1\n3/3 [==============================] - "), text);
        assertTrue(text.contains(" - loss: ") && text.contains(" - mae: "), text);
    }

    // ------------------------------------------------------------------ errors

    @Test
    void aBatchThatDoesNotFitTheModelIsNamedWithItsShapes() {
        Sequential m = kerasModel();
        PyDataset bad = dataset(3, index -> PyDataset.Batch.of(Tensor.zeros(2, index == 2 ? 5 : 3), Tensor.zeros(2, 1)));
        KerasException e = assertThrows(KerasException.class,
                () -> m.fit(bad, new FitOptions().shuffle(false).verbose(0)));
        assertEquals("fit(): batch 2 of the PyDataset (x of shape (2, 5), y of shape (2, 1)) does not fit the model: "
                + "Dense 'dense' expects input with 3 features. Received: shape (2, 5) in fit().", e.getMessage());

        PyDataset uneven = dataset(1, index -> PyDataset.Batch.of(Tensor.zeros(3, 3), Tensor.zeros(2, 1)));
        e = assertThrows(KerasException.class, () -> m.evaluate(uneven, 0));
        assertTrue(e.getMessage().startsWith("evaluate(): batch 0 of the PyDataset (x of shape (3, 3), y of shape (2, 1))"
                + " does not fit the model: evaluate(): every x and y must have the same number of samples."), e.getMessage());

        Tensor nan = Tensor.zeros(2, 3);
        nan.data()[4] = Float.NaN;
        e = assertThrows(KerasException.class, () -> m.predict(dataset(1, index -> PyDataset.Batch.inputsOnly(nan)), 0));
        assertEquals("predict(): batch 0 of the PyDataset (x of shape (2, 3)) does not fit the model: x contains NaN at"
                + " sample 1 (value 1 of that sample) in predict(). jkeras does not train on NaN or infinite values; clean"
                + " or impute the data first.", e.getMessage());

        e = assertThrows(KerasException.class, () -> m.fit(new Batches(fixture("x"), fixture("y"), 10),
                new FitOptions().verbose(0).validationData(bad)));
        assertTrue(e.getMessage().startsWith("fit(): batch 2 of the validation PyDataset (x of shape (2, 5)"), e.getMessage());
    }

    @Test
    void batchesWithoutTargetsPredictButDoNotTrain() {
        Sequential m = kerasModel();
        PyDataset inputsOnly = dataset(2, index -> PyDataset.Batch.inputsOnly(fixture("x").slice(5 * index, 5 * index + 5)));
        assertArrayEquals(m.predict(fixture("x"), 10, 0).data(), m.predict(inputsOnly, 0).data());
        KerasException e = assertThrows(KerasException.class, () -> m.fit(inputsOnly, new FitOptions().shuffle(false).verbose(0)));
        assertEquals("fit(): batch 0 of the PyDataset has inputs only (x of shape (5, 3)); fit() needs targets:"
                + " return PyDataset.Batch.of(x, y).", e.getMessage());
    }

    @Test
    void emptyOrNullBatchesAreRefused() {
        Sequential m = kerasModel();
        PyDataset empty = dataset(0, index -> {
            throw new AssertionError("no batch to get");
        });
        KerasException e = assertThrows(KerasException.class, () -> m.fit(empty, new FitOptions().verbose(0)));
        assertTrue(e.getMessage().startsWith("fit() received a PyDataset with 0 batches (size() of "), e.getMessage());
        assertTrue(e.getMessage().endsWith("there is nothing to train on."), e.getMessage());
        assertArrayEquals(new int[] {0, 1}, m.predict(empty, 0).shape());
        PyDataset nulls = dataset(1, index -> null);
        e = assertThrows(KerasException.class, () -> m.evaluate(nulls, 0));
        assertTrue(e.getMessage().endsWith(".get(0) returned null for batch 0 of the PyDataset."), e.getMessage());
    }

    /** A dataset of {@code size} batches made by {@code get}. */
    private static PyDataset dataset(int size, IntFunction<PyDataset.Batch> get) {
        return new PyDataset() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Batch get(int index) {
                return get.apply(index);
            }
        };
    }

    private static Tensor concat(List<Tensor> parts) {
        int n = 0;
        for (Tensor t : parts) {
            n += t.dim(0);
        }
        int[] shape = parts.get(0).shape();
        shape[0] = n;
        float[] out = new float[n * parts.get(0).sampleSize()];
        int at = 0;
        for (Tensor t : parts) {
            System.arraycopy(t.data(), 0, out, at, t.size());
            at += t.size();
        }
        return Tensor.of(out, shape);
    }
}
