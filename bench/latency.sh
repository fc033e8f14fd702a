#!/usr/bin/env bash
# Search latency benchmark on the BBC News articles: indexes them (outside
# the repository), starts `byline serve`, and measures the fixed query list
# in bench/queries.txt in process and over gRPC with 1 and 8 clients.
# Usage: bench/latency.sh [ROUNDS]   (default 20 rounds per client)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-20}
data="$root/../shared/data/bbc_news/bbc_news.jsonl"
[[ -f "$data" ]] || { echo "latency: $data not found" >&2; exit 1; }
"$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build-bench" -DCMAKE_BUILD_TYPE=Release \
  -DBYLINE_BUILD_TESTS=OFF >/dev/null
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
