#!/bin/bash
# Runs OffHeapProbe in a child JVM and kills it past CAP_MB resident (so a runaway cannot take the machine).
# usage: tools/offheap/probe.sh CAP_MB JVM_OPTIONS... -- MODE N
# e.g.   tools/offheap/probe.sh 6000 -Xmx1g -Dorg.bytedeco.javacpp.maxbytes=1g \
#            -Dorg.bytedeco.javacpp.maxphysicalbytes=2g -Dmodel=mlp -- predict 20000
# Needs `mvn -o -q test-compile -pl api,backend-dl4j` first.
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${TMPDIR:-/tmp}/jkeras-offheap-probe
mkdir -p "$OUT"
[ -f "$OUT/cp" ] || (cd "$ROOT" && mvn -B -q dependency:build-classpath -pl backend-dl4j -Dmdep.includeScope=test \
    -Dmdep.outputFile="$OUT/cp.all" && tr ':' '\n' < "$OUT/cp.all" | grep -v jkeras-api | paste -sd: > "$OUT/cp")
CP="$ROOT/api/target/classes:$ROOT/backend-dl4j/target/classes:$(cat "$OUT/cp")"
javac -d "$OUT/classes" -cp "$CP" "$ROOT/tools/offheap/OffHeapProbe.java"
CAP=$1; shift
OPTS=()
while [ "$1" != "--" ]; do OPTS+=("$1"); shift; done; shift
OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} java "${OPTS[@]}" -cp "$OUT/classes:$CP" OffHeapProbe "$@" > "$OUT/child.log" 2>&1 &
PID=$!
MAX=0
while kill -0 $PID 2>/dev/null; do
  R=$(awk '/VmRSS/{print $2}' /proc/$PID/status 2>/dev/null); R=${R:-0}
  [ "$R" -gt $MAX ] && MAX=$R
  if [ "$R" -gt $((CAP * 1024)) ]; then echo "probe: resident $R kB over $CAP MB, killed"; kill -9 $PID; fi
  sleep 0.1
done
wait $PID || true
echo "max resident ${MAX} kB"
grep -v "INFO\|SLF4J" "$OUT/child.log"
