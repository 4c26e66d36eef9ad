"""NumPy's result of the tutorial's model for tnp's seed-0 weights.

  model_reference.py OUT.npy   compares tnp-run's output of @main with NumPy
                               computing the model in float32 on the weights
                               of tnp.random.normal seed 0, streams 0, 1, 2
                               (test/tools/tnp-run/Inputs/philox.py's rules).
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools", "tnp-run", "Inputs"))
import philox  # noqa: E402


def weights(shape, stream):
    n = int(np.prod(shape))
    return philox.expected("normal", "float64", n, 0, stream, 0.0,
                           1.0).reshape(shape)


def main():
    w1 = weights((32, 64), 0).astype(np.float32) / np.float32(np.sqrt(32))
    b = weights((64,), 1).astype(np.float32)
    w2 = weights((64, 2), 2).astype(np.float32) / 8
    x = np.ones((2, 32), np.float32)
    want = np.maximum(x @ w1 + b, 0) @ w2
    got = np.load(sys.argv[1])
    if got.dtype != np.float32 or got.shape != (2, 2):
        print(f"got {got.dtype} {got.shape}, expected float32 (2, 2)")
        return 1
    if not np.allclose(got, want, rtol=1e-5, atol=1e-6):
        print(f"got {got.tolist()}, NumPy {want.tolist()}")
        return 1
    print("model matches NumPy:", want.tolist())
    return 0


if __name__ == "__main__":
    sys.exit(main())
