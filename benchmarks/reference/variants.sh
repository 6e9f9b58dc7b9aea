#!/usr/bin/env bash
# Which ND4J native variant is fastest on this CPU: the same PerformanceBenchmark cases with each
# classifier of nd4j-native on the classpath (the build's default is set in the root pom).
#
#   benchmarks/reference/variants.sh
#   VARIANTS=linux-x86_64-avx2,linux-x86_64-onednn-avx512 PRESETS=cpu-mvae benchmarks/reference/variants.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
VARIANTS=${VARIANTS:-linux-x86_64-avx2,linux-x86_64-avx512,linux-x86_64-onednn-avx2,linux-x86_64-onednn-avx512}
BATCH=${BATCH:-16}
ITERS=${ITERS:-8}
PRESETS=${PRESETS:-cpu-mae}
MODES=${MODES:-pretrain,finetune,inference}
OUT=${OUT:-target/performance/variants}

REPO=${MAVEN_REPO:-$HOME/.m2/repository}
CP_FILE=$(mktemp)
mvn -q -B -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
mvn -q -B -pl benchmarks compile >/dev/null
# The classpath carries the default variant; swap in each other one (a -D on the command line does not
# reach core's transitive dependency).
DEFAULT_JAR=$(tr ':' '\n' < "$CP_FILE" | grep '/nd4j-native-1.0.0-M2.1-linux-x86_64.*\.jar$')
for v in ${VARIANTS//,/ }; do
  mvn -q -B dependency:get -Dartifact="org.nd4j:nd4j-native:1.0.0-M2.1:jar:$v" >/dev/null
  jar="$REPO/org/nd4j/nd4j-native/1.0.0-M2.1/nd4j-native-1.0.0-M2.1-$v.jar"
  echo "== $v"
  java -Xmx8g -cp "$(sed "s#$DEFAULT_JAR#$jar#" "$CP_FILE"):benchmarks/target/classes" org.skelmae.benchmarks.PerformanceBenchmark \
    "$OUT/$v" "$BATCH" "$ITERS" "$PRESETS" "$MODES" | grep -v '^#'
done
rm -f "$CP_FILE"
