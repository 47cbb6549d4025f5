package io.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.jkeras.Keras;
import io.jkeras.Tensor;
import io.jkeras.backend.Backend;
import io.jkeras.backend.Capability;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.losses.Loss;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Optimizer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every conformance class shares: the backend under test, a fresh Keras session with a fixed
 * seed before each test, tolerance-aware assertions, and gradients read two ways (from one SGD
 * step with learning rate 1, and by central finite differences of {@code testOnBatch}).
 *
 * <p>A backend module subclasses each {@code *Conformance} class and implements only
 * {@link #backend()}. Tests never ask which class the backend is; what a backend may lack is
 * skipped by {@link Capability}.
 */
public abstract class ConformanceBase {
    /** The seed set before every test. */
    protected static final long SEED = 1234L;

    /** The backend under test; may return a new or a shared instance. */
    protected abstract Backend backend();

    @BeforeEach
    void freshSession() {
        Keras.clearSession();
        Keras.setRandomSeed(SEED);
        Keras.setOutput(new PrintStream(OutputStream.nullOutputStream()));
    }

    @AfterEach
    void restoreOutput() {
        Keras.setOutput(System.out);
    }

    /** Skips the test unless the backend has this capability. */
    protected void assumeSupports(Capability capability) {
        Assumptions.assumeTrue(backend().supports(capability),
                "backend " + backend().name() + " does not support " + capability);
    }

    /** Compiles {@code model} on the backend under test and returns it. */
    protected Sequential compile(Sequential model, Optimizer optimizer, Loss loss, String... metrics) {
        model.compile(optimizer, loss, List.of(metrics), backend());
        return model;
    }

    /** A model that starts with {@code Input(shape)}, then these layers. */
    protected static Sequential withInput(int[] shape, Layer... layers) {
        Sequential m = new Sequential().add(new Input(shape));
        for (Layer l : layers) {
            m.add(l);
        }
        return m;
    }

    // ------------------------------------------------------------------ tensors

    /** A {@code (rows, cols)} tensor from double literals. */
    protected static Tensor matrix(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] d = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < cols; j++) {
                d[i * cols + j] = (float) rows[i][j];
            }
        }
        return Tensor.of(d, rows.length, cols);
    }

    /** A rank-1 tensor from double literals. */
    protected static Tensor vector(double... values) {
        float[] d = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = (float) values[i];
        }
        return Tensor.of(d, values.length);
    }

    /** A {@code (n, 1)} column from double literals. */
    protected static Tensor column(double... values) {
        return vector(values).reshape(values.length, 1);
    }

    /** Every weight of the model, concatenated in Keras order. */
    protected static float[] flatWeights(Sequential model) {
        List<Tensor> ws = model.getWeights();
        int n = 0;
        for (Tensor t : ws) {
            n += t.size();
        }
        float[] out = new float[n];
        int k = 0;
        for (Tensor t : ws) {
            System.arraycopy(t.data(), 0, out, k, t.size());
            k += t.size();
        }
        return out;
    }

    /** Sets every weight of the model from one flat array in Keras order. */
    protected static void setFlatWeights(Sequential model, float[] flat) {
        List<Tensor> shapes = model.getWeights();
        List<Tensor> out = new ArrayList<>();
        int k = 0;
        for (Tensor t : shapes) {
            float[] d = new float[t.size()];
            System.arraycopy(flat, k, d, 0, d.length);
            k += d.length;
            out.add(Tensor.of(d, t.shape()));
        }
        model.setWeights(out);
    }

    /**
     * Deterministic, varied values in {@code [-scale, scale]}: {@code scale * sin(1 + 1.7 i + phase)},
     * so tests do not depend on any random generator.
     */
    protected static float[] pattern(int n, double phase, double scale) {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) (scale * Math.sin(1 + 1.7 * i + phase));
        }
        return d;
    }

    // ------------------------------------------------------------------ layer fixtures

    /**
     * A layer fixture case's model (an input of {@code x}'s per-sample shape, then these layers)
     * with the case's initial weights, compiled with {@code SGD(learningRate = 1)} and mse.
     */
    protected Sequential fixtureModel(JsonNode fixtureCase, Layer... layers) {
        Tensor x = Fixtures.tensor(fixtureCase.get("x"));
        Sequential model = withInput(java.util.Arrays.copyOfRange(x.shape(), 1, x.rank()), layers);
        compile(model, new io.jkeras.optimizers.SGD(1f), new io.jkeras.losses.MeanSquaredError());
        setFlatWeights(model, Fixtures.flatWeights(fixtureCase.get("weights")));
        return model;
    }

    /** The model's prediction of the case's {@code x} against Keras's {@code predict}. */
    protected static void assertPredictsLikeKeras(Sequential model, JsonNode fixtureCase, String what) {
        Tensor expected = Fixtures.tensor(fixtureCase.get("predict"));
        Tensor actual = model.predict(Fixtures.tensor(fixtureCase.get("x")), 32, 0);
        assertTensor(expected.shape(), toDouble(expected.data()), actual, 1e-5, 1e-5, what);
    }

    /**
     * The mse of the case's {@code x, y} and its gradient with respect to every weight (from one
     * SGD(1) step of a {@link #fixtureModel}) against Keras's torch autograd.
     */
    protected static void assertMseGradientsLikeKeras(Sequential model, JsonNode fixtureCase, String what) {
        Tensor x = Fixtures.tensor(fixtureCase.get("x"));
        Tensor y = Fixtures.tensor(fixtureCase.get("y"));
        assertClose(fixtureCase.get("mse").asDouble(), model.testOnBatch(x, y), 1e-5, 1e-6, what + " mse");
        float[] g = gradientFromSgdStep(model, x, y, 1f);
        assertAllClose(Fixtures.flatWeights(fixtureCase.get("gradients")), g, 1e-3, 2e-5, what + " gradient");
    }

    /**
     * Five {@code Adam(0.01)} steps of a Sequential of these layers from the fixture's {@code weights}
     * on its {@code x} and {@code y}: each step's loss, the weights and the prediction after, against
     * Keras's {@code train_on_batch_losses}, {@code weights_after} and {@code predict_after}.
     */
    protected void trainsLikeKeras(JsonNode fixture, Loss loss, Tensor y, Layer... layers) {
        Tensor x = Fixtures.tensor(fixture.get("x"));
        Sequential model = withInput(java.util.Arrays.copyOfRange(x.shape(), 1, x.rank()), layers);
        compile(model, new io.jkeras.optimizers.Adam(0.01f), loss);
        setFlatWeights(model, Fixtures.flatWeights(fixture.get("weights")));
        JsonNode losses = fixture.get("train_on_batch_losses");
        for (int step = 0; step < losses.size(); step++) {
            assertClose(losses.get(step).asDouble(), model.trainOnBatch(x, y), 1e-4, 1e-6, "loss of step " + step);
        }
        assertAllClose(Fixtures.flatWeights(fixture.get("weights_after")), flatWeights(model), 1e-3, 1e-5,
                "weights after 5 steps");
        Tensor expected = Fixtures.tensor(fixture.get("predict_after"));
        assertTensor(expected.shape(), toDouble(expected.data()), model.predict(x, 32, 0), 1e-4, 1e-5, "predict");
    }

    // ------------------------------------------------------------------ gradients

    /**
     * The gradient of the loss with respect to every weight (flat, Keras order), read from one
     * training step of a model compiled with {@code SGD(learningRate = lr)}: {@code (w - w') / lr}.
     * The weights are put back afterwards.
     */
    protected static float[] gradientFromSgdStep(Sequential model, Tensor x, Tensor y, float lr) {
        float[] before = flatWeights(model);
        model.trainOnBatch(x, y);
        float[] after = flatWeights(model);
        float[] g = new float[before.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = (before[i] - after[i]) / lr;
        }
        setFlatWeights(model, before);
        return g;
    }

    /** Central finite differences of {@code testOnBatch} with respect to every weight, step {@code h}. */
    protected static double[] finiteDifferenceGradient(Sequential model, Tensor x, Tensor y, float h) {
        float[] w = flatWeights(model);
        double[] g = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            float saved = w[i];
            w[i] = saved + h;
            setFlatWeights(model, w);
            double up = model.testOnBatch(x, y);
            w[i] = saved - h;
            setFlatWeights(model, w);
            double down = model.testOnBatch(x, y);
            w[i] = saved;
            // Divide by the step actually taken in float32.
            g[i] = (up - down) / ((double) (saved + h) - (double) (saved - h));
        }
        setFlatWeights(model, w);
        return g;
    }

    /**
     * The gradient of a model compiled with {@code SGD(learningRate = 1)} and mse, read from one
     * training step, against central finite differences of {@code testOnBatch} with step {@code h}
     * (rtol 2e-2, atol 2e-4, above the float32 loss's noise over a step of 1e-3 or more; a model with
     * a maximum takes 1e-3, since a step of 1e-2 often moves a weight across a tie of its windows).
     * The largest finite difference must exceed 1e-3, so a model whose loss does not depend on its
     * weights cannot pass.
     */
    protected static void assertGradientMatchesFiniteDifferences(Sequential model, Tensor x, Tensor y, float h) {
        float[] g = gradientFromSgdStep(model, x, y, 1f);
        double[] fd = finiteDifferenceGradient(model, x, y, h);
        double largest = 0;
        for (double v : fd) {
            largest = Math.max(largest, Math.abs(v));
        }
        assertTrue(largest > 1e-3, "the loss barely depends on the weights: largest finite difference " + largest);
        assertAllClose(fd, g, 2e-2, 2e-4, "gradient");
    }

    // ------------------------------------------------------------------ initial weights

    /**
     * Asserts a kernel drawn by Keras's {@code glorot_uniform}, {@code U(-limit, limit)} with
     * {@code limit = sqrt(6 / (fanIn + fanOut))}: every value within the limit (fans too small fail),
     * the largest above 0.9 of it (fans too large fail; with 200 or more values a right draw misses
     * that with odds below 0.9^200), the mean within five standard errors of 0 and the variance
     * within five of {@code limit^2 / 3} (a uniform draw, not a normal one).
     */
    protected static void assertGlorotUniform(float[] kernel, int fanIn, int fanOut, String what) {
        int n = kernel.length;
        assertTrue(n >= 200, what + ": " + n + " values are too few to tell the limit");
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        double largest = 0;
        double sum = 0;
        double squares = 0;
        for (float v : kernel) {
            assertTrue(Math.abs(v) <= limit, what + ": " + v + " outside the glorot_uniform limit " + limit
                    + " of fan_in " + fanIn + " and fan_out " + fanOut);
            largest = Math.max(largest, Math.abs(v));
            sum += v;
            squares += (double) v * v;
        }
        assertTrue(largest > 0.9 * limit, what + ": the largest |value| " + largest + " is below 0.9 of the limit "
                + limit + " of fan_in " + fanIn + " and fan_out " + fanOut);
        double meanError = limit / Math.sqrt(3.0 * n);
        assertClose(0, sum / n, 0, 5 * meanError, what + ": mean");
        double varianceError = limit * limit * Math.sqrt(4.0 / 45.0 / n);
        assertClose(limit * limit / 3, squares / n, 0, 5 * varianceError, what + ": mean square");
    }

    // ------------------------------------------------------------------ assertions

    /**
     * Sets a training fixture's {@code weights}, takes its {@code train_on_batch} steps on its
     * {@code x} and {@code y}, and checks each step's loss, the {@code weights_after} and the
     * {@code predict_after} against Keras's.
     */
    protected static void assertTrainsLikeKeras(com.fasterxml.jackson.databind.JsonNode fixture, Sequential model,
            Tensor y) {
        setFlatWeights(model, Fixtures.flatWeights(fixture.get("weights")));
        Tensor x = Fixtures.tensor(fixture.get("x"));
        com.fasterxml.jackson.databind.JsonNode losses = fixture.get("train_on_batch_losses");
        for (int step = 0; step < losses.size(); step++) {
            assertClose(losses.get(step).asDouble(), model.trainOnBatch(x, y), 1e-4, 1e-6, "loss of step " + step);
        }
        assertAllClose(Fixtures.flatWeights(fixture.get("weights_after")), flatWeights(model), 1e-3, 1e-5,
                "weights after " + losses.size() + " steps");
        Tensor expected = Fixtures.tensor(fixture.get("predict_after"));
        assertTensor(expected.shape(), toDouble(expected.data()), model.predict(x, 32, 0), 1e-4, 1e-5, "predict");
    }

    /** Asserts {@code |actual - expected| <= atol + rtol |expected|}. */
    protected static void assertClose(double expected, double actual, double rtol, double atol, String what) {
        if (!(Math.abs(actual - expected) <= atol + rtol * Math.abs(expected))) {
            fail(what + ": expected " + expected + " but was " + actual + " (rtol=" + rtol + ", atol=" + atol + ")");
        }
    }

    /** Asserts every value is close, naming the first that is not. */
    protected static void assertAllClose(double[] expected, float[] actual, double rtol, double atol, String what) {
        assertTrue(expected.length == actual.length,
                what + ": expected " + expected.length + " values but got " + actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertClose(expected[i], actual[i], rtol, atol, what + " [" + i + "]");
        }
    }

    /** Asserts every value is close, naming the first that is not. */
    protected static void assertAllClose(float[] expected, float[] actual, double rtol, double atol, String what) {
        assertAllClose(toDouble(expected), actual, rtol, atol, what);
    }

    /** Asserts shape and values. */
    protected static void assertTensor(int[] shape, double[] expected, Tensor actual, double rtol, double atol, String what) {
        assertTrue(java.util.Arrays.equals(shape, actual.shape()), what + ": expected shape "
                + Tensor.shapeToString(shape) + " but was " + Tensor.shapeToString(actual.shape()));
        assertAllClose(expected, actual.data(), rtol, atol, what);
    }

    /** The values as doubles. */
    protected static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /**
     * One test per fixture case: the model {@code model} makes of the case predicts the case's
     * {@code predict} from its {@code x} (rtol and atol 1e-5).
     */
    protected static java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> forwardCases(
            com.fasterxml.jackson.databind.JsonNode cases,
            java.util.function.Function<com.fasterxml.jackson.databind.JsonNode, Sequential> model) {
        return Fixtures.cases(cases).map(e -> org.junit.jupiter.api.DynamicTest.dynamicTest(e.getKey(),
                () -> assertPredictsLikeKeras(model.apply(e.getValue()), e.getValue(), e.getKey())));
    }

    /**
     * One test per fixture case with {@code gradients}: the model (compiled with {@code SGD(1)} and
     * mse) gives the case's {@code mse} on {@code (x, y)}, and one SGD step moves its weights by the
     * case's gradients (rtol 1e-3, atol 2e-5).
     */
    protected static java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> mseGradientCases(
            com.fasterxml.jackson.databind.JsonNode cases,
            java.util.function.Function<com.fasterxml.jackson.databind.JsonNode, Sequential> model) {
        return Fixtures.cases(cases).filter(e -> e.getValue().has("gradients"))
                .map(e -> org.junit.jupiter.api.DynamicTest.dynamicTest(e.getKey(),
                        () -> assertMseGradientsLikeKeras(model.apply(e.getValue()), e.getValue(), e.getKey())));
    }
}
