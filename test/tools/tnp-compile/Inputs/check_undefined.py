"""The undefined symbols of tnp-compile's objects, checked against what a
program links anyway: libc, libm, the tnp runtime, and the symbols the
README declares (between its aot-undefined-begin/end markers).

  check_undefined.py --nm NM --runtime LIBTNP_RUNTIME.a --readme README.md
                     [--merge-cases TRANSLATED.txt OUT.mlir] OBJ...

--merge-cases turns `tnp-case translate` output into one module (the legacy
mode cases, each function renamed) to compile before the check: the
conformance cases exercise every op family. Prints each object's undefined
symbols by origin and exits 1 when one has no origin.
"""
import argparse
import ctypes.util
import os
import re
import subprocess
import sys


def defined(nm, path, dynamic):
    args = [nm, "--defined-only", "-g", "-D" if dynamic else "-g", path]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    syms = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            syms.add(parts[2].split("@")[0])
    return syms


def undefined(nm, path):
    out = subprocess.run([nm, "-u", path], capture_output=True, text=True,
                         check=True).stdout
    return sorted({l.split()[-1] for l in out.splitlines() if l.strip()})


def system_library(name):
    """The real shared object of libc/libm (not the linker script)."""
    for d in ("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
              "/lib64", "/usr/lib64"):
        p = os.path.join(d, f"lib{name}.so.6")
        if os.path.exists(p):
            return p
    found = ctypes.util.find_library(name)
    if not found:
        sys.exit(f"check_undefined: cannot find lib{name}")
    return found


def merge_cases(translated, out_path):
    text = open(translated).read()
    funcs = []
    legacy = 'module attributes {tnp.dtype_conversion_mode = "legacy", ' \
             'tnp.prefer_float32 = false} {'
    for i, chunk in enumerate(text.split("// -----")):
        if legacy not in chunk:
            continue
        body = chunk.split(legacy, 1)[1].rsplit("}", 1)[0]
        funcs.append(body.replace("@case(", f"@case{i}("))
    with open(out_path, "w") as f:
        f.write(legacy + "\n" + "\n".join(funcs) + "\n}\n")
    print(f"merged {len(funcs)} cases")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nm", required=True)
    ap.add_argument("--runtime", required=True)
    ap.add_argument("--readme", required=True)
    ap.add_argument("--merge-cases", nargs=2)
    ap.add_argument("objects", nargs="*")
    a = ap.parse_args()
    if a.merge_cases:
        merge_cases(*a.merge_cases)
        return 0
    readme = open(a.readme).read()
    m = re.search(r"aot-undefined-begin -->(.*?)<!-- aot-undefined-end",
                  readme, re.S)
    if not m:
        sys.exit("check_undefined: the README has no aot-undefined markers")
    declared = set(re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", m.group(1)))
    origins = [("runtime", defined(a.nm, a.runtime, False)),
               ("libc", defined(a.nm, system_library("c"), True)),
               ("libm", defined(a.nm, system_library("m"), True)),
               ("README", declared)]
    bad = 0
    for obj in a.objects:
        by = {}
        for s in undefined(a.nm, obj):
            origin = next((n for n, syms in origins if s in syms), None)
            if origin is None:
                print(f"UNEXPECTED {os.path.basename(obj)}: {s}")
                bad += 1
            by.setdefault(origin or "unexpected", []).append(s)
        for n, syms in sorted(by.items()):
            print(f"{os.path.basename(obj)} {n}: {' '.join(syms)}")
    print(f"{bad} unexpected undefined symbols")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
