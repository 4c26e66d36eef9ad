#!/usr/bin/python3
#===- gen_data.py - NumPy-written inputs and answers for the runtime tests -===#
#
# Part of tnp. Run with NumPy 1.24 (Debian 12's /usr/bin/python3) from this
# directory: `/usr/bin/python3 gen_data.py`. Writes:
#   npy/*.npy          files np.save wrote (every dtype; 0-d, empty,
#                      big-endian, Fortran order, format 2.0) and malformed
#                      ones (bad magic, truncated, bad header, object, ...)
#   print/*.npy        arrays to print, and print/expected.txt with NumPy's
#                      str() and repr() of each
#   floats/*.npy       sample floats per dtype, and floats/expected.txt with
#                      str() of each scalar and of a one-element array
#===------------------------------------------------------------------------===#

import io
import os
import numpy as np

assert np.__version__.startswith("1.24"), np.__version__
here = os.path.dirname(os.path.abspath(__file__))


def path(*parts):
    p = os.path.join(here, *parts)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


DTYPES = ["bool", "uint8", "uint16", "uint32", "uint64", "int8", "int16",
          "int32", "int64", "float16", "float32", "float64", "complex64",
          "complex128"]


def sample(dtype):
    """A 2x3 array with values that exercise the dtype's range."""
    if dtype == "bool":
        return np.array([[True, False, True], [False, False, True]])
    info = None
    if dtype.startswith(("int", "uint")):
        info = np.iinfo(dtype)
        return np.array([[info.min, 0, 1], [2, info.max - 1, info.max]],
                        dtype=dtype)
    if dtype.startswith("float"):
        return np.array([[0.5, -1.25, np.inf], [-0.0, 3.0, np.nan]],
                        dtype=dtype)
    return np.array([[1 + 2j, -0.5j, np.inf], [0, 3 - 4j, complex(np.nan, 1)]],
                    dtype=dtype)


# --- .npy files -------------------------------------------------------------
for dt in DTYPES:
    a = sample(dt)
    np.save(path("npy", dt + ".npy"), a)
    np.save(path("npy", dt + "_0d.npy"), a.reshape(-1)[1])
    np.save(path("npy", dt + "_empty.npy"), np.zeros((0, 3), dtype=dt))

np.save(path("npy", "be_int32.npy"), np.arange(6, dtype=">i4").reshape(2, 3))
np.save(path("npy", "be_float64.npy"),
        np.array([[1.5, -2.25], [1e300, -0.0]], dtype=">f8"))
np.save(path("npy", "be_complex128.npy"),
        np.array([1 + 2j, -3.5 + 0.25j], dtype=">c16"))
np.save(path("npy", "fortran_float32.npy"),
        np.asfortranarray(np.arange(24, dtype=np.float32).reshape(2, 3, 4)))
np.save(path("npy", "fortran_int16.npy"),
        np.asfortranarray(np.arange(6, dtype=np.int16).reshape(3, 2)))
with open(path("npy", "v2_float64.npy"), "wb") as f:
    np.lib.format.write_array(f, np.arange(5, dtype=np.float64) / 4,
                              version=(2, 0))
with open(path("npy", "bool_bytes.npy"), "wb") as f:
    # A bool file whose bytes are not all 0/1 (NumPy keeps them as they are).
    buf = io.BytesIO()
    np.save(buf, np.array([True, False, True, True]))
    data = bytearray(buf.getvalue())
    data[-2] = 7
    f.write(bytes(data))

good = io.BytesIO()
np.save(good, np.arange(6, dtype=np.float64).reshape(2, 3))
good = good.getvalue()
header_end = 10 + int.from_bytes(good[8:10], "little")
with open(path("npy", "bad_magic.npy"), "wb") as f:
    f.write(b"\x93NUMPZ" + good[6:])
with open(path("npy", "truncated_data.npy"), "wb") as f:
    f.write(good[:-8])
with open(path("npy", "truncated_header.npy"), "wb") as f:
    f.write(good[:40])
with open(path("npy", "trailing.npy"), "wb") as f:
    f.write(good + b"\0" * 8)
with open(path("npy", "bad_header.npy"), "wb") as f:
    hdr = good[10:header_end].replace(b"'shape': (2, 3)", b"'shape': [2, 3]")
    f.write(good[:10] + hdr + good[header_end:])
with open(path("npy", "missing_key.npy"), "wb") as f:
    hdr = good[10:header_end].replace(b"'fortran_order': False, ", b"")
    hdr = hdr[:-1] + b" " * (header_end - 10 - len(hdr)) + b"\n"
    f.write(good[:10] + hdr + good[header_end:])
with open(path("npy", "bad_version.npy"), "wb") as f:
    f.write(good[:6] + b"\x07\x00" + good[8:])
np.save(path("npy", "object.npy"), np.array([1, "two", None], dtype=object),
        allow_pickle=True)
np.save(path("npy", "structured.npy"),
        np.zeros(2, dtype=[("x", "<i4"), ("y", "<f8")]))
np.save(path("npy", "unicode.npy"), np.array(["ab", "c"]))
np.save(path("npy", "longdouble.npy"), np.zeros(2, dtype=np.longdouble))

# --- printing ----------------------------------------------------------------
rng = np.random.default_rng(1234)
cases = [
    np.array([1.0, 2.0]),
    np.array([[1.0, 2.0], [3.0, 4.0]]),
    np.array([1.5, 2.25, -0.0, np.nan, -np.inf]),
    np.arange(30.0).reshape(3, 10) * 1.1,
    np.array([1e-5, 1.2345678e-5]),
    np.array([1e16, 1.0]),
    np.array([1 / 512, 1.0]),
    np.array([0.1, 0.2, 0.3]),
    rng.standard_normal((4, 5)),
    np.array([1e300, 1e-300, -np.inf]),
    np.array([0.0, 0.0]),
    np.array([np.nan, np.inf]),
    np.array([np.nan, -np.inf]),
    np.array([123456789.0]),
    np.linspace(0, 1, 7),
    np.arange(24).reshape(2, 3, 4) / 7,
    np.linspace(-1, 1, 2000),
    np.arange(100.0) / 3,
    np.array([1.99999999996, 1.5, 1e-5]),
    np.array([9.999999999999, 1e-5]),
    np.array([1e100, 1e5]),
    np.array([[1e-10, 1.0], [2.0, 3.0]]),
    np.array([1e-5, 1.2345678e-5], dtype=np.float32),
    np.array([0.1, 0.2, 0.3], dtype=np.float32),
    rng.standard_normal((3, 3)).astype(np.float32),
    np.array([1 / 3, 2 / 3], dtype=np.float32),
    np.array([3.4e38, 1.0], dtype=np.float32),
    np.array([0.0001, 1.0], dtype=np.float32),
    np.array([0.1, 0.2], dtype=np.float16),
    np.array([65504, 6e-8], dtype=np.float16),
    np.array([1000.3, 1], dtype=np.float16),
    rng.standard_normal(7).astype(np.float16),
    np.array([1 + 2j, 3.5 - 1j]),
    np.array([1e20 + 2j, complex(np.nan, -1)]),
    np.array([[1j, -1 - 1j], [0.5, np.inf * 1j]]),
    np.array([0j]),
    np.array([1 + 2j, 0.1 - 0.2j], dtype=np.complex64),
    (rng.standard_normal(12) + 1j * rng.standard_normal(12)).reshape(3, 4),
    np.array([-128, 127], dtype=np.int8),
    np.array([0, 255], dtype=np.uint8),
    np.array([-32768, 5, 32767], dtype=np.int16),
    np.array([7, 65535], dtype=np.uint16),
    np.array([[-2**31, 0], [1, 2**31 - 1]], dtype=np.int32),
    np.array([0, 2**32 - 1], dtype=np.uint32),
    np.array([-2**63, 2**63 - 1], dtype=np.int64),
    np.array([0, 2**64 - 1], dtype=np.uint64),
    np.arange(2000),
    np.arange(24).reshape(2, 3, 4),
    np.arange(100) * 1000,
    np.arange(2500, dtype=np.int16).reshape(50, 50),
    np.arange(2 * 3 * 400, dtype=np.int16).reshape(2, 3, 400),
    np.array([[True, False], [False, False]]),
    np.array([False]),
    rng.integers(0, 2, 30).astype(bool),
    np.array(1.0),
    np.array(0.1),
    np.array(1e-5),
    np.array(1e16),
    np.array(-0.0),
    np.array(np.nan),
    np.array(-np.inf),
    np.array(123456.789),
    np.array(0.1, dtype=np.float32),
    np.array(2.5, dtype=np.float16),
    np.array(1 + 0j),
    np.array(0j),
    np.array(1e20 + 1e-7j),
    np.array(complex(-0.0, -1)),
    np.array(complex(np.nan, 0)),
    np.array(complex(0, np.nan)),
    np.array(1.5 - 2j, dtype=np.complex64),
    np.array(True),
    np.array(5, dtype=np.int8),
    np.array(2**64 - 1, dtype=np.uint64),
    np.array(-7),
    np.array([], dtype=np.float32),
    np.zeros((0, 3)),
    np.zeros((2, 0), dtype=np.int8),
    np.zeros((0,), dtype=bool),
    np.zeros((0,), dtype=np.int64),
    np.zeros((1, 1, 1)),
    np.array([[[1.5]]], dtype=np.float32),
    np.arange(40, dtype=np.float32).reshape(5, 8) ** 3,
    np.arange(12, dtype=np.uint8).reshape(3, 4),
]
with open(path("print", "expected.txt"), "w") as out:
    for i, a in enumerate(cases):
        name = "%03d" % i
        np.save(path("print", name + ".npy"), a)
        out.write("=== %s str\n%s\n" % (name, str(a)))
        out.write("=== %s repr\n%s\n" % (name, repr(a)))

# --- float samples ---------------------------------------------------------
def float_samples(dtype, n):
    bits = {np.float16: np.uint16, np.float32: np.uint32,
            np.float64: np.uint64}[dtype]
    width = np.dtype(bits).itemsize * 8
    raw = rng.integers(0, 2**width - 1, n, dtype=np.uint64, endpoint=True)
    vals = raw.astype(bits).view(dtype)
    vals = vals[np.isfinite(vals)]
    # Decimal-looking values, powers of two and ten, and rounding edges.
    extra = [0.1, 0.2, 0.3, 1 / 3, 2 / 3, 1.0, 2.0, 1024.0, 1e-4, 9.999e-5,
             1e-5, 12345.678, 0.5, 0.25, 1e3, 1e4, 65504.0, 6.1e-5, 6e-8]
    if dtype != np.float16:
        extra += [1e8, 1e16, 1e-16, 3.4e38, 1.17549435e-38, 1e-45, 123456789.0]
    if dtype == np.float64:
        extra += [1e300, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308]
    extra = np.array(extra).astype(dtype)
    powers = np.array([2.0**k for k in range(-24, 16)]).astype(dtype)
    return np.concatenate([vals, extra, -extra, powers])


with open(path("floats", "expected.txt"), "w") as out:
    for dtype, n in [(np.float16, 600), (np.float32, 600),
                     (np.float64, 600)]:
        name = np.dtype(dtype).name
        vals = float_samples(dtype, n)
        np.save(path("floats", name + ".npy"), vals)
        for v in vals:
            out.write("%s\t%s\t%s\n" % (name, str(v), str(np.array([v]))))
