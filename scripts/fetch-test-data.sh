#!/usr/bin/env bash
# Fetches the natural test clip, Debian opencv-doc's Megamind.avi (720x528, 24 fps, 270 frames,
# 1.2 MB), into the test data directory: the budget and throttled-terminal tests draw it. Only the
# clip is kept, not the 96 MB package. Idempotent.
set -euo pipefail

dir="${CLIVRT_TEST_DATA:-/var/cache/clivrt-test-data}"
clip="$dir/Megamind.avi"
[[ -s "$clip" ]] && exit 0
SUDO=""; [[ $(id -u) -ne 0 && ! -w "$(dirname "$dir")" ]] && SUDO=sudo
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Package lists may be missing on a fresh machine where install-deps found nothing to install.
(cd "$work" && { apt-get download -qq opencv-doc || { $SUDO apt-get update -qq && apt-get download -qq opencv-doc; }; })
dpkg-deb --fsys-tarfile "$work"/opencv-doc_*.deb |
  tar -x -C "$work" ./usr/share/doc/opencv-doc/examples/data/Megamind.avi
$SUDO mkdir -p "$dir"
$SUDO install -m 0644 "$work/usr/share/doc/opencv-doc/examples/data/Megamind.avi" "$clip"
echo "fetch-test-data: $clip" >&2
