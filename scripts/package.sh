#!/usr/bin/env bash
# Builds the Debian packages clivrt_VERSION_ARCH.deb and clivrt-server_VERSION_ARCH.deb into
# dist/ from a hardened Release build (build-release/), and checks them with lintian.
# Install with: sudo apt install ./dist/clivrt_*.deb ./dist/clivrt-server_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --with-packaging
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DCLIVRT_TESTS=OFF >/dev/null
cmake --build build-release -j"$(nproc)"
rm -rf dist/_CPack_Packages
cpack --config build-release/CPackConfig.cmake -B dist
rm -rf dist/_CPack_Packages
# Every tag lintian has, down to pedantic; each one left is explained in docs/packaging.md.
lintian --allow-root --display-info --pedantic dist/clivrt_*.deb dist/clivrt-server_*.deb || true
ls -l dist/*.deb
