#!/usr/bin/env python3
"""tnp's GPU benchmark beside its peers, in one run (on a GPU machine).

  run.py BENCH [OUT_DIR]

BENCH is the program bench/gpu/build.sh links. This runs gpu_peers.py (the
vendored copy of ../shared/bench/gpu_peers.py: PyTorch, CuPy, JAX) and then
BENCH, and prints tnp's numbers with the ratios the issue asks for: W1's and
W5's effective bandwidth as a fraction of the device copy bandwidth (the
peers' torch copy, and tnp's own copy kernel), and W1/W3/W4/W5 against
PyTorch (time ratio, > 1 means tnp is slower).
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    bench = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp()
    os.makedirs(out, exist_ok=True)
    peers_json = os.path.join(out, "gpu_peers.json")
    r = subprocess.run([sys.executable, os.path.join(HERE, "gpu_peers.py"),
                        peers_json], text=True, capture_output=True)
    print(r.stdout, end="")
    if r.returncode:
        print("gpu_peers.py failed:\n" + r.stderr[-3000:])
    peers = json.load(open(peers_json)) if os.path.exists(peers_json) else []
    r = subprocess.run([bench], text=True, capture_output=True)
    print(r.stdout, end="")
    if r.returncode:
        sys.exit("bench failed:\n" + r.stderr)
    tnp = {}
    for line in r.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[1] == "tnp" and parts[3] == "ms":
            tnp[parts[0]] = float(parts[2])

    def peer(workload, system):
        for row in peers:
            if row["workload"] == workload and row["system"] == system:
                return row["ms"]
        return None

    n = 1 << 26
    bw = lambda nbytes, ms: nbytes / ms / 1e6  # GB/s
    copy_torch = peer("d2d_copy_256MB", "torch")
    copy_tnp = tnp.get("d2d_copy_256MB")
    print("\n== tnp vs peers (same run)")
    if copy_torch:
        print(f"device copy bandwidth (torch): {bw(2 * n * 4, copy_torch):.0f} GB/s")
    if copy_tnp:
        print(f"tnp's copy kernel: {bw(2 * n * 4, copy_tnp):.0f} GB/s")
    for w, nbytes in (("W1_axpy_relu_64M_f32", 3 * n * 4),
                      ("W1_axpy_relu_64M_f32_dynamic", 3 * n * 4),
                      ("W5_softmax_65536x1024", 2 * 65536 * 1024 * 4),
                      ("W5_softmax_65536x1024_dynamic", 2 * 65536 * 1024 * 4),
                      ("W5_softmax_16384x4096_dynamic", 2 * 16384 * 4096 * 4)):
        if w not in tnp:
            continue
        eff = bw(nbytes, tnp[w])
        line = f"{w}: {eff:.0f} GB/s effective"
        if copy_torch:
            line += f", {eff / bw(2 * n * 4, copy_torch):.0%} of torch's copy"
        if copy_tnp:
            line += f", {eff / bw(2 * n * 4, copy_tnp):.0%} of tnp's copy"
        print(line)
    for w, system in (("W1_axpy_relu_64M_f32", "torch-eager"),
                      ("W1_axpy_relu_64M_f32", "torch-compile"),
                      ("W3_matmul_4096_float32", "cublas(torch)"),
                      ("W4_mlp_65536x512_64_2", "torch-eager"),
                      ("W5_softmax_65536x1024", "torch")):
        p = peer(w, system)
        if w in tnp and p:
            print(f"{w}: tnp {tnp[w]:.3f} ms, {system} {p:.3f} ms, "
                  f"tnp/{system} = {tnp[w] / p:.2f}x time "
                  f"({p / tnp[w]:.2f}x the peer's speed)")


if __name__ == "__main__":
    main()
