"""Writes the .npy inputs of the tnp-run tests into the directory argv[1]."""
import os
import sys

import numpy as np

d = sys.argv[1]


def save(name, a):
    np.save(os.path.join(d, name), a)


save("x.npy", np.arange(6, dtype=np.float32).reshape(2, 3))
save("w.npy", np.ones((3, 4), dtype=np.float32))
# Fortran order on disk (np.save of an F-contiguous array): read as C order.
save("w_fortran.npy", np.asfortranarray(np.arange(12, dtype=np.float32).reshape(3, 4)))
save("w64.npy", np.ones((3, 4), dtype=np.float64))
save("x_t.npy", np.zeros((3, 2), dtype=np.float32))
save("a.npy", np.array([True, False, True]))
save("b.npy", np.array([True, True, False]))
save("d.npy", np.arange(10, dtype=np.int32).reshape(5, 2))
save("f3.npy", np.array([1.5, -2.0, 3.0], dtype=np.float32))
with open(os.path.join(d, "bad.npy"), "wb") as f:
    f.write(b"not an npy file")
with open(os.path.join(d, "truncated.npy"), "wb") as f:
    with open(os.path.join(d, "w.npy"), "rb") as g:
        f.write(g.read()[:-8])
