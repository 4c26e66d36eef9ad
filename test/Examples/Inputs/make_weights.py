# Seed-0 float64 randn weights of the tutorial's model, as scripts/run-main.sh
# draws them: PREFIX.w1.npy (32, 64), PREFIX.b.npy (64,), PREFIX.w2.npy (64, 2).
import sys
import numpy as np

rng = np.random.RandomState(0)
prefix = sys.argv[1]
np.save(prefix + ".w1.npy", rng.randn(32, 64))
np.save(prefix + ".b.npy", rng.randn(64))
np.save(prefix + ".w2.npy", rng.randn(64, 2))
