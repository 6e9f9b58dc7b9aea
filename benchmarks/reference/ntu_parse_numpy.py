"""A straightforward Python/numpy implementation of the NTU reference preprocessing (SPEC §1.2-1.4: parse,
drop empty frames, per-body records, length/spread denoising, motion ranking, two actors by interval
overlap, centring on joint 2), written like the reference scripts, to time against skelmae's parser.

    python3 ntu_parse_numpy.py <folder of .skeleton files> [repeats]
Prints {"files", "seconds", "sequencesPerSecond"} for the best of the repeats.
"""
import json
import os
import sys
import time

import numpy as np


def parse(path):
    with open(path) as f:
        lines = f.readlines()
    n = int(lines[0])
    line, valid, bodies = 1, -1, {}
    for _ in range(n):
        count = int(lines[line]); line += 1
        if count == 0:
            continue
        valid += 1
        for _ in range(count):
            body_id = lines[line].split()[0]; line += 2
            joints = np.array([lines[line + j].split()[:3] for j in range(25)], dtype=np.float32); line += 25
            if body_id not in bodies:
                bodies[body_id] = {"joints": [joints], "interval": [valid]}
            else:
                b = bodies[body_id]
                b["joints"].append(joints)
                b["interval"].append(b["interval"][-1] + 1)
    for b in bodies.values():
        b["joints"] = np.concatenate(b["joints"])          # (F*25, 3)
        b["motion"] = np.sum(np.var(b["joints"], axis=0))
    return bodies, valid + 1


def denoise(bodies, frames):
    bodies = {k: v for k, v in bodies.items() if len(v["interval"]) > 11} if len(bodies) > 1 else bodies
    if len(bodies) > 1:
        for k in list(bodies):
            if len(bodies) == 1:
                break
            j = bodies[k]["joints"].reshape(-1, 25, 3)
            spread_ok = (j[:, :, 0].max(1) - j[:, :, 0].min(1)) <= 0.8 * (j[:, :, 1].max(1) - j[:, :, 1].min(1))
            ratio = 1 - spread_ok.mean()
            if ratio >= 0.69754:
                del bodies[k]
            elif ratio > 0:
                bodies[k]["motion"] = min(bodies[k]["motion"], np.sum(np.var(j[spread_ok].reshape(-1, 3), axis=0)))
    ordered = sorted(bodies.values(), key=lambda b: b["motion"], reverse=True)
    out = np.zeros((frames, 150), dtype=np.float32)
    a1 = ordered[0]
    s1, e1 = a1["interval"][0], a1["interval"][-1]
    out[s1:e1 + 1, :75] = a1["joints"].reshape(-1, 75)
    s2, e2 = 0, 0
    for b in ordered[1:]:
        s, e = b["interval"][0], b["interval"][-1]
        if min(e1, e) - max(s1, s) <= 0:
            out[s:e + 1, :75] = b["joints"].reshape(-1, 75); s1, e1 = min(s, s1), max(e, e1)
        elif min(e2, e) - max(s2, s) <= 0:
            out[s:e + 1, 75:] = b["joints"].reshape(-1, 75); s2, e2 = min(s, s2), max(e, e2)
    if len(ordered) > 1:
        out = out[np.any(out != 0, axis=1)]
    return out


def centre(x):
    first = np.argmax(np.any(x[:, :75] != 0, axis=1))
    origin = x[first, 3:6].copy()
    missing1 = ~np.any(x[:, :75] != 0, axis=1)
    missing2 = ~np.any(x[:, 75:] != 0, axis=1)
    x = x - np.tile(origin, 50)
    x[missing1, :75] = 0
    x[missing2, 75:] = 0
    return x


def main():
    folder = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".skeleton"))
    best = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        for f in files:
            bodies, frames = parse(f)
            centre(denoise(bodies, frames))
        s = time.perf_counter() - t0
        best = s if best is None else min(best, s)
    print(json.dumps({"files": len(files), "seconds": best, "sequencesPerSecond": len(files) / best, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
