#!/usr/bin/env bash
# Side-by-side load test on this machine: the Gatehouse gateway vs nginx (proxy_pass) vs Spring Cloud
# Gateway 5.0.3 (bench/scg-peer, built here), same upstream, same wrk settings, for (a) a plain proxied
# route and (b) key-auth + rate-limiting (nginx: an apikey check + limit_req; Spring Cloud Gateway: an
# apikey Header predicate + RequestRateLimiter on Redis). Needs: wrk, nginx, redis-server
# (apt-get install -y wrk nginx redis-server), Java 17.
# Usage: runtime-gateway/bench/load-benchmark.sh [duration-seconds] [connections] [warm-up-seconds] [rounds]
# Each scenario runs once per round, the four interleaved, and the table reports the run with the median
# requests/s of each scenario, so a burst of load from elsewhere on the machine does not decide a ratio.
# Prints a Markdown table and writes it to runtime-gateway/target/load-benchmark.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$here/lib.sh"
duration="${1:-15}"
connections="${2:-64}"
warmup="${3:-10}"
rounds="${4:-3}"
work="$(mktemp -d /tmp/gatehouse-bench.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]:-}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT

upstream_port=$(free_port); nginx_port=$(free_port); gw_port=$(free_port); status_port=$(free_port)
scg_port=$(free_port); redis_port=$(free_port)

# One nginx process (its own config, loopback ports only): the shared upstream and the nginx proxy peer.
mkdir -p "$work/nginx-tmp"
cat > "$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx-tmp; proxy_temp_path $work/nginx-tmp;
  fastcgi_temp_path $work/nginx-tmp; uwsgi_temp_path $work/nginx-tmp; scgi_temp_path $work/nginx-tmp;
  limit_req_zone \$http_apikey zone=perkey:10m rate=100000000r/s;
  upstream backend { server 127.0.0.1:$upstream_port; keepalive 128; }
  server {
    listen 127.0.0.1:$upstream_port;
    location / { default_type text/plain; return 200 "hello from the upstream\n"; }
  }
  server {
    listen 127.0.0.1:$nginx_port;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    location /plain { proxy_pass http://backend; }
    location /auth {
      if (\$http_apikey != "bench-key") { return 401; }
      limit_req zone=perkey burst=1000000 nodelay;
      proxy_pass http://backend;
    }
  }
}
CONF
nginx -c "$work/nginx.conf" -p "$work"
wait_port "$upstream_port"; wait_port "$nginx_port"

write_gateway_config "$work/kong.yaml" "$upstream_port"

cd "$root"
./mvnw -q -pl runtime-gateway package -DskipTests
./mvnw -q -f runtime-gateway/bench/scg-peer/pom.xml package -DskipTests

redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no > "$work/redis.log" 2>&1 &
pids+=($!)
wait_port "$redis_port"
scg="spring.cloud.gateway.server.webflux.routes"
java -Xms512m -Xmx512m -jar "$root/runtime-gateway/bench/scg-peer/target/scg-peer-1.jar" \
  --server.port="$scg_port" --server.address=127.0.0.1 --spring.main.banner-mode=off --logging.level.root=WARN \
  --spring.data.redis.host=127.0.0.1 --spring.data.redis.port="$redis_port" \
  --$scg[0].id=plain --$scg[0].uri="http://127.0.0.1:$upstream_port" --$scg[0].predicates[0]="Path=/plain/**" \
  --$scg[1].id=auth --$scg[1].uri="http://127.0.0.1:$upstream_port" --$scg[1].predicates[0]="Path=/auth/**" \
  --$scg[1].predicates[1]="Header=apikey, bench-key" \
  --$scg[1].filters[0].name=RequestRateLimiter \
  --$scg[1].filters[0].args.redis-rate-limiter.replenishRate=100000000 \
  --$scg[1].filters[0].args.redis-rate-limiter.burstCapacity=100000000 \
  --$scg[1].filters[0].args.key-resolver='#{@apiKeyResolver}' > "$work/scg.log" 2>&1 &
pids+=($!)
jar="$root/runtime-gateway/target/gatehouse-gateway.jar"
java -Xms512m -Xmx512m -jar "$jar" --config "$work/kong.yaml" --host 127.0.0.1 --port "$gw_port" \
  --status-port "$status_port" > "$work/gateway.log" 2>&1 &
pids+=($!)
wait_port "$gw_port" 180

run() { # name url [header]
  local args=(-t2 -c"$connections" -d"${duration}s" --latency)
  [ -n "${3:-}" ] && args+=(-H "$3")
  wrk -t2 -c"$connections" -d"${warmup}s" ${3:+-H "$3"} "$2" > /dev/null   # warm-up
  local out; out=$(wrk "${args[@]}" "$2")
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
  p50=$(awk '$1=="50%" {print $2}' <<< "$out")
  p99=$(awk '$1=="99%" {print $2}' <<< "$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<< "$out"); non2xx=${non2xx:-0}
  echo "$1|$rps|$p50|$p99|$non2xx"
}

wait_port "$scg_port" 300
# Both JVMs get both of their routes warmed (JIT) before anything is measured.
for port in "$gw_port" "$scg_port"; do
  wrk -t2 -c"$connections" -d"${warmup}s" "http://127.0.0.1:$port/plain" > /dev/null
  wrk -t2 -c"$connections" -d"${warmup}s" -H "apikey: bench-key" "http://127.0.0.1:$port/auth" > /dev/null
done

results=()
for round in $(seq 1 "$rounds"); do
  results+=("$(run "gatehouse plain" "http://127.0.0.1:$gw_port/plain")")
  results+=("$(run "nginx plain" "http://127.0.0.1:$nginx_port/plain")")
  results+=("$(run "gatehouse key-auth+rate-limiting" "http://127.0.0.1:$gw_port/auth" "apikey: bench-key")")
  results+=("$(run "nginx apikey+limit_req" "http://127.0.0.1:$nginx_port/auth" "apikey: bench-key")")
  results+=("$(run "spring-cloud-gateway plain" "http://127.0.0.1:$scg_port/plain")")
  results+=("$(run "spring-cloud-gateway apikey-predicate+RequestRateLimiter" "http://127.0.0.1:$scg_port/auth" "apikey: bench-key")")
done
printf '%s\n' "${results[@]}" > "$root/runtime-gateway/target/load-benchmark-runs.txt"

# The median run (by requests/s) of each scenario.
median() {
  printf '%s\n' "${results[@]}" | awk -F'|' -v n="$1" '$1==n' | sort -t'|' -k2 -g | awk -v r="$rounds" 'NR==int((r+1)/2)'
}
names=("gatehouse plain" "nginx plain" "spring-cloud-gateway plain" "gatehouse key-auth+rate-limiting"
  "nginx apikey+limit_req" "spring-cloud-gateway apikey-predicate+RequestRateLimiter")
chosen=()
for n in "${names[@]}"; do chosen+=("$(median "$n")"); done
rps_of() { for r in "${chosen[@]}"; do IFS='|' read -r n rps _ <<< "$r"; [ "$n" = "$1" ] && echo "$rps"; done; }
ratio() { python3 -c "print(f'{float($1)/float($2):.2f}')"; }
{
  echo "| peer | scenario | requests/s | p50 | p99 | non-2xx |"
  echo "| --- | --- | ---: | ---: | ---: | ---: |"
  for r in "${chosen[@]}"; do IFS='|' read -r n rps p50 p99 bad <<< "$r"; echo "| ${n%% *} | ${n#* } | $rps | $p50 | $p99 | $bad |"; done
  echo
  echo "- gatehouse / nginx, plain route: $(ratio "$(rps_of "gatehouse plain")" "$(rps_of "nginx plain")")"
  echo "- gatehouse / spring-cloud-gateway, plain route: $(ratio "$(rps_of "gatehouse plain")" "$(rps_of "spring-cloud-gateway plain")")"
  echo "- gatehouse / spring-cloud-gateway, auth + rate limiting: $(ratio "$(rps_of "gatehouse key-auth+rate-limiting")" "$(rps_of "spring-cloud-gateway apikey-predicate+RequestRateLimiter")")"
  echo "- gatehouse key-auth+rate-limiting / gatehouse plain: $(ratio "$(rps_of "gatehouse key-auth+rate-limiting")" "$(rps_of "gatehouse plain")")"
  echo "- wrk -t2 -c$connections -d${duration}s --latency (the gateway's JVM first warmed ${warmup} s per route, then every run after its own ${warmup} s warm-up); median of $rounds interleaved rounds (all runs: runtime-gateway/target/load-benchmark-runs.txt), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee "$root/runtime-gateway/target/load-benchmark.md"
