#!/usr/bin/env bash
# Op profile of one step per preset and case, skelmae beside PyTorch: time per op type and input shapes,
# forward and backward, and per category (docs/performance.md, "Op profile"). Same model, initial weights,
# batch and threads on both sides, as in compare.sh. Run it on a quiet machine.
#
#   benchmarks/reference/profile.sh                                  # defaults below
#   PRESETS=cpu-mae MODES=finetune STEPS=5 benchmarks/reference/profile.sh
#   BLAS_THREADS=2 ALLOCATOR=jemalloc benchmarks/reference/profile.sh
#
# BLAS_THREADS (default 1): threads per OpenBLAS call on both sides. skelmae's runs use 1 (Threads.BLAS_THREADS,
#   set in-process; ND4J would otherwise give OpenBLAS OMP_NUM_THREADS threads, which interleave with oneDNN's
#   OpenMP pool); PyTorch is fastest with 1 too (docs/performance.md).
# ALLOCATOR=jemalloc (Debian libjemalloc2) or glibc (large mmap and trim thresholds): the same for both sides,
#   so that large per-op temporaries are not returned to the OS and faulted in again. Default: unchanged.
#
# Needs: mvn install (once), Debian python3-torch and libopenblas0-pthread (/usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/../.."
BATCH=${BATCH:-16}
STEPS=${STEPS:-5}
PRESETS=${PRESETS:-cpu-mae,cpu-mvae,cpu-mvqvae}
MODES=${MODES:-pretrain,finetune,inference}
THREADS=${THREADS:-2}
OUT=${OUT:-target/profile}
PYTHON=${PYTHON:-/usr/bin/python3}
export OMP_NUM_THREADS=$THREADS
BLAS_THREADS=${BLAS_THREADS:-1}
export OPENBLAS_NUM_THREADS=$BLAS_THREADS
case "${ALLOCATOR:-default}" in
  jemalloc)
    JEMALLOC=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
    [ -f "$JEMALLOC" ] || { echo "ALLOCATOR=jemalloc needs $JEMALLOC (apt-get install libjemalloc2)" >&2; exit 1; }
    export LD_PRELOAD=$JEMALLOC MALLOC_CONF=retain:true,dirty_decay_ms:-1,muzzy_decay_ms:-1 ;;
  glibc)
    export GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=4294967296:glibc.malloc.arena_max=2 ;;
  default) ;;
  *) echo "ALLOCATOR must be jemalloc, glibc or default" >&2; exit 1 ;;
esac

CP_FILE=$(mktemp)
mvn -q -B -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="$(cat "$CP_FILE"):benchmarks/target/classes"
rm -f "$CP_FILE"
mvn -q -B -pl benchmarks compile >/dev/null

mkdir -p "$OUT"
echo "== skelmae"
java -Xmx8g -Dskelmae.blasThreads="$BLAS_THREADS" -cp "$CP" org.skelmae.benchmarks.OpProfileBenchmark "$OUT" "$BATCH" "$STEPS" "$PRESETS" "$MODES" | grep '^## \|^# results'
echo "== PyTorch"
for preset in ${PRESETS//,/ }; do
  for mode in ${MODES//,/ }; do
    echo "$preset $mode"
    "$PYTHON" benchmarks/reference/profile_torch.py "$OUT/$preset-$mode.npz" "$mode" "$STEPS" "$THREADS" > "$OUT/$preset-$mode.torch-profile.json"
  done
done
"$PYTHON" benchmarks/reference/profile_merge.py "$OUT" > "$OUT/profile.md"
echo "== $OUT/profile.md (skelmae-only tables: $OUT/profile-<preset>-<mode>.md)"
cat "$OUT/profile.md"
