#!/usr/bin/env python3
"""extract_binary.py IN.ll NAME OUT: writes the bytes of the LLVM IR constant
@NAME (a c"..." string, as the gpu.binary translation embeds a fatbin) to
OUT, so that the CUDA toolkit's cuobjdump can list what it holds."""
import re
import sys

text = open(sys.argv[1], encoding="latin-1").read()
m = re.search(r"^@" + re.escape(sys.argv[2]) +
              r' = [^\n]*?\[(\d+) x i8\] c"((?:[^"\\]|\\[0-9A-Fa-f]{2}|\\\\)*)"',
              text, re.M)
if not m:
    sys.exit(f"extract_binary: no constant @{sys.argv[2]} in {sys.argv[1]}")
out = bytearray()
s = m.group(2)
i = 0
while i < len(s):
    if s[i] == "\\":
        if s[i + 1] == "\\":
            out.append(0x5C)
            i += 2
        else:
            out.append(int(s[i + 1:i + 3], 16))
            i += 3
    else:
        out.append(ord(s[i]))
        i += 1
if len(out) != int(m.group(1)):
    sys.exit(f"extract_binary: read {len(out)} bytes, expected {m.group(1)}")
open(sys.argv[3], "wb").write(bytes(out))
