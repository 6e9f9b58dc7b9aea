"""skelmae's op profile beside PyTorch's, per preset and case: the tables of docs/performance.md's "Op profile".

    python3 profile_merge.py <out dir>          (reads skelmae-profile.json and <preset>-<mode>.torch-profile.json)

1. Per forward op type and input shapes (the forward op plus the backward ops charged to it), the 25 largest by
   skelmae time, with the PyTorch top-level op of the same category that takes the same first input shape. A
   PyTorch op matches at most one row; a later row that would match it again points to that row ("see #n").
   The match is a guide, not exact: ND4J writes BatchNorm as ~10 ops, PyTorch runs one.
2. Per category: skelmae and PyTorch forward and backward, and each category's share of the difference between
   the two step times. This is the table that says what to change next.
Medians over the recorded steps of per-step sums, so rows need not add up exactly to the totals.
"""
import json
import os
import statistics
import sys

TOP = 25
CATEGORY_ORDER = ["conv", "batchnorm", "activation", "attention", "elementwise", "layout", "gather", "linear",
                  "reduction", "loss", "other"]


def median(v):
    return statistics.median(v) if v else 0.0


def shapes(s):
    return "x".join("[" + ",".join(str(d) for d in x) + "]" for x in s) or "-"


class Group:
    def __init__(self, owner, inputs, category, steps):
        self.owner, self.inputs, self.category = owner, inputs, category
        self.fwd, self.bwd, self.gap = [0.0] * steps, [0.0] * steps, [0.0] * steps
        self.fwd_calls = self.bwd_calls = 0.0

    def add(self, r):
        back = r["phase"] == "backward"
        for i, ms in enumerate(r["rawMs"]):
            (self.bwd if back else self.fwd)[i] += ms
        for i, ms in enumerate(r.get("rawGapMs", [])):
            self.gap[i] += ms
        if back:
            self.bwd_calls += r["calls"]
        else:
            self.fwd_calls += r["calls"]

    def total(self):
        return median([f + b for f, b in zip(self.fwd, self.bwd)])


def groups(rows, key, steps):
    out = {}
    for r in rows:
        if r["phase"] not in ("forward", "backward"):
            continue
        k = key(r)
        if k not in out:
            out[k] = Group(r["owner"], r["ownerInputs"], r["category"], steps)
        out[k].add(r)
    return sorted(out.values(), key=lambda g: -g.total())


def calls(c):
    return "%d" % c if c == int(c) else "%.1f" % c


def case_tables(case, torch_profile):
    sec = case["secondary"]
    steps = len(case["rawData"])
    java_step = case["score"]
    tsteps = torch_profile["steps"]
    torch_step = torch_profile["score"]
    title = "%s %s, batch %s" % (case["params"]["preset"], case["benchmark"].replace("profile:", ""), case["params"]["batch"])
    out = ["## %s" % title, ""]
    out.append("Step with the profilers attached: skelmae %.1f ms, PyTorch %.1f ms (ratio %.2f); without them: %s ms and %.1f ms."
               % (java_step, torch_step, java_step / torch_step,
                  "%.1f" % sec["baselineMs"] if "baselineMs" in sec else "n/a", median(torch_profile["baselineMs"])))
    out.append("PyTorch %s, %d threads, mkldnn %s." % (torch_profile["torch"], torch_profile["threads"], torch_profile["mkldnn"]))
    out.append("")

    java = groups(case["rows"], lambda r: (r["owner"], json.dumps(r["ownerInputs"])), steps)
    torch = groups(torch_profile["rows"], lambda r: (r["owner"], json.dumps(r["ownerInputs"])), tsteps)
    claimed = {}
    out.append("| # | op | input shapes | calls | fwd ms | bwd ms | share | gap ms | PyTorch op | PyTorch fwd | PyTorch bwd | ratio |")
    out.append("|---:|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|")
    for i, g in enumerate(java[:TOP], 1):
        first = g.inputs[0] if g.inputs else None
        cands = [t for t in torch if t.category == g.category and t.inputs and t.inputs[0] == first]
        cell = "| | | |"
        if cands:
            t = cands[0]
            if id(t) in claimed:
                cell = "| see #%d | | |" % claimed[id(t)]
            else:
                claimed[id(t)] = i
                ratio = g.total() / t.total() if t.total() > 0 else float("nan")
                cell = "| %s | %.2f | %.2f | %.2f |" % (t.owner, median(t.fwd), median(t.bwd), ratio)
        out.append("| %d | %s | %s | %s + %s | %.2f | %.2f | %.1f%% | %.2f %s" % (
            i, g.owner, shapes(g.inputs), calls(g.fwd_calls), calls(g.bwd_calls), median(g.fwd), median(g.bwd),
            100 * g.total() / java_step, median(g.gap), cell))
    out.append("")

    # category table: skelmae vs PyTorch per category, and its share of the step difference
    jcat = {}
    for g in java:
        jcat.setdefault(g.category, []).append(g)
    tcat = {}
    for g in torch:
        tcat.setdefault(g.category, []).append(g)

    def cat_sum(gs, part, n):
        return median([sum(getattr(g, part)[i] for g in gs) for i in range(n)]) if gs else 0.0

    diff_step = java_step - torch_step
    out.append("| category | skelmae fwd | skelmae bwd | PyTorch fwd | PyTorch bwd | skelmae − PyTorch ms | share of the step difference |")
    out.append("|---|---:|---:|---:|---:|---:|---:|")
    cats = [c for c in CATEGORY_ORDER if c in jcat or c in tcat] + sorted((set(jcat) | set(tcat)) - set(CATEGORY_ORDER) - {"framework"})
    for c in cats:
        jf, jb = cat_sum(jcat.get(c), "fwd", steps), cat_sum(jcat.get(c), "bwd", steps)
        tf, tb = cat_sum(tcat.get(c), "fwd", tsteps), cat_sum(tcat.get(c), "bwd", tsteps)
        d = (jf + jb) - (tf + tb)
        out.append("| %s | %.2f | %.2f | %.2f | %.2f | %+.2f | %.1f%% |" % (c, jf, jb, tf, tb, d, 100 * d / diff_step if diff_step else 0))
    ph, top = torch_profile["phaseMs"], torch_profile["topLevelMs"]
    torch_overhead = median([ph["forward"][i] + ph["backward"][i] - top["forward"][i] - top["backward"][i] for i in range(tsteps)])
    torch_overhead += cat_sum(tcat.get("framework"), "bwd", tsteps)
    java_overhead = sec["interpreterMs"] + sec["epilogueMs"]
    d = java_overhead - torch_overhead
    out.append("| framework overhead (skelmae: interpreter + epilogue; PyTorch: Python, autograd engine, AccumulateGrad) | %.2f | | %.2f | | %+.2f | %.1f%% |"
               % (java_overhead, torch_overhead, d, 100 * d / diff_step if diff_step else 0))
    torch_opt = median(ph["optimizer"])
    d = sec["optimizerMs"] - torch_opt
    out.append("| optimizer | %.2f | | %.2f | | %+.2f | %.1f%% |" % (sec["optimizerMs"], torch_opt, d, 100 * d / diff_step if diff_step else 0))
    out.append("| step | %.2f | | %.2f | | %+.2f | 100%% |" % (java_step, torch_step, diff_step))
    out.append("")
    return out


def main():
    out_dir = sys.argv[1]
    with open(os.path.join(out_dir, "skelmae-profile.json")) as f:
        java = json.load(f)
    env = java["environment"]
    lines = ["# Op profile, skelmae beside PyTorch", "",
             "skelmae: " + "; ".join("%s %s" % (k, env[k]) for k in sorted(env)), ""]
    for case in java["cases"]:
        name = "%s-%s.torch-profile.json" % (case["params"]["preset"], case["benchmark"].replace("profile:", ""))
        path = os.path.join(out_dir, name)
        if not os.path.exists(path):
            lines += ["## %s: no %s" % (case["benchmark"], name), ""]
            continue
        with open(path) as f:
            lines += case_tables(case, json.load(f))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
