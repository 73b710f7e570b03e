#!/usr/bin/env bash
# Runs clivrt-server-bench against a Release clivrt-server on loopback.
# Usage: bench/server/run_server_bench.sh [BUILD_DIR]   (default /work/main/build-server-rel,
# configured with -DCMAKE_BUILD_TYPE=Release -DCLIVRT_BENCH=ON -DCLIVRT_TESTS=OFF)
set -euo pipefail
build=${1:-/work/main/build-server-rel}
server=$build/src/server/clivrt-server
bench=$build/bench/server/clivrt-server-bench
ulimit -n 20000  # 10,000 sockets on each side

start_server() {  # extra flags...; sets pid and port. The load generator is one host: no per-address caps.
  coproc SERVER { exec "$server" --host 127.0.0.1 --port 0 --log-level warn --threads "${THREADS:-1}" \
    --max-connections-per-address 0 --logins-per-minute 0 "$@"; }
  pid=$SERVER_PID
  read -r line <&"${SERVER[0]}"
  port=${line##*:}
}
stop_server() {
  awk '{printf "server CPU time: %.2f s\n", ($14 + $15) / 100}' "/proc/$pid/stat"
  kill -TERM "$pid"; wait "$pid" || true
}
uptime

echo "== connect: 10,000 delta-presence logins =="
start_server --max-connections 20000
timeout 120 "$bench" connect --port "$port" --server-pid "$pid" --count 10000 --concurrency 2000
stop_server

echo "== relay: targeted messages, rate limit off =="
start_server --rate 0
timeout 120 "$bench" relay --port "$port" --server-pid "$pid" --pairs 100 --seconds 10 --window 64
stop_server

echo "== latency: 10,000 msg/s over 500 pairs (20 msg/s each, default limits) =="
start_server
timeout 120 "$bench" latency --port "$port" --server-pid "$pid" --pairs 500 --seconds 10 --rate 10000
stop_server
