#!/usr/bin/env bash
# The libtorch engine on an NVIDIA GPU, for anyone who has one: builds the CUDA variant (-Pgpu), trains the paper
# preset's steps a few hundred times on the GPU and prints the step times and the GPU memory in use. CI cannot run
# it (no GPU); docs/engines.md says what was verified where.
#
#   benchmarks/reference/gpu_check.sh                                  # paper-mae, batch 16, 300 steps per case
#   PRESETS=paper-mae,paper-gin-mae BATCH=2 STEPS=500 benchmarks/reference/gpu_check.sh
#   DEVICE=cuda:1 benchmarks/reference/gpu_check.sh                    # another GPU of the machine
#
# Needs: an NVIDIA GPU of compute capability 7.5 or newer with a driver for CUDA 13.1 (>= 580), nvidia-smi, and
# network access for Maven the first time (the CUDA build of libtorch and the CUDA runtime are several GB of jars).
# Writes target/gpu-check/: gpu.csv (the GPU), benchmark.log and results.json (EngineStepBenchmark: one median per
# case over STEPS steps after 3 warm-up steps), memory.csv (memory in use on the GPU, sampled every 500 ms).
set -euo pipefail
cd "$(dirname "$0")/../.."
PRESETS=${PRESETS:-paper-mae}
CASES=${CASES:-pretrain,finetune,inference}
BATCH=${BATCH:-16}
STEPS=${STEPS:-300}
THREADS=${THREADS:-4}
DEVICE=${DEVICE:-cuda}
OUT=${OUT:-target/gpu-check}
mkdir -p "$OUT"

nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv | tee "$OUT/gpu.csv"
mvn -q -B install -DskipTests -Pgpu
mvn -q -B -Pgpu -pl skelmae-libtorch dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt"

nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 500 > "$OUT/memory.csv" &
SMI=$!
trap 'kill $SMI 2>/dev/null || true' EXIT
start=$(date +%s)
java -Xmx8g -Dskelmae.device="$DEVICE" -cp "$(cat "$OUT/classpath.txt"):skelmae-libtorch/target/classes" \
  org.skelmae.libtorch.EngineStepBenchmark "$PRESETS" "$CASES" "$BATCH" "$STEPS" 1 "$THREADS" libtorch "$OUT/results.json" \
  | tee "$OUT/benchmark.log"
end=$(date +%s)
kill $SMI 2>/dev/null || true
echo "wall time: $((end - start)) s for $STEPS steps per case (presets $PRESETS, cases $CASES, batch $BATCH, device $DEVICE)"
echo "GPU memory in use: before $(head -1 "$OUT/memory.csv") MiB, peak $(sort -n "$OUT/memory.csv" | tail -1) MiB (the whole GPU, as nvidia-smi reports it)"
