#!/usr/bin/env bash
# Gateway throughput with traffic analytics on vs off, in one run on this machine: two gateway processes from the
# same jar and the same kong.yaml (key-auth + a consumer, so every request records a consumer key), one with
# --analytics true (aggregates every request into 10 s buckets with HdrHistograms, flushes every second), one
# without; one nginx upstream. Rounds interleave the two and the table reports each one's median run.
# Needs: wrk, nginx (apt-get install -y wrk nginx), Java 17.
# Usage: runtime-gateway/bench/analytics-benchmark.sh [duration-seconds] [connections] [warm-up-seconds] [rounds]
# Prints a Markdown table and writes it to runtime-gateway/target/analytics-benchmark.md.
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
duration="${1:-10}"
connections="${2:-64}"
warmup="${3:-5}"
rounds="${4:-5}"
work="$(mktemp -d /tmp/gatehouse-analytics-bench.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]:-}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() { for _ in $(seq 1 150); do (echo > /dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.2; done; echo "port $1 never opened" >&2; exit 1; }

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
nginx -c "$work/nginx.conf" -p "$work"
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
./mvnw -q -pl runtime-gateway package -DskipTests
jar="$root/runtime-gateway/target/gatehouse-gateway.jar"
java -Xms512m -Xmx512m -jar "$jar" --config "$work/kong.yaml" --host 127.0.0.1 --port "$off_port" \
  --status-port "$off_status" > "$work/gateway-off.log" 2>&1 &
pids+=($!)
java -Xms512m -Xmx512m -jar "$jar" --config "$work/kong.yaml" --host 127.0.0.1 --port "$on_port" \
  --status-port "$on_status" --analytics true > "$work/gateway-on.log" 2>&1 &
pids+=($!)
wait_port "$off_port"; wait_port "$on_port"

run() { # name url
  wrk -t2 -c"$connections" -d"${warmup}s" -H "apikey: bench-key" "$2" > /dev/null
  local out; out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -H "apikey: bench-key" "$2")
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
  p50=$(awk '$1=="50%" {print $2}' <<< "$out")
  p99=$(awk '$1=="99%" {print $2}' <<< "$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<< "$out"); non2xx=${non2xx:-0}
  echo "$1|$rps|$p50|$p99|$non2xx"
}

for port in "$off_port" "$on_port"; do
  wrk -t2 -c"$connections" -d"${warmup}s" -H "apikey: bench-key" "http://127.0.0.1:$port/api" > /dev/null
done
results=()
for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then
    results+=("$(run "analytics off" "http://127.0.0.1:$off_port/api")")
    results+=("$(run "analytics on" "http://127.0.0.1:$on_port/api")")
  else
    results+=("$(run "analytics on" "http://127.0.0.1:$on_port/api")")
    results+=("$(run "analytics off" "http://127.0.0.1:$off_port/api")")
  fi
done
recorded=$(curl -s "http://127.0.0.1:$on_status/metrics" | awk '/^gatehouse_analytics_requests_recorded_total/ {print $2}')
printf '%s\n' "${results[@]}" > "$root/runtime-gateway/target/analytics-benchmark-runs.txt"
median() {
  printf '%s\n' "${results[@]}" | awk -F'|' -v n="$1" '$1==n' | sort -t'|' -k2 -g | awk -v r="$rounds" 'NR==int((r+1)/2)'
}
off=$(median "analytics off"); on=$(median "analytics on")
{
  echo "| gateway | requests/s | p50 | p99 | non-2xx |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  for r in "$off" "$on"; do IFS='|' read -r n rps p50 p99 bad <<< "$r"; echo "| $n | $rps | $p50 | $p99 | $bad |"; done
  echo
  IFS='|' read -r _ off_rps _ <<< "$off"; IFS='|' read -r _ on_rps _ <<< "$on"
  echo "- analytics on / off: $(python3 -c "print(f'{float($on_rps)/float($off_rps):.3f}')")"
  echo "- requests recorded by the analytics gateway: $recorded"
  echo "- wrk -t2 -c$connections -d${duration}s --latency -H 'apikey: bench-key' (each run after its own ${warmup} s warm-up); median of $rounds rounds, order alternating; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "All runs (scenario | req/s | p50 | p99 | non-2xx):"
  echo
  echo '```'
  printf '%s\n' "${results[@]}"
  echo '```'
} | tee "$root/runtime-gateway/target/analytics-benchmark.md"
