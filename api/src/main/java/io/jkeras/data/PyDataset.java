package io.jkeras.data;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Keras's {@code keras.utils.PyDataset} (formerly {@code Sequence}): data that comes as whole
 * batches, made on demand, which {@code Model.fit}, {@code evaluate} and {@code predict} take in
 * place of arrays.
 *
 * <p>{@link #size()} is Keras's {@code __len__}, the number of batches (not samples);
 * {@link #get(int)} is {@code __getitem__}, batch {@code index} from 0, whose inputs and targets
 * have the same number of samples along axis 0. Batches may differ in size (the last one is often
 * short). {@link #onEpochBegin()} and {@link #onEpochEnd()} are called where Keras 3.15 calls
 * them: {@code fit} calls {@code onEpochEnd} once when it starts, then {@code onEpochBegin} before
 * and {@code onEpochEnd} after each epoch's batches (not after an epoch a callback stopped);
 * {@code evaluate} and each validation pass call {@code onEpochEnd}, {@code onEpochBegin}, the
 * batches, {@code onEpochEnd}; {@code predict} calls {@code onEpochBegin}, the batches,
 * {@code onEpochEnd}. Batches are read one at a time on the calling thread; a model without an
 * input shape reads batch 0 once more, to build itself.
 *
 * <p>With {@code FitOptions.shuffle(true)} (the default, as in Keras) {@code fit} visits the
 * batches in a new random order each epoch, drawn from {@code Keras.rng()}; the samples inside a
 * batch stay as {@code get} returns them. {@code evaluate} and {@code predict} visit them in order.
 *
 * <pre>{@code
 * PyDataset batches = new PyDataset() {
 *     public int size() { return (n + 31) / 32; }
 *     public PyDataset.Batch get(int i) {
 *         int from = i * 32, to = Math.min(n, from + 32);
 *         return PyDataset.Batch.of(x.slice(from, to), y.slice(from, to));
 *     }
 * };
 * model.fit(batches, 10);
 * }</pre>
 */
public interface PyDataset {

    /** The number of batches, Keras's {@code __len__}. */
    int size();

    /**
     * Batch {@code index}, in {@code [0, size())}, Keras's {@code __getitem__}.
     *
     * @return one tensor per model input and, for {@code fit} and {@code evaluate}, one per output
     */
    Batch get(int index);

    /** Called at the start of every pass over the data; does nothing unless overridden. */
    default void onEpochBegin() {
    }

    /** Called at the end of every pass over the data (e.g. to reshuffle samples); does nothing unless overridden. */
    default void onEpochEnd() {
    }

    /**
     * One batch: Keras's {@code (inputs, targets)} tuple, or {@code (inputs,)} for {@code predict}.
     *
     * @param inputs one tensor per model input, in order, each {@code (batch, ...inputShape)}
     * @param targets one tensor per model output, in order; empty for a batch without targets
     */
    record Batch(List<Tensor> inputs, List<Tensor> targets) {

        /** Copies the lists and checks that no tensor is missing. */
        public Batch {
            inputs = present(inputs, "inputs");
            targets = present(targets, "targets");
            if (inputs.isEmpty()) {
                throw new KerasException("A PyDataset batch needs at least one input tensor.");
            }
        }

        /** A batch of a model with one input and one output. */
        public static Batch of(Tensor x, Tensor y) {
            return new Batch(List.of(Objects.requireNonNull(x, "x")), List.of(Objects.requireNonNull(y, "y")));
        }

        /** A batch of a model with several inputs or outputs: one tensor per input and per output, in order. */
        public static Batch of(List<Tensor> x, List<Tensor> y) {
            return new Batch(x, y);
        }

        /** A batch of inputs only, Keras's {@code (inputs,)}: enough for {@code predict}. */
        public static Batch inputsOnly(Tensor... x) {
            return new Batch(List.of(x), List.of());
        }

        /**
         * The one input tensor.
         *
         * @throws KerasException if the batch has several inputs
         */
        public Tensor x() {
            return single(inputs, "inputs", "inputs()");
        }

        /**
         * The one target tensor.
         *
         * @throws KerasException if the batch has no targets or several
         */
        public Tensor y() {
            return single(targets, "targets", "targets()");
        }

        private static List<Tensor> present(List<Tensor> ts, String what) {
            Objects.requireNonNull(ts, what);
            for (int i = 0; i < ts.size(); i++) {
                if (ts.get(i) == null) {
                    throw new KerasException("A PyDataset batch has no tensor at " + what + "[" + i + "] (null).");
                }
            }
            return List.copyOf(ts);
        }

        private static Tensor single(List<Tensor> ts, String what, String all) {
            if (ts.size() != 1) {
                throw new KerasException("This batch has " + ts.size() + " " + what + "; " + all + " returns them all.");
            }
            return ts.get(0);
        }
    }
}
