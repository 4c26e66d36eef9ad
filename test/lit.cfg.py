# -*- Python -*-
# lit configuration of tnp's lit suites (Dialect/, Conversion/, ...,
# conformance/, tools/).
import os
import lit.formats
from lit.llvm import llvm_config

config.name = "tnp"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.tnp_obj_root, "test")
config.excludes = ["Unit", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py",
                   "Inputs", "cases"]

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.tnp_tools_dir, append_path=True)

# Python with NumPy 1.24 (Debian's python3-numpy belongs to /usr/bin/python3).
config.substitutions.append(("%python", config.system_python))
config.substitutions.append(("%tnp_src", config.tnp_src_root))
config.substitutions.append(("%tnp_obj", config.tnp_obj_root))
config.substitutions.append(("%tnp_scripts", os.path.join(config.tnp_src_root, "scripts")))

llvm_config.add_tool_substitutions(["tnp-opt", "tnp-case", "tnp-run", "tnp-compile",
                                    "tnp-example-model", "tnp-example-tutorial",
                                    "tnp-frontend-check"],
                                   [config.tnp_tools_dir])

# valgrind (the leak checks) where installed; not in a sanitizer build
# (valgrind and ASan/TSan do not run together: LSan does the leak checks).
import shutil
sanitize = getattr(config, "tnp_sanitize", "")
if shutil.which("valgrind") and not sanitize:
    config.available_features.add("valgrind")
if "address" in sanitize:
    config.available_features.add("asan")
    # Leaks are errors; the JIT's LLVM singletons are not tnp's to free.
    config.environment["ASAN_OPTIONS"] = "detect_leaks=1:abort_on_error=0"
    config.environment["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"
if "thread" in sanitize:
    config.available_features.add("tsan")

# Building C programs against the runtime (the AOT tests): the C compiler of
# the build, with the build's sanitizer when the runtime is instrumented.
cc = config.c_compiler
if sanitize:
    cc += " -fsanitize=" + sanitize.replace(";", ",")
config.substitutions.append(("%tnp_cc", cc))
config.substitutions.append(("%tnp_cxx", config.cxx_compiler))
config.substitutions.append(("%tnp_rt_include",
                             os.path.join(config.tnp_src_root, "runtime", "include")))
config.substitutions.append(("%tnp_rt_lib",
                             os.path.join(config.tnp_obj_root, "lib", "libtnp_runtime.a")))

# The CUDA toolkit (nvcc) builds the GPU smoke test; running it needs no
# GPU (without one it reports `unavailable`).
nvcc = shutil.which("nvcc") or ("/usr/local/cuda/bin/nvcc"
                                if os.path.exists("/usr/local/cuda/bin/nvcc")
                                else None)
if nvcc:
    config.available_features.add("nvcc")
    config.substitutions.append(("%nvcc", nvcc))

# The toolkit's ptxas and fatbinary build tnp-cuda-pipeline's fatbins (the
# pipeline finds them on PATH, in $CUDA_PATH/bin or /usr/local/cuda/bin);
# cuobjdump lists what a fatbin holds.
for tool in ("ptxas", "fatbinary", "cuobjdump"):
    found = shutil.which(tool) or (f"/usr/local/cuda/bin/{tool}"
                                   if os.path.exists(f"/usr/local/cuda/bin/{tool}")
                                   else None)
    if found:
        config.available_features.add(tool)
        config.substitutions.append((f"%{tool}", found))
