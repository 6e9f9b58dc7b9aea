"""PyTorch's profile of the step that skelmae's OpProfileBenchmark profiles: same model, weights and batch
(the .npz/.json that the Java side exports), same threads, same optimiser as sttformer_torch.py.

    python3 profile_torch.py <export.npz> <mode> <recorded steps> [threads]  > <preset>-<mode>.torch-profile.json
      mode: pretrain | finetune | inference

Protocol, mirroring the Java side: 3 warm-up steps, <recorded steps> baseline steps without the profiler, then
under torch.profiler (CPU, record_shapes) one unrecorded and <recorded steps> recorded steps. Each step is marked
with record_function("step::<i>") and its parts with "phase::forward", "phase::backward", "phase::optimizer".

Rows, with the fields of skelmae's ProfileCase.Row:
- forward: the top-level ops of phase::forward (aten::conv2d, aten::batch_norm, aten::einsum, ...), keyed by
  name and input shapes; ms = inclusive time (children and allocation included, unlike ND4J's kernel-only time);
- backward: the autograd nodes run in phase::backward ("ConvolutionBackward0", ...), each charged to the forward
  top-level op that created it: a node's sequence number lies between the sequence numbers of the ops recorded
  inside that forward op and the next one;
- optimizer: the top-level events of phase::optimizer.
Python and autograd-engine overhead = phase time - sum of its top-level ops (phaseMs, topLevelMs).
"leaves" gives self time per (op, input shapes): which kernel (mkldnn_convolution, bmm, ...) does the work.
Times are wall-clock on the calling thread, like skelmae's System.nanoTime.
"""
import bisect
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch.profiler import ProfilerActivity, profile, record_function

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sttformer_torch import Model, batch_tensors  # noqa: E402

WARMUP = 3
TOLERANCE_US = 1.0
EVALUATE = "autograd::engine::evaluate_function: "
ENV = ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "LD_PRELOAD", "MALLOC_CONF", "GLIBC_TUNABLES"]

# top-level op name -> category, the same categories as skelmae's ProfileRows
CATEGORIES = {
    "conv": ["aten::conv2d", "aten::convolution", "aten::_convolution"],
    "batchnorm": ["aten::batch_norm"],
    "activation": ["aten::leaky_relu", "aten::relu"],
    "attention": ["aten::einsum", "aten::tanh", "aten::bmm"],
    "linear": ["aten::matmul", "aten::mm", "aten::linear", "aten::addmm"],
    "gather": ["aten::index", "aten::index_put", "aten::index_put_", "aten::embedding", "aten::index_select"],
    "loss": ["aten::cross_entropy_loss", "aten::nll_loss", "aten::log_softmax", "aten::mse_loss"],
    "reduction": ["aten::mean", "aten::sum", "aten::argmin", "aten::argmax"],
    "layout": ["aten::view", "aten::reshape", "aten::permute", "aten::contiguous", "aten::clone", "aten::t",
               "aten::chunk", "aten::unsqueeze", "aten::squeeze", "aten::expand", "aten::transpose", "aten::split",
               "aten::cat", "aten::select", "aten::slice", "aten::detach", "aten::copy_", "aten::to", "aten::lift_fresh",
               "aten::numpy_T", "aten::flatten"],
    "elementwise": ["aten::add", "aten::add_", "aten::mul", "aten::mul_", "aten::div", "aten::sub", "aten::rsub",
                    "aten::pow", "aten::exp", "aten::clamp", "aten::neg", "aten::sqrt", "aten::zeros", "aten::ones_like",
                    "aten::zeros_like", "aten::empty", "aten::arange", "aten::fill_"],
}
CATEGORY = {name: cat for cat, names in CATEGORIES.items() for name in names}


def category(name):
    return CATEGORY.get(name, "other")


def forward_loss(model, b, mode):
    if mode == "pretrain":
        return model.pretrain_loss(b, train=True)
    if mode == "finetune":
        return F.cross_entropy(model.logits(b["x"], train=True), b["labels"].long())
    return model.logits(b["x"], train=False).sum()


def make_step(model, b, mode, opt):
    def step():
        if mode == "inference":
            with torch.no_grad(), record_function("phase::forward"):
                forward_loss(model, b, mode)
            return
        with record_function("phase::forward"):
            loss = forward_loss(model, b, mode)
        with record_function("phase::backward"):
            loss.backward()
        with record_function("phase::optimizer"):
            opt.step()
            opt.zero_grad(set_to_none=True)
    return step


class Node:
    __slots__ = ("name", "start", "end", "shapes", "has_shapes", "seq", "parent", "children")

    def __init__(self, e):
        self.name = e.name
        self.start = e.time_range.start
        self.end = e.time_range.end
        self.shapes = [list(s) for s in (e.input_shapes or [])]
        self.has_shapes = any(self.shapes)
        self.seq = getattr(e, "sequence_nr", -1)
        self.parent = None
        self.children = []

    def ms(self):
        return (self.end - self.start) / 1000.0


def build_tree(events):
    """Parent = innermost enclosing event of the same thread. The profiler rounds start and duration down to whole
    microseconds separately, so an end can be off by 1 us: containment allows that much (which can misplace only
    events under 1 us)."""
    by_thread = {}
    for e in events:
        by_thread.setdefault(e.thread, []).append(Node(e))
    nodes = []
    for items in by_thread.values():
        items.sort(key=lambda n: (n.start, -n.end))
        stack = []
        for n in items:
            while stack and not (n.start <= stack[-1].end + TOLERANCE_US and n.end <= stack[-1].end + TOLERANCE_US):
                stack.pop()
            if stack:
                n.parent = stack[-1]
                stack[-1].children.append(n)
            stack.append(n)
        nodes.extend(items)
    return nodes


def subtree(n):
    out = [n]
    for c in n.children:
        out.extend(subtree(c))
    return out


def key_shapes(n):
    """Input shapes of n; for an op whose inputs are a tensor list (einsum, index), which the profiler records as
    [], those of its first descendant that has any, so that different calls stay apart."""
    if n.has_shapes:
        return n.shapes
    for d in subtree(n)[1:]:
        if d.has_shapes:
            return d.shapes
    return n.shapes


def first_seq(n, name=None):
    for d in subtree(n):
        if d.seq is not None and d.seq >= 0 and (name is None or d.name == name):
            return d.seq
    return None


def containing(ranges, t):
    for i, r in enumerate(ranges):
        if r.start <= t <= r.end:
            return i
    return None


def analyse(nodes, steps):
    """Per recorded step: phase times, top-level ops with owners, leaves' self times."""
    step_marks = sorted([n for n in nodes if n.name.startswith("step::")], key=lambda n: n.start)[-steps:]
    phases = [n for n in nodes if n.name.startswith("phase::")]
    phase_ms = {p: [0.0] * steps for p in ("forward", "backward", "optimizer")}
    top_ms = {p: [0.0] * steps for p in ("forward", "backward", "optimizer")}
    rows = {}
    leaves = {}

    def add_row(key, cat, s, ms):
        r = rows.setdefault(key, {"category": cat, "rawMs": [0.0] * steps, "count": 0})
        r["rawMs"][s] += ms
        r["count"] += 1

    roots = [n for n in nodes if n.parent is None and not n.name.startswith(("step::", "phase::"))]
    for s, mark in enumerate(step_marks):
        mine = sorted([p for p in phases if mark.start <= p.start <= mark.end], key=lambda p: p.start)
        forward = []
        for p in mine:
            phase = p.name[len("phase::"):]
            phase_ms[phase][s] += p.ms()
            # top-level ops: children of the phase, or roots on another thread inside the phase's time range
            tops = list(p.children) + [n for n in roots if p.start <= n.start <= p.end]
            tops.sort(key=lambda n: n.start)
            top_ms[phase][s] += sum(n.ms() for n in tops)
            if phase == "forward":
                forward = [(first_seq(n), n) for n in tops]
                for n in tops:
                    k = json.dumps(key_shapes(n))
                    add_row(("forward", n.name, k, n.name, k), category(n.name), s, n.ms())
            elif phase == "backward":
                owners = sorted([(q, n) for q, n in forward if q is not None], key=lambda x: x[0])
                owner_seqs = [q for q, _ in owners]
                for n in tops:
                    op = n.name[len(EVALUATE):] if n.name.startswith(EVALUATE) else n.name
                    seq = first_seq(n, op)
                    seq = first_seq(n) if seq is None else seq
                    at = bisect.bisect_right(owner_seqs, seq) - 1 if seq is not None else -1
                    owner = owners[at][1] if at >= 0 else None
                    if owner is None:
                        key = ("backward", op, "[]", "(" + op + ")", "[]")
                        add_row(key, "framework", s, n.ms())
                    else:
                        key = ("backward", op, "[]", owner.name, json.dumps(key_shapes(owner)))
                        add_row(key, category(owner.name), s, n.ms())
            else:
                for n in tops:
                    add_row(("optimizer", n.name, json.dumps(n.shapes), n.name, json.dumps(n.shapes)), "optimizer", s, n.ms())
            for n in subtree(p)[1:]:
                self_ms = n.ms() - sum(c.ms() for c in n.children)
                k = (n.name, json.dumps(n.shapes))
                leaves[k] = leaves.get(k, 0.0) + self_ms / steps
    out_rows = []
    for (phase, op, inputs, owner, owner_inputs), r in rows.items():
        out_rows.append({"phase": phase, "op": op, "inputs": json.loads(inputs), "owner": owner,
                         "ownerInputs": json.loads(owner_inputs), "category": r["category"], "calls": r["count"] / steps,
                         "ms": statistics.median(r["rawMs"]), "rawMs": r["rawMs"]})
    out_leaves = sorted(({"op": k[0], "inputs": json.loads(k[1]), "selfMs": v} for k, v in leaves.items()),
                        key=lambda x: -x["selfMs"])[:60]
    return phase_ms, top_ms, out_rows, out_leaves


def main():
    path, mode, steps = sys.argv[1], sys.argv[2], int(sys.argv[3])
    torch.set_num_threads(int(sys.argv[4]) if len(sys.argv) > 4 else 2)
    npz = np.load(path)
    with open(path[:-4] + ".json") as f:
        meta = json.load(f)
    model = Model(npz, meta)
    b = batch_tensors(npz)
    opt = torch.optim.Adam(model.params(), lr=1e-4, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-4)
    step = make_step(model, b, mode, opt)
    for _ in range(WARMUP):
        step()
    baseline = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        baseline.append((time.perf_counter() - t0) * 1000)
    profiled = []
    with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
        for i in range(1 + steps):          # step 0: the profiler's own warm-up, not analysed
            t0 = time.perf_counter()
            with record_function("step::%d" % i):
                step()
            profiled.append((time.perf_counter() - t0) * 1000)
    phase_ms, top_ms, rows, leaves = analyse(build_tree(list(prof.events())), steps)
    json.dump({"torch": torch.__version__, "mode": mode, "threads": torch.get_num_threads(), "steps": steps,
               "mkldnn": torch.backends.mkldnn.is_available(), "parallel": torch.__config__.parallel_info(),
               "config": torch.__config__.show(), "env": {k: os.environ.get(k, "(unset)") for k in ENV},
               "baselineMs": baseline, "stepMs": profiled[1:], "score": statistics.median(profiled[1:]),
               "phaseMs": phase_ms, "topLevelMs": top_ms, "rows": rows, "leaves": leaves}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
