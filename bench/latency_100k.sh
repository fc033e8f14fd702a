#!/usr/bin/env bash
# The 100,000-article mode of the latency benchmark: run it as
# `bench/latency.sh 100k [ROUNDS]` (the usage and the environment it reads
# are described at the top of bench/latency.sh). Writes
# bench/RESULTS-latency-100k.md; raw outputs stay in BENCH_DIR/latency-100k.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/common.sh"
rounds=${1:-3}
clients=${CLIENTS:-8}
deep_offset=${DEEP_OFFSET:-9990}
offset_queries=${OFFSET_QUERIES:-12}
queries="$root/bench/queries-headlines.txt"
out_page=${OUT:-$root/bench/RESULTS-latency-100k.md}
data="$root/../shared/data"
bench_dir=${BENCH_DIR:-/tmp/byline-bench}
bench_outside_repo latency "$bench_dir"
[[ -f "$queries" ]] || { echo "latency: $queries not found (bench/make_queries.py makes it)" >&2; exit 1; }
work="$bench_dir/latency-100k"
mkdir -p "$work"
log() { echo "latency 100k: $*" >&2; }

# The machine, before anything of ours runs.
meta="$work/meta.txt"
{
  bench_machine_meta
  echo "rounds=$rounds"
  echo "clients=$clients"
  echo "deep_offset=$deep_offset"
  echo "offset_queries=$offset_queries"
  echo "queries=$(grep -vc '^#' "$queries")"
  cmd="bench/latency.sh 100k $rounds"
  for v in CLIENTS DEEP_OFFSET OFFSET_QUERIES REUSE OLD_BYLINE; do
    [[ -n ${!v:-} ]] && cmd="$v=${!v} $cmd"
  done
  echo "command=$cmd"
} >"$meta"

# Dependencies and the Release build of what this mode runs.
"$root/scripts/setup.sh"
if ! dpkg-query -W -f='${Status}' libsqlite3-dev 2>/dev/null | grep -q "ok installed"; then
  log "installing libsqlite3-dev"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends libsqlite3-dev >/dev/null
fi
cmake -S "$root" -B "$root/build-bench" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  $(bench_tests_flag "$root/build-bench") >/dev/null
if ! ninja -C "$root/build-bench" -j "$(nproc)" byline byline_search_bench \
    byline_xapian_floor byline_fts5_index byline_fts5_search >"$work/build.log" 2>&1; then
  tail -n 30 "$work/build.log" >&2
  log "build failed (whole log: $work/build.log)"
  exit 1
fi
bin="$root/build-bench"
byline="$bin/cli/byline"
{
  echo "xapian=$(pkg-config --modversion xapian-core 2>/dev/null || echo '?')"
  echo "grpc=$(pkg-config --modversion grpc++ 2>/dev/null || echo '?')"
  echo "sqlite=$(pkg-config --modversion sqlite3 2>/dev/null || echo '?')"
  echo "compiler=$(g++ --version | head -n1)"
} >>"$meta"

# The corpus.
corpus="$bench_dir/corpus-100000.jsonl"
if [[ ! -s "$corpus" ]]; then
  log "making $corpus"
  nice -n 10 /usr/bin/python3 "$root/bench/make_corpus.py" --articles 100000 \
    --seed 11 --data "$data" --out "$corpus"
fi
echo "corpus=$corpus" >>"$meta"
echo "corpus_bytes=$(stat -L -c %s "$corpus")" >>"$meta"

# build NAME PATH CMD...: runs CMD (which writes PATH) timed, unless REUSE=1
# and PATH and its recorded time exist; records NAME.seconds and NAME.bytes.
build() {
  local name=$1 path=$2
  shift 2
  if [[ ${REUSE:-} == 1 && -e "$path" && -s "$work/$name.seconds" ]]; then
    log "$name: reusing $path"
  else
    rm -rf "$path"
    sync
    log "$name: building $path"
    local t0 t1
    t0=$(date +%s.%N)
    if ! "$@" >"$work/$name.log" 2>&1; then
      tail -n 20 "$work/$name.log" >&2
      log "$name failed (log: $work/$name.log)"
      exit 1
    fi
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f\n", b - a}' >"$work/$name.seconds"
  fi
  du -sb "$path" | cut -f1 >"$work/$name.bytes"
}

old_byline=${OLD_BYLINE:-}
old_bench=""
if [[ -n $old_byline ]]; then
  [[ -x $old_byline ]] || { log "OLD_BYLINE=$old_byline is not executable"; exit 2; }
  old_bench=${OLD_SEARCH_BENCH:-$(dirname "$old_byline")/../bench/byline_search_bench}
  old_help=""
  [[ -x $old_bench ]] && old_help=$("$old_bench" --helpfull 2>&1 || true)
  if ! grep -q json_out <<<"$old_help"; then
    log "no usable OLD_SEARCH_BENCH ($old_bench, needs --json_out): indexing only"
    old_bench=""
  fi
  echo "old_byline=$old_byline" >>"$meta"
  echo "old_git=$(git -C "$(dirname "$old_byline")" rev-parse --short HEAD 2>/dev/null || echo '?')" >>"$meta"
fi

build byline "$work/byline-index" "$byline" index --index "$work/byline-index" \
  --report "$work/byline-report.json" "$corpus"
if [[ -n $old_byline ]]; then
  build old "$work/old-index" "$old_byline" index --index "$work/old-index" \
    --report "$work/old-report.json" "$corpus"
fi
build floor "$work/floor-index" "$bin/bench/byline_xapian_floor" --build \
  --index "$work/floor-index" "$corpus"
build fts5 "$work/fts5.db" "$bin/bench/byline_fts5_index" --db "$work/fts5.db" "$corpus"

# Servers on free loopback ports.
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
serve() {  # serve BYLINE INDEX LOG: starts it, sets $listening to host:port
  "$1" serve --index "$2" --listen 127.0.0.1:0 >"$3" 2>&1 &
  pids+=($!)
  for _ in $(seq 300); do grep -q "listening on" "$3" && break; sleep 0.1; done
  listening=$(sed -n 's/.*listening on \([^ ]*\) .*/\1/p' "$3")
}
serve "$byline" "$work/byline-index" "$work/serve.log"
address=$listening
[[ -n $address ]] || { cat "$work/serve.log" >&2; log "byline serve did not start"; exit 1; }
echo "server=$(head -n1 "$work/serve.log")" >>"$meta"
if [[ -n $old_bench ]]; then
  serve "$old_byline" "$work/old-index" "$work/old-serve.log"
  old_address=$listening
  [[ -n $old_address ]] || { cat "$work/old-serve.log" >&2; log "old byline serve did not start"; exit 1; }
  echo "old_server=$(head -n1 "$work/old-serve.log")" >>"$meta"
fi

# The measurements, one after the other.
rm -f "$work"/{byline,old,floor,fts5}.jsonl
raw="$work/raw.txt"
: >"$raw"
run() { bench_run "$raw" "$@"; }  # run NAME CMD...
offset_flags=()
((deep_offset > 0)) && offset_flags=(--offset "$deep_offset" --offset_queries "$offset_queries")
run byline "$bin/bench/byline_search_bench" --index "$work/byline-index" \
  --server "$address" --queries "$queries" --rounds "$rounds" --clients "$clients" \
  "${offset_flags[@]}" --offset_rounds 1 --json_out "$work/byline.jsonl"
if [[ -n $old_bench ]]; then
  run old "$old_bench" --index "$work/old-index" --server "$old_address" \
    --queries "$queries" --rounds "$rounds" --clients "$clients" \
    "${offset_flags[@]}" --offset_rounds 1 --json_out "$work/old.jsonl"
fi
run floor "$bin/bench/byline_xapian_floor" --index "$work/floor-index" \
  --queries "$queries" --rounds "$rounds" --clients "$clients" \
  "${offset_flags[@]}" --json_out "$work/floor.jsonl"
run fts5 "$bin/bench/byline_fts5_search" --db "$work/fts5.db" \
  --queries "$queries" --rounds "$rounds" --clients 1 \
  "${offset_flags[@]}" --json_out "$work/fts5.jsonl"
echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$meta"

for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
pids=()
/usr/bin/python3 "$root/bench/latency_table.py" --work "$work" --out "$out_page"
log "wrote $out_page (raw outputs: $raw)"
