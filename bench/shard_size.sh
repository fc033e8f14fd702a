#!/usr/bin/env bash
# How search latency grows with the articles in one shard: the input of the
# sizing table in the README's deployment guide. For each size, a one-shard
# index of the first N articles of one bench/make_corpus.py corpus (seed 11)
# is built with `byline rebuild --shards 1`, then searched in process
# (bench/search_latency.cc, 1 client, page of 10, the 360 queries of
# bench/queries-headlines.txt) after a warm-up pass; also reported: index
# bytes per article and rebuild throughput. Results ->
# bench/RESULTS-shard-size.md; indexes stay under BENCH_DIR/shard-size.
#
# Usage: bash bench/shard_size.sh [SIZE...]   (default 100000 400000)
# Environment: BENCH_DIR (default /tmp/byline-bench), BUILD (default
# build-test), ROUNDS (default 3), REUSE=1 (keep indexes built before).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/common.sh"
sizes=("$@")
((${#sizes[@]})) || sizes=(100000 400000)
bench_dir=${BENCH_DIR:-/tmp/byline-bench}
build=${BUILD:-$root/build-test}
rounds=${ROUNDS:-3}
queries=$root/bench/queries-headlines.txt
out_page=${OUT:-$root/bench/RESULTS-shard-size.md}
work=$bench_dir/shard-size
py=/usr/bin/python3
bench_outside_repo shard_size "$bench_dir"
log() { echo "shard_size: $*" >&2; }
mkdir -p "$work"
ninja -C "$build" -j "$(nproc)" byline byline_search_bench >"$work/build.log" 2>&1 ||
  { tail -n 30 "$work/build.log" >&2; log "build failed"; exit 1; }
byline=$build/cli/byline
bench=$build/bench/byline_search_bench

largest=$(printf '%s\n' "${sizes[@]}" | sort -n | tail -n 1)
corpus=$bench_dir/corpus-$largest.jsonl
if [[ ! -s $corpus ]]; then
  log "making $corpus"
  "$py" "$root/bench/make_corpus.py" --articles "$largest" --seed 11 --out "$corpus"
fi

meta=$work/meta.txt
{
  bench_machine_meta "$build"
  echo "rounds=$rounds"
} >"$meta"

for n in "${sizes[@]}"; do
  index=$work/index-$n
  input=$work/input-$n.jsonl
  if [[ ${REUSE:-} == 1 && -e $index/XAPIANDB ]]; then
    log "reusing $index"
  else
    rm -rf "$index"
    head -n "$n" "$corpus" >"$input"
    log "building $index"
    t0=$(date +%s.%N)
    # A rejected record (the synthetic corpus has a few bodies without
    # words) makes the exit status 1; the generation is live all the same.
    "$byline" rebuild --index "$index" --shards 1 "$input" >"$work/rebuild-$n.log" 2>&1 ||
      grep -q " is live " "$work/rebuild-$n.log" ||
      { tail -n 20 "$work/rebuild-$n.log" >&2; exit 1; }
    t1=$(date +%s.%N)
    echo "rebuild_seconds_$n=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b - a}')" >>"$meta"
    rm -f "$input"
  fi
  gen=$(awk '$1 == "auto" {print $2}' "$index/XAPIANDB")
  echo "bytes_$n=$(du -sb "$index/$gen" | cut -f1)" >>"$meta"
  rm -f "$work/latency-$n.jsonl"
  log "measuring $n"
  "$bench" --index "$index" --queries "$queries" --rounds "$rounds" \
    --clients 1 --json_out "$work/latency-$n.jsonl" >"$work/latency-$n.txt"
done
echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$meta"

"$py" - "$work" "$out_page" "${sizes[@]}" <<'EOF'
import json, sys
work, out, sizes = sys.argv[1], sys.argv[2], [int(s) for s in sys.argv[3:]]
meta = dict(l.rstrip("\n").split("=", 1) for l in open(work + "/meta.txt") if "=" in l)
lines = [
    "# Search latency by shard size",
    "",
    "Made by `bench/shard_size.sh %s` on %s. One-shard indexes of the first N "
    "articles of the `bench/make_corpus.py` corpus (seed 11), searched in "
    "process (`byline_search_bench --index`, the Searcher library, 1 client, "
    "page of 10, the 360 queries of `bench/queries-headlines.txt` x %s rounds "
    "after a warm-up pass)." % (" ".join(map(str, sizes)), meta["date"], meta["rounds"]),
    "",
    "Machine: %s cores (%s), %s GB RAM, %s build (%s). Shared and noisy: load "
    "%s at the start, %s at the end." % (
        meta["cores"], meta["cpu"], meta["ram_gb"], meta.get("build_type", "?"),
        meta["git"], meta["load_start"], meta["load_end"]),
    "",
    "| articles in the shard | median ms | p90 ms | p99 ms | queries/s | index bytes | bytes per article | rebuild s | articles/s |",
    "|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
]
rows = {}
for n in sizes:
    r = [json.loads(l) for l in open("%s/latency-%d.jsonl" % (work, n))][0]
    rows[n] = r
    b = int(meta["bytes_%d" % n])
    secs = meta.get("rebuild_seconds_%d" % n)
    lines.append("| %s | %.2f | %.2f | %.2f | %.0f | %s | %.0f | %s | %s |" % (
        format(n, ","), r["median_ms"], r["p90_ms"], r["p99_ms"], r["qps"],
        format(b, ","), b / n, secs or "(reused)",
        ("%.0f" % (n / float(secs))) if secs else ""))
if len(sizes) >= 2:
    a, b = sizes[0], sizes[-1]
    lines += ["", "From %s to %s articles (%.1fx): median %.2fx, p99 %.2fx." % (
        format(a, ","), format(b, ","), b / a,
        rows[b]["median_ms"] / rows[a]["median_ms"],
        rows[b]["p99_ms"] / rows[a]["p99_ms"])]
lines.append("")
open(out, "w").write("\n".join(lines))
print("\n".join(lines))
EOF
log "wrote $out_page"
