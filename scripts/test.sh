#!/usr/bin/env bash
# Installs what is missing, builds Byline and runs the whole test suite:
# once in a normal build, then once (without the corpus-scale tests) in an
# AddressSanitizer + UndefinedBehaviorSanitizer build that fails on any
# report.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"

echo "== build (RelWithDebInfo)"
"$root/scripts/build.sh" "$root/build-test" -DCMAKE_BUILD_TYPE=RelWithDebInfo
echo "== tests"
(cd "$root/build-test" && ctest --output-on-failure --timeout 600 -j "$(nproc)")

echo "== build (ASan + UBSan)"
"$root/scripts/build.sh" "$root/build-asan" -DCMAKE_BUILD_TYPE=Debug \
  -DBYLINE_SANITIZE=ON
echo "== tests under ASan + UBSan (corpus-scale tests excluded)"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$root/tests/ubsan.supp"
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp"
(cd "$root/build-asan" && ctest --output-on-failure --timeout 900 \
  -j "$(nproc)" -LE corpus)

# Fuzzing: each libFuzzer target (fuzz/) for 30 s under ASan + UBSan, from
# its seed corpus; fails on any crash (scripts/fuzz.sh prints the input).
echo "== fuzz (30 s per target)"
"$root/scripts/fuzz.sh" 30
