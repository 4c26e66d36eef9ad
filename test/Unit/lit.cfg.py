# -*- Python -*-
# lit configuration of the gtest unit tests (build/test/Unit/*Tests).
import os
import lit.formats

config.name = "tnp-unit"
config.suffixes = []
config.test_source_root = os.path.join(config.tnp_obj_root, "test", "Unit")
config.test_exec_root = config.test_source_root
config.test_format = lit.formats.GoogleTest(".", "Tests")
