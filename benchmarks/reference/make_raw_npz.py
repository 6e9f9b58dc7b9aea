#!/usr/bin/env python3
"""Makes a small RAW, uncentred generic .npz from the NW-UCLA JSON release, for trying schedules and
normalisation on a "few hundred sequences in camera coordinates" dataset like users bring.

Every sequence keeps its Kinect coordinates (metres) and gets a random per-sequence camera offset on top
(x, y, z drawn uniformly from +-offset_xy, +-offset_y, [z_min, z_max] metres), so the centre joint sits
metres from the origin and differs from sequence to sequence, as with recordings from several rigs.
Training samples come from views 1 and 2, test samples from view 3 (the cross-view protocol), drawn at
random with a fixed seed and class-balanced as far as the data allows.

Output: x_train, y_train, x_test, y_test only (NTU style x: (N, T, 20*3) float32, zero-padded to the longest
sequence; y: 0-based int64 labels) -- no skelmae "meta" entry, so skelmae treats it as a foreign file and
centres it by default (-Dskelmae.normalize=none keeps it raw).

The data is research-use: the file is written OUTSIDE the repository by default (target/, which git
ignores) and must not be committed.

    python3 benchmarks/reference/make_raw_npz.py [--data /work/shared/data/nw-ucla] [--out target/raw-nwucla.npz]
        [--train 300] [--test 100] [--seed 1]

Needs numpy (Debian: apt-get install -y python3-numpy).
"""
import argparse
import glob
import json
import os
import re
import sys

import numpy as np

NAME = re.compile(r"a(\d+)_s(\d+)_e(\d+)_v(\d+)$")


def pick(files, n, rng):
    """n files drawn class-balanced (round robin over labels in a seeded order)."""
    by_label = {}
    for f, label in files:
        by_label.setdefault(label, []).append(f)
    for label in by_label:
        rng.shuffle(by_label[label])
    out = []
    labels = sorted(by_label)
    while len(out) < n and any(by_label.values()):
        for label in labels:
            if by_label[label] and len(out) < n:
                out.append((by_label[label].pop(), label))
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", default=os.path.join(repo, "..", "shared", "data", "nw-ucla"),
                   help="the NW-UCLA folder holding all_sqe/ (default ../shared/data/nw-ucla next to the repository)")
    p.add_argument("--out", default=os.path.join(repo, "target", "raw-nwucla.npz"), help="output .npz (default target/raw-nwucla.npz)")
    p.add_argument("--train", type=int, default=300, help="training sequences (views 1+2)")
    p.add_argument("--test", type=int, default=100, help="test sequences (view 3)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--offset-x", type=float, default=1.5, help="camera offset x in [-v, v] metres")
    p.add_argument("--offset-y", type=float, default=0.5, help="camera offset y in [-v, v] metres")
    p.add_argument("--z-min", type=float, default=1.0, help="camera offset z lower bound, metres")
    p.add_argument("--z-max", type=float, default=4.0, help="camera offset z upper bound, metres")
    a = p.parse_args()

    folder = os.path.join(a.data, "all_sqe") if os.path.isdir(os.path.join(a.data, "all_sqe")) else a.data
    paths = sorted(glob.glob(os.path.join(folder, "*.json")))
    if not paths:
        sys.exit(f"no NW-UCLA JSON files (aAA_sSS_eEE_vVV.json) under {folder}; give --data")
    out = os.path.abspath(a.out)
    rel = os.path.relpath(out, os.path.abspath(repo))
    if not rel.startswith("..") and "target" not in rel.split(os.sep)[:-1]:
        sys.exit(f"refusing to write research-use data into the repository ({out}); use target/ or a path outside it")

    train, test = [], []
    for path in paths:
        m = NAME.match(os.path.basename(path)[:-5])
        if not m:
            continue
        view = int(m.group(4))
        with open(path) as fh:
            label = int(json.load(fh)["label"]) - 1
        (test if view == 3 else train).append((path, label))
    rng = np.random.default_rng(a.seed)
    chosen = {"train": pick(train, a.train, rng), "test": pick(test, a.test, rng)}

    arrays = {}
    for part, items in chosen.items():
        seqs = []
        for path, label in items:
            with open(path) as fh:
                sk = np.asarray(json.load(fh)["skeletons"], dtype=np.float64)  # (T, 20, 3)
            offset = np.array([rng.uniform(-a.offset_x, a.offset_x), rng.uniform(-a.offset_y, a.offset_y),
                               rng.uniform(a.z_min, a.z_max)])
            seqs.append((sk + offset).astype(np.float32))
        t = max(s.shape[0] for s in seqs)
        x = np.zeros((len(seqs), t, 20 * 3), dtype=np.float32)
        for i, s in enumerate(seqs):
            x[i, :s.shape[0]] = s.reshape(s.shape[0], -1)
        arrays["x_" + part] = x
        arrays["y_" + part] = np.array([label for _, label in items], dtype=np.int64)

    os.makedirs(os.path.dirname(out), exist_ok=True)
    np.savez_compressed(out, **arrays)
    centre = arrays["x_train"][:, 0, 3:6]  # joint 2 (spine), the Kinect v1 centre joint, first frame
    print(f"wrote {out}: train {arrays['x_train'].shape} ({len(set(arrays['y_train'].tolist()))} classes), "
          f"test {arrays['x_test'].shape}; centre joint of the first frame |mean| "
          f"{np.linalg.norm(centre, axis=1).mean():.2f} m (raw, uncentred)")


if __name__ == "__main__":
    main()
