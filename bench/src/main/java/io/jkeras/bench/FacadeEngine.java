package io.jkeras.bench;

import io.jkeras.Keras;
import io.jkeras.Tensor;
import io.jkeras.backend.Backend;
import io.jkeras.backend.Backends;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.layers.LSTM;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.models.FitOptions;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.SGD;
import java.util.List;

/** The workloads written as a jkeras user writes them, on one backend. */
public final class FacadeEngine implements Engine {
    private final Backend backend;

    /** Starts the named backend ({@code native} or {@code dl4j}). */
    public FacadeEngine(String backendName) {
        this.backend = Backends.create(backendName);
    }

    @Override
    public String name() {
        return backend.name();
    }

    @Override
    public Runnable regressionStep(float[] x, float[] y) {
        Keras.setRandomSeed(42);
        Sequential model = new Sequential();
        model.add(new Input(1));
        model.add(new Dense(10, "relu"));
        model.add(new Dense(1));
        model.compile(new SGD(0.01f), new MeanSquaredError(), List.of(), backend);
        Tensor tx = Tensor.of(x, x.length, 1);
        Tensor ty = Tensor.of(y, y.length, 1);
        return () -> model.trainOnBatch(tx, ty);
    }

    @Override
    public Model mlp(MnistData data, int batchSize) {
        return trained(Models.mlp(), data, batchSize, MnistData.FEATURES);
    }

    @Override
    public Model cnn(MnistData data, int batchSize) {
        return trained(Models.cnn(), data, batchSize, Models.SIDE, Models.SIDE, 1);
    }

    /** The model compiled with Adam 1e-3 on sparse crossentropy, over images of the given per-sample shape. */
    private Model trained(Sequential model, MnistData data, int batchSize, int... imageShape) {
        model.compile(new Adam(1e-3f), new SparseCategoricalCrossentropy(), List.of(), backend);
        Tensor xTrain = Tensor.of(data.xTrain(), withBatch(data.nTrain(), imageShape));
        Tensor yTrain = Tensor.of(toFloats(data.yTrain()), data.nTrain());
        Tensor xTest = Tensor.of(data.xTest(), withBatch(data.nTest(), imageShape));
        return fitted(model, xTrain, yTrain, xTest, batchSize);
    }

    @Override
    public Model lstm(SequenceData data, int batchSize) {
        Sequential model = lstmModel();
        model.compile(new Adam(1e-3f), new MeanSquaredError(), List.of(), backend);
        Tensor x = Tensor.of(data.x(), data.n(), SequenceData.STEPS, SequenceData.FEATURES);
        Tensor y = Tensor.of(data.y(), data.n(), 1);
        return fitted(model, x, y, x, batchSize);
    }

    /** A compiled model's epoch on {@code (x, y)}, predict on {@code xTest} and step on the first batch. */
    private static Model fitted(Sequential model, Tensor x, Tensor y, Tensor xTest, int batchSize) {
        int first = Math.min(batchSize, x.shape()[0]);
        Tensor xBatch = x.slice(0, first);
        Tensor yBatch = y.slice(0, first);
        FitOptions epoch = new FitOptions().epochs(1).batchSize(batchSize).verbose(0);
        return new Model() {
            @Override
            public void trainEpoch() {
                model.fit(x, y, epoch);
            }

            @Override
            public float[] predict() {
                return model.predict(xTest, batchSize, 0).data();
            }

            @Override
            public Runnable trainStep() {
                return () -> model.trainOnBatch(xBatch, yBatch);
            }
        };
    }

    /**
     * The LSTM workload's model, uncompiled, with the initial weights of {@code Keras.setRandomSeed(42)}
     * (raw DL4J starts from them too).
     */
    static Sequential lstmModel() {
        Keras.setRandomSeed(42);
        Sequential model = new Sequential();
        model.add(new Input(SequenceData.STEPS, SequenceData.FEATURES));
        model.add(new LSTM(SequenceData.UNITS));
        model.add(new Dense(1));
        return model;
    }

    private static int[] withBatch(int n, int[] shape) {
        int[] full = new int[shape.length + 1];
        full[0] = n;
        System.arraycopy(shape, 0, full, 1, shape.length);
        return full;
    }

    @Override
    public Runnable matmul(float[] a, float[] b, int n) {
        Tensor ta = Tensor.of(a, n, n);
        Tensor tb = Tensor.of(b, n, n);
        return () -> backend.ops().matmul(ta, tb);
    }

    private static float[] toFloats(int[] labels) {
        float[] out = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = labels[i];
        }
        return out;
    }
}
