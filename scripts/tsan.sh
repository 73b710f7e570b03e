#!/usr/bin/env bash
# Builds with ThreadSanitizer (build-tsan) and runs every unit test, including the loopback call
# tests, where GStreamer's streaming threads meet the loop thread. Not part of CI (a second full
# build); run it after touching anything in docs/architecture.md's threads table.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --with-tests
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCLIVRT_TSAN=ON -DCLIVRT_TESTS=ON >/dev/null
cmake --build build-tsan -j"$(nproc)"
# GLib and GStreamer are not instrumented: tests/tsan.supp names what TSan cannot see through.
export TSAN_OPTIONS="suppressions=$PWD/tests/tsan.supp halt_on_error=0 exitcode=66 second_deadlock_stack=1"
exec ctest --test-dir build-tsan -L unit --output-on-failure --timeout 600 -j"$(nproc)"
