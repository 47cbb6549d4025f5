#!/usr/bin/env bash
# Launches the bench's kernels workload N times in a row (default 20), each in a fresh JVM, and
# prints each launch's SIMD and scalar GFLOP/s on 1024³ and the MLP's shapes: the JIT must compile
# the SIMD kernel well in every launch, not only on a good one (docs/benchmarks.md).
#   bench/launches.sh [N] [JAVA]       e.g. bench/launches.sh 20 /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-20}"
java="${2:-java}"
"$java" -version 2>&1 | sed -n 1p
for i in $(seq 1 "$n"); do
  out="$("$java" --add-modules jdk.incubator.vector -jar bench/target/jkeras-bench.jar \
      --workloads kernels --warmup 1 --runs 2 --numpy none 2>/dev/null)"
  # "| product | simd | scalar | ..." rows: print launch number, then each shape's two figures.
  printf 'launch %2d:' "$i"
  echo "$out" | awk -F'|' '/^first product/ { sub(/.*: /, ""); printf " first %s;", $0 }
      /^\| [0-9]/ { gsub(/ /, "", $3); gsub(/ /, "", $4); printf " %s/%s", $3, $4 } END { print "" }'
done
