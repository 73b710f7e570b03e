#!/usr/bin/env bash
# Installs every Debian package clivrt needs to build, run, test and benchmark.
# Idempotent: only missing packages are installed. Debian 12 (bookworm).
set -euo pipefail

build=(build-essential cmake ninja-build pkg-config git
       libboost-dev libssl-dev nlohmann-json3-dev libcli11-dev libinih-dev libspdlog-dev
       libreadline-dev libchafa-dev)
media=(libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgstreamer-plugins-bad1.0-dev libnice-dev
       gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
       gstreamer1.0-plugins-ugly gstreamer1.0-libav gstreamer1.0-nice gstreamer1.0-tools gstreamer1.0-alsa)
tests=(libgtest-dev libgmock-dev libbenchmark-dev libvterm-dev libsixel-bin
       clang-14 libclang-rt-14-dev tmux iproute2 nftables
       python3 python3-pytest python3-aiortc python3-websockets python3-numpy pulseaudio pulseaudio-utils
       chromium nodejs coturn iptables conntrack
       zsh fish bash-completion man-db groff-base systemd pv bsdutils)

packaging=(dpkg-dev lintian)

want=("${build[@]}" "${media[@]}")
[[ "${1:-}" == "--with-tests" ]] && want+=("${tests[@]}" "${packaging[@]}")
[[ "${1:-}" == "--with-packaging" ]] && want+=("${packaging[@]}")

missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# npm ships with some nodejs builds (e.g. NodeSource's) and as Debian's own package otherwise.
[[ "${1:-}" == "--with-tests" ]] && ! command -v npm >/dev/null && missing+=(npm)
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}" >&2
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The browser tests drive Debian's chromium with npm's playwright-core (package-lock.json); never
# let it download a browser of its own.
if [[ "${1:-}" == "--with-tests" && ! -d "$(dirname "$0")/../node_modules/playwright-core" ]]; then
  (cd "$(dirname "$0")/.." && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

# The natural video clip the byte-budget tests draw (fetched here, never by a test).
if [[ "${1:-}" == "--with-tests" ]]; then
  "$(dirname "$0")/fetch-test-data.sh"
fi
