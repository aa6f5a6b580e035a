#!/usr/bin/env bash
# CPU time per proxied request of several gateway builds side by side, and of nginx proxy_pass, on one upstream.
# On a shared machine requests/s swing with everyone else's load; the CPU time the gateway process spends per
# request (utime + stime from /proc, divided by wrk's request count) is disturbed far less, so build-to-build
# comparisons of the hot path go by it (docs/BENCHMARKS.md, "Hot-path work for the nginx ratio").
# Usage: WARM=150 runtime-gateway/bench/cpu-per-request.sh rounds seconds path "before.jar [jvm opts]" "after.jar [jvm opts]"...
#   path: /plain (no plugins) or /auth (key-auth + rate-limiting); needs wrk and nginx (apt-get install -y wrk nginx).
# All gateways are warmed together for WARM seconds, then each round runs every gateway and nginx once, in turn.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
rounds="$1"; secs="$2"; path="$3"; shift 3
work=$(mktemp -d /tmp/gatehouse-cpu.XXXXXX)
up=$(free_port); ngx=$(free_port)
cat > $work/up.conf <<CONF
worker_processes auto;
pid $work/up.pid;
error_log $work/up-error.log warn;
events { worker_connections 4096; }
http { access_log off;
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;
  server { listen 127.0.0.1:$up; location / { default_type text/plain; return 200 "hello from the upstream\n"; } } }
CONF
cat > $work/px.conf <<CONF
worker_processes auto;
pid $work/px.pid;
error_log $work/px-error.log warn;
events { worker_connections 4096; }
http { access_log off;
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;
  upstream backend { server 127.0.0.1:$up; keepalive 128; }
  server { listen 127.0.0.1:$ngx; proxy_http_version 1.1; proxy_set_header Connection "";
    location / { if (\$http_apikey = "nope") { return 401; } proxy_pass http://backend; } } }
CONF
write_gateway_config $work/kong.yaml $up
nginx -c $work/up.conf -p $work; nginx -c $work/px.conf -p $work
pids=(); ports=(); names=()
i=0
for spec in "$@"; do
  read -r jar opts <<< "$spec"
  port=$(free_port)
  java -Xms512m -Xmx512m $opts -jar "$jar" --config $work/kong.yaml --host 127.0.0.1 --port $port --status-port "$(free_port)" > $work/gw$i.log 2>&1 &
  pids+=($!); ports+=($port); names+=("$(basename $jar) $opts"); i=$((i+1))
done
trap 'kill ${pids[*]} 2>/dev/null; kill $(cat $work/up.pid) $(cat $work/px.pid) 2>/dev/null' EXIT
for p in "${ports[@]}"; do for k in $(seq 1 300); do (echo > /dev/tcp/127.0.0.1/$p) 2>/dev/null && break; sleep 0.2; done; done
H="apikey: bench-key"
for p in "${ports[@]}"; do curl -s -o /dev/null -w "gateway on $p answers %{http_code}\n" -H "$H" http://127.0.0.1:$p$path; done
wp=(); for p in "${ports[@]}"; do wrk -t1 -c32 -d${WARM:-12}s -H "$H" http://127.0.0.1:$p$path >/dev/null & wp+=($!); done; wait ${wp[*]}
sleep 1
ngxw=$(pgrep -P $(cat $work/px.pid) | tr '\n' ' ')
cpu() { local t=0; for p in "$@"; do t=$((t + $(awk '{print $14+$15}' /proc/$p/stat))); done; echo $t; }
r() { local u="$1"; shift; local c0=$(cpu "$@"); local out=$(wrk -t2 -c64 -d${secs}s -H "$H" "$u"); local c1=$(cpu "$@");
  local rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out"); local n=$(awk '/requests in/ {print $1}' <<< "$out");
  python3 -c "print(f'{float($rps):7.0f} rps {($c1-$c0)*10000/$n:6.1f}us', end='')"; }
for round in $(seq 1 $rounds); do
  printf 'load %s |' "$(cut -d' ' -f1 /proc/loadavg)"
  for j in "${!ports[@]}"; do printf ' %s: ' "$j"; r http://127.0.0.1:${ports[$j]}$path ${pids[$j]}; printf ' |'; done
  printf ' nginx: '; r http://127.0.0.1:$ngx$path $ngxw; echo
done
for j in "${!names[@]}"; do echo "$j = ${names[$j]}"; done
