#!/usr/bin/env bash
# The README's two setup commands, for a fresh Debian 12 machine (as root, or with sudo):
#   bash tools/setup.sh train   install dependencies, build, train the Keras convnet on Fashion-MNIST
#   bash tools/setup.sh test    install dependencies, build, run the whole test suite
# Both are idempotent: packages already installed are not fetched again, the build is incremental.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}
if [[ "$mode" != "train" && "$mode" != "test" ]]; then
  echo "usage: bash tools/setup.sh train|test" >&2
  exit 2
fi

# Build tools and libraries (see README "Dependencies" for why each is here).
packages=(g++ meson ninja-build pkg-config ccache
          libopenblas-dev nlohmann-json3-dev zlib1g-dev libzip-dev libhdf5-dev libcli11-dev catch2
          libprotobuf-dev protobuf-compiler
          libcairo2-dev libgraphviz-dev
          dataset-fashion-mnist)

missing=()
for p in "${packages[@]}"; do
  if [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]]; then missing+=("$p"); fi
done
if ((${#missing[@]})); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [[ ! -f build/build.ninja ]]; then
  meson setup build
fi
ninja -C build

if [[ "$mode" == "train" ]]; then
  exec ./build/apps/kfit fit fashion_mnist_cnn --epochs 1
else
  exec meson test -C build --print-errorlogs
fi
