#!/usr/bin/env bash
# Installs everything Byline needs to build and test on Debian 12, as root.
# Idempotent: packages already present are not reinstalled, and apt is not
# touched at all when nothing is missing.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  libxapian-dev xapian-tools
  libicu-dev
  libabsl-dev
  libsimdjson-dev
  libgtest-dev libgmock-dev
  libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc
  zlib1g-dev libzstd-dev
  libcivetweb-dev
  python3 python3-grpcio python3-protobuf grpc-proto
  # tests/auth_tls_test.cc and tests/python: throw-away CA and certificates.
  openssl
  # scripts/fuzz.sh: clang, its sanitizer and libFuzzer runtimes,
  # llvm-symbolizer for readable reports.
  clang-14 libclang-rt-14-dev libfuzzer-14-dev llvm-14
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
if [[ $(id -u) -ne 0 ]]; then
  echo "setup: run as root (or install the packages above yourself)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
