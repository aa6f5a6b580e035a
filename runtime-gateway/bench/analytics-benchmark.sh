#!/usr/bin/env bash
# Gateway throughput with traffic analytics on vs off (docs/BENCHMARKS.md, "Traffic analytics").
#
# Two gateway processes from the same jar and the same kong.yaml (one service with key-auth and a consumer, so every
# request records a consumer key), one with --analytics true (aggregates every request into 10 s buckets with
# HdrHistograms, flushing every second; DB-less, so nothing is shipped), one with --analytics false; one nginx
# upstream (return 200). Both JVMs are warmed up in turns first; then each round measures both, the order
# alternating (off-on, on-off, …), each measured run after a short warm-up of its own. The verdict is the median of
# the per-round ratios (on / off of the same round, so a neighbour's burst or the JIT's drift hits both sides of a
# pair), with the spread of those ratios and the load average before every run.
#
# Needs: Java 17+, wrk, nginx, curl (apt-get install -y wrk nginx curl). Runs from a fresh clone: it builds the
# gateway jar itself (./mvnw, network for the first build) and uses only loopback ports.
#
# Usage: runtime-gateway/bench/analytics-benchmark.sh [duration-seconds] [connections] [warm-up-seconds] [rounds]
#            [--append-docs]
#   defaults: 20 s runs, 64 connections, 10 s warm-up (each JVM gets 3 turns of it first, every run 3 s more), 7 rounds
#   --append-docs  also inserts the result into docs/BENCHMARKS.md (above the marker line in "Traffic analytics")
# Writes runtime-gateway/target/analytics-benchmark.md (the Markdown block for docs/BENCHMARKS.md) and
# runtime-gateway/target/analytics-benchmark-runs.txt (every run). Run it on an otherwise idle machine: the load
# average before each run is in the output, and a ratio measured next to other builds says little.
#
# With --jmh instead: the JMH microbenchmark of the per-request recording cost (TrafficRecorderBenchmark).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ "${1:-}" = "--jmh" ]; then
  cd "$root"
  ./mvnw -q -pl runtime-gateway test-compile
  ./mvnw -q -pl runtime-gateway dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$root/runtime-gateway/target/bench-classpath.txt"
  cp="$root/runtime-gateway/target/test-classes:$root/runtime-gateway/target/classes:$(cat "$root/runtime-gateway/target/bench-classpath.txt")"
  exec java -cp "$cp" org.openjdk.jmh.Main TrafficRecorderBenchmark -rf json \
    -rff "$root/runtime-gateway/target/analytics-jmh.json"
fi

append_docs=false
args=()
for arg in "$@"; do
  if [ "$arg" = "--append-docs" ]; then append_docs=true; else args+=("$arg"); fi
done
duration="${args[0]:-20}"
connections="${args[1]:-64}"
warmup="${args[2]:-10}"
rounds="${args[3]:-7}"
run_warmup=3

missing=()
for tool in java wrk nginx curl awk; do command -v "$tool" > /dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "missing: ${missing[*]} (apt-get install -y wrk nginx curl; Java 17+)" >&2
  exit 2
fi

work="$(mktemp -d /tmp/gatehouse-analytics-bench.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT

# A free loopback port: a random one in 20000–59999 that nothing answers on.
free_port() {
  local port
  while true; do
    port=$(( 20000 + RANDOM % 40000 ))
    (echo > /dev/tcp/127.0.0.1/"$port") 2>/dev/null || { echo "$port"; return; }
  done
}
wait_port() { for _ in $(seq 1 $(( ${2:-60} * 5 ))); do (echo > /dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.2; done; echo "port $1 never opened" >&2; exit 1; }
load_average() { cut -d' ' -f1-3 /proc/loadavg; }

upstream_port=$(free_port); off_port=$(free_port); off_status=$(free_port); on_port=$(free_port); on_status=$(free_port)
mkdir -p "$work/nginx-tmp"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx-tmp; proxy_temp_path $work/nginx-tmp;
  fastcgi_temp_path $work/nginx-tmp; uwsgi_temp_path $work/nginx-tmp; scgi_temp_path $work/nginx-tmp;
  server {
    listen 127.0.0.1:$upstream_port;
    location / { default_type text/plain; return 200 "hello from the upstream\n"; }
  }
}
CONF
nginx -e "$work/nginx-error.log" -c "$work/nginx.conf" -p "$work"
wait_port "$upstream_port"

cat > "$work/kong.yaml" <<YAML
_format_version: "3.0"
services:
  - name: api
    url: http://127.0.0.1:$upstream_port
    routes: [{name: api, paths: ["/api"], strip_path: false}]
    plugins:
      - name: key-auth
consumers:
  - username: bench
    keyauth_credentials: [{key: bench-key}]
YAML

cd "$root"
./mvnw -q -pl runtime-gateway -am package -DskipTests
jar="$root/runtime-gateway/target/gatehouse-gateway.jar"
mkdir -p "$root/runtime-gateway/target"
java -Xms512m -Xmx512m -jar "$jar" --config "$work/kong.yaml" --host 127.0.0.1 --port "$off_port" \
  --status-port "$off_status" --analytics false > "$work/gateway-off.log" 2>&1 &
pids+=($!)
java -Xms512m -Xmx512m -jar "$jar" --config "$work/kong.yaml" --host 127.0.0.1 --port "$on_port" \
  --status-port "$on_status" --analytics true > "$work/gateway-on.log" 2>&1 &
pids+=($!)
wait_port "$off_port" 120; wait_port "$on_port" 120

url() { if [ "$1" = on ]; then echo "http://127.0.0.1:$on_port/api"; else echo "http://127.0.0.1:$off_port/api"; fi; }
recorded() { curl -s "http://127.0.0.1:$1/metrics" | awk '/^gatehouse_analytics_requests_recorded_total/ {print $2}'; }

# Both sides answer 200 with the key (a 401 here would make every figure meaningless).
for side in off on; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'apikey: bench-key' "$(url "$side")")
  [ "$code" = 200 ] || { echo "the analytics-$side gateway answered $code, not 200" >&2; exit 1; }
done

# run side: one measured run after its own short warm-up; prints "analytics <side>|rps|p50|p99|non-2xx|errors|load".
run() {
  wrk -t2 -c"$connections" -d"${run_warmup}s" -H "apikey: bench-key" "$(url "$1")" > /dev/null
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  local out; out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -H "apikey: bench-key" "$(url "$1")")
  local rps p50 p99 non2xx errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
  p50=$(awk '$1=="50%" {print $2}' <<< "$out")
  p99=$(awk '$1=="99%" {print $2}' <<< "$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<< "$out"); non2xx=${non2xx:-0}
  errors=$(awk '/Socket errors/ {gsub(",", ""); print $4+$6+$8+$10}' <<< "$out"); errors=${errors:-0}
  echo "analytics $1|$rps|$p50|$p99|$non2xx|$errors|$load"
}

started_at=$(date -u +%Y-%m-%dT%H:%MZ)
load_start=$(load_average)
echo "warming up both gateways (3 turns of ${warmup} s each, alternating); load average $load_start" >&2
for turn in 1 2 3; do
  for side in off on; do
    wrk -t2 -c"$connections" -d"${warmup}s" -H "apikey: bench-key" "$(url "$side")" > /dev/null
  done
done

results=()
for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then order="off on"; else order="on off"; fi
  for side in $order; do
    line="$(run "$side")"
    echo "round $round: $line" >&2
    results+=("$round|$line")
  done
done
load_end=$(load_average)
recorded_on=$(recorded "$on_status"); recorded_off=$(recorded "$off_status")
printf '%s\n' "${results[@]}" > "$root/runtime-gateway/target/analytics-benchmark-runs.txt"

bad=$(printf '%s\n' "${results[@]}" | awk -F'|' '$6 != 0 || $7 != 0' | wc -l)
if [ "${recorded_on:-0}" = 0 ]; then echo "the analytics-on gateway recorded nothing: not a comparison" >&2; exit 1; fi

# Statistics (awk): medians of each side, per-round ratios on/off, their median, min, max and quartiles.
stats=$(printf '%s\n' "${results[@]}" | awk -F'|' '
  function median(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function quantile(a, n, q,   pos, lo) { pos = 1 + (n - 1) * q; lo = int(pos); return lo >= n ? a[n] : a[lo] + (pos - lo) * (a[lo + 1] - a[lo]) }
  { if ($2 == "analytics on") on[$1] = $3; else off[$1] = $3; if ($8 + 0 > maxload) maxload = $8 + 0; if (minload == "" || $8 + 0 < minload) minload = $8 + 0 }
  END {
    n = 0
    for (r in on) { n++; ratio[n] = on[r] / off[r]; ons[n] = on[r]; offs[n] = off[r] }
    list = ""; for (r = 1; r <= n; r++) list = list sprintf("%s%.3f", (r > 1 ? ", " : ""), on[r] / off[r])
    mr = median(ratio, n); mon = median(ons, n); moff = median(offs, n)
    printf "%.3f|%.3f|%.3f|%.3f|%.3f|%.2f|%.2f|%.3f|%s|%s|%s\n", mr, ratio[1], ratio[n], quantile(ratio, n, 0.25), quantile(ratio, n, 0.75), moff, mon, mon / moff, list, minload, maxload
  }')
IFS='|' read -r median_ratio min_ratio max_ratio q1 q3 median_off median_on ratio_of_medians per_round min_load max_load <<< "$stats"
verdict=$(awk -v r="$median_ratio" -v lo="$q1" -v hi="$q3" 'BEGIN {
  if (hi - lo > 0.10 || r > 1.05) print "inconclusive: the per-round ratios spread too far (or analytics \"won\", which it cannot) for a 5 % question; re-run on a quiet machine or with more rounds";
  else if (r >= 0.95 && lo >= 0.95) print "within 5 % (median and lower quartile of the per-round ratios ≥ 0.95)";
  else if (r >= 0.95) print "within 5 % by the median, but the lower quartile is below 0.95: re-run on a quieter machine";
  else print "NOT within 5 %" }')

{
  echo "#### Run of $started_at — analytics on / off: **$median_ratio** (median of $rounds per-round ratios)"
  echo
  echo "Command: \`runtime-gateway/bench/analytics-benchmark.sh $duration $connections $warmup $rounds\` ($(nproc) cores;"
  echo "load average $load_start at the start, $load_end at the end; 1-minute load before the measured runs $min_load–$max_load)."
  echo
  echo "| gateway | requests/s (median run) | per-round ratio on / off: median | min – max | quartiles |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  echo "| analytics off | $median_off | | | |"
  echo "| analytics on | $median_on | **$median_ratio** | $min_ratio – $max_ratio | $q1 – $q3 |"
  echo
  echo "- Verdict: $verdict. Ratio of the two medians: $ratio_of_medians."
  echo "- Per-round ratios, in order: $per_round."
  echo "- Requests recorded by the analytics gateway: $recorded_on (the other: ${recorded_off:-0}); runs with non-2xx or socket errors: $bad."
  echo "- wrk -t2 -c$connections -d${duration}s --latency -H 'apikey: bench-key'; both JVMs -Xms512m -Xmx512m, warmed up 3 × ${warmup} s in"
  echo "  turns, every measured run after ${run_warmup} s of its own; rounds alternate the order (off-on, on-off, …)."
  echo
  echo "All runs (round | gateway | req/s | p50 | p99 | non-2xx | socket errors | 1-min load before the run):"
  echo
  echo '```'
  printf '%s\n' "${results[@]}"
  echo '```'
} > "$root/runtime-gateway/target/analytics-benchmark.md"
cat "$root/runtime-gateway/target/analytics-benchmark.md"

if $append_docs; then
  docs="$root/docs/BENCHMARKS.md"
  marker='<!-- analytics-benchmark.sh --append-docs inserts new runs above this line -->'
  if ! grep -qF "$marker" "$docs"; then echo "no marker line in $docs: paste target/analytics-benchmark.md by hand" >&2; exit 1; fi
  awk -v marker="$marker" -v block="$root/runtime-gateway/target/analytics-benchmark.md" '
    $0 == marker { while ((getline line < block) > 0) print line; print "" }
    { print }' "$docs" > "$work/BENCHMARKS.md"
  cp "$work/BENCHMARKS.md" "$docs"
  echo "inserted into $docs" >&2
fi
