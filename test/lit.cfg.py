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

llvm_config.add_tool_substitutions(["tnp-opt", "tnp-case", "tnp-run"], [config.tnp_tools_dir])

# valgrind (the leak checks) where installed.
import shutil
if shutil.which("valgrind"):
    config.available_features.add("valgrind")
