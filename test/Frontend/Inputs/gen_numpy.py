"""Cases for tnp-frontend-check: NumPy 1.24's answers for the C++ API's
functions, written to OUT_DIR as .npy files and a manifest.

  gen_numpy.py OUT_DIR

Each manifest line is `ID FUNC ARG... -> RESULT` or `ID FUNC ARG... !KIND`:
ARG is `a:FILE.npy` (an array), `i:INT`, `f:FLOAT` or `b:0/1` (a C++
literal, weak like a Python one), `axis:N|None`, `keep:0/1`, `dtype:NAME`,
`shape:D,D,...`; RESULT a .npy file; KIND the class of NumPy's exception
(TypeError, ValueError, AxisError, ...), which the thrown tnp::Error's
pythonException() must name.
"""
import os
import sys
import warnings

import numpy as np

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(5)
warnings.simplefilter("ignore")
lines = []
counter = [0]

UNARY = ["negative", "positive", "absolute", "sign", "square", "reciprocal",
         "sqrt", "exp", "log", "log1p", "expm1", "sin", "cos", "tan", "arcsin",
         "arccos", "arctan", "sinh", "cosh", "tanh", "floor", "ceil", "round",
         "isnan", "isinf", "isfinite", "logical_not", "invert"]
BINARY = ["add", "subtract", "multiply", "true_divide", "floor_divide", "mod",
          "power", "maximum", "minimum", "arctan2", "equal", "not_equal",
          "less", "less_equal", "greater", "greater_equal", "logical_and",
          "logical_or", "logical_xor", "bitwise_and", "bitwise_or",
          "bitwise_xor"]
DTYPES = ["bool", "int8", "uint16", "int64", "float16", "float32", "float64",
          "complex128"]
ERRORS = (TypeError, ValueError, IndexError, OverflowError)


def data(dtype, shape, positive=False):
    dt = np.dtype(dtype)
    if dt.kind == "b":
        return rng.random(shape) < 0.5
    if dt.kind in "iu":
        lo = 1 if positive else (0 if dt.kind == "u" else -9)
        return rng.integers(lo, 10, shape).astype(dt)
    if dt.kind == "c":
        return (rng.uniform(0.1, 2, shape) + 1j * rng.uniform(-1, 1, shape)).astype(dt)
    v = rng.uniform(0.1 if positive else -2, 2, shape)
    return v.astype(dt)


def save(a):
    counter[0] += 1
    name = f"t{counter[0]}.npy"
    np.save(os.path.join(OUT, name), np.asarray(a))
    return name


def case(cid, func, args, compute):
    spec = []
    for a in args:
        if isinstance(a, np.ndarray):
            spec.append("a:" + save(a))
        else:
            spec.append(a)
    try:
        with np.errstate(all="ignore"):
            r = compute()
        lines.append(f"{cid} {func} {' '.join(spec)} -> {save(r)}")
    except ERRORS as e:
        # The class a Python caller catches: AxisError, else the builtin
        # base (UFuncTypeError is a TypeError).
        name = "AxisError" if isinstance(e, np.AxisError) else next(
            c.__name__ for c in ERRORS if isinstance(e, c))
        lines.append(f"{cid} {func} {' '.join(spec)} !{name}")


for d in DTYPES:
    x = data(d, (3, 4), positive=True)
    for f in UNARY:
        case(f"{f}.{d}", f, [x], lambda f=f, x=x: getattr(np, f)(x))
    y = data(d, (3, 1), positive=True)
    z = data(d, (4,), positive=True)
    for f in BINARY:
        case(f"{f}.{d}", f, [y, z], lambda f=f, y=y, z=z: getattr(np, f)(y, z))
    # Weak C++ literals: value-based in legacy mode.
    for lit, val in (("i:1000", 1000), ("f:2.5", 2.5), ("i:-1", -1)):
        case(f"add.{d}.{lit}", "add", [x, lit], lambda x=x, v=val: np.add(x, v))
    case(f"multiply.f:0.5.{d}", "multiply", ["f:0.5", x],
         lambda x=x: np.multiply(0.5, x))
    # Reductions.
    for f in ("sum", "prod", "mean", "max", "min", "any", "all"):
        combos = ((("None", "0"), ("0", "1"), ("-1", "0")) if f in ("sum", "max")
                  else (("None", "0"), ("-1", "1")))
        for axis, keep in combos:
            if True:
                ax = None if axis == "None" else int(axis)
                case(f"{f}.{d}.{axis}.{keep}", f, [x, f"axis:{axis}", f"keep:{keep}"],
                     lambda f=f, x=x, ax=ax, k=keep == "1":
                         getattr(np, f)(x, axis=ax, keepdims=k))
    for f in ("argmax", "argmin"):
        for axis in (("None", "1") if f == "argmax" else ("1",)):
            ax = None if axis == "None" else int(axis)
            case(f"{f}.{d}.{axis}", f, [x, f"axis:{axis}"],
                 lambda f=f, x=x, ax=ax: getattr(np, f)(x, axis=ax))
    # Conversions and data movement.
    for t in ("bool", "int8", "uint64", "float16", "float32", "complex64"):
        case(f"astype.{d}.{t}", "astype", [x, f"dtype:{t}"],
             lambda x=x, t=t: x.astype(t))
    case(f"transpose.{d}", "transpose", [x], lambda x=x: x.T)
    case(f"reshape.{d}", "reshape", [x, "shape:2,-1"], lambda x=x: x.reshape(2, -1))
    w = data(d, (4, 2))
    case(f"matmul.{d}", "matmul", [x, w], lambda x=x, w=w: np.matmul(x, w))
    v = data(d, (4,))
    case(f"dot.{d}", "dot", [v, v], lambda v=v: np.dot(v, v))
    cond = data("bool", (3, 4))
    case(f"where.{d}", "where", [cond, x, z], lambda c=cond, x=x, z=z: np.where(c, x, z))
    case(f"clip.{d}", "clip", [x, "i:2", "i:5"], lambda x=x: np.clip(x, 2, 5))

# Errors of shapes and axes.
a = data("float64", (2, 3))
case("add.bcast-error", "add", [a, data("float64", (4,))],
     lambda: np.add(a, np.zeros(4)))
case("sum.axis-error", "sum", [a, "axis:2", "keep:0"], lambda: np.sum(a, axis=2))
case("matmul.shape-error", "matmul", [a, a], lambda: np.matmul(a, a))
case("reshape.error", "reshape", [a, "shape:4"], lambda: a.reshape(4))
case("power.negative", "power", [np.array([2, 3]), np.array([-1, 2])],
     lambda: np.power(np.array([2, 3]), np.array([-1, 2])))

with open(os.path.join(OUT, "manifest.txt"), "w") as f:
    f.write("\n".join(lines) + "\n")
print(f"{len(lines)} cases")
