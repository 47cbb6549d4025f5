"""Times Python Keras 3 on PyTorch (CPU) on the bench's LSTM workload, for comparison with jkeras.

The same model and data as ``java -jar bench/target/jkeras-bench.jar --workloads lstm``:
LSTM(128) over 64 steps of 8 features, then Dense(1), Adam(1e-3), mean squared error, batch 128,
one epoch of 20000 sequences (shuffled, as Keras's fit does), then predict over them. The data is
the formula of ``io.jkeras.bench.SequenceData`` (x[i, t, f] = sin(0.01 (7i + 3t + 11f + 1)(f + 1)),
y[i] the mean over t of x[i, t, 0] x[i, t, 1]), so the values are the bench's. Each timed epoch
trains a fresh model after one warm-up epoch; the medians are printed, with the error after the epoch.

    KERAS_BACKEND=torch python3 bench/python/keras_torch_lstm.py [--runs 1] [--samples 20000]

Needs keras and torch (CPU), installed offline as DEVELOPERS.md says; they are for this
benchmark only.
"""
import argparse
import os
import statistics
import time

os.environ.setdefault("KERAS_BACKEND", "torch")

import numpy as np  # noqa: E402
import keras  # noqa: E402
import torch  # noqa: E402

STEPS, FEATURES, UNITS = 64, 8, 128


def data(n):
    i = np.arange(n, dtype=np.float64)[:, None, None]
    t = np.arange(STEPS, dtype=np.float64)[None, :, None]
    f = np.arange(FEATURES, dtype=np.float64)[None, None, :]
    x = np.sin(0.01 * (7 * i + 3 * t + 11 * f + 1) * (f + 1)).astype(np.float32)
    y = np.mean(x[:, :, 0].astype(np.float64) * x[:, :, 1], axis=1).astype(np.float32)[:, None]
    return x, y


def model():
    keras.utils.set_random_seed(42)
    m = keras.Sequential([
        keras.Input((STEPS, FEATURES)),
        keras.layers.LSTM(UNITS),
        keras.layers.Dense(1),
    ])
    m.compile(keras.optimizers.Adam(1e-3), "mean_squared_error")
    return m


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--samples", type=int, default=20000)
    parser.add_argument("--batch-size", type=int, default=128)
    args = parser.parse_args()
    x, y = data(args.samples)
    print("# keras %s, torch %s, %d torch threads" % (keras.__version__, torch.__version__, torch.get_num_threads()))
    model().fit(x, y, batch_size=args.batch_size, epochs=1, verbose=0)  # warm-up
    epochs = []
    m = None
    for _ in range(args.runs):
        m = model()
        start = time.perf_counter()
        m.fit(x, y, batch_size=args.batch_size, epochs=1, verbose=0)
        epochs.append(time.perf_counter() - start)
    predicts = []
    for _ in range(args.runs):
        start = time.perf_counter()
        p = m.predict(x, batch_size=args.batch_size, verbose=0)
        predicts.append(time.perf_counter() - start)
    mse = float(np.mean((p.astype(np.float64) - y) ** 2))
    print("keras-torch lstm_epoch_s %.2f (runs: %s)" % (statistics.median(epochs), " ".join("%.2f" % e for e in epochs)))
    print("keras-torch lstm_predict_s %.2f (runs: %s)" % (statistics.median(predicts),
                                                          " ".join("%.2f" % t for t in predicts)))
    print("keras-torch lstm_mse_e-3 %.3f" % (mse * 1e3))


if __name__ == "__main__":
    main()
