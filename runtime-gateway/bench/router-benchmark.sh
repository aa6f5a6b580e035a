#!/usr/bin/env bash
# JMH router benchmark: route match time at 10 / 1,000 / 10,000 / 100,000 routes.
# Usage (from anywhere): runtime-gateway/bench/router-benchmark.sh [extra JMH args]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
./mvnw -q -pl runtime-gateway test-compile
./mvnw -q -pl runtime-gateway dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$root/runtime-gateway/target/bench-classpath.txt"
cp="$root/runtime-gateway/target/test-classes:$root/runtime-gateway/target/classes:$(cat "$root/runtime-gateway/target/bench-classpath.txt")"
exec java -cp "$cp" org.openjdk.jmh.Main RouterBenchmark -rf json -rff "$root/runtime-gateway/target/router-benchmark.json" "$@"
