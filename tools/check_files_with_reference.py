#!/usr/bin/python3
"""Checks that the Keras files libkeras writes load in an independent reader and predict what
libkeras predicts.

The reader is ../shared/keras-samples/reference_forward.py (h5py + numpy, no Keras): for each
kfit example this script trains it briefly with kfit, saves it as .keras, converts it to legacy
.h5, to .json + .weights.h5, runs `kfit predict`, and compares the reference forward pass of
each file with those predictions.

    /usr/bin/python3 tools/check_files_with_reference.py [BUILD_DIR] [SAMPLES_DIR]

Needs Debian's python3-h5py and python3-numpy (not the test suite: it is a cross-check run by
hand). Exits non-zero on the first mismatch.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build")
SAMPLES = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "..", "shared", "keras-samples")
sys.path.insert(0, SAMPLES)
import reference_forward as ref  # noqa: E402

KFIT = os.path.join(BUILD, "apps", "kfit")
# example -> (kfit fit arguments, a batch of inputs)
rng = np.random.default_rng(7)
EXAMPLES = {
    "mlp": (["--data", "synthetic", "--limit", "256", "--test-limit", "32"], rng.random((4, 28, 28), dtype=np.float32)),
    "cifar10_cnn": (["--data", "synthetic", "--limit", "64", "--test-limit", "32"],
                    rng.random((3, 32, 32, 3), dtype=np.float32)),
    "imdb_lstm": (["--data", "synthetic", "--limit", "64", "--test-limit", "32"],
                  rng.integers(1, 10000, size=(3, 200)).astype(np.float32)),
}


def kfit(*args):
    subprocess.run([KFIT, *args], check=True, stdout=subprocess.DEVNULL)


def main():
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for name, (fit_args, x) in EXAMPLES.items():
            p = lambda ext: os.path.join(tmp, name + ext)  # noqa: E731
            kfit("fit", name, *fit_args, "--epochs", "1", "--verbose", "0", "--seed", "1", "--save", p(".keras"))
            kfit("convert", p(".keras"), p(".h5"))
            kfit("convert", p(".keras"), p(".json"))
            kfit("convert", p(".keras"), p(".weights.h5"))
            np.save(p("_x.npy"), x)
            kfit("predict", p(".keras"), "--input", p("_x.npy"), "--output", p("_y.npy"), "--verbose", "0")
            ours = np.load(p("_y.npy"))
            with open(p(".json")) as f:
                config = json.load(f)
            readers = {
                ".keras": ref.load_keras3_zip(p(".keras")),
                ".h5": ref.load_legacy_h5(p(".h5")),
                ".json + .weights.h5": ref.load_keras3_weights_with_config(p(".weights.h5"), config),
            }
            for what, (graph, weights_of, kmaj, _) in readers.items():
                xs = [x.astype(np.float64) if name != "imdb_lstm" else x.astype(np.int32)]
                theirs = graph.run(xs, weights_of, kmaj)[0]
                err = float(np.max(np.abs(np.asarray(theirs) - ours)))
                worst = max(worst, err)
                ok = np.allclose(theirs, ours, atol=1e-4, rtol=1e-3)
                print(f"{name:12s} {what:20s} max |reference - libkeras| = {err:.2e}  {'OK' if ok else 'MISMATCH'}")
                if not ok:
                    sys.exit(1)
    print(f"all files load in reference_forward.py and agree with kfit predict (worst {worst:.2e})")


if __name__ == "__main__":
    main()
