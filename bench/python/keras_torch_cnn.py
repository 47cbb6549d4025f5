"""Times Python Keras 3 on PyTorch (CPU) on the bench's CNN workload, for comparison with jkeras.

The same model and data as ``java -jar bench/target/jkeras-bench.jar --workloads cnn,cnn-predict``:
Keras's "Simple MNIST convnet" (Conv2D 32 3x3 relu, MaxPooling2D 2, Conv2D 64 3x3 relu,
MaxPooling2D 2, Flatten, Dropout 0.5, Dense 10 softmax), Adam(1e-3), sparse categorical
crossentropy, batch 128, one epoch of the 60000 Fashion-MNIST training images (28x28x1), then
the class probabilities of the 10000 test images, timed as keras_torch_mlp.py times the MLP.
With ``--epochs 5`` it instead trains one model for five epochs and prints the test accuracy
after each (the figure docs/samples.md quotes for the mnist-cnn sample).

    KERAS_BACKEND=torch python3 bench/python/keras_torch_cnn.py [--runs 3] [--predict-runs 5] [--epochs 1]
        [--train-samples 60000] [--test-samples 10000]
"""
import os
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "torch")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras_torch_mlp import arguments, idx, timed, versions  # noqa: E402


def model():
    keras.utils.set_random_seed(42)
    m = keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        keras.layers.MaxPooling2D(pool_size=(2, 2)),
        keras.layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
        keras.layers.MaxPooling2D(pool_size=(2, 2)),
        keras.layers.Flatten(),
        keras.layers.Dropout(0.5),
        keras.layers.Dense(10, activation="softmax"),
    ])
    m.compile(keras.optimizers.Adam(1e-3), "sparse_categorical_crossentropy", metrics=["accuracy"])
    return m


def main():
    parser = arguments(__doc__)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--train-samples", type=int, default=60000)
    parser.add_argument("--test-samples", type=int, default=10000)
    args = parser.parse_args()
    x_train = idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28, 1).astype(np.float32) / 255
    y_train = idx("train-labels-idx1-ubyte.gz", 8).astype(np.int64)
    x_test = idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28, 1).astype(np.float32) / 255
    y_test = idx("t10k-labels-idx1-ubyte.gz", 8).astype(np.int64)
    x_train, y_train = x_train[:args.train_samples], y_train[:args.train_samples]
    x_test, y_test = x_test[:args.test_samples], y_test[:args.test_samples]
    print(versions())
    print("# %d training and %d test images" % (len(y_train), len(y_test)))
    if args.epochs == 1:
        timed(model, x_train, y_train, x_test, y_test, args, "cnn_")
        return
    m = model()
    for epoch in range(args.epochs):
        start = time.perf_counter()
        m.fit(x_train, y_train, batch_size=args.batch_size, epochs=1, verbose=0)
        seconds = time.perf_counter() - start
        _, accuracy = m.evaluate(x_test, y_test, batch_size=args.batch_size, verbose=0)
        print("keras-torch epoch %d: %.1f s, test accuracy %.2f %%" % (epoch + 1, seconds, accuracy * 100))


if __name__ == "__main__":
    main()
