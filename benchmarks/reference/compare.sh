#!/usr/bin/env bash
# skelmae against the PyTorch reference: same model, same initial weights, same batch, same threads.
# Runs both alternately ROUNDS times and prints per-case medians and the ratio skelmae / PyTorch
# (min / median / max over rounds), plus a parity check of the first forward loss.
#
#   benchmarks/reference/compare.sh                     # defaults below
#   PRESETS=cpu-mae,paper-mvae BATCH=2 ROUNDS=3 benchmarks/reference/compare.sh
#
# Needs: mvn install (once), Debian python3-torch and libopenblas0-pthread (/usr/bin/python3).
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

CP_FILE=$(mktemp)
mvn -q -B -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="$(cat "$CP_FILE"):benchmarks/target/classes"
rm -f "$CP_FILE"
mvn -q -B -pl benchmarks compile >/dev/null

mkdir -p "$OUT"
for r in $(seq 1 "$ROUNDS"); do
  dir="$OUT/round-$r"
  echo "== round $r: skelmae"
  java -Xmx8g -cp "$CP" org.skelmae.benchmarks.PerformanceBenchmark "$dir" "$BATCH" "$ITERS" "$PRESETS" "$MODES" | grep -v '^#'
  echo "== round $r: PyTorch"
  for preset in ${PRESETS//,/ }; do
    for mode in ${MODES//,/ }; do
      [ "$r" = 1 ] && "$PYTHON" benchmarks/reference/sttformer_torch.py "$dir/$preset-$mode.npz" parity 1 "$THREADS" > "$dir/$preset-$mode.parity.json"
      "$PYTHON" benchmarks/reference/sttformer_torch.py "$dir/$preset-$mode.npz" "$mode" "$((ITERS + 3))" "$THREADS" > "$dir/$preset-$mode.torch.json"
    done
  done
done

"$PYTHON" - "$OUT" "$ROUNDS" <<'PY'
import json, statistics, sys, glob, os
out, rounds = sys.argv[1], int(sys.argv[2])
rows = {}
for r in range(1, rounds + 1):
    d = os.path.join(out, "round-%d" % r)
    java = json.load(open(os.path.join(d, "skelmae-performance.json")))
    env = java["environment"]
    for c in java["cases"]:
        key = (c["params"]["preset"], c["benchmark"])
        t = json.load(open(os.path.join(d, "%s-%s.torch.json" % key)))
        torch_ms = statistics.median(t["ms"][3:])           # the first 3 are warm-up, as on the Java side
        e = rows.setdefault(key, {"java": [], "torch": [], "gflops": c["secondary"]["gflops"], "share": c["secondary"]["peakShare"],
                                  "act": c["secondary"]["activationBytes"], "heap": c["secondary"]["heapUsedBytes"], "rss": c["secondary"]["peakResidentBytes"],
                                  "ops": "%d + %d" % (c["secondary"].get("forwardOps", 0), c["secondary"].get("backwardOps", 0))})
        e["java"].append(c["score"]); e["torch"].append(torch_ms)
print("\n# %s; %s; sgemm peak %s; %d rounds" % (env["nd4j"], env["jvm"], env["sgemmPeak"], rounds))
print("| preset | case | skelmae ms | PyTorch ms | ratio min / median / max | skelmae GFLOP/s | % of sgemm peak | activations MiB (off-heap) | heap MiB | peak RSS MiB | SameDiff ops (fwd + grad) | parity (rel. loss diff) |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
summary = []
for (preset, mode), e in rows.items():
    ratios = [j / t for j, t in zip(e["java"], e["torch"])]
    p = json.load(open(os.path.join(out, "round-1", "%s-%s.parity.json" % (preset, mode))))
    par = "n/a" if p.get("relativeDifference") is None else "%.1e" % p["relativeDifference"]
    print("| %s | %s | %.1f | %.1f | %.2f / %.2f / %.2f | %.1f | %.1f%% | %.0f | %.0f | %.0f | %s | %s |" % (
        preset, mode, statistics.median(e["java"]), statistics.median(e["torch"]), min(ratios), statistics.median(ratios), max(ratios),
        e["gflops"], 100 * e["share"], e["act"] / 2**20, e["heap"] / 2**20, e["rss"] / 2**20, e["ops"], par))
    summary.append({"preset": preset, "case": mode, "skelmaeMs": e["java"], "torchMs": e["torch"], "ratios": ratios, "parity": p})
json.dump(summary, open(os.path.join(out, "comparison.json"), "w"), indent=2)
PY
