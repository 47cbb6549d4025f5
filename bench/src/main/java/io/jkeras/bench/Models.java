package io.jkeras.bench;

import io.jkeras.Keras;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.Input;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.models.Sequential;

/**
 * The workloads' jkeras models, built in one place for the facade engines and for the twin whose
 * initial weights raw DL4J copies.
 */
final class Models {
    /** The seed every model's weights are drawn with. */
    static final long SEED = 42;
    /** Image side and channels of the CNN's input. */
    static final int SIDE = 28;

    private Models() {
    }

    /** 784-512-256-10, ReLU, ReLU, softmax; weights drawn from {@link #SEED}. */
    static Sequential mlp() {
        Keras.setRandomSeed(SEED);
        Sequential model = new Sequential();
        model.add(new Input(MnistData.FEATURES));
        model.add(new Dense(512, "relu"));
        model.add(new Dense(256, "relu"));
        model.add(new Dense(MnistData.CLASSES, "softmax"));
        return model;
    }

    /**
     * Keras's "Simple MNIST convnet": Conv2D(32, 3x3, relu), MaxPooling2D(2), Conv2D(64, 3x3, relu),
     * MaxPooling2D(2), Flatten, Dropout(0.5), Dense(10, softmax) on {@code (28, 28, 1)} images;
     * weights drawn from {@link #SEED}.
     */
    static Sequential cnn() {
        Keras.setRandomSeed(SEED);
        Sequential model = new Sequential();
        model.add(new Input(SIDE, SIDE, 1));
        model.add(new Conv2D(32, 3, "relu"));
        model.add(new MaxPooling2D(2));
        model.add(new Conv2D(64, 3, "relu"));
        model.add(new MaxPooling2D(2));
        model.add(new Flatten());
        model.add(new Dropout(0.5f));
        model.add(new Dense(MnistData.CLASSES, "softmax"));
        return model;
    }
}
