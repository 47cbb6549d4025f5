package io.jkeras.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Keras;
import io.jkeras.Tensor;
import io.jkeras.backend.Backend;
import io.jkeras.backend.BackendConfig;
import io.jkeras.backend.BackendProvider;
import io.jkeras.backend.Backends;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.losses.BinaryCrossentropy;
import io.jkeras.losses.CategoricalCrossentropy;
import io.jkeras.losses.Huber;
import io.jkeras.losses.Loss;
import io.jkeras.losses.MeanAbsoluteError;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adagrad;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.AdamW;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.RMSprop;
import io.jkeras.optimizers.SGD;
import io.jkeras.regularizers.Regularizer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cross-backend parity: the same model, with the same initial weights, trained on the same
 * batches by the {@code native} and the {@code dl4j} backend, reports the same loss at every
 * step and ends with the same weights.
 *
 * <p>Two models: a 784-64-10 relu/softmax classifier with categorical crossentropy on synthetic
 * MNIST-shaped data (256 samples), and a 1-10-1 relu regression with mean squared error on
 * {@code y = x^2 - 0.5} (320 samples); each trained for 100 steps of batch 32 with SGD and with
 * Adam. More cases cover the other optimizers, losses, activations, regularization, Dropout, a
 * small CNN with BatchNormalization on 8x8x1 images (its moving statistics are compared as weights),
 * and sequences: Embedding into an LSTM into a softmax Dense, and a GRU returning every step into
 * GlobalAveragePooling1D into a Dense; the same with the recurrent layers' dropout, and a masked
 * Bidirectional GRU returning sequences into a masked GlobalAveragePooling1D.
 * A graph case ({@link #nativeAndDl4jAgreeOnAGraphAfterHundredSteps}) covers a Functional model.
 * Tolerance, in float32: every loss and every weight agrees within {@code 1e-4} relative,
 * {@code |a - b| <= 1e-4 max(|a|, |b|) + floor}, where the absolute floor ({@link #WEIGHT_FLOOR} for
 * weights, {@link #LOSS_FLOOR} for losses) only matters for values near 0, such as biases that
 * start at 0. Predictions on the whole data set after training are compared too, each within
 * {@code 1e-4} of its sample's largest output (plus the weights' floor).
 */
class BackendParityTest {
    private static final double RTOL = 1e-4;
    /** The absolute floor for weights: the weights are of order 0.05 to 1. */
    private static final double WEIGHT_FLOOR = 1e-6;
    /** The absolute floor for losses. */
    private static final double LOSS_FLOOR = 1e-7;
    private static final int STEPS = 100;
    private static final int BATCH = 32;

    private static Backend nativeBackend;
    private static Backend dl4jBackend;

    @BeforeAll
    static void startBackends() {
        nativeBackend = start("native");
        dl4jBackend = start("dl4j");
        Keras.setOutput(new PrintStream(OutputStream.nullOutputStream()));
    }

    @AfterAll
    static void restoreOutput() {
        Keras.setOutput(System.out);
    }

    /** The installed backend of this name, with Keras's default settings (no keras.json, no environment). */
    private static Backend start(String name) {
        BackendProvider p = Backends.providers().stream().filter(b -> b.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("backend " + name + " is not on the test classpath; installed: "
                        + Backends.installed()));
        return p.create(BackendConfig.defaults());
    }

    /** One parity case: a model, its data, its loss and an optimizer. */
    record Case(String name, Supplier<Sequential> model, Tensor x, Tensor y, Loss loss, Supplier<Optimizer> optimizer) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        Tensor[] mnist = mnistLike();
        Tensor[] quad = quadratic();
        Supplier<Sequential> classifier = () -> new Sequential(new Dense(64, "relu").inputDim(784), new Dense(10, "softmax"));
        Supplier<Sequential> regression = () -> new Sequential(new Dense(10, "relu").inputDim(1), new Dense(1));
        return Stream.of(
                new Case("784-64-10 categorical crossentropy, SGD", classifier, mnist[0], mnist[1],
                        new CategoricalCrossentropy(), () -> new SGD(0.1f)),
                new Case("784-64-10 categorical crossentropy, Adam", classifier, mnist[0], mnist[1],
                        new CategoricalCrossentropy(), () -> new Adam(1e-3f)),
                new Case("1-10-1 mse, SGD", regression, quad[0], quad[1], new MeanSquaredError(), () -> new SGD(0.05f)),
                new Case("1-10-1 mse, Adam", regression, quad[0], quad[1], new MeanSquaredError(), () -> new Adam(1e-2f)))
                .map(Arguments::of);
    }

    /**
     * Beyond the two required models: every other optimizer, loss and a range of activations,
     * and regularization, on models small enough to run in a fraction of a second.
     */
    static Stream<Arguments> moreCases() {
        Tensor[] mnist = mnistLike();
        Tensor[] images = imagesLike();
        Tensor[] quad = quadratic();
        Tensor sparse = argmaxColumn(mnist[1]);
        return Stream.of(
                new Case("1-10-1 tanh, mse, SGD with Nesterov momentum", regression("tanh"), quad[0], quad[1],
                        new MeanSquaredError(), () -> new SGD(0.05f, 0.9f, true)),
                new Case("1-10-1 selu, huber, RMSprop centered with momentum", regression("selu"), quad[0], quad[1],
                        new Huber(0.5f), () -> new RMSprop(1e-2f, 0.9f, 0.5f, 1e-7f, true)),
                new Case("1-10-1 swish, mae, Adagrad", regression("swish"), quad[0], quad[1],
                        new MeanAbsoluteError(), () -> new Adagrad(0.05f)),
                new Case("1-10-1 elu, mse, AdamW with AMSGrad", regression("elu"), quad[0], quad[1],
                        new MeanSquaredError(), () -> new AdamW(1e-2f, 0.004f, 0.9f, 0.999f, 1e-7f, true)),
                new Case("784-32-10 gelu + L1L2, sparse crossentropy from logits, Adam",
                        () -> new Sequential(new Dense(32, "gelu").kernelRegularizer(Regularizer.l1l2(1e-5f, 1e-4f))
                                .inputDim(784), new Dense(10)),
                        mnist[0], sparse, new SparseCategoricalCrossentropy(true), () -> new Adam(1e-3f)),
                new Case("784-32-10 leaky_relu, sigmoid, binary crossentropy, RMSprop",
                        () -> new Sequential(new Dense(32, "leaky_relu").inputDim(784), new Dense(10, "sigmoid")),
                        mnist[0], mnist[1], new BinaryCrossentropy(), () -> new RMSprop(1e-3f)),
                new Case("784-64-10 relu, Dropout(0.3), softmax, categorical crossentropy, Adam",
                        () -> new Sequential(new Dense(64, "relu").inputDim(784), new Dropout(0.3f, 11),
                                new Dense(10, "softmax")),
                        mnist[0], mnist[1], new CategoricalCrossentropy(), () -> new Adam(1e-3f)),
                // tanh before BatchNormalization: a bias straight before it has a zero gradient, whose
                // rounding noise Adam would blow up into steps that differ between backends.
                new Case("8x8x1 Conv2D tanh, BatchNormalization, MaxPooling2D, Conv2D relu, GlobalAveragePooling2D,"
                        + " Dense softmax, categorical crossentropy, Adam",
                        () -> new Sequential(new io.jkeras.layers.Conv2D(4, 3, "tanh").inputShape(8, 8, 1),
                                new io.jkeras.layers.BatchNormalization(), new io.jkeras.layers.MaxPooling2D(2),
                                new io.jkeras.layers.Conv2D(6, 2, "relu"), new io.jkeras.layers.GlobalAveragePooling2D(),
                                new Dense(3, "softmax")),
                        images[0], images[1], new CategoricalCrossentropy(), () -> new Adam(1e-2f)))
                .map(Arguments::of);
    }

    /**
     * Sequences (issue #12): Embedding into an LSTM into a softmax Dense on integer sequences whose
     * label depends on their tokens, and a GRU returning every step, averaged over time by
     * GlobalAveragePooling1D, into a linear Dense on a noisy series.
     */
    static Stream<Arguments> sequenceCases() {
        Random rng = new Random(5);
        int n = 256;
        float[] tokens = new float[n * 10];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            int sum = 0;
            for (int t = 0; t < 10; t++) {
                int v = rng.nextInt(20);
                tokens[i * 10 + t] = v;
                sum += t < 5 ? v : -v;
            }
            labels[i] = sum < -5 ? 0 : sum > 5 ? 2 : 1;
        }
        Tensor[] wave = noisySeries(rng, n);
        return Stream.of(
                new Case("Embedding(20, 8) -> LSTM(16) -> Dense(3, softmax), sparse crossentropy, Adam",
                        () -> new Sequential(new io.jkeras.layers.Embedding(20, 8).inputShape(10),
                                new io.jkeras.layers.LSTM(16), new Dense(3, "softmax")),
                        Tensor.of(tokens, n, 10), Tensor.of(labels, n, 1), new SparseCategoricalCrossentropy(),
                        () -> new Adam(1e-2f)),
                new Case("GRU(12, returnSequences) -> GlobalAveragePooling1D -> Dense(1), mse, Adam",
                        () -> new Sequential(new io.jkeras.layers.GRU(12).returnSequences(true).inputShape(8, 3),
                                new io.jkeras.layers.GlobalAveragePooling1D(), new Dense(1)),
                        wave[0], wave[1], new MeanSquaredError(),
                        () -> new Adam(1e-2f)))
                .map(Arguments::of);
    }

    /**
     * Recurrent dropout and masks (issue #12): the layers' own dropout masks (explicit seeds, so both
     * models draw the same ones) while training, Bidirectional returning masked sequences into a
     * masked GlobalAveragePooling1D, on integer sequences padded with 0 at the end.
     */
    static Stream<Arguments> recurrentDropoutCases() {
        Random rng = new Random(6);
        int n = 256;
        float[] tokens = new float[n * 10];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            int length = 2 + rng.nextInt(9);
            int sum = 0;
            for (int t = 0; t < length; t++) {
                int v = 1 + rng.nextInt(19);
                tokens[i * 10 + t] = v;
                sum += t < length / 2 ? v : -v;
            }
            labels[i] = sum < -5 ? 0 : sum > 5 ? 2 : 1;
        }
        Tensor[] wave = noisySeries(rng, n);
        Tensor x = Tensor.of(tokens, n, 10);
        Tensor y = Tensor.of(labels, n, 1);
        return Stream.of(
                new Case("Embedding(20, 8) -> LSTM(16, dropout 0.2, recurrentDropout 0.2) -> Dense(3, softmax), Adam",
                        () -> new Sequential(new io.jkeras.layers.Embedding(20, 8).inputShape(10),
                                new io.jkeras.layers.LSTM(16).dropout(0.2).recurrentDropout(0.2).seed(3),
                                new Dense(3, "softmax")),
                        x, y, new SparseCategoricalCrossentropy(), () -> new Adam(1e-2f)),
                new Case("GRU(12, returnSequences, dropout 0.3) -> GlobalAveragePooling1D -> Dense(1), mse, Adam",
                        () -> new Sequential(new io.jkeras.layers.GRU(12).returnSequences(true).dropout(0.3).seed(4)
                                .inputShape(8, 3), new io.jkeras.layers.GlobalAveragePooling1D(), new Dense(1)),
                        wave[0], wave[1], new MeanSquaredError(),
                        () -> new Adam(1e-2f)),
                new Case("SimpleRNN(8, dropout 0.25, recurrentDropout 0.25) -> Dense(1), mse, Adam",
                        () -> new Sequential(new io.jkeras.layers.SimpleRNN(8).dropout(0.25).recurrentDropout(0.25)
                                .seed(5).inputShape(8, 3), new Dense(1)),
                        wave[0], wave[1], new MeanSquaredError(),
                        () -> new Adam(1e-2f)),
                new Case("Embedding(20, 6, maskZero) -> Bidirectional(GRU(6, returnSequences, dropout 0.2, recurrentDropout"
                        + " 0.1)) -> masked GlobalAveragePooling1D -> Dense(3, softmax), SGD",
                        () -> new Sequential(new io.jkeras.layers.Embedding(20, 6).maskZero(true).inputShape(10),
                                new io.jkeras.layers.Bidirectional(new io.jkeras.layers.GRU(6).returnSequences(true)
                                        .dropout(0.2).recurrentDropout(0.1).seed(6)),
                                new io.jkeras.layers.GlobalAveragePooling1D(), new Dense(3, "softmax")),
                        x, y, new SparseCategoricalCrossentropy(), () -> new SGD(0.5f)))
                .map(Arguments::of);
    }

    /** {@code n} windows {@code (8, 3)} of a noisy sine of random phase, and the cosine of the phase: {x, y}. */
    private static Tensor[] noisySeries(Random rng, int n) {
        float[] series = new float[n * 8 * 3];
        float[] target = new float[n];
        for (int i = 0; i < n; i++) {
            double phase = rng.nextDouble() * 6;
            for (int j = 0; j < 8 * 3; j++) {
                series[i * 24 + j] = (float) (Math.sin(phase + 0.4 * j) + 0.1 * rng.nextGaussian());
            }
            target[i] = (float) Math.cos(phase);
        }
        return new Tensor[] {Tensor.of(series, n, 8, 3), Tensor.of(target, n, 1)};
    }

    private static Supplier<Sequential> regression(String activation) {
        return () -> new Sequential(new Dense(10, activation).inputDim(1), new Dense(1));
    }

    /** The class index of each one-hot row, as a {@code (n, 1)} column. */
    private static Tensor argmaxColumn(Tensor oneHot) {
        int n = oneHot.dim(0);
        int k = oneHot.dim(1);
        float[] idx = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                if (oneHot.get(i, j) == 1f) {
                    idx[i] = j;
                }
            }
        }
        return Tensor.of(idx, n, 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"cases", "moreCases", "sequenceCases", "recurrentDropoutCases"})
    void nativeAndDl4jAgreeAfterHundredSteps(Case c) {
        Keras.clearSession();
        Keras.setRandomSeed(42);
        Sequential onNative = c.model().get();
        onNative.compile(c.optimizer().get(), c.loss(), List.of(), nativeBackend);
        Sequential onDl4j = c.model().get();
        onDl4j.compile(c.optimizer().get(), c.loss(), List.of(), dl4jBackend);
        onDl4j.setWeights(onNative.getWeights());
        assertEquals("dl4j", onDl4j.getBackend().name());
        assertEquals("native", onNative.getBackend().name());

        int n = c.x().dim(0);
        double worstLoss = 0;
        for (int s = 0; s < STEPS; s++) {
            int from = (s * BATCH) % n;
            Tensor xb = c.x().slice(from, from + BATCH);
            Tensor yb = c.y().slice(from, from + BATCH);
            float a = onNative.trainOnBatch(xb, yb);
            float b = onDl4j.trainOnBatch(xb, yb);
            assertClose(a, b, LOSS_FLOOR, c + ": loss at step " + (s + 1));
            worstLoss = Math.max(worstLoss, usedTolerance(a, b, LOSS_FLOOR));
        }
        List<Tensor> wa = onNative.getWeights();
        List<Tensor> wb = onDl4j.getWeights();
        assertEquals(wa.size(), wb.size());
        double worstWeight = 0;
        double worstLarge = 0;
        for (int i = 0; i < wa.size(); i++) {
            float[] da = wa.get(i).data();
            float[] db = wb.get(i).data();
            assertEquals(da.length, db.length);
            for (int j = 0; j < da.length; j++) {
                assertClose(da[j], db[j], WEIGHT_FLOOR, c + ": weight " + i + " value " + j);
                worstWeight = Math.max(worstWeight, usedTolerance(da[j], db[j], WEIGHT_FLOOR));
                if (Math.abs(da[j]) >= 0.01) {
                    worstLarge = Math.max(worstLarge, Math.abs(da[j] - db[j]) / Math.abs(da[j]));
                }
            }
        }
        // The weights moved: the test would pass trivially if neither backend trained.
        assertTrue(moved(wa, c), c + ": training changed nothing");
        // Outputs such as logits can cancel to near 0; they are compared relative to their sample's largest output.
        Tensor pa = onNative.predict(c.x(), 64, 0);
        Tensor pb = onDl4j.predict(c.x(), 64, 0);
        int width = pa.sampleSize();
        for (int r = 0; r < pa.dim(0); r++) {
            double scale = 0;
            for (int j = r * width; j < (r + 1) * width; j++) {
                scale = Math.max(scale, Math.abs(pa.data()[j]));
            }
            for (int j = r * width; j < (r + 1) * width; j++) {
                assertClose(pa.data()[j], pb.data()[j], RTOL * scale + WEIGHT_FLOOR, c + ": prediction " + j);
            }
        }
        System.out.printf("parity %-66s share of the tolerance used at worst: loss %.3f, weights %.3f;"
                + " worst relative difference of weights >= 0.01: %.1e%n", c, worstLoss, worstWeight, worstLarge);
    }

    /**
     * A graph that is not a chain: two inputs (the two halves of each MNIST-like image), a Dense
     * layer shared by both, every merge layer, a concatenation on a middle axis of a reshaped
     * tensor, Dense on a rank-3 tensor, and two outputs (softmax with categorical crossentropy,
     * weight 1; a linear regression of the mean pixel with mse, weight 0.5), 100 steps of Adam.
     */
    @org.junit.jupiter.api.Test
    void nativeAndDl4jAgreeOnAGraphAfterHundredSteps() {
        Tensor[] mnist = mnistLike();
        int n = mnist[0].dim(0);
        float[] left = new float[n * 392];
        float[] right = new float[n * 392];
        float[] mean = new float[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(mnist[0].data(), i * 784, left, i * 392, 392);
            System.arraycopy(mnist[0].data(), i * 784 + 392, right, i * 392, 392);
            for (int j = 0; j < 784; j++) {
                mean[i] += mnist[0].data()[i * 784 + j] / 784f;
            }
        }
        List<Tensor> x = List.of(Tensor.of(left, n, 392), Tensor.of(right, n, 392));
        List<Tensor> y = List.of(mnist[1], Tensor.of(mean, n, 1));
        Keras.clearSession();
        Keras.setRandomSeed(42);
        io.jkeras.models.Model onNative = graph();
        onNative.compile(new io.jkeras.models.CompileOptions(new Adam(1e-3f)).backend(nativeBackend)
                .losses(List.of(new CategoricalCrossentropy(), new MeanSquaredError())).lossWeights(1, 0.5));
        io.jkeras.models.Model onDl4j = graph();
        onDl4j.compile(new io.jkeras.models.CompileOptions(new Adam(1e-3f)).backend(dl4jBackend)
                .losses(List.of(new CategoricalCrossentropy(), new MeanSquaredError())).lossWeights(1, 0.5));
        onDl4j.setWeights(onNative.getWeights());
        List<Tensor> initial = onNative.getWeights();
        for (int s = 0; s < STEPS; s++) {
            int from = (s * BATCH) % n;
            List<Tensor> xb = List.of(x.get(0).slice(from, from + BATCH), x.get(1).slice(from, from + BATCH));
            List<Tensor> yb = List.of(y.get(0).slice(from, from + BATCH), y.get(1).slice(from, from + BATCH));
            Map<String, Double> a = onNative.trainOnBatchDict(named(onNative.inputNames(), xb), named(onNative.outputNames(), yb));
            Map<String, Double> b = onDl4j.trainOnBatchDict(named(onDl4j.inputNames(), xb), named(onDl4j.outputNames(), yb));
            assertEquals(a.keySet(), b.keySet());
            for (String k : a.keySet()) {
                assertClose(a.get(k), b.get(k), LOSS_FLOOR, "graph: " + k + " at step " + (s + 1));
            }
        }
        List<Tensor> wa = onNative.getWeights();
        List<Tensor> wb = onDl4j.getWeights();
        for (int i = 0; i < wa.size(); i++) {
            for (int j = 0; j < wa.get(i).size(); j++) {
                assertClose(wa.get(i).data()[j], wb.get(i).data()[j], WEIGHT_FLOOR, "graph: weight " + i + " value " + j);
            }
        }
        assertTrue(maxAbsDiff(initial, wa) > 1e-3, "graph: training changed nothing");
        List<Tensor> pa = onNative.predict(x, 64, 0);
        List<Tensor> pb = onDl4j.predict(x, 64, 0);
        for (int o = 0; o < pa.size(); o++) {
            for (int j = 0; j < pa.get(o).size(); j++) {
                assertClose(pa.get(o).data()[j], pb.get(o).data()[j], WEIGHT_FLOOR, "graph: output " + o + " value " + j);
            }
        }
    }

    /** Two image halves through a shared layer, every merge, Reshape, Dense on rank 3, Concatenate on axis 1, two heads. */
    private static io.jkeras.models.Model graph() {
        io.jkeras.layers.Input left = new io.jkeras.layers.Input(392).name("left");
        io.jkeras.layers.Input right = new io.jkeras.layers.Input(392).name("right");
        Dense shared = new Dense(16, "tanh");
        io.jkeras.layers.KerasTensor a = shared.apply(left);
        io.jkeras.layers.KerasTensor b = shared.apply(right);
        io.jkeras.layers.KerasTensor merged = new io.jkeras.layers.Concatenate().apply(List.of(
                new io.jkeras.layers.Add().apply(a, b), new io.jkeras.layers.Subtract().apply(a, b),
                new io.jkeras.layers.Multiply().apply(a, b), new io.jkeras.layers.Average().apply(a, b),
                new io.jkeras.layers.Maximum().apply(a, b), new io.jkeras.layers.Minimum().apply(a, b)));
        io.jkeras.layers.KerasTensor seq = new Dense(6, "relu").apply(new io.jkeras.layers.Reshape(8, 12).apply(merged));
        io.jkeras.layers.KerasTensor joined = new io.jkeras.layers.Concatenate(1).apply(seq, seq);
        io.jkeras.layers.KerasTensor digits = new Dense(10, "softmax").name("digits")
                .apply(new io.jkeras.layers.Flatten().apply(joined));
        io.jkeras.layers.KerasTensor brightness = new Dense(1).name("brightness").apply(merged);
        return new io.jkeras.models.Model(List.of(left, right), List.of(digits, brightness));
    }

    private static Map<String, Tensor> named(List<String> names, List<Tensor> ts) {
        Map<String, Tensor> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), ts.get(i));
        }
        return m;
    }

    private static void assertClose(double a, double b, double floor, String what) {
        double tol = RTOL * Math.max(Math.abs(a), Math.abs(b)) + floor;
        assertTrue(Math.abs(a - b) <= tol, what + ": native " + a + ", dl4j " + b + " (|diff| " + Math.abs(a - b)
                + " > " + tol + ")");
    }

    /** {@code |a - b|} as a fraction of the tolerance; above 1 fails. */
    private static double usedTolerance(double a, double b, double floor) {
        return Math.abs(a - b) / (RTOL * Math.max(Math.abs(a), Math.abs(b)) + floor);
    }

    private static double maxAbsDiff(List<Tensor> a, List<Tensor> b) {
        double d = 0;
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < a.get(i).size(); j++) {
                d = Math.max(d, Math.abs(a.get(i).data()[j] - b.get(i).data()[j]));
            }
        }
        return d;
    }

    /** Whether the trained weights differ from a fresh model's with the same seed. */
    private static boolean moved(List<Tensor> trained, Case c) {
        Keras.clearSession();
        Keras.setRandomSeed(42);
        Sequential fresh = c.model().get();
        return maxAbsDiff(trained, fresh.getWeights()) > 1e-3;
    }

    /**
     * 256 MNIST-shaped samples: 784 pixel values in [0, 1), half of them 0 as in digit images, and
     * one-hot labels from a fixed random linear teacher, so that there is something to learn.
     */
    private static Tensor[] mnistLike() {
        Tensor[] t = teacherData(256, 784, 10);
        return new Tensor[] {t[0].reshape(256, 784), t[1]};
    }

    /** 64 images of 8x8x1 with 3 classes, made as {@link #mnistLike}. */
    private static Tensor[] imagesLike() {
        Tensor[] t = teacherData(64, 64, 3);
        return new Tensor[] {t[0].reshape(64, 8, 8, 1), t[1]};
    }

    /** {@code n} samples of {@code features} values in [0, 1), half 0, one-hot labels of a random linear teacher. */
    private static Tensor[] teacherData(int n, int features, int classes) {
        Random rng = new Random(7);
        float[] x = new float[n * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextBoolean() ? 0f : rng.nextFloat();
        }
        float[] teacher = new float[features * classes];
        for (int i = 0; i < teacher.length; i++) {
            teacher[i] = (float) rng.nextGaussian();
        }
        float[] y = new float[n * classes];
        for (int s = 0; s < n; s++) {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                double score = 0;
                for (int i = 0; i < features; i++) {
                    score += x[s * features + i] * teacher[i * classes + k];
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = k;
                }
            }
            y[s * classes + best] = 1f;
        }
        return new Tensor[] {Tensor.of(x, n, features), Tensor.of(y, n, classes)};
    }

    /** 320 points of {@code y = x^2 - 0.5} for {@code x} in [-1, 1], shuffled with a fixed seed. */
    private static Tensor[] quadratic() {
        Random rng = new Random(11);
        int n = 320;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextFloat() * 2f - 1f;
            y[i] = x[i] * x[i] - 0.5f;
        }
        return new Tensor[] {Tensor.of(x, n, 1), Tensor.of(y, n, 1)};
    }
}
