package io.jkeras.samples;

import io.jkeras.Keras;
import io.jkeras.Tensor;
import io.jkeras.layers.Bidirectional;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Embedding;
import io.jkeras.layers.GlobalAveragePooling1D;
import io.jkeras.layers.Input;
import io.jkeras.layers.LSTM;
import io.jkeras.models.FitOptions;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adam;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Text classification where order matters: variable-length sequences of integer tokens, padded
 * with 0 at the end, each holding token {@code A} (1) once and token {@code B} (2) once among
 * filler tokens; the label is whether {@code A} comes before {@code B}. Both classes have the same
 * tokens, so a bag of words cannot do better than chance. {@code Embedding(maskZero) →
 * Bidirectional(LSTM) → Dense(sigmoid)} learns it; the order-blind {@code Embedding →
 * GlobalAveragePooling1D → Dense(sigmoid)} stays near 50%.
 */
public final class SequenceClassifySample implements Sample {
    private static final int VOCABULARY = 10;
    private static final int MAX_LENGTH = 12;
    private static final int MIN_LENGTH = 4;
    private static final int A = 1;
    private static final int B = 2;

    @Override
    public String name() {
        return "sequence-classify";
    }

    @Override
    public String description() {
        return "Embedding(maskZero) -> Bidirectional(LSTM) on padded token sequences: does A come before B?"
                + " (against an order-blind baseline)";
    }

    @Override
    public String options() {
        return "--samples N (training sequences, default 3000), --epochs N (default 5)";
    }

    /** Padded sequences and their labels. */
    record Data(Tensor x, Tensor y) {
    }

    /**
     * {@code n} sequences of {@code MIN_LENGTH..MAX_LENGTH} tokens padded with 0: fillers drawn from
     * 3..9, then {@code A} and {@code B} at two different random positions; label 1 when {@code A}
     * comes first.
     */
    static Data generate(int n, Random rng) {
        float[] x = new float[n * MAX_LENGTH];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int length = MIN_LENGTH + rng.nextInt(MAX_LENGTH - MIN_LENGTH + 1);
            for (int t = 0; t < length; t++) {
                x[i * MAX_LENGTH + t] = 3 + rng.nextInt(VOCABULARY - 3);
            }
            int a = rng.nextInt(length);
            int b = rng.nextInt(length - 1);
            b = b >= a ? b + 1 : b;
            x[i * MAX_LENGTH + a] = A;
            x[i * MAX_LENGTH + b] = B;
            y[i] = a < b ? 1f : 0f;
        }
        return new Data(Tensor.of(x, n, MAX_LENGTH), Tensor.of(y, n, 1));
    }

    @Override
    public SampleResult run(SampleContext ctx) {
        int samples = ctx.intOption("samples", 3000);
        int epochs = ctx.intOption("epochs", 5);
        Keras.setRandomSeed(0);
        Keras.clearSession();
        Random rng = new Random(42);
        Data train = generate(samples, rng);
        Data test = generate(1000, rng);
        ctx.out().printf(Locale.ROOT, "%d training and %d test sequences of %d to %d tokens (padded to %d with 0);"
                + " label: token %d comes before token %d%n", samples, test.x().dim(0), MIN_LENGTH, MAX_LENGTH, MAX_LENGTH,
                A, B);
        ctx.out().println("first sequence: " + Fmt.numpy(row(train.x(), 0)) + " label " + (int) train.y().data()[0]);

        ctx.out().println();
        ctx.out().println("Embedding(10, 8, maskZero) -> Bidirectional(LSTM(16)) -> Dense(1, sigmoid):");
        Sequential rnn = new Sequential();
        rnn.add(new Input(MAX_LENGTH).dtype("int32"));
        rnn.add(new Embedding(VOCABULARY, 8).maskZero(true));
        rnn.add(new Bidirectional(new LSTM(16)));
        rnn.add(new Dense(1, "sigmoid"));
        double order = train(rnn, train, test, epochs, ctx);
        ctx.out().printf(Locale.ROOT, "Bidirectional LSTM test accuracy: %.4f%n", order);

        ctx.out().println();
        ctx.out().println("Order-blind baseline: Embedding(10, 8) -> GlobalAveragePooling1D -> Dense(1, sigmoid):");
        Sequential bag = new Sequential();
        bag.add(new Input(MAX_LENGTH).dtype("int32"));
        bag.add(new Embedding(VOCABULARY, 8));
        bag.add(new GlobalAveragePooling1D());
        bag.add(new Dense(1, "sigmoid"));
        double blind = train(bag, train, test, epochs, ctx);
        ctx.out().printf(Locale.ROOT, "Order-blind test accuracy: %.4f%n", blind);
        return new SampleResult().put("bidirectionalAccuracy", order).put("baselineAccuracy", blind);
    }

    private static double train(Sequential model, Data train, Data test, int epochs, SampleContext ctx) {
        model.compile(new Adam(1e-2f), "binary_crossentropy", "accuracy");
        model.fit(train.x(), train.y(), new FitOptions().epochs(epochs).batchSize(32).verbose(2));
        Map<String, Double> result = model.evaluateDict(test.x(), test.y(), 250, 0);
        return result.get("accuracy");
    }

    private static Tensor row(Tensor x, int i) {
        int width = x.dim(1);
        float[] r = new float[width];
        System.arraycopy(x.data(), i * width, r, 0, width);
        return Tensor.of(r, 1, width);
    }
}
