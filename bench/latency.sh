#!/usr/bin/env bash
# Search latency benchmark.
#
# Usage: bench/latency.sh [ROUNDS]        BBC mode (default, 20 rounds)
#        bench/latency.sh 100k [ROUNDS]   100,000-article mode (3 rounds)
#
# BBC mode: indexes the BBC News articles (outside the repository), starts
# `byline serve`, and measures the fixed query list in bench/queries.txt in
# process and over gRPC with 1 and 8 clients; prints the table.
#
# 100k mode: makes the synthetic 100,000-article corpus (bench/make_corpus.py
# --articles 100000 --seed 11) if it is missing, indexes it with `byline
# index`, builds the plain-Xapian article floor (byline_xapian_floor --build)
# and the SQLite FTS5 database (byline_fts5_index), timing each build and
# measuring its size (du -sb), then, in one run, times the queries of
# bench/queries-headlines.txt against Byline (in process and over gRPC, 1 and
# CLIENTS clients, plus deep pages at DEEP_OFFSET in process), the floor (1
# and CLIENTS clients) and FTS5 (1 client), and writes the table, the index
# sizes and the machine to bench/RESULTS-latency-100k.md (by
# bench/latency_table.py). Environment:
#   BENCH_DIR       corpus, indexes and logs (default /tmp/byline-bench; the
#                   run's files go to BENCH_DIR/latency-100k)
#   OLD_BYLINE      path to another (older) `byline` binary: also indexes the
#                   corpus with it (time and size reported next to the new
#                   one) and, when OLD_SEARCH_BENCH (default: the
#                   byline_search_bench of the same build tree,
#                   ../bench/byline_search_bench) exists and has --json_out,
#                   measures it in process and through its own `byline serve`
#   CLIENTS         concurrent clients of the concurrent rows (default 8)
#   DEEP_OFFSET     offset of the deep-page rows (default 9990; 0: none)
#   OFFSET_QUERIES  the deep-page rows use the first N queries (default 12)
#   REUSE=1         keep indexes already built by an earlier run (and its
#                   recorded build times) instead of rebuilding them
#   OUT             results page (default bench/RESULTS-latency-100k.md)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/common.sh"
if [[ ${1:-} == 100k ]]; then
  shift
  exec "$root/bench/latency_100k.sh" "$@"
fi
rounds=${1:-20}
data="$root/../shared/data/bbc_news/bbc_news.jsonl"
[[ -f "$data" ]] || { echo "latency: $data not found" >&2; exit 1; }
"$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build-bench" -DCMAKE_BUILD_TYPE=Release \
  $(bench_tests_flag "$root/build-bench") >/dev/null
work=$(mktemp -d)
trap 'kill "${server_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
byline="$root/build-bench/cli/byline"
"$byline" index --index "$work/index" "$data"
"$byline" serve --index "$work/index" --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/serve.log" && break; sleep 0.1; done
address=$(sed -n 's/.*listening on \([^ ]*\) .*/\1/p' "$work/serve.log")
echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GB"
echo "server: $(head -n1 "$work/serve.log")"
"$root/build-bench/bench/byline_search_bench" --index "$work/index" \
  --server "$address" --queries "$root/bench/queries.txt" --rounds "$rounds" \
  --clients 8
kill -TERM "$server_pid"
wait "$server_pid" || true
