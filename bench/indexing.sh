#!/usr/bin/env bash
# Indexing benchmark: builds a synthetic news corpus from the real articles in
# ../shared/data (outside the repository), then indexes that one corpus with
# `byline index` (1 thread and all cores), the single-writer Xapian floor
# (bench/floor_indexer.cc), the floor as two processes on the two halves,
# xapian-omega's scriptindex and SQLite FTS5, plus Byline at 1x, 2x and 4x the
# corpus, and writes bench/RESULTS-indexing.md. See bench/README.md.
# Usage: bench/indexing.sh [quick|full]
#   quick: 20,000 articles, 1 run each (default)   full: 100,000, 2 runs
#   RUNS=3 bench/indexing.sh quick: medians of 3 (what RESULTS-indexing.md has)
# Environment: ARTICLES, RUNS and SEED override the mode's numbers;
# BENCH_DIR (default /tmp/byline-bench) holds the corpus and the indexes;
# BYLINE_BENCH_SHARDS sets --shards for the all-cores run (default: nproc).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/common.sh"
mode=${1:-quick}
case "$mode" in
  quick) articles=${ARTICLES:-20000}; runs=${RUNS:-1} ;;
  full) articles=${ARTICLES:-100000}; runs=${RUNS:-2} ;;
  *) echo "usage: bench/indexing.sh [quick|full]" >&2; exit 2 ;;
esac
seed=${SEED:-4}
data="$root/../shared/data"
for f in "$data/bbc_news/bbc_news.jsonl" "$data/reuters21578/reut2-000.sgm"; do
  [[ -f "$f" ]] || { echo "indexing: $f not found" >&2; exit 1; }
done
bench_dir=${BENCH_DIR:-/tmp/byline-bench}
case "$(realpath -m "$bench_dir")/" in
  "$root"/*) echo "indexing: BENCH_DIR must be outside the repository" >&2; exit 2 ;;
esac

mkdir -p "$bench_dir"

# Dependencies: Byline's own, plus the contestants and the measuring tools.
"$root/scripts/setup.sh"
extra=()
for p in xapian-omega libsqlite3-dev xapian-tools; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || extra+=("$p")
done
if ((${#extra[@]})); then
  echo "indexing: installing ${extra[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${extra[@]}" >/dev/null
fi

# Release build of just the programs this benchmark runs (as scripts/build.sh
# does, but without the rest of the tree).
cmake -S "$root" -B "$root/build-bench" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  $(bench_tests_flag "$root/build-bench") >/dev/null
if ! ninja -C "$root/build-bench" -j "$(nproc)" byline byline_floor_index \
    byline_fts5_index >"$bench_dir/build.log" 2>&1; then
  tail -n 30 "$bench_dir/build.log" >&2
  echo "indexing: build failed (whole log: $bench_dir/build.log)" >&2
  exit 1
fi
byline="$root/build-bench/cli/byline"

corpus="$bench_dir/corpus-$articles-seed$seed.jsonl"
stats="$bench_dir/corpus-$articles-seed$seed.stats.json"
if [[ ! -s "$corpus" || ! -s "$stats" ]]; then
  /usr/bin/python3 "$root/bench/make_corpus.py" --articles "$articles" \
    --seed "$seed" --data "$data" --out "$corpus" --stats "$stats"
fi

# --threads/--shards: used as soon as `byline index --help` lists them.
threads=no shards=no
help=$("$byline" index --help 2>&1 || true)
grep -q -- '--threads' <<<"$help" && threads=yes
grep -q -- '--shards' <<<"$help" && shards=yes
[[ $threads == yes ]] || echo "indexing: byline index has no --threads yet; the all-cores row is pending" >&2

command="bench/indexing.sh $mode"
for v in SEED RUNS ARTICLES; do
  [[ -n ${!v:-} ]] && command="$v=${!v} $command"
done
work="$bench_dir/$mode"
rm -rf "$work"
mkdir -p "$work"
/usr/bin/python3 "$root/bench/run_indexing.py" --mode "$mode" --corpus "$corpus" \
  --stats "$stats" --articles "$articles" --runs "$runs" --work "$work" \
  --build "$root/build-bench" --script "$root/bench/omega.script" \
  --out "$root/bench/RESULTS-indexing.md" --byline-threads "$threads" \
  --byline-shards "$shards" --command "$command"
rm -rf "$work/indexes" "$work/inputs"
echo "indexing: results in bench/RESULTS-indexing.md (logs in $work/logs)" >&2
