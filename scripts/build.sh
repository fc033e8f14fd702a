#!/usr/bin/env bash
# Configures and builds Byline into a build directory.
# Usage: scripts/build.sh BUILD_DIR [extra cmake args...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$1
shift
cmake -S "$root" -B "$build_dir" -G Ninja "$@" >/dev/null
ninja -C "$build_dir" -j "$(nproc)"
