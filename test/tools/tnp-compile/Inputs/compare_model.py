"""Compares the AOT example's result (OUT.npy) with NumPy computing the
tutorial's model in float32 on the same float64 raw weights:

  compare_model.py OUT.npy W1.npy B.npy W2.npy
"""
import sys

import numpy as np


def main():
    got = np.load(sys.argv[1])
    w1, b, w2 = (np.load(p) for p in sys.argv[2:5])
    w1 = w1.astype(np.float32) / np.float32(np.sqrt(32))
    w2 = w2.astype(np.float32) / 8
    x = np.ones((2, 32), np.float32)
    want = np.maximum(x @ w1 + b.astype(np.float32), 0) @ w2
    if got.dtype != np.float32 or got.shape != (2, 2):
        print(f"got {got.dtype} {got.shape}, expected float32 (2, 2)")
        return 1
    if not np.allclose(got, want, rtol=1e-5, atol=1e-6):
        print(f"got {got.tolist()}, NumPy {want.tolist()}")
        return 1
    print("AOT model matches NumPy:", want.tolist())
    return 0


if __name__ == "__main__":
    sys.exit(main())
