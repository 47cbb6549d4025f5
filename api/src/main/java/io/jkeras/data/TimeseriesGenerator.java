package io.jkeras.data;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.Shapes;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Random;

/**
 * Keras's {@code keras.preprocessing.sequence.TimeseriesGenerator}: batches of windows over a
 * time series, each window paired with the target of the step right after it.
 *
 * <p>Axis 0 of {@code data} and {@code targets} is time. The window for the time step
 * {@code row} is {@code data[row - length : row : samplingRate]} and its target is
 * {@code targets[row]}, for {@code row} from {@code startIndex + length} to {@code endIndex}
 * (default: the last step) every {@code stride} steps. Batch {@code i} holds the windows of
 * {@code batchSize} consecutive rows; with {@code shuffle}, it holds {@code batchSize} rows drawn
 * at random (with replacement, from {@link Keras#rng()}) instead. With {@code reverse} each window
 * is in reverse time order.
 *
 * <pre>{@code
 * // data = targets = [0, 1, 2, 3, 4]
 * TimeseriesGenerator gen = TimeseriesGenerator.builder(data, data, 3).batchSize(1).build();
 * gen.size();    // 2
 * gen.get(0);    // x = [[0, 1, 2]], y = [3]
 * gen.get(1);    // x = [[1, 2, 3]], y = [4]
 * }</pre>
 *
 * <p>Output shapes: samples {@code (batch, ceil(length / samplingRate), data.shape[1:]...)},
 * targets {@code (batch, targets.shape[1:]...)}.
 *
 * <p>It is a {@link PyDataset}, as in Keras, so a model trains on it directly:
 * {@code model.fit(gen, 10)}, {@code model.evaluate(gen)}, {@code model.predict(gen)}.
 */
public final class TimeseriesGenerator implements PyDataset, Iterable<PyDataset.Batch> {
    private final Tensor data;
    private final Tensor targets;
    private final int length;
    private final int samplingRate;
    private final int stride;
    private final int startIndex;
    private final int endIndex;
    private final boolean shuffle;
    private final boolean reverse;
    private final int batchSize;

    /**
     * A generator with every Keras argument; {@link #builder(Tensor, Tensor, int)} reads better.
     *
     * @param data the series, time along axis 0
     * @param targets a target per time step of {@code data}
     * @param length the span of a window in time steps
     * @param samplingRate the period between the time steps inside a window
     * @param stride the period between successive windows
     * @param startIndex steps before it are never used
     * @param endIndex the last step used as a target, or {@code null} for the last step of {@code data}
     * @param shuffle whether batches hold random rows instead of consecutive ones
     * @param reverse whether each window is in reverse time order
     * @param batchSize the windows per batch (the last batch may have fewer)
     * @throws KerasException for lengths that differ, non-positive sizes, or no room for a single window
     * @throws NullPointerException if {@code data} or {@code targets} is {@code null}
     */
    public TimeseriesGenerator(Tensor data, Tensor targets, int length, int samplingRate, int stride, int startIndex,
            Integer endIndex, boolean shuffle, boolean reverse, int batchSize) {
        this.data = Objects.requireNonNull(data, "data must not be null");
        this.targets = Objects.requireNonNull(targets, "targets must not be null");
        if (data.rank() == 0 || targets.rank() == 0) {
            throw new KerasException("TimeseriesGenerator needs data and targets with a time axis (axis 0). Received: data of shape "
                    + Tensor.shapeToString(data.shape()) + ", targets of shape " + Tensor.shapeToString(targets.shape()) + ".");
        }
        if (data.dim(0) != targets.dim(0)) {
            throw new KerasException("Data and targets have to be of same length. Data length is " + data.dim(0)
                    + " while target length is " + targets.dim(0) + ".");
        }
        positive("length", length);
        positive("samplingRate", samplingRate);
        positive("stride", stride);
        positive("batchSize", batchSize);
        if (startIndex < 0) {
            throw new KerasException("TimeseriesGenerator: startIndex must be >= 0. Received: startIndex=" + startIndex);
        }
        int end = endIndex == null ? data.dim(0) - 1 : endIndex;
        if (end >= data.dim(0)) {
            throw new KerasException("TimeseriesGenerator: endIndex=" + end + " is past the last time step "
                    + (data.dim(0) - 1) + " of the data.");
        }
        this.length = length;
        this.samplingRate = samplingRate;
        this.stride = stride;
        long first = (long) startIndex + length;
        if (first > end) {
            throw new KerasException("`startIndex+length=" + first + " > endIndex=" + end
                    + "` is disallowed, as no part of the sequence would be left to be used as current step.");
        }
        this.startIndex = (int) first;
        this.endIndex = end;
        this.shuffle = shuffle;
        this.reverse = reverse;
        this.batchSize = batchSize;
    }

    /** A builder with Keras's defaults: samplingRate 1, stride 1, startIndex 0, no endIndex, no shuffle or reverse, batchSize 128. */
    public static Builder builder(Tensor data, Tensor targets, int length) {
        return new Builder(data, targets, length);
    }

    /** The number of batches, Keras's {@code len(generator)}. */
    @Override
    public int size() {
        long span = (long) batchSize * stride;
        return (int) ((endIndex - startIndex + span) / span);
    }

    /**
     * Batch {@code index}, Keras's {@code generator[index]}: the windows {@code x()},
     * {@code (batch, steps, features...)}, and their targets {@code y()}, {@code (batch, targetFeatures...)}.
     *
     * @throws KerasException if {@code index} is not in {@code [0, size())}, or the batch would
     *     hold more values than a tensor can
     */
    @Override
    public Batch get(int index) {
        if (index < 0 || index >= size()) {
            throw new KerasException("TimeseriesGenerator has " + size() + " batches; there is no batch " + index + ".");
        }
        int[] rows;
        if (shuffle) {
            Random rng = Keras.rng();
            Shapes.size(new int[] {batchSize, windowSteps(), data.sampleSize()}, "a shuffled batch of TimeseriesGenerator");
            rows = new int[batchSize];
            for (int k = 0; k < batchSize; k++) {
                rows[k] = startIndex + rng.nextInt(endIndex - startIndex + 1);
            }
        } else {
            long span = (long) batchSize * stride;
            int first = (int) (startIndex + span * index);
            int stop = (int) Math.min(first + span, endIndex + 1L);
            rows = new int[(int) (((long) stop - first + stride - 1) / stride)];
            for (int k = 0; k < rows.length; k++) {
                rows[k] = first + k * stride;
            }
        }
        return Batch.of(windows(rows), targets.take(rows));
    }

    /** The time steps in one window: {@code ceil(length / samplingRate)}. */
    public int windowSteps() {
        return (int) (((long) length + samplingRate - 1) / samplingRate);
    }

    /** The batches in order. */
    @Override
    public Iterator<Batch> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size();
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return get(next++);
            }
        };
    }

    private Tensor windows(int[] rows) {
        int steps = windowSteps();
        int per = data.sampleSize();
        int[] dataShape = data.shape();
        int[] shape = new int[dataShape.length + 1];
        shape[0] = rows.length;
        shape[1] = steps;
        System.arraycopy(dataShape, 1, shape, 2, dataShape.length - 1);
        float[] src = data.data();
        float[] out = Tensor.zeros(shape).data();
        for (int r = 0; r < rows.length; r++) {
            for (int s = 0; s < steps; s++) {
                int t = rows[r] - length + s * samplingRate;
                int dst = reverse ? steps - 1 - s : s;
                System.arraycopy(src, t * per, out, (r * steps + dst) * per, per);
            }
        }
        return Tensor.of(out, shape);
    }

    private static void positive(String what, int v) {
        if (v <= 0) {
            throw new KerasException("TimeseriesGenerator: " + what + " must be positive. Received: " + what + "=" + v);
        }
    }

    /** Keras's keyword arguments, with Keras's defaults. */
    public static final class Builder {
        private final Tensor data;
        private final Tensor targets;
        private final int length;
        private int samplingRate = 1;
        private int stride = 1;
        private int startIndex;
        private Integer endIndex;
        private boolean shuffle;
        private boolean reverse;
        private int batchSize = 128;

        private Builder(Tensor data, Tensor targets, int length) {
            this.data = data;
            this.targets = targets;
            this.length = length;
        }

        /** The period between the time steps inside a window (default 1). */
        public Builder samplingRate(int r) {
            this.samplingRate = r;
            return this;
        }

        /** The period between successive windows (default 1). */
        public Builder stride(int s) {
            this.stride = s;
            return this;
        }

        /** Steps before this one are never used (default 0). */
        public Builder startIndex(int i) {
            this.startIndex = i;
            return this;
        }

        /** The last step used as a target (default: the last step of the data). */
        public Builder endIndex(int i) {
            this.endIndex = i;
            return this;
        }

        /** Whether batches hold random rows instead of consecutive ones (default false). */
        public Builder shuffle(boolean s) {
            this.shuffle = s;
            return this;
        }

        /** Whether each window is in reverse time order (default false). */
        public Builder reverse(boolean r) {
            this.reverse = r;
            return this;
        }

        /** The windows per batch (default 128). */
        public Builder batchSize(int n) {
            this.batchSize = n;
            return this;
        }

        /**
         * The generator.
         *
         * @throws KerasException as the constructor does
         */
        public TimeseriesGenerator build() {
            return new TimeseriesGenerator(data, targets, length, samplingRate, stride, startIndex, endIndex, shuffle,
                    reverse, batchSize);
        }
    }
}
