"""The driver shared by the tnp-run tests' input scripts (dynamic_shapes.py,
dynamic_shape_ops.py, dynamic_fusion.py), and batch(), the one-call driver
of mask_chunks.py and fused_rows.py:

  SCRIPT inputs DIR   writes each of INPUTS as DIR/NAME.npy
  SCRIPT check DIR    compares each DIR/NAME.npy that tnp-run wrote with
                      EXPECTED[NAME] (NumPy's): dtype, shape, and values
                      within rtol/atol (NaNs equal)

and prints 'N results match NumPy', or one MISMATCH line per difference
(exit status 1).
"""
import os
import subprocess
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


def batch(tnp_run, module, out, name, inputs, runs, expected, errors,
          close=None):
    """Writes `inputs` to OUT, runs every call of `runs` (output, function,
    input names) and `errors` (function, input names, error kind) in one
    `TNP_RUN MODULE --batch` with --check-leaks, and compares results with
    `expected` (dtype, shape, and values: exactly, or with `close(got,
    want)`) and errors with their kind; prints one FAIL line per difference
    and 'NAME: N passed, N failed'. Returns the exit status."""
    for key, value in inputs.items():
        np.save(os.path.join(out, key + ".npy"), value)
    calls = [(f"{o}.npy", f, names, None) for o, f, names in runs]
    calls += [(f"error{k}.npy", f, names, kind)
              for k, (f, names, kind) in enumerate(errors)]
    path = os.path.join(out, "calls.batch")
    with open(path, "w") as f:
        for res, func, names, _ in calls:
            ins = " ".join(os.path.join(out, n + ".npy") for n in names)
            f.write(f"{func} {ins} -> {os.path.join(out, res)}\n")
    p = subprocess.run([tnp_run, module, "--batch", path, "--check-leaks"],
                       capture_output=True, text=True, timeout=1200)
    statuses = [l for l in p.stdout.splitlines()
                if l.startswith("ok @") or l.startswith("error @")]
    messages = [l for l in p.stderr.splitlines() if l.startswith("tnp-run: @")]
    passed = failed = 0
    for k, (res, func, names, kind) in enumerate(calls):
        what = f"{func}({', '.join(names)})"
        st = statuses[k] if k < len(statuses) else "missing"
        if kind:
            msgs = [e for e in messages if e.startswith(f"tnp-run: @{func}: {kind}")]
            ok = st.startswith("error @") and bool(msgs)
            why = f"expected a {kind}, got {st}"
        elif not st.startswith("ok @"):
            ok, why = False, st
        else:
            got = np.load(os.path.join(out, res))
            want = expected[res[:-4]]
            ok = got.dtype == want.dtype and got.shape == want.shape and \
                (close(got, want) if close else np.array_equal(got, want))
            why = f"got {got.dtype}{got.shape}, NumPy {want.dtype}{want.shape}"
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {what}: {why}")
    if p.returncode not in (0, 1):
        print(f"FAIL tnp-run exited with {p.returncode}: {p.stderr[-500:]}")
        failed += 1
    print(f"{name}: {passed} passed, {failed} failed")
    return 1 if failed else 0
