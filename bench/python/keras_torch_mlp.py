"""Times Python Keras 3 on PyTorch (CPU) on the bench's MLP workload, for comparison with jkeras.

The same model and data as ``java -jar bench/target/jkeras-bench.jar --workloads mlp,predict``:
784-512-256-10 (ReLU, ReLU, softmax), Adam(1e-3), sparse categorical crossentropy, batch 128,
one epoch of the 60000 Fashion-MNIST training images (shuffled, as Keras's fit does), then the
class probabilities of the 10000 test images. Each timed epoch trains a fresh model after one
warm-up epoch; the medians are printed, with the test accuracy.

    KERAS_BACKEND=torch python3 bench/python/keras_torch_mlp.py [--runs 3] [--predict-runs 5]

Needs keras and torch (CPU), installed offline as DEVELOPERS.md says; they are for this
benchmark only. The data comes from Debian's dataset-fashion-mnist package.
"""
import argparse
import gzip
import os
import statistics
import time

os.environ.setdefault("KERAS_BACKEND", "torch")

import numpy as np  # noqa: E402
import keras  # noqa: E402
import torch  # noqa: E402

DATA = "/usr/share/datasets/fashion-mnist"


def idx(name, offset):
    with gzip.open(os.path.join(DATA, name)) as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def model():
    keras.utils.set_random_seed(42)
    m = keras.Sequential([
        keras.Input((784,)),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    m.compile(keras.optimizers.Adam(1e-3), "sparse_categorical_crossentropy")
    return m


def arguments(doc):
    """The options both scripts take: --runs, --predict-runs, --batch-size."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--predict-runs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=128)
    return parser


def main():
    args = arguments(__doc__).parse_args()
    x_train = idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float32) / 255
    y_train = idx("train-labels-idx1-ubyte.gz", 8).astype(np.int64)
    x_test = idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float32) / 255
    y_test = idx("t10k-labels-idx1-ubyte.gz", 8).astype(np.int64)
    print(versions())
    timed(model, x_train, y_train, x_test, y_test, args, "")


def timed(make, x_train, y_train, x_test, y_test, args, prefix):
    """Prints the median epoch of args.runs fresh models from make() (after a warm-up epoch), the
    median predict time of the test images and the last model's test accuracy."""
    make().fit(x_train, y_train, batch_size=args.batch_size, epochs=1, verbose=0)  # warm-up
    epochs = []
    m = None
    for _ in range(args.runs):
        m = make()
        start = time.perf_counter()
        m.fit(x_train, y_train, batch_size=args.batch_size, epochs=1, verbose=0)
        epochs.append(time.perf_counter() - start)
    m.predict(x_test, batch_size=args.batch_size, verbose=0)  # warm-up
    predicts = []
    for _ in range(args.predict_runs):
        start = time.perf_counter()
        p = m.predict(x_test, batch_size=args.batch_size, verbose=0)
        predicts.append(time.perf_counter() - start)
    accuracy = float(np.mean(np.argmax(p, axis=1) == y_test)) * 100
    print("keras-torch %sepoch_s %.3f (runs: %s)" % (prefix, statistics.median(epochs),
                                                   " ".join("%.3f" % e for e in epochs)))
    print("keras-torch %spredict_ms %.1f (runs: %s)" % (prefix, statistics.median(predicts) * 1e3,
                                                       " ".join("%.1f" % (t * 1e3) for t in predicts)))
    print("keras-torch %saccuracy_pct %.1f" % (prefix, accuracy))


def versions():
    """The line naming the versions, printed first by both scripts."""
    return "# keras %s, torch %s, %d torch threads, numpy %s" % (keras.__version__, torch.__version__,
                                                              torch.get_num_threads(), np.__version__)

if __name__ == "__main__":
    main()
