"""The driver shared by the tnp-run tests' input scripts (dynamic_shapes.py,
dynamic_shape_ops.py, dynamic_fusion.py):

  SCRIPT inputs DIR   writes each of INPUTS as DIR/NAME.npy
  SCRIPT check DIR    compares each DIR/NAME.npy that tnp-run wrote with
                      EXPECTED[NAME] (NumPy's): dtype, shape, and values
                      within rtol/atol (NaNs equal)

and prints 'N results match NumPy', or one MISMATCH line per difference
(exit status 1).
"""
import os
import sys

import numpy as np


def main(inputs, expected, rtol=1e-6, atol=0.0, argv=None):
    mode, out = (argv or sys.argv)[1:3]
    if mode == "inputs":
        for name, value in inputs.items():
            np.save(os.path.join(out, name + ".npy"), value)
        return 0
    bad = 0
    for name, want in expected.items():
        got = np.load(os.path.join(out, name + ".npy"))
        if got.dtype != want.dtype or got.shape != want.shape or \
                not np.allclose(got, want, rtol=rtol, atol=atol,
                                equal_nan=True):
            print(f"MISMATCH {name}: got {got.dtype}{got.shape} {got!r}, "
                  f"want {want.dtype}{want.shape} {want!r}")
            bad += 1
    if bad:
        return 1
    print(f"{len(expected)} results match NumPy")
    return 0
