#!/usr/bin/env python3
"""list_fatbin.py FILE: one line per image of a CUDA fatbin, 'ELF sm_NN' or
'PTX sm_NN' (+ ' compressed'), checking each entry's bounds, and that an
uncompressed ELF image starts with the ELF magic and an uncompressed PTX
image names its target. The CUDA toolkit's cuobjdump says the same where it
is installed; this needs nothing but Python."""
import struct
import sys

data = open(sys.argv[1], "rb").read()
magic, version, header_size, fat_size = struct.unpack_from("<IHHQ", data, 0)
if magic != 0xBA55ED50:
    sys.exit(f"list_fatbin: not a fatbin (magic {magic:#x})")
end = header_size + fat_size
if end > len(data):
    sys.exit(f"list_fatbin: {fat_size} bytes announced, {len(data)} present")
pos = header_size
while pos < end:
    # kind, version, header size, payload size, -, -, minor, major, arch,
    # -, -, flags, -, uncompressed size.
    (kind, _, entry_header, padded_size, _, _, _, _, sm, _, _, flags, _,
     _) = struct.unpack_from("<HHIQIIHHIIIQQQ", data, pos)
    if pos + entry_header + padded_size > end:
        sys.exit(f"list_fatbin: entry at {pos} runs past the end")
    payload = data[pos + entry_header:pos + entry_header + padded_size]
    compressed = bool(flags & 0xA000)  # 0x2000 LZ4, 0x8000 zstd
    name = {1: "PTX", 2: "ELF"}.get(kind, f"kind{kind}")
    if not compressed:
        if kind == 2 and not payload.startswith(b"\x7fELF"):
            sys.exit(f"list_fatbin: the ELF image at {pos} is not ELF")
        if kind == 1 and f".target sm_{sm}".encode() not in payload:
            sys.exit(f"list_fatbin: the PTX image at {pos} lacks .target sm_{sm}")
    print(f"{name} sm_{sm}" + (" compressed" if compressed else ""))
    pos += entry_header + padded_size
