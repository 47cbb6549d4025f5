package io.jkeras.bench;

/**
 * One way of running the workloads: a jkeras backend through the facade, or raw DL4J. Each
 * method builds its model (untimed) and returns the action the benchmark times.
 */
public interface Engine {

    /** The column name in the table. */
    String name();

    /**
     * A 1-10-1 ReLU regression network trained with SGD (learning rate 0.01) on mean squared
     * error; the returned action is one full-batch training step on {@code (x, y)}.
     */
    Runnable regressionStep(float[] x, float[] y);

    /**
     * A fresh 784-512-256-10 ReLU/softmax network (Adam 1e-3, crossentropy), seeded identically on
     * every call, over {@code data}.
     */
    Model mlp(MnistData data, int batchSize);

    /**
     * A fresh copy of Keras's simple MNIST convnet ({@link Models#cnn()}: two 3×3 convolutions with
     * 2×2 max pooling, dropout 0.5, softmax; Adam 1e-3, crossentropy), seeded identically on every
     * call, over {@code data}'s images as {@code (28, 28, 1)}.
     */
    Model cnn(MnistData data, int batchSize);

    /** The action computing {@code A·B} of two square {@code n×n} matrices through the engine's API. */
    Runnable matmul(float[] a, float[] b, int n);

    /**
     * A fresh {@code LSTM(128)} over {@link SequenceData#STEPS} steps of {@link SequenceData#FEATURES}
     * features, then {@code Dense(1)} (Adam 1e-3, mean squared error), seeded identically on every
     * call, over {@code data}; its {@link Model#predict} gives one value per sequence.
     */
    Model lstm(SequenceData data, int batchSize);

    /** A built model (the MLP, the CNN or the LSTM) and its data in the engine's format. */
    interface Model {
        /** One epoch over the training data, shuffled, in batches. */
        void trainEpoch();

        /** The class probabilities of every test image, {@code nTest × 10}, row-major. */
        float[] predict();

        /** The action of one training step on the first training batch, always the same one. */
        Runnable trainStep();
    }
}
