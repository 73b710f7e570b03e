#!/usr/bin/env bash
# Builds with ThreadSanitizer (build-tsan) and runs the unit tests; must be clean. Not part of
# CI (a second full build); run it after touching anything in docs/architecture.md's threads table.
#   scripts/tsan.sh              every unit test (label unit); not those driving real GStreamer
#                                pipelines (label gstreamer)
#   scripts/tsan.sh --gstreamer  those too (the loopback calls): not clean, and not ours to make
#                                clean: Debian's GLib locks with futexes TSan cannot see, so every
#                                hand-off through GLib/GStreamer reads as a race (docs/architecture.md)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --with-tests
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCLIVRT_TSAN=ON -DCLIVRT_TESTS=ON >/dev/null
cmake --build build-tsan -j"$(nproc)"
export TSAN_OPTIONS="suppressions=$PWD/tests/tsan.supp halt_on_error=0 exitcode=66 second_deadlock_stack=1"
if [[ "${1:-}" == "--gstreamer" ]]; then
  export G_SLICE=always-malloc  # GLib's slice allocator recycles memory between threads unseen
  exec ctest --test-dir build-tsan -L gstreamer --output-on-failure --timeout 600
fi
exec ctest --test-dir build-tsan -L unit --output-on-failure --timeout 600 -j"$(nproc)"
