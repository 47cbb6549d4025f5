package io.jkeras.models;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.callbacks.Callback;
import io.jkeras.data.PyDataset;
import java.util.ArrayList;
import java.util.List;

/**
 * The keyword arguments of Keras's {@code fit}, with Keras's defaults: {@code epochs=1},
 * {@code batchSize=32}, {@code shuffle=true}, {@code verbose=1}, {@code validationSplit=0}.
 */
public final class FitOptions {
    int epochs = 1;
    int initialEpoch;
    int batchSize = 32;
    boolean shuffle = true;
    int verbose = 1;
    double validationSplit;
    List<Tensor> validationX;
    List<Tensor> validationY;
    PyDataset validationData;
    final List<Callback> callbacks = new ArrayList<>();

    /** Keras's defaults. */
    public FitOptions() {
    }

    /** Passes over the data. */
    public FitOptions epochs(int n) {
        if (n < 0) {
            throw new KerasException("epochs must be >= 0. Received: epochs=" + n);
        }
        this.epochs = n;
        return this;
    }

    /** Samples per gradient update; not used for a {@link PyDataset}, whose batches come made. */
    public FitOptions batchSize(int n) {
        if (n <= 0) {
            throw new KerasException("batchSize must be positive. Received: batchSize=" + n);
        }
        this.batchSize = n;
        return this;
    }

    /**
     * Keras's {@code initial_epoch}: the epoch to start at (from 0), e.g. to resume a run; {@code fit}
     * then runs epochs {@code initialEpoch} to {@code epochs - 1}, shuffling as the unbroken run would.
     */
    public FitOptions initialEpoch(int epoch) {
        if (epoch < 0) {
            throw new KerasException("initialEpoch must be >= 0. Received: initialEpoch=" + epoch);
        }
        this.initialEpoch = epoch;
        return this;
    }

    /**
     * Whether to shuffle the training samples before each epoch (default true, as in Keras); for a
     * {@link PyDataset}, the order of its batches.
     */
    public FitOptions shuffle(boolean b) {
        this.shuffle = b;
        return this;
    }

    /** 0 silent, 1 progress bar, 2 one line per epoch. */
    public FitOptions verbose(int v) {
        if (v < 0 || v > 2) {
            throw new KerasException("verbose must be 0, 1 or 2. Received: verbose=" + v);
        }
        this.verbose = v;
        return this;
    }

    /**
     * The fraction of the samples, taken from the end before shuffling, held out for validation;
     * refused for a {@link PyDataset}, as Keras refuses it (pass {@link #validationData(PyDataset)}).
     */
    public FitOptions validationSplit(double f) {
        if (!(f >= 0 && f < 1)) {
            throw new KerasException("validationSplit must be in [0, 1). Received: validationSplit=" + f);
        }
        this.validationSplit = f;
        return this;
    }

    /** Data to evaluate on at the end of each epoch; wins over {@link #validationSplit(double)}. */
    public FitOptions validationData(Tensor x, Tensor y) {
        java.util.Objects.requireNonNull(x, "validation x");
        java.util.Objects.requireNonNull(y, "validation y");
        return validationData(List.of(x), List.of(y));
    }

    /** Validation data for a model with several inputs or outputs: one tensor per input and per output, in order. */
    public FitOptions validationData(List<Tensor> x, List<Tensor> y) {
        java.util.Objects.requireNonNull(x, "validation x");
        java.util.Objects.requireNonNull(y, "validation y");
        this.validationX = List.copyOf(x);
        this.validationY = List.copyOf(y);
        this.validationData = null;
        return this;
    }

    /**
     * Validation batches from a {@link PyDataset}, evaluated in order at the end of each epoch
     * (its {@code onEpochEnd} runs before and after each pass, as in Keras 3); wins over
     * {@link #validationSplit(double)}.
     */
    public FitOptions validationData(PyDataset data) {
        this.validationData = java.util.Objects.requireNonNull(data, "validation data");
        this.validationX = null;
        this.validationY = null;
        return this;
    }

    /** Callbacks to call during training. */
    public FitOptions callbacks(Callback... cs) {
        this.callbacks.addAll(List.of(cs));
        return this;
    }
}
