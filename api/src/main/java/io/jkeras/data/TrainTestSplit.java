package io.jkeras.data;

import io.jkeras.Tensor;
import java.util.Objects;

/**
 * A data set split in two, as Keras's loaders return {@code (x_train, y_train), (x_test, y_test)}.
 *
 * @param xTrain the training inputs
 * @param yTrain the training targets, one per training input
 * @param xTest the test inputs
 * @param yTest the test targets, one per test input
 */
public record TrainTestSplit(Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest) {

    /** Checks that no part is missing. */
    public TrainTestSplit {
        Objects.requireNonNull(xTrain, "xTrain");
        Objects.requireNonNull(yTrain, "yTrain");
        Objects.requireNonNull(xTest, "xTest");
        Objects.requireNonNull(yTest, "yTest");
    }

    /** The first {@code nTrain} training samples and the first {@code nTest} test samples (at most all of them). */
    public TrainTestSplit head(int nTrain, int nTest) {
        int tr = Math.min(nTrain, xTrain.dim(0));
        int te = Math.min(nTest, xTest.dim(0));
        return new TrainTestSplit(xTrain.slice(0, tr), yTrain.slice(0, tr), xTest.slice(0, te), yTest.slice(0, te));
    }
}
