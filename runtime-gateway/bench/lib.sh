# Shared by the gateway load benchmarks (sourced, not run): loopback ports and the gateway config they proxy with.

# A free loopback port, as the kernel hands one out.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# wait_port port [seconds]: a JVM peer may take minutes to start on a loaded machine.
wait_port() { for _ in $(seq 1 $(( ${2:-20} * 5 ))); do (echo > /dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.2; done; echo "port $1 never opened" >&2; exit 1; }

# write_gateway_config file upstream-port: the DB-less gateway config both scenarios run on, /plain (no plugins)
# and /auth (key-auth + a rate limit too high to refuse anything), one consumer with the key bench-key.
write_gateway_config() {
  cat > "$1" <<YAML
_format_version: "3.0"
services:
  - name: plain
    url: http://127.0.0.1:$2
    routes: [{name: plain, paths: ["/plain"], strip_path: false}]
  - name: auth
    url: http://127.0.0.1:$2
    routes: [{name: auth, paths: ["/auth"], strip_path: false}]
    plugins:
      - name: key-auth
      - name: rate-limiting
        config: {second: 100000000, hour: 1000000000000}
consumers:
  - username: bench
    keyauth_credentials: [{key: bench-key}]
YAML
}
