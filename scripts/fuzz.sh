#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang with ASan/UBSan) and runs them.
#   scripts/fuzz.sh           each target over its seeds plus 100,000 fixed-seed inputs (as in CI)
#   scripts/fuzz.sh SECONDS   each target fuzzes for SECONDS from a random seed (new findings land
#                             in build-fuzz/fuzz/corpus-NAME; add crashers to fuzz/corpus/NAME)
set -euo pipefail
cd "$(dirname "$0")/.."
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCLIVRT_FUZZ=ON \
  -DCLIVRT_TESTS=OFF "-DCLIVRT_ONLY=common;text;protocol;config;render;testing" >/dev/null
cmake --build build-fuzz -j"$(nproc)"
if [[ $# -eq 0 ]]; then
  exec ctest --test-dir build-fuzz --output-on-failure -j"$(nproc)"
fi
for target in build-fuzz/fuzz/fuzz_*; do
  [[ -x "$target" && -f "$target" ]] || continue
  name=$(basename "$target")
  mkdir -p "build-fuzz/fuzz/corpus-$name"
  "$target" -max_total_time="$1" -timeout=10 -rss_limit_mb=2048 "build-fuzz/fuzz/corpus-$name" "fuzz/corpus/$name"
done
