#!/usr/bin/python3
# ===- scripts/gen_numpy_tables.py - NumPy 1.24 reference tables ---------=== #
#
# Writes NumPy 1.24's real answers for the semantics library's unit tests
# (test/Unit/Semantics/data/numpy_tables.txt):
#
#   promote_types A B RESULT          np.promote_types for all dtype pairs
#   can_cast A B 0|1                  np.can_cast(A, B, casting='safe')
#   result_type3 A B R1 .. R14        np.result_type(A, B, C) for C in the
#                                     14 dtypes (order of promote_types)
#   result_type_lit PF32 ARRAYS LITERALS RESULT
#       np.result_type(*ARRAYS, *LITERALS) as TF-NumPy calls it: tnp arrays
#       are passed as np.dtype objects, Python literals as values. PF32=1
#       replays prefer_float32 (Python floats/complex become np.float32 /
#       np.complex64 scalars). ARRAYS is a comma list or "-"; LITERALS is a
#       ";" list of int:V, float:V, complex:RE,IM, bool:V, or "-".
#   ufunc NAME IN[,IN2] COMPUTE RESULT  the resolved loop of every ufunc for
#       every input dtype (binary: every pair of dtypes), from 1-element
#       arrays; COMPUTE is the loop's first input dtype ("-" when NumPy has
#       no resolve_dtypes for it); "error" when NumPy raises.
#   result_type3x A B C RESULT        one np.result_type triple (bf16 file)
#   reduction NAME DTYPE RESULT       np.sum/prod/mean/max/min/argmax/argmin/
#                                     any/all of a 1-D array
#
# Run it with Debian's /usr/bin/python3 (python3-numpy 1.24.2). It prints
# nothing and writes the file deterministically.
#
# When ml_dtypes is importable as well (e.g. a venv made with
# --system-site-packages plus `pip install ml_dtypes==0.2.0`), it also writes
# numpy_bf16_tables.txt with the same records for bfloat16; without
# ml_dtypes that file is left as it is.
#
# ===---------------------------------------------------------------------=== #

import os
import sys
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "test", "Unit", "Semantics", "data")

DTYPES = ["bool", "uint8", "uint16", "uint32", "uint64", "int8", "int16",
          "int32", "int64", "float16", "float32", "float64", "complex64",
          "complex128"]

# tnp ufunc name -> NumPy function.
UFUNCS = [
    ("add", "add"), ("subtract", "subtract"), ("multiply", "multiply"),
    ("true_divide", "true_divide"), ("floor_divide", "floor_divide"),
    ("mod", "remainder"), ("power", "power"), ("negative", "negative"),
    ("positive", "positive"), ("abs", "absolute"), ("sign", "sign"),
    ("square", "square"), ("reciprocal", "reciprocal"),
    ("maximum", "maximum"), ("minimum", "minimum"),
    ("sqrt", "sqrt"), ("exp", "exp"), ("log", "log"), ("log1p", "log1p"),
    ("expm1", "expm1"), ("sin", "sin"), ("cos", "cos"), ("tan", "tan"),
    ("arcsin", "arcsin"), ("arccos", "arccos"), ("arctan", "arctan"),
    ("arctan2", "arctan2"), ("sinh", "sinh"), ("cosh", "cosh"),
    ("tanh", "tanh"), ("floor", "floor"), ("ceil", "ceil"),
    ("round", "around"),
    ("isnan", "isnan"), ("isinf", "isinf"), ("isfinite", "isfinite"),
    ("equal", "equal"), ("not_equal", "not_equal"), ("less", "less"),
    ("less_equal", "less_equal"), ("greater", "greater"),
    ("greater_equal", "greater_equal"),
    ("logical_and", "logical_and"), ("logical_or", "logical_or"),
    ("logical_xor", "logical_xor"), ("logical_not", "logical_not"),
    ("bitwise_and", "bitwise_and"), ("bitwise_or", "bitwise_or"),
    ("bitwise_xor", "bitwise_xor"), ("invert", "invert"),
]

REDUCTIONS = ["sum", "prod", "mean", "max", "min", "argmax", "argmin", "any",
              "all"]

# Literal values (Python objects) for result_type_lit.
INTS = [0, 1, 2, 127, 128, 255, 256, 300, 1000, 32767, 32768, 65535, 65536,
        2**31 - 1, 2**31, 2**32 - 1, 2**32, 2**40, 2**63 - 1, 2**63,
        2**64 - 1, -1, -128, -129, -300, -32768, -32769, -2**31, -2**31 - 1,
        -2**40, -2**63]
FLOATS = [0.0, 1.5, -1.5, 64999.0, 65000.0, 1e5, -1e5, 3.3e38, 3.4e38, 1e40,
          -1e40, float("inf"), float("nan")]
COMPLEXES = [1 + 2j, 1j, 1e5 + 0j, 1e40 + 1j, 1 + 1e40j]
BOOLS = [True, False]
SINGLE_LITERALS = INTS + FLOATS + COMPLEXES + BOOLS
LITERAL_LISTS = [[10, 20], [-1, 200], [5, 300], [1, 2.5], [True, 1],
                 [1.5, 1j], [1000, -1], [True, 2.5], [2**63, 1],
                 [100000.0, 1], [1.5, 2], [-1, 1e5], [True, False]]
PAIR_LITERALS = [5, 200, -1, 1000, 1.5, 1e5, 1 + 2j, True]


def lit_str(v):
    if isinstance(v, bool):
        return "bool:%s" % v
    if isinstance(v, int):
        return "int:%d" % v
    if isinstance(v, float):
        return "float:%r" % v
    if isinstance(v, complex):
        return "complex:%r,%r" % (v.real, v.imag)
    raise TypeError(v)


def as_tf_value(v, pf32):
    """What TF-NumPy hands np.result_type for a Python literal."""
    if pf32 and isinstance(v, float):
        return np.float32(v)
    if pf32 and isinstance(v, complex):
        return np.complex64(v)
    return v


def result_or_error(f):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with np.errstate(all="ignore"):
                return str(f())
    except (TypeError, ValueError, OverflowError):
        return "error"


def has_inexact(vals):
    return any(isinstance(v, (float, complex)) and not isinstance(v, bool)
               for v in vals)


def result_type_lit_lines(dtypes, arrays_list, literal_sets, pf32s=(0, 1)):
    lines = []
    for arrays in arrays_list:
        for lits in literal_sets:
            for pf32 in pf32s:
                if pf32 and not has_inexact(lits):
                    continue
                args = [dtypes[a] for a in arrays]
                args += [as_tf_value(v, pf32) for v in lits]
                res = result_or_error(lambda: np.result_type(*args))
                lines.append("result_type_lit %d %s %s %s" % (
                    pf32, ",".join(arrays) or "-",
                    ";".join(lit_str(v) for v in lits) or "-", res))
    return lines


def ufunc_line(tnp_name, fn, ins, dtypes):
    def call():
        xs = [np.ones(1, dtype=dtypes[i]) for i in ins]
        return fn(*xs).dtype
    res = result_or_error(call)
    compute = "-"
    if res != "error" and hasattr(fn, "resolve_dtypes"):
        try:
            rd = fn.resolve_dtypes(tuple(dtypes[i] for i in ins) + (None,))
            compute = str(rd[0])
        except (TypeError, ValueError):
            compute = "-"
    if res == "error":
        return "ufunc %s %s error" % (tnp_name, ",".join(ins))
    return "ufunc %s %s %s %s" % (tnp_name, ",".join(ins), compute, res)


def reduction_line(name, dt, dtypes):
    def call():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return np.asarray(getattr(np, name)(np.ones(3, dtype=dtypes[dt]))).dtype
    return "reduction %s %s %s" % (name, dt, result_or_error(call))


def numpy_lines():
    dts = {n: np.dtype(n) for n in DTYPES}
    lines = []
    for a in DTYPES:
        for b in DTYPES:
            lines.append("promote_types %s %s %s" % (
                a, b, result_or_error(lambda: np.promote_types(dts[a], dts[b]))))
    for a in DTYPES:
        for b in DTYPES:
            lines.append("can_cast %s %s %d" % (
                a, b, int(np.can_cast(dts[a], dts[b], casting="safe"))))
    for a in DTYPES:
        for b in DTYPES:
            lines.append("result_type3 %s %s %s" % (a, b, " ".join(
                result_or_error(lambda: np.result_type(dts[a], dts[b], dts[c]))
                for c in DTYPES)))
    singles = [[v] for v in SINGLE_LITERALS]
    lines += result_type_lit_lines(dts, [[]], singles + LITERAL_LISTS)
    lines += result_type_lit_lines(dts, [[a] for a in DTYPES],
                                   singles + LITERAL_LISTS)
    lines += result_type_lit_lines(dts, [[a, b] for a in DTYPES for b in DTYPES],
                                   [[v] for v in PAIR_LITERALS], pf32s=(0,))
    for tnp_name, np_name in UFUNCS:
        fn = getattr(np, np_name)
        nin = 1 if np_name == "around" else fn.nin
        if nin == 1:
            for a in DTYPES:
                lines.append(ufunc_line(tnp_name, fn, [a], dts))
        else:
            for a in DTYPES:
                for b in DTYPES:
                    lines.append(ufunc_line(tnp_name, fn, [a, b], dts))
    for name in REDUCTIONS:
        for dt in DTYPES:
            lines.append(reduction_line(name, dt, dts))
    return lines


def bf16_lines(ml_dtypes):
    dts = {n: np.dtype(n) for n in DTYPES}
    dts["bfloat16"] = np.dtype(ml_dtypes.bfloat16)
    alldt = DTYPES + ["bfloat16"]
    bf = "bfloat16"
    lines = []
    for x in alldt:
        for a, b in ((bf, x), (x, bf)):
            lines.append("promote_types %s %s %s" % (
                a, b, result_or_error(lambda: np.promote_types(dts[a], dts[b]))))
    for x in alldt:
        for a, b in ((bf, x), (x, bf)):
            lines.append("can_cast %s %s %d" % (
                a, b, int(np.can_cast(dts[a], dts[b], casting="safe"))))
    for x in alldt:
        for y in alldt:
            for trip in ((bf, x, y), (x, y, bf)):
                lines.append("result_type3x %s %s %s %s" % (
                    trip + (result_or_error(
                        lambda: np.result_type(*[dts[t] for t in trip])),)))
    singles = [[v] for v in SINGLE_LITERALS]
    lines += result_type_lit_lines(dts, [[bf]], singles + LITERAL_LISTS)
    lines += result_type_lit_lines(dts, [[bf, x] for x in alldt] +
                                   [[x, bf] for x in DTYPES],
                                   [[v] for v in PAIR_LITERALS])
    for tnp_name, np_name in UFUNCS:
        fn = getattr(np, np_name)
        nin = 1 if np_name == "around" else fn.nin
        lines.append(ufunc_line(tnp_name, fn, [bf] * nin, dts))
    for name in REDUCTIONS:
        lines.append(reduction_line(name, bf, dts))
    return lines


def write(path, header, lines):
    with open(path, "w", encoding="ascii", newline="\n") as f:
        for h in header:
            f.write("# " + h + "\n")
        for line in lines:
            f.write(line + "\n")


def main():
    warnings.simplefilter("ignore")
    np.seterr(all="ignore")
    os.makedirs(DATA, exist_ok=True)
    header = [
        "NumPy %s reference answers for tnp's semantics library." % np.__version__,
        "Generated by scripts/gen_numpy_tables.py; do not edit by hand.",
    ]
    write(os.path.join(DATA, "numpy_tables.txt"), header, numpy_lines())
    try:
        import ml_dtypes  # noqa: F401  (optional)
    except ImportError:
        return 0
    write(os.path.join(DATA, "numpy_bf16_tables.txt"),
          header[:1] + ["bfloat16 from ml_dtypes %s." % ml_dtypes.__version__] +
          header[1:], bf16_lines(ml_dtypes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
