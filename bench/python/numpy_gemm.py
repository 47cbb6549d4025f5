"""Times NumPy's float32 matrix product (OpenBLAS) on the shapes jkeras's bench times.

Prints one line per shape, "numpy M N K OP GFLOPS", where GFLOPS is the median over the runs of
2*M*N*K / seconds per product. Run by the bench (``--numpy PYTHON``) or by hand:

    python3 bench/python/numpy_gemm.py [--runs 5] [--shapes 1024x1024x1024:NN,128x512x784:NN]

OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, when set on this machine for old OpenBLAS builds, slow a
current NumPy: the bench unsets both for this process only and the script prints which kernel
OpenBLAS runs (threadpoolctl, when installed).
"""
import argparse
import os
import statistics
import sys
import time

import numpy as np

DEFAULT_SHAPES = "1024x1024x1024:NN,128x512x784:NN,128x256x512:NN,784x512x128:TN"


def operands(m, n, k, op, rng):
    """op(A) is m x k, op(B) is k x n; a 'T' stores that operand transposed, as a view."""
    a = rng.standard_normal((k, m) if op[0] == "T" else (m, k), dtype=np.float32)
    b = rng.standard_normal((n, k) if op[1] == "T" else (k, n), dtype=np.float32)
    return (a.T if op[0] == "T" else a), (b.T if op[1] == "T" else b)


def time_shape(m, n, k, op, runs, rng):
    a, b = operands(m, n, k, op, rng)
    c = np.empty((m, n), dtype=np.float32)
    flops = 2.0 * m * n * k
    # Enough calls per run for about 0.2 s, at least 3.
    np.matmul(a, b, out=c)
    start = time.perf_counter()
    np.matmul(a, b, out=c)
    once = max(time.perf_counter() - start, 1e-6)
    calls = max(3, int(0.2 / once))
    for _ in range(calls):  # warm-up
        np.matmul(a, b, out=c)
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(calls):
            np.matmul(a, b, out=c)
        rates.append(flops * calls / (time.perf_counter() - start) / 1e9)
    return statistics.median(rates)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--shapes", default=DEFAULT_SHAPES)
    args = parser.parse_args()
    try:
        from threadpoolctl import threadpool_info
        for pool in threadpool_info():
            print("# %s %s threads=%s core=%s" % (pool.get("internal_api"), pool.get("version"),
                                                  pool.get("num_threads"), pool.get("architecture")))
    except ImportError:
        print("# threadpoolctl not installed; numpy %s" % np.__version__)
    print("# OPENBLAS_CORETYPE=%s" % os.environ.get("OPENBLAS_CORETYPE", "(unset)"))
    rng = np.random.default_rng(42)
    for spec in args.shapes.split(","):
        dims, op = spec.split(":")
        m, n, k = (int(x) for x in dims.split("x"))
        print("numpy %d %d %d %s %.2f" % (m, n, k, op, time_shape(m, n, k, op, args.runs, rng)))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
