#!/usr/bin/env bash
# NTU parse and preprocessing throughput: skelmae (1 thread and all cores, warm JIT) beside the NumPy
# implementation of the same reference steps.
#
#   benchmarks/reference/parse.sh [ntu folder] [repeats]
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${1:-../shared/data/ntu-subset}
REPEATS=${2:-5}
PYTHON=${PYTHON:-/usr/bin/python3}
CP_FILE=$(mktemp)
mvn -q -B -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
mvn -q -B -pl benchmarks compile >/dev/null
echo "== skelmae"
java -cp "$(cat "$CP_FILE"):benchmarks/target/classes" org.skelmae.benchmarks.ParseBenchmark "$DATA" "$REPEATS" 2>/dev/null
rm -f "$CP_FILE"
echo "== numpy"
SKELETONS="$DATA"; [ -d "$DATA/skeletons" ] && SKELETONS="$DATA/skeletons"
"$PYTHON" benchmarks/reference/ntu_parse_numpy.py "$SKELETONS" 3
