"""bfloat16 .npy files without ml_dtypes: 2-byte void holding the high half
of float32 (round to nearest even), as np.save writes ml_dtypes.bfloat16.

  bf16.py write FILE VALUE...   writes the values as bfloat16
  bf16.py check FILE VALUE...   checks FILE holds the values rounded to
                                bfloat16 (bit-exact, signed zeros too)
"""
import sys

import numpy as np


def to_bf16_bits(values):
    f = np.asarray(values, np.float32).view(np.uint32).astype(np.uint64)
    rounded = (f + 0x7FFF + ((f >> 16) & 1)) >> 16
    return rounded.astype(np.uint16)


def main():
    mode, path = sys.argv[1], sys.argv[2]
    values = [float(v) for v in sys.argv[3:]]
    want = to_bf16_bits(values)
    if mode == "write":
        np.save(path, want.view("V2"))
        return 0
    got = np.load(path)
    if got.dtype != np.dtype("V2"):
        print(f"dtype {got.dtype}, expected 2-byte void")
        return 1
    bits = got.view("<u2")
    if not np.array_equal(bits, want):
        print(f"bits {bits!r}, expected {want!r}")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
