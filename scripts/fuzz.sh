#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang-14 under ASan + UBSan into
# build-fuzz and runs each for SECONDS (default 30) from its seed corpus.
# Fails on any crash, sanitizer report, timeout or out-of-memory, printing
# the path of the input that caused it (rerun it with
# build-fuzz/fuzz/<target> <input>).
# Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-30}
build="$root/build-fuzz"
targets=(fuzz_query_parser fuzz_record_parser fuzz_sgml_parser
         fuzz_stored_record fuzz_page_token)

echo "== fuzz: build (clang-14, ASan + UBSan + libFuzzer)"
# -O1 keeps asserts and builds faster than -O2; only what the targets need
# is built.
CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DBYLINE_FUZZ=ON >/dev/null
ninja -C "$build" -j "${BYLINE_FUZZ_JOBS:-$(nproc)}" "${targets[@]}"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1:symbolize=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$root/tests/ubsan.supp"
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp"
if [[ -x /usr/bin/llvm-symbolizer-14 ]]; then
  export ASAN_SYMBOLIZER_PATH=/usr/bin/llvm-symbolizer-14
fi

# Runs one target; its exit code goes to $work/rc.
run_target() {
  local target=$1 work="$build/fuzz-run/$1"
  # A scratch copy of the seeds: what the run adds stays out of the repo.
  rm -rf "$work"
  mkdir -p "$work/corpus" "$work/artifacts"
  cp "$root/fuzz/corpus/$target/"* "$work/corpus/"
  local args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048
              -print_final_stats=1 -artifact_prefix="$work/artifacts/")
  if [[ -f "$root/fuzz/${target#fuzz_}.dict" ]]; then
    args+=(-dict="$root/fuzz/${target#fuzz_}.dict")
  fi
  local rc=0
  "$build/fuzz/$target" "${args[@]}" "$work/corpus" >"$work/log.txt" 2>&1 ||
    rc=$?
  echo "$rc" >"$work/rc"
}

# One target per core at a time.
jobs_max=$(nproc)
echo "== fuzz: ${#targets[@]} targets, ${seconds}s each, $jobs_max at a time"
for target in "${targets[@]}"; do
  while (($(jobs -rp | wc -l) >= jobs_max)); do wait -n || true; done
  run_target "$target" &
done
wait

failed=()
for target in "${targets[@]}"; do
  work="$build/fuzz-run/$target"
  if [[ $(cat "$work/rc" 2>/dev/null) == 0 ]]; then
    echo "   $target: $(awk '/stat::number_of_executed_units/ {n = $2}
      /stat::average_exec_per_sec/ {r = $2}
      END {print n " runs, " r " exec/s"}' "$work/log.txt")"
  else
    tail -n 60 "$work/log.txt"
    echo "fuzz: $target FAILED; log: $work/log.txt" >&2
    for artifact in "$work/artifacts/"*; do
      [[ -e $artifact ]] && echo "fuzz: crash input: $artifact" >&2
    done
    failed+=("$target")
  fi
done

if ((${#failed[@]} > 0)); then
  echo "fuzz: failures in ${failed[*]}" >&2
  exit 1
fi
echo "== fuzz: no crashes in ${#targets[@]} targets (${seconds}s each)"
