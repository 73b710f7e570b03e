#!/usr/bin/env bash
# Installs what is missing, builds everything with ASan/UBSan and runs every test (unit,
# fuzz, integration with real processes, tmux UI, GStreamer calls, aiortc and browser interop).
# Tests start every service they need themselves; nothing leaves this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --with-tests
# Line tables (-g1) are all the sanitizers' reports need; full debug info makes the build a fifth slower.
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DCMAKE_C_FLAGS_DEBUG=-g1 \
  -DCLIVRT_SANITIZE=ON -DCLIVRT_TESTS=ON >/dev/null
cmake --build build-test -j"$(nproc)"
bash scripts/fuzz.sh  # every network/user-facing parser under libFuzzer (clang), about a minute
cd build-test
exec ctest --output-on-failure --timeout 900 -j"$(nproc)"
