#!/usr/bin/env python3
"""The GPU test suite: tnp's end-to-end cases, compiled ahead of time for
CUDA, run on a GPU machine that has no LLVM.

  gpu_suite.py prepare DIR [--build BUILD] [--filter S] [--module-size N]
      Here (LLVM, the CUDA toolkit and NumPy 1.24): builds the cases of
      test/Integration/e2e.py (every op x dtype x shape class, the tutorial's
      model) and the conformance cases (test/conformance/cases, the vendored
      copy of the shared ones, and test/conformance/local), writes their
      inputs (.npy) and expected results (NumPy's, or the case file's; .npz,
      compressed) under DIR/data, and compiles each module of functions twice with tnp-compile,
      --target=cuda (a fatbin with sm_80 and sm_90 cubins and PTX) and
      --target=cpu, host code for x86-64-v3. Each module links with the
      batch runner (batch_runner.cpp) and the static tnp runtime into
      DIR/bin/mN. A function that tnp-cuda-pipeline cannot compile yet is
      dropped from the CUDA library and listed in DIR/manifest.json with the
      compiler's message: check reports it as unsupported, never as passed.
  gpu_suite.py check DIR [--out OUT] [--device cuda|cpu] [--jobs N]
      On the GPU machine (Python with NumPy; no LLVM): runs every module's
      program on cuda:0 and on the CPU, compares each GPU result with NumPy's
      expected result (e2e.py's tolerances: exact for bool and integers,
      per-dtype ulps for floats, NaN/inf positions) and with the CPU result,
      and checks the expected errors. Prints one line per failure, the
      unsupported functions, and ends with 'gpu-suite: N passed, N failed'.
      Exit status 1 on any failure.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Integration"))
import e2e  # noqa: E402


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, **kw)


#===----------------------------------------------------------------------===#
# prepare
#===----------------------------------------------------------------------===#


def tolerance(case, ds, want):
    """The rtol/atol e2e.compare uses for `want` (NumPy's result)."""
    want = np.asarray(want)
    bf16_case = any(d == "bfloat16" for _, d, _ in case.inputs)
    bf16 = bool(bf16_case and want.dtype == np.float32)
    if want.dtype.kind not in "fc":
        return 0.0, 0.0, bf16
    eps = 2.0 ** -8 if bf16 else e2e.EPS[want.dtype.name]
    n = max(case.reduce_count, 1)
    rtol = case.tol.get("rtol", e2e.ULPS * eps * np.sqrt(n))
    atol = case.tol.get("atol", eps) + e2e.reduction_atol(case, ds.arrays,
                                                          want.dtype)
    return float(rtol), float(atol), bf16


def blame(err, mpath, starts):
    """The functions the located errors of `err` point at, with messages."""
    bad = {}
    for m in re.finditer(re.escape(mpath) + r":(\d+):\d+: error: (.*)", err):
        line = int(m.group(1))
        owner = None
        for start, func in starts:
            if start <= line:
                owner = func
        if owner is not None:
            bad.setdefault(owner, m.group(2).strip())
    return bad


def module_text(attrs, funcs):
    """Module text of `funcs` [(name, ir)], and where each one starts."""
    lines = [attrs]
    starts = []
    for name, ir in funcs:
        starts.append((len(lines) + 1, name))
        lines += ir.replace("@case(", f"@{name}(").splitlines()
    lines.append("}")
    return "\n".join(lines) + "\n", starts


def save_want(root, base, want):
    """Writes NumPy's result for a call as BASE_want.npz (compressed: only
    the Python check reads it, and the folder must stay under 64 MiB);
    returns its path relative to root. Inputs stay .npy: the batch runner
    reads those."""
    rel = base + "_want.npz"
    np.savez_compressed(os.path.join(root, rel), want=want)
    return rel


def load_want(root, rel):
    with np.load(os.path.join(root, rel)) as z:
        return z["want"]


def compile_lib(tnp_compile, mpath, target, prefix, libdir):
    lib = os.path.join(libdir, f"lib{prefix}.a")
    hdr = os.path.join(libdir, f"{prefix}.h")
    r = run([tnp_compile, mpath, f"--target={target}", "--emit=lib",
             "--cpu=x86-64-v3", f"--name={prefix}", "-o", lib,
             f"--header={hdr}"])
    return r, lib, hdr


def prepare(args):
    root = os.path.abspath(args.dir)
    build = os.path.abspath(args.build)
    tnp_compile = os.path.join(build, "bin", "tnp-compile")
    tnp_case = os.path.join(build, "bin", "tnp-case")
    runtime_lib = os.path.join(build, "lib", "libtnp_runtime.a")
    include = os.path.join(e2e.SRC_ROOT, "runtime", "include")
    cxx = shutil.which("clang++") or "c++"
    if os.path.exists(root):
        shutil.rmtree(root)
    for sub in ("data", "bin", "lib", "mlir"):
        os.makedirs(os.path.join(root, sub))
    t0 = time.time()

    e2e.build_all()
    cases = [c for c in e2e.CASES if not args.filter or args.filter in c.id]
    # Files of their own (c.module_path) are left to the CPU suite.
    cases = [c for c in cases if not c.module_path and
             not c.expect_translate_error]
    e2e.translate(cases, os.path.join(root, "data"), e2e_tool(tnp_case))
    os.remove(os.path.join(root, "data", "cases.json"))

    manifest = {"items": [], "unsupported": [], "modules": []}
    groups = {}
    for i, c in enumerate(cases):
        if c.translate_error:
            continue
        c.func = f"f{i}"
        groups.setdefault(c.module_attrs, []).append(c)
    big = 0
    for i, c in enumerate(cases):
        if c.translate_error:
            continue
        for j, ds in enumerate(c.datasets):
            nbytes = sum(np.asarray(a).nbytes for a in ds.arrays)
            if nbytes > args.max_input_bytes:
                big += 1
                continue
            item = {"id": f"{c.id}[{ds.tag}]", "func": c.func, "inputs": []}
            for k, a in enumerate(ds.arrays):
                rel = f"data/{c.func}_{j}_in{k}.npy"
                if k < len(c.inputs) and c.inputs[k][1] == "bfloat16":
                    a = e2e.bf16_npy(a)
                e2e.write_npy(os.path.join(root, rel), a, ds.fortran[k])
                item["inputs"].append(rel)
            if ds.expect_error:
                item["expect_error"] = ds.expect_error
            else:
                want = ds.expected if ds.expected is not None else \
                    c.reference(ds.arrays)
                want = np.asarray(want)
                item["want"] = save_want(root, f"data/{c.func}_{j}", want)
                (item["rtol"], item["atol"], item["bf16"]) = tolerance(c, ds, want)
                item["signed_zeros"] = bool(c.signed_zeros)
            item["tag"] = j
            manifest["items"].append(item)
    conformance(root, tnp_case, groups, manifest)
    for test, script, prefix in TEST_PROGRAMS:
        test_programs(root, groups, manifest, args.max_input_bytes, test,
                      script, prefix)
    print(f"gpu-suite: {len(manifest['items'])} calls of {len(cases)} cases "
          f"({big} data sets over {args.max_input_bytes} input bytes left to "
          f"the CPU suite), {time.time() - t0:.0f}s", file=sys.stderr)

    runner_obj = os.path.join(root, "lib", "batch_runner.o")
    r = run([cxx, "-std=c++17", "-O2", "-c", f"-I{include}",
             os.path.join(HERE, "batch_runner.cpp"), "-o", runner_obj])
    if r.returncode:
        sys.exit("gpu-suite: cannot compile the batch runner:\n" + r.stderr)

    wanted = {it["func"] for it in manifest["items"]}
    midx = 0
    for attrs, group in groups.items():
        group = [c for c in group if c.func in wanted]
        for s in range(0, len(group), args.module_size):
            chunk = group[s:s + args.module_size]
            build_module(midx, attrs, chunk, root, tnp_compile, cxx,
                         runner_obj, runtime_lib, include, manifest)
            midx += 1
            print(f"gpu-suite: module {midx} built, {time.time() - t0:.0f}s",
                  file=sys.stderr)
    os.remove(runner_obj)
    # The tutorial's model, as examples/aot builds it, for cuda: run.sh runs
    # it and compares with the CPU's printed result.
    model_lib = os.path.join(root, "lib", "libmodel.a")
    r = run([tnp_compile, os.path.join(e2e.SRC_ROOT, "examples",
                                       "tutorial_model.mlir"),
             "--target=cuda", "--cpu=x86-64-v3", "--emit=lib", "--name=model",
             "-o", model_lib])
    if r.returncode:
        sys.exit("gpu-suite: the tutorial's model does not compile for cuda:\n"
                 + r.stderr[-2000:])
    cc = shutil.which("clang") or "cc"
    r = run([cc, "-std=c99", "-O2", "-s", f"-I{os.path.join(root, 'lib')}",
             f"-I{include}",
             os.path.join(e2e.SRC_ROOT, "examples", "aot", "main.c"),
             model_lib, runtime_lib, "-lstdc++", "-lm", "-lpthread", "-o",
             os.path.join(root, "bin", "model_cuda")])
    if r.returncode:
        sys.exit("gpu-suite: cannot link the model:\n" + r.stderr)
    os.remove(model_lib)
    os.remove(os.path.join(root, "lib", "model.h"))
    with open(os.path.join(root, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=0)
    # The modules' sources, for reading a failure on the GPU machine: one
    # compressed archive (the folder travels whole, under 64 MiB).
    mlir_dir = os.path.join(root, "mlir")
    r = run(["tar", "cJf", os.path.join(root, "mlir.tar.xz"), "-C", root,
             "mlir"])
    if r.returncode:
        sys.exit("gpu-suite: cannot archive the sources:\n" + r.stderr)
    shutil.rmtree(mlir_dir)
    size = sum(os.path.getsize(os.path.join(d, f))
               for d, _, fs in os.walk(root) for f in fs)
    print(f"gpu-suite: prepared {root}: {midx} programs, "
          f"{len(manifest['items'])} calls, "
          f"{len(manifest['unsupported'])} functions not compiled for cuda, "
          f"{size / 2**20:.1f} MiB, {time.time() - t0:.0f}s", file=sys.stderr)


class Func:
    """A function of a module of the suite: its name and text."""

    def __init__(self, func, ir):
        self.func = func
        self.ir = ir


def conformance(root, tnp_case, groups, manifest):
    """The conformance cases (test/conformance/cases, the vendored copy of
    ../shared/semantics, and test/conformance/local), as run-cases runs
    them on the CPU: inputs and expected values (or error kind, or only
    dtype and shape for random numbers) from the case files. Cases the
    translator rejects are static checks with no device in them (run-cases
    and static.test cover them); they are counted, not run."""
    from importlib.machinery import SourceFileLoader
    rc = SourceFileLoader(
        "run_cases", os.path.join(e2e.SRC_ROOT, "test", "conformance",
                                  "run-cases")).load_module()
    static = 0
    n = 0
    for sub in ("cases", "local"):
        d = os.path.join(e2e.SRC_ROOT, "test", "conformance", sub)
        for name in sorted(os.listdir(d)):
            if not name.endswith(".json"):
                continue
            path = os.path.join(d, name)
            with open(path) as f:
                cases = json.load(f)["cases"]
            modules, _ = rc.translate(tnp_case, path)
            for case in cases:
                entry = modules.get(case["id"])
                if entry is None or entry[0] == "error":
                    static += 1
                    continue
                lines = entry[1].strip().splitlines()
                start = next(i for i, l in enumerate(lines)
                             if l.startswith("module"))
                attrs, body = lines[start], "\n".join(lines[start + 1:-1])
                func = f"c{n}"
                n += 1
                item = {"id": f"{name}:{case['id']}", "func": func,
                        "inputs": [], "tag": 0}
                try:
                    for k, spec in enumerate(case["inputs"]):
                        rel = f"data/{func}_in{k}.npy"
                        np.save(os.path.join(root, rel), rc.make_array(spec))
                        item["inputs"].append(rel)
                except rc.Unsupported as e:
                    manifest["unsupported"].append(
                        {"func": func, "reason": str(e)})
                if case.get("expected_error"):
                    item["expect_error"] = case["expected_error"] + " error"
                else:
                    exp = case["expected"]
                    item["want_dtype"] = exp["dtype"]
                    item["want_shape"] = list(exp["shape"])
                    if "values" in exp:
                        bf16 = exp["dtype"] == "bfloat16"
                        dt = np.float32 if bf16 else rc.NUMPY_DTYPES[exp["dtype"]]
                        want = np.array([rc.decode_value(v, exp["dtype"])
                                         for v in exp["values"]], dtype=dt)
                        rel = save_want(root, f"data/{func}",
                                        want.reshape(exp["shape"]))
                        tol = exp.get("tolerance", {}) or {}
                        item.update(want=rel, rtol=float(tol.get("rtol", 0.0)),
                                    atol=float(tol.get("atol", 0.0)), bf16=bf16,
                                    signed_zeros=False)
                manifest["items"].append(item)
                groups.setdefault(attrs, []).append(Func(func, body))
    manifest["static_conformance_cases"] = static
    print(f"gpu-suite: {n} conformance cases ({static} static ones left to "
          f"the CPU suite)", file=sys.stderr)


# The tnp-run tests whose programs the suite also runs: (test file under
# test/tools/tnp-run, its inputs script under Inputs/, function prefix).
TEST_PROGRAMS = [
    # Elementwise ops over dynamic dims (equal by construction, or checked
    # and read at `i * step`), fused, and failing checks followed by other
    # ops.
    ("dynamic-fusion.test", "dynamic_fusion.py", "d"),
    # Boolean masks and index arrays around the chunk length of the mask
    # compaction, with the index arrays' bounds errors. The test's
    # tnp.mask_chunks module attribute is dropped: the GPU compiles them
    # with the CUDA pipeline's own chunking.
    ("mask-chunks.test", "mask_chunks.py", "k"),
    # Row reductions and their consumers (softmax, layer norm, ...) that
    # tnp-gpu-fused-rows makes one warp-per-row kernel, with rows shorter
    # than a warp (the original ops) and an empty row's error.
    ("fused-rows.test", "fused_rows.py", "f"),
]


def test_programs(root, groups, manifest, max_input_bytes, test, script,
                  prefix):
    """The programs of test/tools/tnp-run/`test`, with the inputs, calls
    (RUNS, ERRORS) and NumPy's results (EXPECTED) of its Inputs/`script`;
    its functions are renamed PREFIX_NAME, and a tnp.mask_chunks module
    attribute is dropped. Calls with inputs over `max_input_bytes` are left
    to the CPU suite."""
    from importlib.machinery import SourceFileLoader
    tests = os.path.join(e2e.SRC_ROOT, "test", "tools", "tnp-run")
    df = SourceFileLoader(script[:-3], os.path.join(
        tests, "Inputs", script)).load_module()
    with open(os.path.join(tests, test)) as f:
        lines = f.read().splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("module"))
    attrs = re.sub(r",?\s*tnp\.mask_chunks = \d+ : i64", "", lines[start])
    body = lines[start + 1:-1]
    funcs, cur = {}, None
    for line in body:
        m = re.match(r"\s*func\.func @(\w+)\(", line)
        if m:
            cur = m.group(1)
            line = line.replace(f"@{cur}(", f"@{prefix}_{cur}(", 1)
            funcs[cur] = []
        if cur is not None and not line.strip().startswith("//"):
            funcs[cur].append(line)
    used = set()
    skipped = 0

    def inputs_of(func, names, tag):
        if sum(df.INPUTS[n].nbytes for n in names) > max_input_bytes:
            return None
        rels = []
        for k, n in enumerate(names):
            rel = f"data/{prefix}_{n}.npy"
            if not os.path.exists(os.path.join(root, rel)):
                np.save(os.path.join(root, rel), df.INPUTS[n])
            rels.append(rel)
        used.add(func)
        return {"id": f"{test[:-5]}:{func}({','.join(names)})",
                "func": f"{prefix}_{func}", "inputs": rels, "tag": tag}

    for tag, (out, func, names) in enumerate(df.RUNS):
        item = inputs_of(func, names, tag)
        if item is None:
            skipped += 1
            continue
        want = np.asarray(df.EXPECTED[out])
        item.update(want=save_want(root, f"data/{prefix}_{out}", want), rtol=2e-6, atol=1e-6, bf16=False,
                    signed_zeros=False)
        manifest["items"].append(item)
    for tag, (func, names, kind) in enumerate(df.ERRORS, start=len(df.RUNS)):
        item = inputs_of(func, names, tag)
        if item is None:
            skipped += 1
            continue
        item["expect_error"] = kind
        manifest["items"].append(item)
    for func in sorted(used):
        groups.setdefault(attrs, []).append(
            Func(f"{prefix}_{func}", "\n".join(funcs[func])))
    print(f"gpu-suite: {len(used)} programs of {test} ({skipped} calls "
          f"over {max_input_bytes} input bytes left to the CPU suite)",
          file=sys.stderr)


def e2e_tool(path):
    if not os.path.exists(path):
        sys.exit(f"gpu-suite: {path} is missing (build tnp first)")
    return path


def build_module(midx, attrs, chunk, root, tnp_compile, cxx, runner_obj,
                 runtime_lib, include, manifest):
    funcs = [(c.func, c.ir) for c in chunk]
    name = f"m{midx}"
    libdir = os.path.join(root, "lib")
    # CPU: every function.
    text, _ = module_text(attrs, funcs)
    mpath = os.path.join(root, "mlir", f"{name}.mlir")
    with open(mpath, "w") as f:
        f.write(text)
    r, cpu_lib, cpu_hdr = compile_lib(tnp_compile, mpath, "cpu", f"c{midx}",
                                      libdir)
    if r.returncode:
        sys.exit(f"gpu-suite: {mpath} does not compile for the CPU:\n"
                 + r.stderr[-2000:])
    # CUDA: drop what the pipeline cannot compile yet, with its message.
    cuda_funcs = list(funcs)
    attempt = 0
    while True:
        attempt += 1
        if not cuda_funcs:
            gpu_lib = None
            break
        text, starts = module_text(attrs, cuda_funcs)
        gpath = os.path.join(root, "mlir", f"{name}.cuda.mlir")
        with open(gpath, "w") as f:
            f.write(text)
        r, gpu_lib, gpu_hdr = compile_lib(tnp_compile, gpath, "cuda",
                                          f"g{midx}", libdir)
        if r.returncode == 0:
            break
        bad = blame(r.stderr, gpath, starts)
        if not bad:
            # No located error: compile each function alone to find them.
            for fname, ir in cuda_funcs:
                t, _ = module_text(attrs, [(fname, ir)])
                one = os.path.join(root, "mlir", "one.mlir")
                with open(one, "w") as f:
                    f.write(t)
                rr, _, _ = compile_lib(tnp_compile, one, "cuda", "one", libdir)
                if rr.returncode:
                    bad[fname] = (rr.stderr.strip().splitlines() or ["?"])[-1]
            for leftover in ("one.mlir",):
                p = os.path.join(root, "mlir", leftover)
                if os.path.exists(p):
                    os.remove(p)
            for leftover in ("libone.a", "one.h"):
                p = os.path.join(libdir, leftover)
                if os.path.exists(p):
                    os.remove(p)
            if not bad:
                sys.exit(f"gpu-suite: {gpath} does not compile for cuda and "
                         f"no function is to blame:\n" + r.stderr[-2000:])
        for fname, msg in bad.items():
            manifest["unsupported"].append({"func": fname, "reason": msg})
        cuda_funcs = [(n, ir) for n, ir in cuda_funcs if n not in bad]
    # The registry: the export tables of both libraries.
    reg = os.path.join(libdir, f"{name}_registry.c")
    with open(reg, "w") as f:
        f.write(f'#include "{os.path.basename(cpu_hdr)}"\n')
        if gpu_lib:
            f.write(f'#include "{os.path.basename(gpu_hdr)}"\n')
        f.write("const tnp_rt_export_t *const tnp_suite_exports[] = {\n")
        f.write(f"  c{midx}_tnp_exports,\n")
        if gpu_lib:
            f.write(f"  g{midx}_tnp_exports,\n")
        f.write("  0};\n")
    cc = shutil.which("clang") or "cc"
    regobj = reg[:-2] + ".o"
    r = run([cc, "-std=c11", "-O2", "-c", f"-I{include}", f"-I{libdir}", reg,
             "-o", regobj])
    if r.returncode:
        sys.exit("gpu-suite: cannot compile the registry:\n" + r.stderr)
    libs = [cpu_lib] + ([gpu_lib] if gpu_lib else [])
    exe = os.path.join(root, "bin", name)
    r = run([cxx, "-fuse-ld=lld", "-s", runner_obj, regobj] + libs +
            [runtime_lib, "-lm", "-ldl", "-lpthread", "-o", exe])
    if r.returncode:
        sys.exit("gpu-suite: cannot link " + exe + ":\n" + r.stderr)
    for p in [regobj, reg, cpu_hdr] + libs + ([gpu_hdr] if gpu_lib else []):
        os.remove(p)
    manifest["modules"].append({"name": name,
                                "funcs": [n for n, _ in funcs],
                                "cuda_funcs": [n for n, _ in cuda_funcs]})


#===----------------------------------------------------------------------===#
# check
#===----------------------------------------------------------------------===#


class Tol:
    """What e2e.compare reads of a case: the tolerances stored here."""

    def __init__(self, item):
        self.tol = {"rtol": item.get("rtol", 0.0), "atol": item.get("atol", 0.0)}
        self.reduce_count = 1
        self.signed_zeros = item.get("signed_zeros", False)


def load_result(path):
    got = np.load(path)
    bf16 = got.dtype == np.dtype("V2")
    if bf16:
        got = (got.view("<u2").astype(np.uint32) << 16).view(np.float32)
    return got, bf16


def run_device(root, out, module, items, device, log):
    """Runs `items` of `module` on `device`; {item index: (status, msg)}."""
    exe = os.path.join(root, "bin", module["name"])
    outcome = {}
    pending = list(items)
    while pending:
        bpath = os.path.join(out, f"{module['name']}.{device}.batch")
        with open(bpath, "w") as f:
            for idx, it in pending:
                res = os.path.join(out, f"{device}_{it['func']}_{it['tag']}.npy")
                it.setdefault("result", {})[device] = res
                f.write(f"{it['func']} "
                        + " ".join(os.path.join(root, p) for p in it["inputs"])
                        + f" -> {res}\n")
        t0 = time.time()
        try:
            r = run([exe, f"--device={device}", "--batch", bpath,
                     "--check-leaks"], timeout=600)
            rc, so, se = r.returncode, r.stdout, r.stderr
        except subprocess.TimeoutExpired as e:
            rc, so, se = -999, (e.stdout or b"").decode() if isinstance(
                e.stdout, bytes) else (e.stdout or ""), "timeout"
        log(f"{module['name']} on {device}: {len(pending)} calls, "
            f"{time.time() - t0:.1f}s, rc={rc}")
        statuses = [l for l in so.splitlines()
                    if l.startswith("ok @") or l.startswith("error @")]
        if not statuses and se.startswith("batch-runner: cuda:0:"):
            # No GPU here: nothing can run, say so once.
            sys.exit("gpu-suite: " + se.strip())
        for (idx, it), st in zip(pending, statuses):
            if st.startswith("ok @"):
                outcome[idx] = ("ok", "")
            else:
                outcome[idx] = ("error", st.split(": ", 1)[1] if ": " in st
                                else st)
        done = len(statuses)
        if done >= len(pending):
            break
        idx, it = pending[done]
        last = se.strip().splitlines()[-1] if se.strip() else ""
        outcome[idx] = ("crash", f"the runner died (rc={rc}) {last}")
        pending = pending[done + 1:]
    return outcome


def check(args):
    root = os.path.abspath(args.dir)
    out = os.path.abspath(args.out or os.path.join(root, "out"))
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(root, "manifest.json")) as f:
        manifest = json.load(f)
    log = (lambda s: print("# " + s, file=sys.stderr)) if args.verbose \
        else (lambda s: None)
    items = list(enumerate(manifest["items"]))
    unsupported = {u["func"]: u["reason"] for u in manifest["unsupported"]}
    devices = ["cuda", "cpu"] if args.device == "cuda" else [args.device]
    outcomes = {d: {} for d in devices}
    t0 = time.time()
    for module in manifest["modules"]:
        funcs = set(module["funcs"])
        for d in devices:
            allowed = set(module["cuda_funcs"]) if d == "cuda" else funcs
            mine = [(i, it) for i, it in items if it["func"] in allowed]
            if mine:
                outcomes[d].update(run_device(root, out, module, mine, d, log))
    passed, failed, skipped = 0, [], []

    def verdict(it, idx, d):
        """None when device d's result for item idx is right."""
        st, msg = outcomes[d].get(idx, ("missing", "no result"))
        if "expect_error" in it:
            if st == "error" and it["expect_error"] in msg:
                return None
            return (f"expected an error containing {it['expect_error']!r}, "
                    f"got {st}: {msg}")
        if st != "ok":
            return f"{st}: {msg}"
        got, bf16 = load_result(it["result"][d])
        if "want_dtype" in it:
            got_dtype = "bfloat16" if bf16 else str(got.dtype)
            if got_dtype != it["want_dtype"] or \
                    list(got.shape) != it["want_shape"]:
                return (f"{got_dtype} {tuple(got.shape)}, expected "
                        f"{it['want_dtype']} {tuple(it['want_shape'])}")
            if "want" not in it:
                return None  # random numbers: dtype and shape only
        want = load_want(root, it["want"])
        if bf16 != it["bf16"]:
            return (f"result dtype {'bfloat16' if bf16 else got.dtype}, "
                    f"NumPy's is {'bfloat16' if it['bf16'] else want.dtype}")
        return e2e.compare(Tol(it), got, want, 0.0, bf16=bf16)

    for idx, it in items:
        if args.device == "cuda" and it["func"] in unsupported:
            skipped.append((it["id"], unsupported[it["func"]]))
            continue
        why = verdict(it, idx, args.device)
        if why is None and args.device == "cuda" and "inputs" in it and \
                "expect_error" not in it:
            # The CPU's result on the same machine, as a second opinion (for
            # random numbers, whose cases pin only dtype and shape, the
            # reference: the same Philox bits, then libdevice's log/cos
            # against libm's, hence e2e's few-ulp tolerance at least).
            if verdict(it, idx, "cpu") is None:
                g, gb = load_result(it["result"]["cuda"])
                c, cb = load_result(it["result"]["cpu"])
                tol = Tol(it)
                if g.dtype.kind in "fc" and g.size:
                    eps = 2.0 ** -8 if gb else e2e.EPS[g.dtype.name]
                    tol.tol = {"rtol": max(tol.tol["rtol"], e2e.ULPS * eps),
                               "atol": max(tol.tol["atol"], eps)}
                why = e2e.compare(tol, g, c, 0.0, bf16=gb)
                if why:
                    why = "GPU vs CPU: " + why
        if why is None:
            passed += 1
        else:
            failed.append((it["id"], why))
    for cid, why in failed:
        print(f"FAIL {cid}: {why}")
    reasons = {}
    for cid, why in skipped:
        reasons.setdefault(why, []).append(cid)
    for why, ids in sorted(reasons.items(), key=lambda kv: -len(kv[1])):
        print(f"UNSUPPORTED ({len(ids)} calls, e.g. {ids[0]}): {why}")
    print(f"gpu-suite: {len(skipped)} calls not compiled for {args.device} "
          f"(listed above), {time.time() - t0:.0f}s")
    print(f"gpu-suite: {passed} passed, {len(failed)} failed")
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("dir")
    p.add_argument("--build", default=os.path.join(e2e.SRC_ROOT, "build"))
    p.add_argument("--filter", default=None)
    p.add_argument("--module-size", type=int, default=80)
    p.add_argument("--max-input-bytes", type=int, default=1 << 20)
    c = sub.add_parser("check")
    c.add_argument("dir")
    c.add_argument("--out", default=None)
    c.add_argument("--device", default="cuda", choices=["cuda", "cpu"])
    c.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    if args.cmd == "prepare":
        prepare(args)
        return 0
    return check(args)


if __name__ == "__main__":
    sys.exit(main())
