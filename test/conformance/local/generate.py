#!/usr/bin/python3
# ===- generate.py - tnp's own conformance cases --------------------------===#
#
# Writes random.json and indexing.json beside this script, in the format of
# the shared case files, with expectations computed by NumPy (1.24) here:
#   /usr/bin/python3 test/conformance/local/generate.py
# Random cases cannot expect NumPy's values (tnp's generator is Philox with
# seed 0 and one stream per call, NumPy's a global Mersenne Twister): they
# expect the dtype and shape, or a boolean statistic that holds for any good
# generator with overwhelming probability (and for tnp's fixed bits always).
# ===----------------------------------------------------------------------===#

import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def encode(a):
    a = np.asarray(a)
    if a.dtype.kind == "b":
        return [bool(v) for v in a.ravel()]
    if a.dtype.kind in "iu":
        return [int(v) for v in a.ravel()]
    if a.dtype.kind == "c":
        return [[float(v.real), float(v.imag)] for v in a.ravel()]
    return [float(v) for v in a.ravel()]


def case(cid, program, inputs, expected=None, error=None, values=True):
    c = {"id": cid, "category": "tnp", "program": program,
         "inputs": [{"name": n, "dtype": str(np.asarray(a).dtype),
                     "shape": list(np.shape(a)), "values": encode(a)}
                    for n, a in inputs]}
    if error:
        c["expected_error"] = error
        return c
    r = np.asarray(expected)
    c["expected"] = {"shape": list(r.shape), "dtype": str(r.dtype)}
    if values:
        c["expected"]["values"] = encode(r)
        c["expected"]["tolerance"] = {"rtol": 0.0, "atol": 0.0}
    return c


def random_cases():
    f64 = np.zeros
    out = [
        case("random-randn-shape", "np.random.randn(2, 3)", [], f64((2, 3)),
             values=False),
        case("random-randn-0d", "np.random.randn()", [], f64(()), values=False),
        case("random-randn-empty", "np.random.randn(0, 4)", [], f64((0, 4)),
             values=False),
        case("random-uniform-shape", "np.random.uniform(-1, 1, size=(4,))", [],
             f64((4,)), values=False),
        case("random-normal-size-int", "np.random.normal(size=5)", [],
             f64((5,)), values=False),
        case("random-promote", "np.random.randn(3) + x",
             [("x", np.ones(3, np.float32))], f64((3,)), values=False),
        case("random-uniform-range",
             "np.all((np.random.uniform(2.0, 3.0, size=(10000,)) >= 2.0) & "
             "(np.random.uniform(2.0, 3.0, size=(10000,)) < 3.0))", [],
             np.bool_(True)),
        case("random-uniform-mean",
             "np.abs(np.mean(np.random.uniform(size=(100000,))) - 0.5) < 0.01",
             [], np.bool_(True)),
        case("random-normal-moments",
             "(np.abs(np.random.normal(5.0, 2.0, size=(100000,)).mean() - 5.0)"
             " < 0.05) & (np.abs(np.mean((np.random.normal(5.0, 2.0, "
             "size=(100000,)) - 5.0) ** 2) - 4.0) < 0.2)", [], np.bool_(True)),
        case("random-calls-differ",
             "np.all(np.random.randn(8) != np.random.randn(8))", [],
             np.bool_(True)),
        case("random-negative-scale", "np.random.normal(0.0, -1.0, size=3)", [],
             error="value"),
        case("random-negative-size", "np.random.randn(-1)", [], error="value"),
    ]
    return out


def indexing_cases():
    x = np.arange(12, dtype=np.int32).reshape(3, 4)
    y = (np.arange(24, dtype=np.float32) * 0.5).reshape(2, 3, 4)
    m3 = np.array([True, False, True])
    m4 = np.array([False, True, False, True])
    progs = [
        ("two-masks", "x[m3, m4]"),
        ("mask-int-array", "x[m3, [3, -4]]"),
        ("mask-int", "x[m3, 2]"),
        ("int-mask", "x[1, m4]"),
        ("array-slice-mask", "y[[1], :, m4]"),
        ("mask2d-array", "y[np.reshape(np.arange(6) % 2 == 0, (2, 3)), [0]]"),
        ("zero-d-mask-array", "x[True, [1, 2]]"),
        ("array-zero-d-mask", "x[[2, 0], True]"),
        ("empty-list", "x[[]]"),
        ("empty-lists", "x[[], []]"),
        ("empty-list-slice", "x[:, []]"),
        ("nested-empty-list", "x[[[]]]"),
        ("newaxis-array", "x[None, [1, 0]]"),
        ("array-newaxis", "x[[1, 0], None]"),
        ("newaxis-separated", "x[None, [1, 2], None, [0]]"),
        ("ellipsis-mask-newaxis", "y[..., m4, None]"),
        ("data-masks", "x[x[:, 0] > 3, x[0] % 2 == 1]"),
    ]
    env = {"x": x, "y": y, "m3": m3, "m4": m4, "np": np}
    out = []
    for cid, p in progs:
        names = [n for n in ("x", "y", "m3", "m4") if n in p.replace("np.", "")]
        out.append(case(f"index-{cid}", p, [(n, env[n]) for n in names],
                        eval(p, env)))  # noqa: S307
    for cid, p, kind in (
            ("masks-no-broadcast", "x[m3, m3]", "index"),
            ("mask-wrong-length", "x[m4, [0]]", "index"),
            ("newaxis-mask-wrong-length", "x[None, m4]", "index"),
            ("data-masks-no-broadcast", "x[x[:, 0] > 3, x[0] > 0]", "index"),
            ("array-out-of-range", "x[None, :, [4]]", "index")):
        names = [n for n in ("x", "m3", "m4") if n in p]
        out.append(case(f"index-error-{cid}", p, [(n, env[n]) for n in names],
                        error=kind))
    return out


def main():
    for name, cases in (("random.json", random_cases()),
                        ("indexing.json", indexing_cases())):
        doc = {"numpy_used_for_reference": np.__version__,
               "generator": "test/conformance/local/generate.py",
               "cases": cases}
        with open(os.path.join(HERE, name), "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
