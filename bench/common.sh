# Shared pieces of the benchmark scripts (sourced, not run): the check that
# BENCH_DIR is outside the repository, the machine lines every results page
# starts from, the tests flag for build trees, loopback port helpers for the
# scripts that start servers, and the runner that keeps each measured table.
# Expects `root` (the checkout) to be set by the caller.

# bench_outside_repo NAME DIR: exits if DIR is inside the checkout (corpora
# and indexes must never land in the repository).
bench_outside_repo() {
  case "$(realpath -m "$2")/" in
    "$root"/*) echo "$1: BENCH_DIR must be outside the repository" >&2; exit 2 ;;
  esac
}

# bench_tests_flag BUILD_DIR: "-DBYLINE_BUILD_TESTS=OFF" for a build tree not
# configured yet (benchmarks need no tests), nothing for one that is, so that
# a developer's tree keeps its tests (and ctest never runs stale ones).
bench_tests_flag() {
  [[ -f "$1/CMakeCache.txt" ]] || echo "-DBYLINE_BUILD_TESTS=OFF"
}

# bench_machine_meta [BUILD_DIR]: key=value lines describing the machine and
# the checkout, before anything of the benchmark runs.
bench_machine_meta() {
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "cores=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "ram_gb=$(awk '/MemTotal/{printf "%.1f", $2/1048576}' /proc/meminfo)"
  if [[ -n ${1:-} ]]; then
    echo "build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$1/CMakeCache.txt" 2>/dev/null)"
  fi
  echo "git=$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- 2>/dev/null || echo ' (with uncommitted changes)')"
}

# free_port: a TCP port free on 127.0.0.1 now.
free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_listening PORT: waits up to 10 s for 127.0.0.1:PORT to accept.
wait_listening() {
  /usr/bin/python3 - "$1" <<'PY'
import socket, sys, time
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.5).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)
PY
}

# bench_run RAW NAME CMD...: runs CMD, printing its table and appending it
# to the file RAW under a "== NAME" line (the table writers read RAW).
bench_run() {
  local raw=$1 name=$2
  shift 2
  echo "bench: measuring $name" >&2
  echo "== $name" >>"$raw"
  "$@" | tee -a "$raw"
}
