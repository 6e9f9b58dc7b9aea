#!/usr/bin/env bash
# skelmae against the PyTorch reference: same model, same initial weights, same batch, same threads.
# Runs both alternately ROUNDS times (PyTorch first in each round) and prints per-case medians and the ratio
# skelmae / PyTorch (min / median / max over rounds), plus a parity check of the first forward loss.
#
#   benchmarks/reference/compare.sh                     # defaults below
#   PRESETS=cpu-mae,paper-mvae BATCH=2 ROUNDS=3 benchmarks/reference/compare.sh
#   BEFORE=4e8501b benchmarks/reference/compare.sh      # also skelmae as of that commit, in the same rounds
#   LIBTORCH=0 benchmarks/reference/compare.sh          # without the libtorch engine
#
# PyTorch runs in its best measured configuration on the 2-core machine of docs/performance.md: one thread per
# OpenBLAS call (TORCH_BLAS_THREADS, default 1) and jemalloc keeping freed memory (TORCH_ALLOCATOR=jemalloc, the
# default when Debian's libjemalloc2 is installed; "default" keeps glibc). Together 1.5-1.9x faster than its
# defaults on cpu-mae (docs/performance.md).
# skelmae runs the way a user's run does: its BLAS threads are set in-process (Threads.BLAS_THREADS), the
# allocator is the system's. BEFORE=<rev> builds that commit in target/before-<rev> (a git worktree) and times it
# in every round as well, for before/after tables of one run. The libtorch engine (skelmae-libtorch, docs/engines.md)
# runs in every round too, in its own JVM with the same environment as the ND4J engine (EngineStepBenchmark: the
# same cases on the same synthetic batch; its training steps are the ones a run takes), and gets its own table.
#
# Needs: mvn install (once), Debian python3-torch and libopenblas0-pthread (/usr/bin/python3), git for BEFORE.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-3}
BATCH=${BATCH:-16}
ITERS=${ITERS:-10}
PRESETS=${PRESETS:-cpu-mae,cpu-mvae,cpu-mvqvae}
MODES=${MODES:-pretrain,finetune,inference}
THREADS=${THREADS:-2}
OUT=${OUT:-target/performance}
PYTHON=${PYTHON:-/usr/bin/python3}
export OMP_NUM_THREADS=$THREADS
TORCH_ENV=(OPENBLAS_NUM_THREADS=${TORCH_BLAS_THREADS:-1})
JEMALLOC=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
case "${TORCH_ALLOCATOR:-$([ -f $JEMALLOC ] && echo jemalloc || echo default)}" in
  jemalloc) TORCH_ENV+=(LD_PRELOAD=$JEMALLOC MALLOC_CONF=retain:true,dirty_decay_ms:-1,muzzy_decay_ms:-1) ;;
  default) ;;
  *) echo "TORCH_ALLOCATOR must be jemalloc or default" >&2; exit 1 ;;
esac
echo "# PyTorch environment: ${TORCH_ENV[*]}"

CP_FILE=$(mktemp)
mvn -q -B -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="$(cat "$CP_FILE"):benchmarks/target/classes"
rm -f "$CP_FILE"
mvn -q -B -pl benchmarks compile >/dev/null
if [ "${LIBTORCH:-1}" = 1 ]; then
  CP_FILE=$(mktemp)
  mvn -q -B -pl skelmae-libtorch dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
  CP_LIBTORCH="$(cat "$CP_FILE"):skelmae-libtorch/target/classes"
  rm -f "$CP_FILE"
  mvn -q -B -pl skelmae-libtorch compile >/dev/null
fi
if [ -n "${BEFORE:-}" ]; then
  WT=target/before-$BEFORE
  [ -d "$WT" ] || git worktree add -q --detach "$WT" "$BEFORE"
  (cd "$WT" && mvn -q -B -o -pl skelmae-core,benchmarks compile >/dev/null)
  # same dependencies, skelmae's own classes from the worktree
  CP_BEFORE="$(echo "$CP" | tr ':' '\n' | grep -v '/org/skelmae/' | grep -v '^benchmarks/target/classes$' | paste -sd:):$WT/skelmae-core/target/classes:$WT/benchmarks/target/classes"
fi

# The first preset runs twice in each JVM and only its second run counts: the first cases of a fresh JVM pay
# for compiling the whole step path and for the first page faults (cpu-mae pre-training measured 1,194 ms as
# the JVM's first case, 525 ms after one other preset), which 3 warm-up iterations do not absorb.
JAVA_PRESETS="${PRESETS%%,*},$PRESETS"

mkdir -p "$OUT"
for r in $(seq 1 "$ROUNDS"); do
  dir="$OUT/round-$r"
  mkdir -p "$dir"
  if [ ! -f "$OUT/exports/skelmae-performance.json" ]; then
    # the weights and batches both frameworks start from (written by any skelmae run; identical across runs)
    java -Xmx8g -cp "$CP" org.skelmae.benchmarks.PerformanceBenchmark "$OUT/exports" "$BATCH" 1 "$PRESETS" "$MODES" >/dev/null
  fi
  echo "== round $r: PyTorch"
  for preset in ${PRESETS//,/ }; do
    for mode in ${MODES//,/ }; do
      [ "$r" = 1 ] && env "${TORCH_ENV[@]}" "$PYTHON" benchmarks/reference/sttformer_torch.py "$OUT/exports/$preset-$mode.npz" parity 1 "$THREADS" > "$dir/$preset-$mode.parity.json"
      env "${TORCH_ENV[@]}" "$PYTHON" benchmarks/reference/sttformer_torch.py "$OUT/exports/$preset-$mode.npz" "$mode" "$((ITERS + 3))" "$THREADS" > "$dir/$preset-$mode.torch.json"
    done
  done
  echo "== round $r: skelmae"
  java -Xmx8g -cp "$CP" org.skelmae.benchmarks.PerformanceBenchmark "$dir" "$BATCH" "$ITERS" "$JAVA_PRESETS" "$MODES" | grep -v '^#'
  if [ -n "${CP_LIBTORCH:-}" ]; then
    echo "== round $r: skelmae, libtorch engine"
    java -Xmx8g -cp "$CP_LIBTORCH" org.skelmae.libtorch.EngineStepBenchmark "$JAVA_PRESETS" "$MODES" "$BATCH" "$ITERS" 1 "$THREADS" libtorch "$dir/libtorch.json" | grep 'median over'
  fi
  if [ -n "${CP_BEFORE:-}" ]; then
    echo "== round $r: skelmae before ($BEFORE)"
    java -Xmx8g -cp "$CP_BEFORE" org.skelmae.benchmarks.PerformanceBenchmark "$dir/before" "$BATCH" "$ITERS" "$JAVA_PRESETS" "$MODES" | grep -v '^#'
  fi
done

"$PYTHON" - "$OUT" "$ROUNDS" "${BEFORE:-}" "${TORCH_ENV[*]}" <<'PY'
import json, statistics, sys, os
out, rounds, before, torch_env = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rows = {}
def cases(path):
    doc = json.load(open(path))
    return doc["environment"], {(c["params"]["preset"], c["benchmark"]): c for c in doc["cases"]}  # a repeated case: its last run
for r in range(1, rounds + 1):
    d = os.path.join(out, "round-%d" % r)
    env, java = cases(os.path.join(d, "skelmae-performance.json"))
    old = cases(os.path.join(d, "before", "skelmae-performance.json"))[1] if before else {}
    for key, c in java.items():
        t = json.load(open(os.path.join(d, "%s-%s.torch.json" % key)))
        torch_ms = statistics.median(t["ms"][3:])           # the first 3 are warm-up, as on the Java side
        e = rows.setdefault(key, {"java": [], "torch": [], "before": [], "gflops": c["secondary"]["gflops"], "share": c["secondary"]["peakShare"],
                                  "act": c["secondary"]["activationBytes"], "heap": c["secondary"]["heapUsedBytes"], "rss": c["secondary"]["peakResidentBytes"],
                                  "ops": "%d + %d" % (c["secondary"].get("forwardOps", 0), c["secondary"].get("backwardOps", 0))})
        e["java"].append(c["score"]); e["torch"].append(torch_ms)
        if key in old:
            e["before"].append(old[key]["score"])
runtime = ", ".join("%s=%s" % (k, env[k]) for k in ("blasThreads", "OMP_NUM_THREADS", "LD_PRELOAD", "MALLOC_CONF", "GLIBC_TUNABLES") if k in env)
print("\n# %s; %s; sgemm peak %s; %d rounds; skelmae: %s; PyTorch: %s" % (env["nd4j"], env["jvm"], env["sgemmPeak"], rounds, runtime, torch_env))
med = statistics.median
def span(v):
    return "%.2f / %.2f / %.2f" % (min(v), med(v), max(v))
if before:
    print("| preset | case | before ms (%s) | after ms | PyTorch ms | before / PyTorch | after / PyTorch min / median / max | after / before min / median / max |" % before)
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for (preset, mode), e in rows.items():
        print("| %s | %s | %.1f | %.1f | %.1f | %.2f | %s | %s |" % (preset, mode, med(e["before"]), med(e["java"]), med(e["torch"]),
              med([b / t for b, t in zip(e["before"], e["torch"])]), span([j / t for j, t in zip(e["java"], e["torch"])]),
              span([j / b for j, b in zip(e["java"], e["before"])])))
    print()
print("| preset | case | skelmae ms | PyTorch ms | ratio min / median / max | skelmae GFLOP/s | % of sgemm peak | activations MiB (off-heap) | heap MiB | peak RSS MiB | SameDiff ops (fwd + grad) | parity (rel. loss diff) |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
summary = []
for (preset, mode), e in rows.items():
    ratios = [j / t for j, t in zip(e["java"], e["torch"])]
    p = json.load(open(os.path.join(out, "round-1", "%s-%s.parity.json" % (preset, mode))))
    par = "n/a" if p.get("relativeDifference") is None else "%.1e" % p["relativeDifference"]
    print("| %s | %s | %.1f | %.1f | %s | %.1f | %.1f%% | %.0f | %.0f | %.0f | %s | %s |" % (
        preset, mode, med(e["java"]), med(e["torch"]), span(ratios),
        e["gflops"], 100 * e["share"], e["act"] / 2**20, e["heap"] / 2**20, e["rss"] / 2**20, e["ops"], par))
    summary.append({"preset": preset, "case": mode, "skelmaeMs": e["java"], "torchMs": e["torch"], "beforeMs": e["before"],
                    "ratios": ratios, "parity": p})
libtorch = {}
for r in range(1, rounds + 1):
    f = os.path.join(out, "round-%d" % r, "libtorch.json")
    if os.path.exists(f):
        lt = json.load(open(f))
        for c in lt["cases"]:
            libtorch.setdefault((c["preset"], c["case"]), []).append(c["ms"][-1])
if libtorch:
    print("\n# libtorch engine: %s" % ", ".join("%s=%s" % kv for kv in lt["libtorch"].items()))
    print("| preset | case | ND4J ms | libtorch ms | PyTorch ms | ND4J / PyTorch | libtorch / PyTorch min / median / max | libtorch / ND4J |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for s in summary:
        lt_ms = libtorch.get((s["preset"], s["case"]))
        if not lt_ms or len(lt_ms) != len(s["torchMs"]):
            continue
        s["libtorchMs"] = lt_ms
        s["libtorchRatios"] = [l / t for l, t in zip(lt_ms, s["torchMs"])]
        print("| %s | %s | %.1f | %.1f | %.1f | %.2f | %s | %.2f |" % (s["preset"], s["case"], med(s["skelmaeMs"]), med(lt_ms),
              med(s["torchMs"]), med(s["ratios"]), span(s["libtorchRatios"]), med([l / j for l, j in zip(lt_ms, s["skelmaeMs"])])))
json.dump({"before": before or None, "torchEnvironment": torch_env, "cases": summary},
          open(os.path.join(out, "comparison.json"), "w"), indent=2)
PY
