#!/usr/bin/env python3
"""End-to-end numeric tests of tnp against NumPy 1.24.

For a table of ops x dtypes x shape classes this driver
  1. writes each case as a conformance-style case (program + typed inputs) and
     translates all of them with `tnp-case translate` (the case translator
     builds correct tnp functions, result types included);
  2. packs the functions into a few modules (one function per program and
     input signature; several data sets may share a function) and runs each
     module with ONE `tnp-run --batch` call, so that the JIT compiles a module
     once (compile time is the cost of this test);
  3. writes the inputs as .npy from seeded random data and compares every
     result with NumPy's own result on the same inputs: exactly for bool and
     integers, with per-dtype tolerances for floats (scaled by sqrt(n) for
     reductions and contractions), NaN and +-inf positions must match. The
     dtype and shape must be NumPy's too. tnp-run runs with --check-leaks,
     so a call that leaves runtime allocator blocks live fails.

Shape classes: ordinary (2-D/3-D), 0-d, empty, size-1 broadcasting
((3,1) with (1,4)), >= 1M elements, and Fortran-ordered inputs (np.save of an
F-contiguous array writes fortran_order=True; the runtime's reader transposes
it into C order, so no np.ascontiguousarray is needed). The complex functions
NumPy takes from the C library (sin, cos, sinh, cosh, arcsin, arccos, arctan,
power) also run on a grid of special values and branch-cut points (.grid);
for the unary ones the signs of zero results are compared too.

Where tnp's documented rule differs from NumPy's behaviour the expectation is
tnp's rule, computed here (float -> int astype of NaN / out-of-range values
saturates, TNPOps.td). Cases that fail because of a known compiler bug are
listed in XFAIL with a reason each; the summary prints them. An expected
failure that passes is reported as XPASS and counts as a failure, so the list
stays honest.

Usage: e2e.py [--work-dir DIR] [--bin-dir DIR | --run-tool T --case-tool T]
              [--jobs N] [-O LEVEL] [--module-size N] [--filter SUBSTRING]
              [--verbose]
Output: one line per failure, then 'e2e: N passed, N failed' (and the
expected failures); exit status 1 on any failure.
"""

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import warnings

import numpy as np

# NumPy's own warnings (casting complex to real, division by zero, mean of
# an empty slice) are expected here: the results are what is compared.
warnings.filterwarnings("ignore")

HERE = os.path.dirname(os.path.abspath(__file__))
SRC_ROOT = os.path.dirname(os.path.dirname(HERE))

ALL_DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16",
              "uint32", "uint64", "float16", "float32", "float64",
              "complex64", "complex128"]
INTS = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
        "uint64"]
FLOATS = ["float16", "float32", "float64"]
COMPLEXES = ["complex64", "complex128"]
# The dtypes of the structural shape classes (0-d, empty, broadcasting):
# one of each kind and width class.
SUBSET = ["bool", "uint8", "int64", "float16", "float32", "complex64"]

# Expected failures: case-id regex -> reason (a compiler bug, with the issue
# it belongs to). Filled in from the runs; each one is printed.
XFAIL = {}

#===----------------------------------------------------------------------===#
# Data
#===----------------------------------------------------------------------===#


def _float_base(dtype):
    return np.float32 if dtype == "complex64" else np.float64


def round_bf16(a):
    """float32 values rounded to the nearest bfloat16 (ties to even), as
    float32 (NaN stays NaN)."""
    a = np.asarray(a, np.float32)
    bits = a.view(np.uint32).astype(np.uint64)
    r = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16) << 16
    out = r.astype(np.uint32).view(np.float32)
    return np.where(np.isnan(a), np.float32(np.nan), out).astype(np.float32)


def bf16_npy(a):
    """A float32 array of bfloat16 values as tnp's .npy form of bfloat16
    (2-byte void, as np.save writes ml_dtypes.bfloat16)."""
    a = np.ascontiguousarray(np.asarray(a, np.float32))
    return (a.view(np.uint32) >> 16).astype(np.uint16).view("V2")


def gen(rng, dtype, shape, kind="any"):
    """Seeded random data of `dtype`; `kind` picks the value range.
    bfloat16 data is float32 holding bfloat16 values (NumPy has no
    bfloat16); the case saves it in tnp's bfloat16 form."""
    if dtype == "bfloat16":
        return round_bf16(gen(rng, "float32", shape, kind))
    shape = tuple(shape)
    dt = np.dtype(dtype)
    if dt == np.bool_:
        return rng.random(shape) < 0.5
    if dt.kind in "iu":
        info = np.iinfo(dt)
        lo, hi = {
            "full": (info.min, info.max),
            "small": (-5, 5),
            "exponent": (0, 6),
            "positive": (1, 100),
            "any": (-100, 100),
        }[kind]
        lo, hi = max(lo, info.min), min(hi, info.max)
        return rng.integers(lo, hi, size=shape, endpoint=True, dtype=dt)
    if dt.kind == "f":
        if kind == "positive":
            x = rng.uniform(0.1, 10.0, shape)
        elif kind == "exponent":
            x = rng.uniform(0.0, 3.0, shape)
        elif kind == "small":
            x = rng.integers(-4, 4, size=shape, endpoint=True) / 2.0
        elif kind == "unit":
            x = rng.uniform(0.5, 1.5, shape)
        elif kind == "trig":
            x = rng.uniform(-1.0, 1.0, shape)  # arcsin/arccos's domain
        elif kind == "tiny":
            # |x| from just above the smallest normal up to 0.1, both signs.
            lo = {"float16": -4.0, "float32": -37.0}.get(dtype, -307.0)
            x = np.sign(rng.standard_normal(shape)) * 10.0 ** rng.uniform(
                lo, -1.0, shape)
        else:
            x = rng.standard_normal(shape) * 3.0
        return x.astype(dt)
    # complex
    part = {"complex64": "float32", "complex128": "float64"}[dtype]
    pk = "unit" if kind == "unit" else ("small" if kind == "small" else "any")
    re_ = gen(rng, part, shape, pk).astype(np.float64)
    im_ = gen(rng, part, shape, pk).astype(np.float64)
    if kind == "unit":
        im_ = im_ - 1.0  # |z| near 1
    return (re_ + 1j * im_).astype(dt)


SPECIALS = [np.nan, np.inf, -np.inf, 0.0, -0.0]


def with_specials(a):
    """A copy of a float/complex array with NaN, +-inf and +-0 at the front."""
    a = np.array(a, copy=True)
    if a.dtype.kind not in "fc" or a.size == 0:
        return a
    flat = a.reshape(-1)
    for i, v in enumerate(SPECIALS[: flat.size]):
        flat[i] = v
    if a.dtype.kind == "c" and flat.size > 6:
        flat[5] = complex(1.0, np.nan)
        flat[6] = complex(np.inf, 1.0)
    return a


#===----------------------------------------------------------------------===#
# Cases
#===----------------------------------------------------------------------===#


class DataSet:
    """Inputs for one call of a case's function, and what to expect."""

    def __init__(self, tag, arrays, expected=None, expect_error=None):
        self.tag = tag
        self.arrays = arrays          # one np.ndarray per input
        self.expected = expected      # None: NumPy's result on `arrays`
        self.expect_error = expect_error
        self.fortran = [False] * len(arrays)


class Case:
    """One program over inputs of fixed dtypes and shapes: one function."""

    def __init__(self, cid, program, inputs, datasets, tol=None,
                 reduce_count=1, expect_translate_error=None, ref=None,
                 signed_zeros=False):
        self.id = cid
        self.program = program
        self.inputs = inputs              # [(name, dtype, shape)]
        self.datasets = datasets
        self.tol = tol or {}
        # Number of terms each result element sums (tolerance ~ sqrt(n)).
        self.reduce_count = reduce_count
        self.expect_translate_error = expect_translate_error
        self.ref = ref
        # Where NumPy's result part is +-0, tnp's must be the same zero.
        self.signed_zeros = signed_zeros
        self.func = None                  # function name in its module
        self.module_path = None           # a module file run as written
        self.file_func = None             # ... and the function in it
        self.ir = None                    # the function's text
        self.translate_error = None

    def reference(self, arrays):
        if self.ref is not None:
            return self.ref(*arrays)
        env = {name: a for (name, _, _), a in zip(self.inputs, arrays)}
        with np.errstate(all="ignore"):
            r = eval(self.program, {"np": np}, env)  # noqa: S307
        # bfloat16 operations compute in float32 and round (ml_dtypes).
        if any(d == "bfloat16" for _, d, _ in self.inputs) and \
                np.asarray(r).dtype == np.float32:
            return round_bf16(r)
        return r


CASES = []
_rng = np.random.default_rng(20240607)


def add_case(cid, program, inputs, kinds=None, specials=False, fortran=False, **kw):
    """Adds a case with seeded data. `kinds` gives the value range of each
    input; `specials` adds a data set with NaN/inf/0 (float/complex inputs);
    `fortran` saves the first input Fortran-ordered."""
    kinds = kinds or ["any"] * len(inputs)
    arrays = [gen(_rng, d, s, k) for (_, d, s), k in zip(inputs, kinds)]
    ds = [DataSet("data", arrays)]
    if fortran:
        ds[0].fortran[0] = True
    if specials and any(d == "bfloat16" or np.dtype(d).kind in "fc"
                        for _, d, _ in inputs):
        ds.append(DataSet("specials", [with_specials(a) for a in arrays]))
    case = Case(cid, program, inputs, ds, **kw)
    CASES.append(case)
    return case


def numpy_accepts(program, inputs):
    """Whether NumPy has a loop for `program` on these dtypes (probe on
    tiny data)."""
    env = {n: np.zeros(s, dtype=d) for n, d, s in inputs}
    try:
        with np.errstate(all="ignore"):
            eval(program, {"np": np}, env)  # noqa: S307
        return True
    except Exception:  # noqa: BLE001 - no loop, bad axis, ...
        return False


BINARY = ["add", "subtract", "multiply", "true_divide", "floor_divide", "mod",
          "power", "maximum", "minimum", "equal", "not_equal", "less",
          "less_equal", "greater", "greater_equal", "logical_and",
          "logical_or", "logical_xor", "bitwise_and", "bitwise_or",
          "bitwise_xor", "arctan2"]
UNARY = ["negative", "positive", "abs", "sign", "square", "reciprocal",
         "sqrt", "exp", "log", "log1p", "expm1", "sin", "cos", "tan",
         "arcsin", "arccos", "arctan", "sinh", "cosh",
         "tanh", "floor", "ceil", "round", "isnan", "isinf", "isfinite",
         "logical_not", "invert"]


def binary_kinds(op, dtype):
    kind = np.dtype(dtype).kind
    if op in ("add", "subtract", "multiply", "bitwise_and", "bitwise_or",
              "bitwise_xor"):
        return ["full", "full"] if kind in "iu" else ["any", "any"]
    if op == "power":
        if kind in "iu":
            return ["small", "exponent"]
        if kind == "c":
            return ["unit", "small"]
        return ["positive", "any"]
    if op in ("equal", "not_equal", "less", "less_equal", "greater",
              "greater_equal", "logical_and", "logical_or", "logical_xor",
              "maximum", "minimum"):
        return ["small", "small"]
    return ["any", "any"]


def unary_kind(op, dtype):
    kind = np.dtype(dtype).kind
    if op in ("sqrt", "log"):
        return "positive" if kind != "c" else "any"
    if op in ("negative", "abs", "invert") and kind in "iu":
        return "full"
    if op in ("round",) and kind in "fc":
        return "small"   # halves: round half to even
    if op == "exp" and kind in "fc":
        return "any"
    if op in ("arcsin", "arccos"):
        # Complex inputs are never out of the domain: "any" (both parts
        # N(0, 3)) crosses the branch cuts' neighbourhood.
        return "trig" if kind == "f" else ("small" if kind in "iu" else "any")
    return "any"


def build_elementwise():
    for op in BINARY:
        prog = f"np.{op}(x, y)"
        for d in ALL_DTYPES:
            ins = [("x", d, (3, 4)), ("y", d, (3, 4))]
            if not numpy_accepts(prog, ins):
                continue
            add_case(f"{op}.{d}", prog, ins, binary_kinds(op, d),
                     specials=True)
        for d in SUBSET:
            k = binary_kinds(op, d)
            for cls, sx, sy in (("bcast", (3, 1), (1, 4)), ("0d", (), ()),
                                ("empty", (0, 4), (4,))):
                ins = [("x", d, sx), ("y", d, sy)]
                if numpy_accepts(prog, ins):
                    add_case(f"{op}.{d}.{cls}", prog, ins, k)
        # >= 1M elements (with a broadcast row) and a Fortran-ordered input.
        big = "int32" if op.startswith("bitwise") else (
            "bool" if op.startswith("logical") else "float32")
        ins = [("x", big, (1024, 1024)), ("y", big, (1024,))]
        add_case(f"{op}.{big}.large", prog, ins, binary_kinds(op, big))
        fd = "int16" if op.startswith("bitwise") else "float64"
        ins = [("x", fd, (3, 4)), ("y", fd, (3, 4))]
        add_case(f"{op}.{fd}.fortran", prog, ins, binary_kinds(op, fd),
                 fortran=True)

    # Integer division edge cases: division by zero (NumPy gives 0) and
    # INT_MIN // -1 (wraps to INT_MIN; mod gives 0).
    for op in ("floor_divide", "mod"):
        for d in INTS:
            info = np.iinfo(d)
            x = np.array([7, -7, 0, info.min, info.max, info.min, 5, -5],
                         dtype=d if info.min < 0 else None)
            if info.min == 0:
                x = np.array([7, 0, info.max, 5, 1, 2, 3, 4], dtype=d)
                y = np.array([0, 0, 0, 2, 3, 1, 4, info.max], dtype=d)
            else:
                y = np.array([0, 0, 0, -1, -1, 1, 2, -2], dtype=d)
            c = Case(f"{op}.{d}.edge", f"np.{op}(x, y)",
                     [("x", d, (8,)), ("y", d, (8,))], [DataSet("edge", [x, y])])
            CASES.append(c)

    # Weak Python scalars (value-based casting happens at compile time).
    for prog, d in (("np.add(x, 1)", "int8"), ("np.multiply(x, 2.5)", "int32"),
                    ("np.maximum(x, 0)", "float32"),
                    ("np.add(x, 1000)", "int8"), ("x / 2", "int16"),
                    ("np.add(x, (1+2j))", "float32")):
        add_case(f"scalar:{prog}.{d}", prog, [("x", d, (2, 3))])

    # Mixed dtypes (promotion in the lowering: explicit casts).
    for op in ("add", "multiply", "true_divide", "maximum", "less"):
        for a, b in (("int8", "uint8"), ("int32", "float32"),
                     ("bool", "float64"), ("uint64", "int64"),
                     ("float16", "int16"), ("complex64", "float64"),
                     ("uint32", "int8")):
            ins = [("x", a, (3, 4)), ("y", b, (4,))]
            if numpy_accepts(f"np.{op}(x, y)", ins):
                add_case(f"{op}.{a},{b}", f"np.{op}(x, y)", ins,
                         binary_kinds(op, a)[:1] + binary_kinds(op, b)[1:])

    for op in UNARY:
        prog = f"np.{op}(x)"
        for d in ALL_DTYPES:
            ins = [("x", d, (2, 3, 4))]
            if not numpy_accepts(prog, ins):
                continue
            add_case(f"{op}.{d}", prog, ins, [unary_kind(op, d)],
                     specials=True)
        for d in SUBSET:
            for cls, s in (("0d", ()), ("empty", (0, 3))):
                ins = [("x", d, s)]
                if numpy_accepts(prog, ins):
                    add_case(f"{op}.{d}.{cls}", prog, ins, [unary_kind(op, d)])
        big = "int32" if op == "invert" else (
            "bool" if op == "logical_not" else "float32")
        add_case(f"{op}.{big}.large", prog, [("x", big, (1024, 1024))],
                 [unary_kind(op, big)])
        fd = "int16" if op == "invert" else "float64"
        add_case(f"{op}.{fd}.fortran", prog, [("x", fd, (3, 4))],
                 [unary_kind(op, fd)], fortran=True)

    # Tiny arguments: log1p(x), expm1(x), sin(x), ... are x-like, so a purely
    # relative tolerance catches a cancelling formula such as log(1 + x).
    for op in ("log1p", "expm1", "sin", "tan", "arcsin", "arctan", "sinh",
               "tanh"):
        for d in FLOATS:
            add_case(f"{op}.{d}.tiny", f"np.{op}(x)", [("x", d, (4, 8))],
                     ["tiny"], tol={"atol": 0.0})


def build_bfloat16():
    """bfloat16 through every ufunc float32 accepts: inputs are bfloat16
    values, NumPy computes in float32 and the result is rounded to bfloat16
    (the rule of ml_dtypes and of tnp's lowering); results compare within a
    bfloat16 ulp or so. Plus the dtype conversions to and from float32."""
    for op in BINARY:
        prog = f"np.{op}(x, y)"
        if not numpy_accepts(prog, [("x", "float32", (2,)), ("y", "float32", (2,))]):
            continue
        add_case(f"{op}.bfloat16", prog,
                 [("x", "bfloat16", (3, 4)), ("y", "bfloat16", (4,))],
                 binary_kinds(op, "float32"), specials=True)
    for op in UNARY:
        prog = f"np.{op}(x)"
        if not numpy_accepts(prog, [("x", "float32", (2,))]):
            continue
        add_case(f"{op}.bfloat16", prog, [("x", "bfloat16", (2, 3, 4))],
                 [unary_kind(op, "float32")], specials=True)
    add_case("add.bfloat16.large", "np.add(x, y)",
             [("x", "bfloat16", (1024, 1024)), ("y", "bfloat16", (1024,))])


# Complex special values and branch cuts for the C99 Annex G functions NumPy
# takes from the C library (csin, ccos, csinh, ccosh, casin, cacos, catan,
# cpow): every real x imaginary pair of these parts. It has the cuts of
# arcsin/arccos (real axis beyond +-1, +-0 imaginary part: 2+0j vs 2-0j), of
# arctan (imaginary axis beyond +-i), the branch points, tiny |z| (the result
# is z-like) and huge |z| (no overflow), and inf/NaN in either part.
GRID_PARTS = [0.0, -0.0, 1e-10, -1e-10, 0.5, -0.5, 1.0, -1.0, 2.0, -2.0,
              1e30, -1e30, np.inf, -np.inf, np.nan]
ANNEX_G_UNARY = ["sin", "cos", "tan", "sinh", "cosh", "tanh", "arcsin", "arccos",
                 "arctan", "exp", "log", "sqrt", "reciprocal", "log1p", "expm1"]
POW_BASE_PARTS = [0.0, -0.0, 0.5, 1.0, -1.0, 2.0, -2.0, np.inf, -np.inf, np.nan]
# npy_cpow: b == 0, integer exponents in (-100, 100) (repeated squaring),
# the rest through cpow, with inf/NaN exponents.
POW_EXPONENTS = [(0.0, 0.0), (-0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (3.0, 0.0),
                 (4.0, 0.0), (7.0, 0.0), (99.0, 0.0), (-1.0, 0.0),
                 (-2.0, 0.0), (-3.0, 0.0), (-99.0, 0.0), (0.5, 0.0),
                 (-2.5, 0.0), (0.0, 1.0), (1.0, 1.0), (-1.0, -0.5),
                 (np.inf, 0.0), (-np.inf, 0.0), (np.nan, 0.0), (0.0, np.inf),
                 (1.0, np.nan)]


def complex_array(dtype, parts):
    """A complex array from (real, imag) pairs, parts set separately (so
    that inf and -0.0 survive)."""
    z = np.empty(len(parts), dtype=dtype)
    z.real = [r for r, _ in parts]
    z.imag = [i for _, i in parts]
    return z


def build_complex_specials():
    grid = [(r, i) for r in GRID_PARTS for i in GRID_PARTS]
    tiny = {"complex64": float(np.finfo(np.float32).tiny),
            "complex128": float(np.finfo(np.float64).tiny)}
    for d in COMPLEXES:
        z = complex_array(d, grid)
        for op in ANNEX_G_UNARY:
            # Relative tolerance only (ULPS), and the signs of zeros.
            CASES.append(Case(f"{op}.{d}.grid", f"np.{op}(x)",
                              [("x", d, z.shape)], [DataSet("grid", [z])],
                              tol={"atol": tiny[d]}, signed_zeros=True))
        bases = [(r, i) for r in POW_BASE_PARTS for i in POW_BASE_PARTS]
        pairs = [(a, e) for a in bases for e in POW_EXPONENTS]
        x = complex_array(d, [a for a, _ in pairs])
        y = complex_array(d, [e for _, e in pairs])
        # The zeros' signs follow NaN signs here (glibc's cexp(-inf + i NaN)
        # is 0 + i copysign(0, NaN)): not compared.
        CASES.append(Case(f"power.{d}.grid", "np.power(x, y)",
                          [("x", d, x.shape), ("y", d, y.shape)],
                          [DataSet("grid", [x, y])], tol={"atol": tiny[d]}))


#===----------------------------------------------------------------------===#
# astype
#===----------------------------------------------------------------------===#


def saturate(values, src, dst):
    """tnp's float -> int rule (TNPOps.td, tnp.astype): truncate toward
    zero, NaN -> 0, out-of-range values saturate to the target's min/max."""
    info = np.iinfo(dst)
    out = []
    for v in np.asarray(values, dtype=np.float64).reshape(-1):
        if math.isnan(v):
            out.append(0)
        elif math.isinf(v):
            out.append(info.max if v > 0 else info.min)
        else:
            out.append(min(max(math.trunc(v), info.min), info.max))
    return np.array(out, dtype=dst).reshape(np.shape(values))


def in_range_floats(rng, src, dst, shape):
    """Float values of `src` whose truncation fits `dst`."""
    if dst == "bool" or np.dtype(dst).kind not in "iu":
        return gen(rng, src, shape)
    info = np.iinfo(dst)
    fmax = float(np.finfo(src if src in FLOATS else _float_base(src)).max)
    lo = max(float(info.min), -fmax) * 0.99
    hi = min(float(info.max), fmax) * 0.99
    x = rng.uniform(lo, hi, shape)
    x[..., 0] = 0.75   # truncation toward zero
    x[..., 1] = -0.75 if info.min < 0 else 1.5
    a = x.astype(src if src in FLOATS else np.float64)
    if src in COMPLEXES:
        a = (a + 1j * rng.standard_normal(shape)).astype(src)
    return a


def build_astype():
    for s in ALL_DTYPES:
        for t in ALL_DTYPES:
            np_t = "np.bool_" if t == "bool" else f"np.{t}"
            prog = f"x.astype({np_t})"
            if s in FLOATS + COMPLEXES and t in INTS:
                x = in_range_floats(_rng, s, t, (2, 5))
            else:
                x = gen(_rng, s, (2, 5), "full" if s in INTS else "any")
            ds = [DataSet("data", [x])]
            if s in FLOATS and t in INTS:
                # NaN, +-inf and out-of-range values: tnp's saturating rule
                # (NumPy's result is undefined there).
                fmax = float(np.finfo(s).max)
                big = min(fmax, 1e30)
                vals = np.array([np.nan, np.inf, -np.inf, big, -big,
                                 float(np.iinfo(t).max) * 4.0 if float(np.iinfo(t).max) * 4.0 < fmax else fmax,
                                 -3.5, 2.9, -0.0, 1e-3], dtype=np.float64)
                xs = vals.astype(s).reshape(2, 5)
                ds.append(DataSet("saturate", [xs], expected=saturate(xs, s, t)))
            CASES.append(Case(f"astype.{s}->{t}", prog, [("x", s, (2, 5))], ds))


#===----------------------------------------------------------------------===#
# Reductions, linear algebra, shapes, creation
#===----------------------------------------------------------------------===#

REDUCTIONS = ["sum", "prod", "mean", "max", "min", "argmax", "argmin", "any",
              "all"]
RED_SUBSET = ["bool", "int8", "uint32", "float16", "float64", "complex64"]


def red_kind(op, d):
    if op == "prod":
        return "unit" if np.dtype(d).kind in "fc" else "small"
    if op in ("argmax", "argmin", "max", "min"):
        return "small"   # ties: the first index wins
    return "any"


def build_reductions():
    shape = (3, 4, 5)
    variants = [("none", "", 60), ("axis1", ", axis=1", 4),
                ("axis02", ", axis=(0, 2)", 15),
                ("keepdims", ", axis=1, keepdims=True", 4),
                ("neg", ", axis=-1", 5)]
    for op in REDUCTIONS:
        for d in ALL_DTYPES:
            for tag, args, n in variants:
                if tag != "none" and d not in RED_SUBSET:
                    continue
                if op in ("argmax", "argmin") and tag in ("axis02", "keepdims"):
                    continue  # argmax takes one int axis
                prog = f"np.{op}(x{args})"
                ins = [("x", d, shape)]
                if not numpy_accepts(prog, ins):
                    continue
                add_case(f"{op}.{d}.{tag}", prog, ins, [red_kind(op, d)],
                         specials=(tag in ("none", "axis1")), reduce_count=n)
        # 0-d, empty (an identity exists, or a reduction error), >= 1M.
        for d in ("int32", "float32"):
            add_case(f"{op}.{d}.0d", f"np.{op}(x)", [("x", d, ())],
                     [red_kind(op, d)])
            prog = f"np.{op}(x, axis=0)"
            ins = [("x", d, (0, 3))]
            if op in ("max", "min", "argmax", "argmin"):
                CASES.append(Case(f"{op}.{d}.empty", prog, ins, [],
                                  expect_translate_error="reduction"))
            else:
                add_case(f"{op}.{d}.empty", prog, ins)
        big = "bool" if op in ("any", "all") else "float32"
        kind = "unit" if op == "prod" else "any"
        if op == "prod":
            # Keep the product of 2**20 terms finite: values near 1.
            ins = [("x", "float64", (1024, 1024))]
            c = add_case(f"{op}.float64.large", "np.prod(x, axis=0)", ins,
                         reduce_count=1024)
            c.datasets[0].arrays[0] = 1.0 + _rng.uniform(-1e-3, 1e-3,
                                                         (1024, 1024))
            continue
        add_case(f"{op}.{big}.large", f"np.{op}(x)",
                 [("x", big, (1024, 1024))], [kind], reduce_count=1 << 20)
        add_case(f"{op}.{big}.large-axis0", f"np.{op}(x, axis=0)",
                 [("x", big, (1024, 1024))], [kind], reduce_count=1024)
        add_case(f"{op}.float64.fortran", f"np.{op}(x, axis=1)",
                 [("x", "float64", (3, 4))], [red_kind(op, "float64")],
                 fortran=True, reduce_count=4)
    add_case("sum.int32.large-int", "np.sum(x)", [("x", "int32", (1024, 1024))],
             ["full"])
    # Reductions over the innermost axes of >= 32 elements: the GPU's
    # warp-per-output kernels (lanes fold every 32nd element, then shuffle),
    # for 8- to 64-bit and bool accumulators.
    rows = [("sum", "float32"), ("sum", "int8"), ("sum", "float64"),
            ("mean", "float32"), ("prod", "float64"), ("max", "float16"),
            ("max", "int16"), ("min", "float64"), ("min", "uint32"),
            ("any", "bool"), ("all", "bool")]
    for op, d in rows:
        kind = red_kind(op, d)
        for tag, shape, args, n in [
                ("rows", (200, 300), ", axis=1", 300),
                ("rows-keepdims", (70, 40), ", axis=-1, keepdims=True", 40),
                ("rows-axes12", (20, 10, 33), ", axis=(1, 2)", 330)]:
            ins = [("x", d, shape)]
            c = add_case(f"{op}.{d}.{tag}", f"np.{op}(x{args})", ins, [kind],
                         specials=(tag == "rows"), reduce_count=n)
            if op == "prod":
                c.datasets[0].arrays[0] = 1.0 + _rng.uniform(-1e-2, 1e-2, shape)


def build_linalg():
    shapes = [("2d", (3, 4), (4, 5)), ("1d-2d", (4,), (4, 5)),
              ("2d-1d", (3, 4), (4,)), ("1d-1d", (4,), (4,)),
              ("batch", (2, 1, 3, 4), (5, 4, 2)), ("batch-2d", (2, 3, 4), (4, 2)),
              ("empty-k", (3, 0), (0, 2))]
    for op in ("matmul", "dot"):
        for d in ALL_DTYPES:
            for tag, sa, sb in shapes:
                if tag != "2d" and d not in ("int32", "float32", "float64",
                                             "complex64", "bool"):
                    continue
                if op == "dot" and tag == "batch":
                    sa, sb = (2, 3, 4), (5, 4, 2)   # dot's N-d rule
                k = sa[-1]
                ins = [("x", d, sa), ("y", d, sb)]
                add_case(f"{op}.{d}.{tag}", f"np.{op}(x, y)", ins,
                         ["small", "small"] if d in INTS else None,
                         reduce_count=max(k, 1))
    add_case("matmul.float32.large", "np.matmul(x, y)",
             [("x", "float32", (1024, 1024)), ("y", "float32", (1024, 8))],
             reduce_count=1024)
    add_case("matmul.float64.fortran", "np.matmul(x, y)",
             [("x", "float64", (3, 4)), ("y", "float64", (4, 5))],
             fortran=True, reduce_count=4)
    # Sizes that take the GPU's shared-memory tiled kernel (rows and columns
    # >= 16): partial tiles in every dim, k not a multiple of the k tile,
    # broadcast batches, integers, a Fortran-ordered operand, W4's shape.
    for cid, d, sa, sb, fortran in [
            ("tiled", "float32", (130, 70), (70, 150), False),
            ("tiled-batch", "float64", (3, 67, 33), (33, 40), False),
            ("tiled-batch2", "float32", (2, 1, 20, 9), (3, 9, 17), False),
            ("tiled", "int32", (40, 20), (20, 33), False),
            ("tiled-fortran", "float32", (100, 64), (64, 96), True),
            ("tiled-w4", "float32", (300, 512), (512, 64), False),
            ("matvec", "float32", (130, 70), (70,), False),
            ("matvec", "float64", (3, 50, 40), (40,), False)]:
        add_case(f"matmul.{d}.{cid}", "np.matmul(x, y)",
                 [("x", d, sa), ("y", d, sb)],
                 ["small", "small"] if d in INTS else None, fortran=fortran,
                 reduce_count=sa[-1])


def build_shapes():
    for d in ("bool", "int8", "uint64", "float16", "float64", "complex64"):
        add_case(f"reshape.{d}", "np.reshape(x, (2, -1, 3))", [("x", d, (12,))])
        add_case(f"reshape.{d}.2d", "x.reshape((4, 3))", [("x", d, (3, 4))],
                 fortran=(d == "float64"))
        add_case(f"reshape.{d}.0d", "np.reshape(x, (1, 1))", [("x", d, ())])
        add_case(f"reshape.{d}.empty", "np.reshape(x, (3, 0))",
                 [("x", d, (0, 3))])
        add_case(f"transpose.{d}", "np.transpose(x)", [("x", d, (2, 3, 4))])
        add_case(f"transpose.{d}.axes", "np.transpose(x, (1, 0, 2))",
                 [("x", d, (2, 3, 4))], fortran=(d == "float64"))
        add_case(f"transpose.{d}.T", "x.T + 0" if d != "bool" else "x.T",
                 [("x", d, (3, 4))])
        add_case(f"broadcast_to.{d}", "np.broadcast_to(x, (2, 3))",
                 [("x", d, (3,))])
        add_case(f"broadcast_to.{d}.col", "np.broadcast_to(x, (2, 3, 4))",
                 [("x", d, (3, 1))])
        add_case(f"broadcast_to.{d}.0d", "np.broadcast_to(x, (2, 2))",
                 [("x", d, ())])
    add_case("transpose.float32.large", "np.transpose(x)",
             [("x", "float32", (1024, 1024))])
    add_case("reshape.float32.large", "np.reshape(x, (2048, 512))",
             [("x", "float32", (1024, 1024))])



INDEX_PROGRAMS = [
    "x[1]", "x[-1]", "x[1, -2]", "x[0, 1, 2]", "x[-1, -1, -1]", "x[:, 1:3]",
    "x[::-1]", "x[:, ::-2, 1]", "x[..., ::-1]", "x[1, None, 1:3, ...]",
    "x[None]", "x[:, None, :, None]", "x[5:]", "x[:, 3:0]", "x[-100:100]",
    "x[:, -1:0:-1]", "x[..., 1]", "x[..., -3::-2]", "x[1:, ..., None]",
    "x[:, :, 1::3]", "x[0, ::-1, ::-1]", "x[:, 2:-5:-1]", "x[...]",
    "x[1, 2]", "x[-2:, 1:2, -1]", "x[::3, 10:, :]",
]


def build_indexing():
    """Basic indexing: ints (negative), slices (clamped, negative steps,
    empty), newaxis, Ellipsis, 0-d results; errors at translation."""
    for d in ("bool", "int8", "uint16", "int64", "float16", "float32",
              "complex64", "complex128"):
        for i, prog in enumerate(INDEX_PROGRAMS):
            add_case(f"index.{d}.{i}", prog, [("x", d, (2, 3, 4))])
        add_case(f"index.{d}.0d-newaxis", "x[None, ..., None]", [("x", d, ())])
        add_case(f"index.{d}.0d-ellipsis", "x[...] ", [("x", d, ())])
        add_case(f"index.{d}.empty", "x[1:, ::-1]", [("x", d, (0, 3))])
        add_case(f"index.{d}.1d", "x[-2::-3]", [("x", d, (10,))])
    add_case("index.float32.large", "x[::-2, 3:1000:7]",
             [("x", "float32", (1024, 1024))])
    # The tutorial's first indexing example.
    add_case("index.tutorial", "np.reshape(np.arange(24), (2, 3, 4))[1, np.newaxis, 1:3, ...]", [])
    for cid, prog, kind in (("oob", "x[2]", "index"),
                            ("oob-neg", "x[:, -4]", "index"),
                            ("too-many", "x[0, 0, 0]", "index"),
                            ("float", "x[1.5]", "index"),
                            ("float-slice", "x[0.5:]", "index"),
                            ("step0", "x[::0]", "value"),
                            ("ellipses", "x[..., ...]", "index")):
        CASES.append(Case(f"index.error.{cid}", prog, [("x", "int32", (2, 3))],
                          [], expect_translate_error=kind))
    build_advanced_indexing()


def build_advanced_indexing():
    """Boolean masks (several ranks, all-false, all-true, 0-d, with slices
    and integers) and integer-array indexing (lists, arrays of several int
    dtypes, negative entries, broadcasting, NumPy's placement rule both
    ways), with their errors: a wrong-shape mask and non-broadcasting index
    arrays at translation, an index out of range at run time."""
    rng = np.random.default_rng(4)

    def fixed(cid, prog, inputs, arrays, **kw):
        CASES.append(Case(cid, prog, inputs,
                          [DataSet("data", [np.asarray(a, dtype=d) for a, (_, d, _)
                                            in zip(arrays, inputs)])], **kw))

    for d in ("bool", "int8", "uint16", "int64", "float32", "complex64",
              "complex128"):
        x3 = gen(rng, d, (2, 3, 4))
        x2 = gen(rng, d, (3, 4))
        m1 = np.array([True, False, True])
        m34 = gen(rng, "bool", (3, 4))
        xin3 = [("x", d, (2, 3, 4))]
        for i, prog in enumerate([
                "x[[True, False, True]]", "x[[False, False, False]]",
                "x[[True, True, True]]", "x[True]", "x[False]",
                "x[:, (True, False, True, True)]"]):
            add_case(f"mask.{d}.lit{i}", prog, [("x", d, (3, 4))])
        fixed(f"mask.{d}.1d", "x[m]", [("x", d, (3, 4)), ("m", "bool", (3,))],
              [x2, m1])
        fixed(f"mask.{d}.2d", "x[m]", [("x", d, (3, 4)), ("m", "bool", (3, 4))],
              [x2, m34])
        fixed(f"mask.{d}.3d", "x[m]", [("x", d, (2, 3, 4)), ("m", "bool", (2, 3, 4))],
              [x3, gen(rng, "bool", (2, 3, 4))])
        fixed(f"mask.{d}.allfalse", "x[m]", [("x", d, (2, 3, 4)), ("m", "bool", (2, 3))],
              [x3, np.zeros((2, 3), bool)])
        fixed(f"mask.{d}.alltrue", "x[m]", [("x", d, (2, 3, 4)), ("m", "bool", (2, 3, 4))],
              [x3, np.ones((2, 3, 4), bool)])
        fixed(f"mask.{d}.slice", "x[:, m]", [("x", d, (2, 3, 4)), ("m", "bool", (3, 4))],
              [x3, m34])
        fixed(f"mask.{d}.0d", "x[m]", [("x", d, (2, 3, 4)), ("m", "bool", ())],
              [x3, np.array(True)])
        # An integer with a mask: adjacent (in place) and separated (first).
        fixed(f"mask.{d}.int-adjacent", "x[1, m]", [("x", d, (2, 3, 4)), ("m", "bool", (3,))],
              [x3, m1])
        fixed(f"mask.{d}.int-separated", "x[1, :, m]",
              [("x", d, (2, 3, 4)), ("m", "bool", (4,))],
              [x3, np.array([True, False, True, True])])
        for i, prog in enumerate([
                "x[[0, 1]]", "x[[-1, 0, -1]]", "x[:, [0, 2], [1, 3]]",
                "x[[0, 1], :, [1, 3]]", "x[[0, 1], ..., [1, 3]]",
                "x[:, 0, [1, 2]]", "x[[0, 1], :, 0]", "x[1, :, [0, 2]]",
                "x[None, [1, 0]]", "x[[[0], [1]], [-1, 0, 2]]",
                "x[..., [3, -4]]", "x[1, (0, 0, 1), np.asarray([0, 1, 1])]"]):
            add_case(f"gather.{d}.lit{i}", prog, xin3)
        for idt in ("int8", "uint8", "int16", "int32", "uint64", "int64"):
            lo = 0 if np.dtype(idt).kind == "u" else -3
            fixed(f"gather.{d}.{idt}", "x[i]", [("x", d, (3, 4)), ("i", idt, (2, 2))],
                  [x2, rng.integers(lo, 3, (2, 2))])
        fixed(f"gather.{d}.bcast", "x[i, j]",
              [("x", d, (3, 4)), ("i", "int32", (2, 1)), ("j", "int64", (3,))],
              [x2, [[0], [-1]], [3, -4, 1]])
        fixed(f"gather.{d}.sep", "x[i, :, j]",
              [("x", d, (2, 3, 4)), ("i", "int64", (2, 1)), ("j", "int64", (3,))],
              [x3, [[0], [-1]], [3, -4, 1]])
        # Masks mixed with masks, integer arrays and integers (NumPy turns
        # each mask into its nonzero() arrays), 0-d masks among other
        # advanced indices, empty lists, and newaxis around advanced indices.
        m4 = np.array([True, False, True, True])
        fixed(f"mixed.{d}.two-masks", "x[m, n]",
              [("x", d, (3, 4)), ("m", "bool", (3,)), ("n", "bool", (4,))],
              [x2, m1, np.array([False, True, False, True])])
        fixed(f"mixed.{d}.two-masks-bcast1", "x[m, n]",
              [("x", d, (3, 4)), ("m", "bool", (3,)), ("n", "bool", (4,))],
              [x2, np.array([False, True, False]), m4])
        fixed(f"mixed.{d}.mask-int-array", "x[m, i]",
              [("x", d, (3, 4)), ("m", "bool", (3,)), ("i", "int32", (2,))],
              [x2, m1, [3, -4]])
        fixed(f"mixed.{d}.array-mask", "x[i, :, m]",
              [("x", d, (2, 3, 4)), ("i", "int64", (1,)), ("m", "bool", (4,))],
              [x3, [-1], m4])
        fixed(f"mixed.{d}.mask2d-array", "x[m, i]",
              [("x", d, (2, 3, 4)), ("m", "bool", (2, 3)), ("i", "int64", (1,))],
              [x3, [[True, False, True], [False, True, True]], [2]])
        fixed(f"mixed.{d}.mask-int", "x[m, 2]",
              [("x", d, (3, 4)), ("m", "bool", (3,))], [x2, m1])
        for i, prog in enumerate([
                "x[True, [1, 2]]", "x[[1, 0], True]", "x[True, :, [0, 3]]",
                "x[[]]", "x[[], []]", "x[:, []]", "x[[], 1]", "x[[[]]]",
                "x[None, [1, 0]]", "x[[1, 0], None]", "x[None, [1, 2], None, [0]]",
                "x[:, None, [1, 2]]", "x[..., [True, False, True, True], None]",
                "x[..., None, [True, False, True, True]]", "x[..., True]",
                "x[None, [True, False, True], 1:]",
                "x[[True, False, True], [False, True, False, True]][None]"]):
            add_case(f"mixed.{d}.lit{i}", prog, [("x", d, (3, 4))])
    # The tutorial's examples.
    add_case("mask.tutorial", "np.reshape(np.arange(24), (2, 3, 4))[:, (True, False, True)]", [])
    add_case("gather.tutorial",
             "np.reshape(np.arange(24), (2, 3, 4))[1, (0, 0, 1), np.asarray([0, 1, 1])]", [])
    # Data-dependent masks and large gathers (>= 1M elements).
    add_case("mask.float32.data", "x[x > 0]", [("x", "float32", (3, 4, 5))])
    add_case("mask.float32.large", "x[x > 0]", [("x", "float32", (1024, 1024))])
    fixed("gather.float32.large", "x[i]",
          [("x", "float32", (1024, 1024)), ("i", "int64", (1024,))],
          [gen(rng, "float32", (1024, 1024)), rng.permutation(1024)])
    fixed("gather.float32.large2", "x[i, j]",
          [("x", "float32", (1024, 1024)), ("i", "int32", (1024, 1)),
           ("j", "int32", (1024,))],
          [gen(rng, "float32", (1024, 1024)), rng.integers(-1024, 1024, (1024, 1)),
           rng.integers(-1024, 1024, (1024,))])
    # Errors.
    for cid, prog, ins, kind in (
            ("mask-shape", "x[m]", [("x", "int32", (3, 4)), ("m", "bool", (2,))], "index"),
            ("mask-shape2", "x[:, m]", [("x", "int32", (3, 4)), ("m", "bool", (3,))], "index"),
            ("mask-lit-shape", "x[[True, False]]", [("x", "int32", (3, 4))], "index"),
            ("no-bcast", "x[[0, 1], [0, 1, 2]]", [("x", "int32", (3, 4))], "index"),
            ("float-array", "x[np.asarray([0.5])]", [("x", "int32", (3, 4))], "index"),
            ("too-many", "x[[0], [0], [0]]", [("x", "int32", (3, 4))], "index"),
            ("two-masks-shape", "x[[True, False, True], [True, False]]",
             [("x", "int32", (3, 4))], "index"),
            ("mask-newaxis-shape", "x[None, [True, False]]",
             [("x", "int32", (3, 4))], "index"),
            ("mask2d-too-many", "x[np.ones((3, 4), np.bool_), [0]]",
             [("x", "int32", (3, 4))], "index")):
        CASES.append(Case(f"advindex.error.{cid}", prog, ins, [],
                          expect_translate_error=kind))
    for cid, prog, arrays, msg in (
            ("oob", "x[i]", [np.arange(12).reshape(3, 4), [0, 7]],
             "index error: index 7 is out of bounds for axis 0 with size 3"),
            ("oob-neg", "x[:, i]", [np.arange(12).reshape(3, 4), [-5]],
             "index error: index -5 is out of bounds for axis 1 with size 4"),
            # newaxis does not renumber the axes of the messages (NumPy's).
            ("oob-newaxis", "x[None, :, i]", [np.arange(12).reshape(3, 4), [4]],
             "index error: index 4 is out of bounds for axis 1 with size 4"),
            ("oob-int", "x[1, i]", [np.arange(12).reshape(3, 4), [0, -9]],
             "index error: index -9 is out of bounds for axis 1 with size 4"),
            ("oob-0d-mask", "x[True, i]", [np.arange(12).reshape(3, 4), [3]],
             "index error: index 3 is out of bounds for axis 0 with size 3"),
            # Masks whose true counts do not broadcast with the other arrays.
            ("mask-count", "x[x[:, 0] > 100, i]",
             [np.arange(12).reshape(3, 4), [0, 1]],
             "index error: shape mismatch: indexing arrays could not be "
             "broadcast together with shapes (0,) (2,)"),
            ("mask-count2", "x[x[:, 0] >= 0, x[0] >= 2]",
             [np.arange(12).reshape(3, 4), [0]],
             "index error: shape mismatch: indexing arrays could not be "
             "broadcast together with shapes (3,) (2,)")):
        CASES.append(Case(f"advindex.error.{cid}", prog,
                          [("x", "int32", (3, 4)), ("i", "int64", (len(arrays[1]),))],
                          [DataSet("data", [np.asarray(arrays[0], np.int32),
                                            np.asarray(arrays[1], np.int64)],
                                   expect_error=msg)]))


def build_index_update():
    """Functional updates (tnp.index_update / tnp.scatter), which the
    translator has no syntax for: test/Integration/Inputs/index_update.mlir
    run as written against NumPy's assignment and np.add.at (values cast to
    the array's dtype like NumPy's assignment)."""
    path = os.path.join(SRC_ROOT, "test", "Integration", "Inputs",
                        "index_update.mlir")
    rng = np.random.default_rng(11)

    def upd(index, op="set"):
        def ref(x, v, *rest):
            y = x.copy()
            if op == "set":
                y[index] = v
            else:
                y[index] += v
            return y
        return ref

    def add_at(x, i, v):
        y = x.copy()
        np.add.at(y, i, v)
        return y

    def add_at2(x, i, j, v):
        y = x.copy()
        np.add.at(y, (i, j), v)
        return y

    def set_at(x, i, v):
        y = x.copy()
        y[i] = v
        return y

    c64 = (rng.standard_normal((5, 4)) + 1j * rng.standard_normal((5, 4))).astype(np.complex64)
    for name, arrays, ref in (
            ("set_row", [rng.standard_normal((3, 4)).astype(np.float32),
                         rng.standard_normal(4)], upd(1)),
            ("set_rev", [rng.integers(-9, 9, (3, 4)).astype(np.int32),
                         np.array([[[1.7]], [[-2.5]]], np.float32)],
             upd((slice(None, 0, -1), None, slice(None, None, -2)))),
            ("add_block", [rng.integers(-128, 127, (3, 4)).astype(np.int8),
                           np.array(100, np.int8)],
             upd((slice(1, None), Ellipsis, slice(2, None)), "add")),
            ("add_dynamic", [c64, c64[0] * 2], upd(slice(None, None, 2), "add")),
            ("set_bool", [rng.random((3, 4)) < 0.5, np.array(True)],
             upd((-1, slice(1, 3)))),
            ("scatter_set", [rng.standard_normal((5, 3)).astype(np.float32),
                             np.array([4, -5, 2]),
                             rng.standard_normal((3, 3)).astype(np.float32)],
             set_at),
            ("scatter_add", [rng.standard_normal((5, 3)).astype(np.float32),
                             np.array([0, 1, 0, -1, 4, 0], np.int32),
                             rng.standard_normal((6, 3)).astype(np.float32)],
             add_at),
            ("scatter_add2", [rng.integers(-9, 9, (3, 4)),
                              np.array([[0], [-1]]), np.array([3, 0, 3], np.uint8),
                              np.array(5)], add_at2),
            ("scatter_mask_set", [rng.standard_normal((3, 4)).astype(np.float32),
                                  rng.random((3, 4)) < 0.5, np.array(2.5)],
             set_at),
            ("scatter_mask_add", [rng.integers(-9, 9, (3, 4)).astype(np.int32),
                                  np.array([True, False, True]),
                                  np.array([-1, 0]), np.array([7, 8], np.int32)],
             lambda x, m, j, v: add_at2(x, np.nonzero(m)[0], j, v)),
            ("scatter_dynamic", [rng.standard_normal(1000),
                                 rng.integers(-1000, 1000, 100000),
                                 rng.standard_normal(100000)], add_at)):
        c = Case(f"index-update:@{name}", None, [], [DataSet("data", arrays)],
                 tol={"rtol": 1e-9, "atol": 1e-9}, ref=ref)
        c.module_path = path
        c.file_func = name
        CASES.append(c)


SHAPE_DTYPES = ("bool", "int8", "uint64", "float16", "float64", "complex64")


def build_shape_ops():
    """ravel/flatten, moveaxis, swapaxes, expand_dims, squeeze, concatenate,
    stack, split: every dtype class, 0-d, empty, >= 1M elements, Fortran
    order, promotion of the joined arrays, and NumPy's errors."""
    for d in SHAPE_DTYPES:
        fd = d == "float64"
        add_case(f"ravel.{d}", "np.ravel(x)", [("x", d, (2, 3, 4))], fortran=fd)
        add_case(f"ravel.{d}.method", "x.ravel()", [("x", d, (3, 4))])
        add_case(f"flatten.{d}", "x.flatten()", [("x", d, (3, 4))], fortran=fd)
        add_case(f"flatten.{d}.F", "x.flatten(order='F')", [("x", d, (2, 3, 4))])
        add_case(f"ravel.{d}.0d", "np.ravel(x)", [("x", d, ())])
        add_case(f"ravel.{d}.empty", "np.ravel(x)", [("x", d, (0, 3))])
        add_case(f"moveaxis.{d}", "np.moveaxis(x, 0, -1)", [("x", d, (2, 3, 4))],
                 fortran=fd)
        add_case(f"moveaxis.{d}.tuple", "np.moveaxis(x, [0, 1], [-1, -2])",
                 [("x", d, (2, 3, 4))])
        add_case(f"swapaxes.{d}", "np.swapaxes(x, 0, 2)", [("x", d, (2, 3, 4))],
                 fortran=fd)
        add_case(f"expand_dims.{d}", "np.expand_dims(x, 1)", [("x", d, (2, 3))],
                 fortran=fd)
        add_case(f"expand_dims.{d}.tuple", "np.expand_dims(x, (0, -1))",
                 [("x", d, (2, 3))])
        add_case(f"expand_dims.{d}.0d", "np.expand_dims(x, 0)", [("x", d, ())])
        add_case(f"squeeze.{d}", "np.squeeze(x)", [("x", d, (1, 3, 1, 2))])
        add_case(f"squeeze.{d}.axes", "np.squeeze(x, axis=(0, 2))",
                 [("x", d, (1, 3, 1))])
        add_case(f"squeeze.{d}.all", "np.squeeze(x, -1)", [("x", d, (1, 1))])
        add_case(f"squeeze.{d}.empty", "np.squeeze(x, 0)", [("x", d, (1, 0, 3))])
        add_case(f"concatenate.{d}", "np.concatenate([x, y], axis=1)",
                 [("x", d, (2, 3)), ("y", d, (2, 1))], fortran=fd)
        add_case(f"concatenate.{d}.three", "np.concatenate((x, y, x))",
                 [("x", d, (2, 3)), ("y", d, (1, 3))])
        add_case(f"concatenate.{d}.none", "np.concatenate([x, y], axis=None)",
                 [("x", d, (2, 3)), ("y", d, ())])
        add_case(f"concatenate.{d}.empty", "np.concatenate([x, y])",
                 [("x", d, (0, 3)), ("y", d, (2, 3))])
        add_case(f"stack.{d}", "np.stack([x, y])",
                 [("x", d, (2, 3)), ("y", d, (2, 3))], fortran=fd)
        add_case(f"stack.{d}.last", "np.stack([x, y, x], axis=-1)",
                 [("x", d, (2, 3)), ("y", d, (2, 3))])
        add_case(f"stack.{d}.0d", "np.stack([x, y])", [("x", d, ()), ("y", d, ())])
        add_case(f"stack.{d}.empty", "np.stack([x, y], axis=1)",
                 [("x", d, (0, 3)), ("y", d, (0, 3))])
        add_case(f"split.{d}", "np.split(x, 3)[1]", [("x", d, (6, 2))],
                 fortran=fd)
        add_case(f"split.{d}.indices", "np.split(x, [1, 3], axis=1)[2]",
                 [("x", d, (2, 5))])
        add_case(f"split.{d}.clamped", "np.split(x, [5, -2, 10])[1]",
                 [("x", d, (7,))])
        add_case(f"split.{d}.empty-piece", "np.split(x, [5, 2])[1]",
                 [("x", d, (7, 2))])
        add_case(f"split.{d}.stacked", "np.stack(np.split(x, 2, axis=1))",
                 [("x", d, (3, 4))])
        add_case(f"split.{d}.list", "np.split(x, 2)", [("x", d, (4, 3))])
    # Promotion of the joined arrays (casts made explicit before lowering).
    for a, b in (("int32", "float32"), ("uint8", "int8"), ("bool", "int64"),
                 ("float16", "complex64"), ("uint64", "int64"),
                 ("int16", "float16")):
        add_case(f"concatenate.{a},{b}", "np.concatenate([x, y])",
                 [("x", a, (2, 3)), ("y", b, (1, 3))])
        add_case(f"stack.{a},{b}", "np.stack([x, y], axis=1)",
                 [("x", a, (2, 3)), ("y", b, (2, 3))])
    # >= 1M elements.
    add_case("concatenate.float32.large", "np.concatenate([x, y], axis=1)",
             [("x", "float32", (1024, 512)), ("y", "float32", (1024, 512))])
    add_case("stack.float32.large", "np.stack([x, y], axis=1)",
             [("x", "float32", (1024, 512)), ("y", "float32", (1024, 512))])
    add_case("split.float32.large", "np.split(x, 4, axis=1)[3]",
             [("x", "float32", (1024, 1024))])
    add_case("moveaxis.float32.large", "np.moveaxis(x, 0, 1)",
             [("x", "float32", (1024, 1024))])
    add_case("ravel.float32.large", "x.flatten(order='F')",
             [("x", "float32", (1024, 1024))])
    add_case("expand_dims.float32.large", "np.expand_dims(x, 1)",
             [("x", "float32", (1024, 1024))])
    add_case("squeeze.float32.large", "np.squeeze(x)",
             [("x", "float32", (1024, 1, 1024))])
    # NumPy's errors, at compile time (the shapes are static).
    for cid, prog, ins, kind in (
            ("squeeze.not-one", "np.squeeze(x, axis=1)", [("x", "int32", (1, 3, 1))], "shape"),
            ("squeeze.bad-axis", "np.squeeze(x, 3)", [("x", "int32", (1, 3, 1))], "axis"),
            ("squeeze.repeated", "np.squeeze(x, (0, -3))", [("x", "int32", (1, 3, 1))], "axis"),
            ("expand_dims.bad-axis", "np.expand_dims(x, 3)", [("x", "int32", (2, 3))], "axis"),
            ("expand_dims.repeated", "np.expand_dims(x, (1, 1))", [("x", "int32", (2, 3))], "axis"),
            ("moveaxis.bad-axis", "np.moveaxis(x, 2, 0)", [("x", "int32", (2, 3))], "axis"),
            ("moveaxis.count", "np.moveaxis(x, (0, 1), 0)", [("x", "int32", (2, 3))], "axis"),
            ("swapaxes.bad-axis", "np.swapaxes(x, 0, -3)", [("x", "int32", (2, 3))], "axis"),
            ("concatenate.mismatch", "np.concatenate([x, y])",
             [("x", "int32", (2, 3)), ("y", "int32", (2, 4))], "shape"),
            ("concatenate.rank", "np.concatenate([x, y])",
             [("x", "int32", (2, 3)), ("y", "int32", (3,))], "shape"),
            ("concatenate.bad-axis", "np.concatenate([x, y], axis=2)",
             [("x", "int32", (2, 3)), ("y", "int32", (2, 3))], "axis"),
            ("concatenate.0d", "np.concatenate([x, y])",
             [("x", "int32", ()), ("y", "int32", ())], "value"),
            ("concatenate.none", "np.concatenate([])", [], "value"),
            ("stack.mismatch", "np.stack([x, y])",
             [("x", "int32", (2, 3)), ("y", "int32", (3, 2))], "shape"),
            ("stack.bad-axis", "np.stack([x, y], axis=3)",
             [("x", "int32", (2, 3)), ("y", "int32", (2, 3))], "axis"),
            ("split.unequal", "np.split(x, 3)", [("x", "int32", (7,))], "value"),
            ("split.zero", "np.split(x, 0)", [("x", "int32", (7,))], "value"),
            ("split.bad-axis", "np.split(x, 1, axis=1)", [("x", "int32", (7,))], "axis")):
        CASES.append(Case(f"{cid}", prog, ins, [], expect_translate_error=kind))


def build_selection():
    """np.where (condition of any dtype, by truthiness) and np.clip (NumPy
    1.24's NaN rules, lo > hi, literal bounds, None): every dtype, 0-d,
    empty, size-1 broadcasting, >= 1M elements, Fortran order."""
    for d in ALL_DTYPES:
        add_case(f"where.{d}", "np.where(c, x, y)",
                 [("c", "bool", (3, 4)), ("x", d, (3, 4)), ("y", d, (3, 4))],
                 specials=True)
        # Bounds drawn from the same range: some have lo > hi.
        add_case(f"clip.{d}", "np.clip(x, lo, hi)",
                 [("x", d, (3, 4)), ("lo", d, (3, 4)), ("hi", d, (3, 4))],
                 ["small", "small", "small"], specials=True)
    for d in SUBSET:
        for cls, sc, sx, sy in (("bcast", (3, 1), (1, 4), (4,)),
                                ("0d", (), (), ()),
                                ("empty", (0, 4), (4,), ())):
            add_case(f"where.{d}.{cls}", "np.where(c, x, y)",
                     [("c", "bool", sc), ("x", d, sx), ("y", d, sy)])
            add_case(f"clip.{d}.{cls}", "np.clip(x, lo, hi)",
                     [("x", d, sc), ("lo", d, sx), ("hi", d, sy)],
                     ["small"] * 3)
    # The condition by truthiness: ints, floats with NaN (true), complex.
    for cd in ("int32", "uint8", "float32", "float64", "complex64"):
        add_case(f"where.cond-{cd}", "np.where(c, x, y)",
                 [("c", cd, (3, 4)), ("x", "int16", (3, 4)),
                  ("y", "int16", (3, 4))], ["small", "any", "any"],
                 specials=True)
    # Promotion of x and y, literals included.
    for prog, ins in (
            ("np.where(c, x, y)", [("c", "bool", (3, 4)), ("x", "uint8", (3, 4)),
                                   ("y", "int8", (4,))]),
            ("np.where(c, x, y)", [("c", "bool", (3, 4)), ("x", "int32", (3, 4)),
                                   ("y", "float32", (3, 4))]),
            ("np.where(c, x, 1000)", [("c", "bool", (3, 4)), ("x", "int8", (3, 4))]),
            ("np.where(c, x, 1.5)", [("c", "bool", (3, 4)), ("x", "int8", (3, 4))]),
            ("np.where(c, 0, x)", [("c", "bool", (3, 4)), ("x", "float16", (3, 4))]),
            ("np.where(c > 0, x, -x)", [("c", "float32", (3, 4)), ("x", "float32", (3, 4))]),
            ("np.where(c, 1, 0)", [("c", "bool", (3, 4))]),
            ("np.where(True, x, y)", [("x", "int64", (3, 4)), ("y", "int64", (3, 4))])):
        add_case(f"where:{prog}:{ins[-1][1]}", prog, ins)
    # Literal bounds (weak promotion), one bound, lo > hi, NaN bounds.
    for prog, d in (("np.clip(x, -1, 2)", "int8"), ("np.clip(x, 0, 1000)", "int8"),
                    ("np.clip(x, -1, 2)", "uint8"), ("np.clip(x, 0.5, 1.5)", "int16"),
                    ("np.clip(x, -1.5, 2.5)", "float32"), ("np.clip(x, 0, 1)", "bool"),
                    ("np.clip(x, False, True)", "bool"), ("x.clip(0, 1)", "float64"),
                    ("np.clip(x, None, 2)", "int32"), ("x.clip(max=1)", "float16"),
                    ("x.clip(-1)", "float64"), ("np.clip(x, 2, -1)", "int64"),
                    ("np.clip(x, 2.0, -1.0)", "float64"),
                    ("np.clip(x, -1, 1)", "complex64"),
                    ("np.clip(x, np.nan, 1.0)", "float64"),
                    ("np.clip(x, -1.0, np.nan)", "float32"),
                    ("np.clip(x, np.nan, np.nan)", "float64"),
                    ("np.clip(x, np.nan, 1)", "int32"),
                    ("np.clip(x, None, np.nan)", "float64")):
        add_case(f"clip:{prog}:{d}", prog, [("x", d, (3, 4))], ["small"],
                 specials=True)
    # A NaN 0-d array bound clips nothing; NaN elements of an array bound
    # propagate (with_specials puts NaN first).
    add_case("clip.0d-nan-bound", "np.clip(x, lo, hi)",
             [("x", "float64", (3, 4)), ("lo", "float64", ()),
              ("hi", "float64", (4,))], ["small"] * 3, specials=True)
    # NaN in one operand at a time, lo > hi, and the zero NumPy picks among
    # +0 and -0 (float16's loop keeps x, the others the bound).
    nan, inf = np.nan, np.inf
    xs = [nan, 1.0, 2.0, 3.0, -0.0, 0.0, 5.0, -5.0, 0.0, -0.0, 0.5, nan]
    los = [0.0, nan, 0.0, 5.0, 0.0, -0.0, -inf, 0.0, -0.0, 0.0, 1.0, nan]
    his = [1.0, 1.0, nan, 4.0, 1.0, 1.0, inf, -inf, 1.0, 1.0, 0.0, nan]
    for d in FLOATS:
        arrays = [np.array(v, dtype=d) for v in (xs, los, his)]
        CASES.append(Case(f"clip.{d}.nan-zeros", "np.clip(x, lo, hi)",
                          [(n, d, (12,)) for n in ("x", "lo", "hi")],
                          [DataSet("edge", arrays)], signed_zeros=True))
    for d in COMPLEXES:
        parts = [complex(1, nan), complex(nan, 0), 2 + 1j, 1 - 1j, 1 + 2j, -3j]
        x = np.array(parts, dtype=d)
        lo = np.array([0, 0, complex(2, nan), 1 + 0j, 1 + 3j, complex(0, -2)],
                      dtype=d)
        hi = np.array([5, 5, 5, 2 + 0j, 1 + 2.5j, complex(0, -4)], dtype=d)
        CASES.append(Case(f"clip.{d}.nan-lex", "np.clip(x, lo, hi)",
                          [(n, d, (6,)) for n in ("x", "lo", "hi")],
                          [DataSet("edge", [x, lo, hi])]))
    # >= 1M elements and Fortran order.
    add_case("where.float32.large", "np.where(c, x, 0.0)",
             [("c", "bool", (1024, 1024)), ("x", "float32", (1024, 1024))])
    add_case("clip.float32.large", "np.clip(x, -1.0, 1.0)",
             [("x", "float32", (1024, 1024))])
    add_case("clip.int32.large-bcast", "np.clip(x, lo, hi)",
             [("x", "int32", (1024, 1024)), ("lo", "int32", (1024,)),
              ("hi", "int32", (1024, 1))])
    add_case("where.float64.fortran", "np.where(c, x, y)",
             [("c", "bool", (3, 4)), ("x", "float64", (3, 4)),
              ("y", "float64", (3, 4))], fortran=True)
    add_case("where.cond-float64.fortran", "np.where(c, x, y)",
             [("c", "float64", (3, 4)), ("x", "float64", (3, 4)),
              ("y", "float64", (3, 4))], ["small", "any", "any"], fortran=True)
    add_case("clip.float64.fortran", "np.clip(x, lo, hi)",
             [("x", "float64", (3, 4)), ("lo", "float64", (3, 4)),
              ("hi", "float64", (3, 4))], ["small"] * 3, fortran=True)
    for cid, prog, ins, kind in (
            ("where.broadcast", "np.where(c, x, y)",
             [("c", "bool", (3,)), ("x", "int32", (4,)), ("y", "int32", ())],
             "broadcast"),
            ("clip.broadcast", "np.clip(x, lo, hi)",
             [("x", "int32", (3,)), ("lo", "int32", (4,)), ("hi", "int32", ())],
             "broadcast"),
            ("clip.no-bound", "np.clip(x, None, None)", [("x", "int32", (3,))],
             "value")):
        CASES.append(Case(cid, prog, ins, [], expect_translate_error=kind))


def build_creation():
    progs = []
    for d in ALL_DTYPES:
        nd = "np.bool_" if d == "bool" else f"np.{d}"
        progs += [f"np.zeros((2, 3), dtype={nd})", f"np.ones((3,), dtype={nd})",
                  f"np.full((2, 2), 1, dtype={nd})", f"np.eye(3, dtype={nd})"]
        if d not in ("bool",):
            progs.append(f"np.arange(1, 11, 3, dtype={nd})")
    progs += ["np.zeros((0, 3))", "np.ones(())", "np.full((2, 3), 7)",
              "np.full((2, 2), 2.5, dtype=np.float32)", "np.full((3,), -1.5)",
              "np.arange(10)", "np.arange(0, 5, 0.5)", "np.arange(5, -5, -3)",
              "np.arange(0.1, 1.0, 0.3, dtype=np.float32)",
              "np.linspace(0, 1, 5)", "np.linspace(-2, 3, 7, dtype=np.float32)",
              "np.linspace(0, 10, 5, endpoint=False)", "np.linspace(0, 1, 1)",
              "np.linspace(0, 1, 0)", "np.linspace(2, 10, 5, dtype=np.int32)",
              "np.eye(3)", "np.eye(3, 4, k=1, dtype=np.int32)",
              "np.eye(4, 3, k=-2)", "np.eye(2, 5, k=3, dtype=np.bool_)",
              "np.ones((1024, 1024), dtype=np.float32)"]
    for p in progs:
        CASES.append(Case(f"create:{p}", p, [], [DataSet("data", [])]))


def build_tutorial():
    # The TF-NumPy tutorial's type promotion table: values of each dtype added
    # pairwise (tnp.asarray(1, dtype=d)).
    dts = ["int32", "int64", "float32", "float64"]
    for i, a in enumerate(dts):
        for b in dts[i + 1:]:
            prog = f"np.asarray(1, dtype=np.{a}) + np.asarray(1, dtype=np.{b})"
            CASES.append(Case(f"tutorial-promotion:{a}+{b}", prog, [],
                              [DataSet("data", [])]))
    for prog in ("np.asarray(1)", "np.asarray(1.)", "np.asarray(1j)",
                 "np.ones([2, 3]) + np.ones([3]) + np.ones([1, 2, 1])"):
        CASES.append(Case(f"tutorial:{prog}", prog, [], [DataSet("data", [])]))
    # The broadcasting example with inputs.
    add_case("tutorial-broadcast", "x + y + z",
             [("x", "float64", (2, 3)), ("y", "float64", (3,)),
              ("z", "float64", (1, 2, 1))])


def build_tutorial_model():
    """examples/tutorial_model.mlir as written (not translated): @predict on
    ones((2, 32)) with fixed-seed weights, @main and @init_w1, against the
    same computation in NumPy."""
    path = os.path.join(SRC_ROOT, "examples", "tutorial_model.mlir")
    rng = np.random.default_rng(7)
    x = np.ones((2, 32), dtype=np.float32)
    w1_raw = rng.standard_normal((32, 64))
    w1 = (w1_raw.astype(np.float32) / np.float32(np.sqrt(32)))
    b = np.zeros(64, dtype=np.float32) + rng.standard_normal(64).astype(np.float32) * 0.1
    w2 = rng.standard_normal((64, 2)).astype(np.float32)
    # @run takes the float64 randn draws and scales them as the tutorial.
    b_raw = rng.standard_normal(64)
    w2_raw = rng.standard_normal((64, 2))

    def predict(x, w1, b, w2):
        return np.matmul(np.maximum(np.matmul(x, w1) + b, 0), w2)

    tol = {"rtol": 1e-5, "atol": 1e-5}
    for name, arrays, ref in (
            ("init_w1", [w1_raw],
             lambda w: w.astype(np.float32) / np.float32(np.sqrt(32))),
            ("predict", [x, w1, b, w2], predict),
            ("run", [w1_raw, b_raw, w2_raw],
             lambda w1r, br, w2r: predict(
                 x, w1r.astype(np.float32) / np.float32(np.sqrt(32)),
                 br.astype(np.float32), w2r.astype(np.float32) / 8))):
        c = Case(f"tutorial-model:@{name}", None, [], [DataSet("data", arrays)],
                 tol=tol, ref=ref)
        c.module_path = path
        c.file_func = name
        CASES.append(c)


def build_all():
    build_index_update()
    build_elementwise()
    build_bfloat16()
    build_complex_specials()
    build_astype()
    build_reductions()
    build_linalg()
    build_shapes()
    build_indexing()
    build_shape_ops()
    build_selection()
    build_creation()
    build_tutorial()
    build_tutorial_model()


#===----------------------------------------------------------------------===#
# Comparison
#===----------------------------------------------------------------------===#

EPS = {"float16": 2.0 ** -10, "float32": 2.0 ** -23, "float64": 2.0 ** -52,
       "complex64": 2.0 ** -23, "complex128": 2.0 ** -52}
# Elementwise relative tolerance in ulps of the result dtype (libm and
# NumPy's own loops may differ by a few ulps on transcendental functions).
ULPS = 8
# Reductions and contractions of n terms: the rounding error of a sum grows
# like eps * sqrt(n) relative to the size of the sum (rms * sqrt(n) for terms
# of root-mean-square rms); NumPy sums pairwise and tnp need not.
REDUCTION_C = 4


def compare(case, got, want, red_atol=0.0, bf16=False):
    """None when `got` matches `want`, else a short reason. `bf16`: both
    hold bfloat16 values as float32 (tolerances in bfloat16 ulps)."""
    want = np.asarray(want)
    if got.shape != want.shape:
        return f"shape {got.shape} != NumPy's {want.shape}"
    if got.dtype != want.dtype:
        return f"dtype {got.dtype} != NumPy's {want.dtype}"
    if got.size == 0:
        return None
    kind = got.dtype.kind
    if kind in "biu":
        if np.array_equal(got, want):
            return None
        bad = np.argwhere(got != want)
        i = tuple(bad[0])
        return (f"{len(bad)} of {got.size} differ; first at {i}: "
                f"got {got[i]!r}, want {want[i]!r}")
    parts = ([(got, want)] if kind == "f" else
             [(got.real, want.real), (got.imag, want.imag)])
    for g, w in parts:
        if not np.array_equal(np.isnan(g), np.isnan(w)):
            i = tuple(np.argwhere(np.isnan(g) != np.isnan(w))[0])
            return (f"NaN positions differ; first at {i}: got {got[i]!r}, "
                    f"want {want[i]!r}")
        ginf, winf = np.isinf(g), np.isinf(w)
        if not np.array_equal(ginf, winf) or not np.array_equal(g[ginf], w[winf]):
            i = tuple(np.argwhere((ginf != winf) | (ginf & (g != w)))[0])
            return (f"inf positions differ; first at {i}: got {got[i]!r}, "
                    f"want {want[i]!r}")
        if case.signed_zeros:
            wz = w == 0
            bad = wz & ((g != 0) | (np.signbit(g) != np.signbit(w)))
            if bad.any():
                i = tuple(np.argwhere(bad)[0])
                return (f"zeros differ (value or sign); first at {i}: got "
                        f"{got[i]!r}, want {want[i]!r}")
    eps = 2.0 ** -8 if bf16 else EPS[got.dtype.name]
    n = max(case.reduce_count, 1)
    rtol = case.tol.get("rtol", ULPS * eps * math.sqrt(n))
    atol = case.tol.get("atol", eps) + red_atol
    g64 = got.astype(np.complex128 if kind == "c" else np.float64)
    w64 = want.astype(np.complex128 if kind == "c" else np.float64)
    fin = np.isfinite(g64) & np.isfinite(w64)
    with np.errstate(all="ignore"):
        err = np.abs(g64 - w64)
    bad = fin & (err > atol + rtol * np.abs(w64))
    if bad.any():
        i = tuple(np.argwhere(bad)[0])
        return (f"{int(bad.sum())} of {got.size} outside rtol={rtol:.2g} "
                f"atol={atol:.2g}; first at {i}: got {got[i]!r}, want {want[i]!r}")
    return None


def reduction_atol(case, arrays, dtype):
    """The absolute error a sum of case.reduce_count terms may carry:
    REDUCTION_C * eps * sqrt(n) relative to the size of such a sum,
    rms * sqrt(n), where rms is the terms' root-mean-square (the product of
    the inputs' for a contraction). A mean divides both by n."""
    n = case.reduce_count
    if n <= 1 or dtype.kind not in "fc":
        return 0.0
    rms = 1.0
    for a in arrays:
        a = np.asarray(a)
        if a.size == 0 or a.dtype == np.bool_:
            continue
        v = np.abs(a.astype(np.complex128)).reshape(-1)
        v = v[np.isfinite(v)]
        if v.size:
            rms *= max(float(np.sqrt(np.mean(v * v))), 1e-30)
    tol = REDUCTION_C * EPS[dtype.name] * math.sqrt(n) * rms * math.sqrt(n)
    if case.program.startswith("np.mean"):
        tol /= n
    return tol


#===----------------------------------------------------------------------===#
# Running
#===----------------------------------------------------------------------===#


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, **kw)


def translate(cases, work, tnp_case):
    """Fills case.ir / case.translate_error with tnp-case translate."""
    doc = {"mode": "legacy", "cases": []}
    for i, c in enumerate(cases):
        if c.module_path:
            continue
        doc["cases"].append({
            "id": f"t{i}", "program": c.program,
            "inputs": [{"name": n, "dtype": d, "shape": list(s)}
                       for n, d, s in c.inputs],
            "expected": {"shape": [], "dtype": "bool", "values": [False]}})
    path = os.path.join(work, "cases.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    r = run([tnp_case, "translate", path])
    if r.returncode != 0 and not r.stdout:
        sys.exit(f"e2e: tnp-case translate failed: {r.stderr}")
    for chunk in r.stdout.split("// -----"):
        m = re.search(r"^// case t(\d+)(.*)$", chunk, re.M)
        if not m:
            continue
        c = cases[int(m.group(1))]
        if m.group(2).startswith(":"):
            c.translate_error = m.group(2)[1:].strip()
            continue
        lines = chunk[m.end():].strip().splitlines()
        if not lines or not lines[0].startswith("module attributes"):
            c.translate_error = "unexpected translator output"
            continue
        c.module_attrs = lines[0]
        c.ir = "\n".join(lines[1:-1])   # the function(s) inside the module


def write_npy(path, a, fortran):
    a = np.asarray(a)
    if fortran and a.ndim >= 2:
        a = np.asfortranarray(a)
    np.save(path, a)


class Result:
    def __init__(self):
        self.passed = 0
        self.failed = []     # (case id, message)
        self.xfailed = []    # (case id, reason, message)
        self.xpassed = []


def xfail_reason(cid):
    for pat, reason in XFAIL.items():
        if re.search(pat, cid):
            return reason
    return None


def run_module(idx, items, attrs, work, tnp_run, opt, timeout, log,
               fixed_path=None):
    """Runs the (case, dataset) items whose functions form one module.
    Returns {(case id, tag): (status, message)} with status ok/error/crash/
    compile. Functions that break compilation are isolated and dropped."""
    outcome = {}
    pending = list(items)
    attempt = 0
    while pending:
        attempt += 1
        funcs = []
        seen = set()
        for c, _ in pending:
            if c.func not in seen:
                seen.add(c.func)
                funcs.append(c)
        # Module text, remembering where each function starts.
        lines = [attrs]
        starts = []
        for c in funcs:
            starts.append((len(lines) + 1, c))
            if not fixed_path:
                lines += c.ir.replace("@case(", f"@{c.func}(").splitlines()
        lines.append("}")
        mpath = fixed_path or os.path.join(work, f"m{idx}_{attempt}.mlir")
        if not fixed_path:
            with open(mpath, "w") as f:
                f.write("\n".join(lines) + "\n")
        bpath = os.path.join(work, f"m{idx}_{attempt}.batch")
        with open(bpath, "w") as f:
            for c, ds in pending:
                f.write(f"{c.func} {' '.join(ds.in_paths)} -> {ds.out_path}\n")
        t0 = time.time()
        try:
            r = run([tnp_run, mpath, "--batch", bpath, f"-O{opt}",
                     "--check-leaks"],
                    timeout=timeout)
            rc, out, err = r.returncode, r.stdout, r.stderr
        except subprocess.TimeoutExpired as e:
            out = e.stdout or ""
            rc, out, err = -999, out if isinstance(out, str) else out.decode(), "timeout"
        log(f"module {idx}.{attempt}: {len(funcs)} functions, {len(pending)} calls, "
            f"{time.time() - t0:.1f}s, rc={rc}")
        status_lines = [l for l in out.splitlines()
                        if l.startswith("ok @") or l.startswith("error @")]
        if not status_lines and rc != 0:
            # The module did not compile: blame the functions the
            # diagnostics point at, else split.
            bad = set()
            for m in re.finditer(re.escape(mpath) + r":(\d+):\d+: error: (.*)", err):
                line = int(m.group(1))
                owner = None
                for start, c in starts:
                    if start <= line:
                        owner = c
                if owner is not None:
                    bad.add(owner.func)
                    for c, ds in pending:
                        if c.func == owner.func:
                            outcome.setdefault((c.id, ds.tag), (
                                "compile", m.group(2).strip()))
            if not bad:
                if len(funcs) == 1 or fixed_path:
                    for c, ds in pending:
                        outcome[(c.id, ds.tag)] = ("compile", err.strip()[-400:])
                    return outcome
                half = len(funcs) // 2
                first = {c.func for c in funcs[:half]}
                a = [(c, ds) for c, ds in pending if c.func in first]
                b = [(c, ds) for c, ds in pending if c.func not in first]
                outcome.update(run_module(f"{idx}a{attempt}", a, attrs, work,
                                          tnp_run, opt, timeout, log))
                outcome.update(run_module(f"{idx}b{attempt}", b, attrs, work,
                                          tnp_run, opt, timeout, log))
                return outcome
            pending = [(c, ds) for c, ds in pending if c.func not in bad]
            continue
        # Per-line statuses; a message is the stderr text of that line.
        err_lines = [l for l in err.splitlines() if l.startswith("tnp-run: ")]
        msgs = iter(err_lines)
        done = 0
        for (c, ds), st in zip(pending, status_lines):
            done += 1
            if st.startswith("ok @"):
                outcome[(c.id, ds.tag)] = ("ok", "")
            else:
                outcome[(c.id, ds.tag)] = ("error", next(msgs, "tnp-run: ?")[9:])
        if done == len(pending):
            break
        # tnp-run died on pending[done]: record it and go on after it.
        c, ds = pending[done]
        why = f"tnp-run died (rc={rc})" + (": " + err.strip().splitlines()[-1]
                                          if err.strip() else "")
        outcome[(c.id, ds.tag)] = ("crash", why)
        pending = pending[done + 1:]
    return outcome


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work-dir")
    ap.add_argument("--bin-dir", default=None,
                    help="where tnp-run and tnp-case are (default: PATH, "
                         "else build/bin)")
    ap.add_argument("--run-tool", default=None, help="the tnp-run to use")
    ap.add_argument("--case-tool", default=None, help="the tnp-case to use")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("-O", dest="opt", type=int, default=2)
    ap.add_argument("--module-size", type=int, default=120)
    ap.add_argument("--filter", default=None)
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()

    def tool(name):
        if args.bin_dir:
            return os.path.join(args.bin_dir, name)
        found = shutil.which(name)
        return found or os.path.join(SRC_ROOT, "build", "bin", name)

    tnp_run = args.run_tool or tool("tnp-run")
    tnp_case = args.case_tool or tool("tnp-case")
    work = args.work_dir or tempfile.mkdtemp(prefix="tnp-e2e-")
    os.makedirs(work, exist_ok=True)
    log = (lambda s: print("# " + s, file=sys.stderr)) if args.verbose else (lambda s: None)

    t0 = time.time()
    build_all()
    cases = [c for c in CASES if not args.filter or args.filter in c.id]
    ids = set()
    for c in cases:
        assert c.id not in ids, c.id
        ids.add(c.id)
    translate(cases, work, tnp_case)
    log(f"{len(cases)} cases translated in {time.time() - t0:.1f}s")

    result = Result()

    def record(cid, ok, message):
        reason = xfail_reason(cid)
        if ok and reason:
            result.xpassed.append((cid, reason))
        elif ok:
            result.passed += 1
        elif reason:
            result.xfailed.append((cid, reason, message))
        else:
            result.failed.append((cid, message))

    # Translation outcomes, and the items to run.
    items = []
    attrs_of = {}
    fixed = {}
    for i, c in enumerate(cases):
        if c.expect_translate_error:
            ok = (c.translate_error or "").startswith(c.expect_translate_error + " error")
            record(c.id, ok, f"expected a {c.expect_translate_error} error at "
                   f"compile time, got: {c.translate_error or 'a translation'}")
            continue
        if c.module_path:
            c.func = c.file_func
            fixed.setdefault(c.module_path, []).append(c)
        elif c.translate_error:
            record(c.id, False, "translate: " + c.translate_error)
            continue
        else:
            c.func = f"f{i}"
            attrs_of.setdefault(c.module_attrs, []).append(c)
        for j, ds in enumerate(c.datasets):
            ds.in_paths = []
            for k, a in enumerate(ds.arrays):
                p = os.path.join(work, f"f{i}_{j}_in{k}.npy")
                if k < len(c.inputs) and c.inputs[k][1] == "bfloat16":
                    a = bf16_npy(a)
                write_npy(p, a, ds.fortran[k])
                ds.in_paths.append(p)
            ds.out_path = os.path.join(work, f"f{i}_{j}_out.npy")
            items.append((c, ds))

    # Modules: consecutive functions, module-size functions each.
    modules = []
    for attrs, group in attrs_of.items():
        for s in range(0, len(group), args.module_size):
            funcs = {c.func for c in group[s:s + args.module_size]}
            modules.append((attrs, [(c, ds) for c, ds in items
                                    if not c.module_path and c.func in funcs],
                            None))
    for path, group in fixed.items():
        modules.append((None, [(c, ds) for c, ds in items if c in group], path))
    log(f"{len(items)} calls in {len(modules)} modules")
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(run_module, i, its, attrs, work, tnp_run,
                               args.opt, args.timeout, log, path)
                   for i, (attrs, its, path) in enumerate(modules)]
        outcomes = {}
        for f in futures:
            outcomes.update(f.result())

    for c, ds in items:
        cid = f"{c.id}[{ds.tag}]"
        status, message = outcomes.get((c.id, ds.tag), ("missing", "no result"))
        if status != "ok":
            if ds.expect_error and status == "error" and ds.expect_error in message:
                record(cid, True, "")
            else:
                record(cid, False, f"{status}: {message}")
            continue
        try:
            got = np.load(ds.out_path)
        except Exception as e:  # noqa: BLE001
            record(cid, False, f"cannot read the result: {e}")
            continue
        bf16_result = got.dtype == np.dtype("V2")
        if bf16_result:
            got = (got.view("<u2").astype(np.uint32) << 16).view(np.float32)
        if ds.expected is not None:
            want = ds.expected
        else:
            try:
                want = c.reference(ds.arrays)
            except Exception as e:  # noqa: BLE001
                record(cid, False, f"NumPy raised {type(e).__name__}: {e}")
                continue
        want = np.asarray(want)
        bf16_case = any(d == "bfloat16" for _, d, _ in c.inputs)
        if bf16_result != (bf16_case and want.dtype == np.float32):
            record(cid, False, f"result dtype {'bfloat16' if bf16_result else got.dtype}"
                   f", NumPy (ml_dtypes rules) gives "
                   f"{'bfloat16' if not bf16_result else want.dtype}")
            continue
        why = compare(c, got, want, reduction_atol(c, ds.arrays, want.dtype),
                      bf16=bf16_result)
        record(cid, why is None, why)

    for cid, msg in result.failed:
        print(f"FAIL {cid}: {msg}")
    for cid, reason in result.xpassed:
        print(f"XPASS {cid}: expected to fail ({reason}) but passed")
    for cid, reason, msg in result.xfailed:
        print(f"XFAIL {cid}: {reason} [{msg}]")
    nfail = len(result.failed) + len(result.xpassed)
    print(f"e2e: {result.passed} passed, {nfail} failed")
    if result.xfailed:
        print(f"e2e: {len(result.xfailed)} expected failures (known compiler "
              f"bugs, listed above with their reasons)")
    log(f"total {time.time() - t0:.1f}s")
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main())
