#!/usr/bin/env bash
# Installs what is missing, builds clivrt (Release) and starts the demo: an embedded signaling
# server on loopback and the built-in `echo` peer, logged in and ready to `say` or `call echo`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCLIVRT_TESTS=OFF >/dev/null
cmake --build build --target clivrt clivrt-server
exec build/src/app/clivrt --demo "$@"
