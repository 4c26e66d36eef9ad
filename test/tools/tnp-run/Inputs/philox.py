"""Reference Philox4x32-10 and tnp's random number rules (see the
description of tnp.random.uniform / tnp.random.normal), to check tnp-run's
outputs bit for bit.

  philox.py kat                         the Random123 known-answer vectors
  philox.py check FILE KIND DTYPE SEED STREAM A B
                                        FILE holds tnp's numbers for these
                                        parameters (KIND: uniform | normal)
  philox.py stats FILE KIND A B         moments of a large sample
"""
import math
import sys

import numpy as np

M0, M1, W0, W1 = 0xD2511F53, 0xCD9E8D57, 0x9E3779B9, 0xBB67AE85
MASK = 0xFFFFFFFF


def philox(ctr, key):
    c = list(ctr)
    k0, k1 = key
    for r in range(10):
        if r:
            k0, k1 = (k0 + W0) & MASK, (k1 + W1) & MASK
        p0, p1 = M0 * c[0], M1 * c[2]
        c = [(p1 >> 32) ^ c[1] ^ k0, p1 & MASK, (p0 >> 32) ^ c[3] ^ k1,
             p0 & MASK]
    return c


def u53(hi, lo):
    return ((hi << 21) | (lo >> 11)) * 2.0 ** -53


def expected(kind, dtype, n, seed, stream, a, b):
    out = []
    key = (seed & MASK, (seed >> 32) & MASK)
    for i in range(n):
        x = philox((i & MASK, i >> 32, stream & MASK, stream >> 32), key)
        if kind == "normal":
            u1 = 1.0 - u53(x[0], x[1])
            u2 = u53(x[2], x[3])
            z = math.sqrt(-2.0 * math.log(u1)) * math.cos(
                2.0 * 3.14159265358979323846 * u2)
            out.append(a + b * z)
        elif dtype == "float64":
            out.append(a + (b - a) * u53(x[0], x[1]))
        else:
            u = np.float32((x[0] >> 8) * 2.0 ** -24)
            out.append(np.float32(a) + np.float32(b - a) * u)
    return np.array(out, np.float64).astype(dtype)


def main():
    mode = sys.argv[1]
    if mode == "kat":
        # Random123's kat_vectors for philox4x32_10.
        assert philox((0, 0, 0, 0), (0, 0)) == [
            0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8]
        assert philox((MASK,) * 4, (MASK, MASK)) == [
            0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD]
        assert philox((0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344),
                      (0xA4093822, 0x299F31D0)) == [
            0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1]
        print("kat ok")
        return 0
    path, kind = sys.argv[2], sys.argv[3]
    got = np.load(path)
    if mode == "stats":
        a, b = float(sys.argv[4]), float(sys.argv[5])
        x = got.astype(np.float64).ravel()
        n = x.size
        if kind == "uniform":
            mean, var = (a + b) / 2, (b - a) ** 2 / 12
        else:
            mean, var = a, b * b
        # 6 standard errors (the variance of the sample variance uses the
        # distribution's fourth moment: 9/5 var^2 uniform, 3 var^2 normal).
        m4 = (9 / 5 if kind == "uniform" else 3.0) * var * var
        ok_mean = abs(x.mean() - mean) < 6 * math.sqrt(var / n)
        ok_var = abs(x.var() - var) < 6 * math.sqrt((m4 - var * var) / n)
        lo_ok = kind == "normal" or (x.min() >= a and x.max() < b)
        print(f"n={n} mean={x.mean():.5f} var={x.var():.5f}")
        if not (ok_mean and ok_var and lo_ok):
            print("moments out of bounds")
            return 1
        print("stats ok")
        return 0
    dtype, seed, stream = sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
    a, b = float(sys.argv[7]), float(sys.argv[8])
    want = expected(kind, dtype, got.size, seed, stream, a, b).reshape(got.shape)
    if got.dtype != np.dtype(dtype):
        print(f"dtype {got.dtype}, expected {dtype}")
        return 1
    if kind == "uniform":
        ok = np.array_equal(got.view(f"u{got.itemsize}"),
                            want.view(f"u{want.itemsize}"))
    else:
        # log and cos may round differently in Python's libm and in the
        # compiled code: the last float64 bit, then rounding to float32.
        eps = np.finfo(got.dtype).eps
        ok = np.allclose(got, want, rtol=4 * eps, atol=4 * eps)
    if not ok:
        i = np.argmax(got != want)
        print(f"mismatch: got {got.ravel()[i]!r}, want {want.ravel()[i]!r}")
        return 1
    print("bits ok" if kind == "uniform" else "values ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
