#!/usr/bin/env bash
# The cost of a nightly update against a full rebuild (issue 10), on the
# standard 100,000-article corpus from bench/make_corpus.py:
#   * rebuild: `byline rebuild` of the whole corpus into a new generation;
#   * update:  `byline update` of 1% (1,000 upserts: 500 replacing existing
#              articles, 500 new, and 100 tombstones), which copies the live
#              generation's shards and applies the changes to the copy;
#   * the parts of that choice, measured alone on the same index: copying
#     the live generation (what an update does), and the alternative of
#     rewriting it with xapian-compact (what a "merge" design would pay
#     at least once per night, before applying deletes and replacements).
# Interleaved runs, medians; results -> bench/RESULTS-update.md.
#
# Usage: bash bench/update.sh [ARTICLES] (default 100000); RUNS=3 by default.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
articles=${1:-100000}
runs=${RUNS:-3}
byline=${BYLINE:-$root/build-test/cli/byline}
work=${WORK:-/tmp/byline-bench/update}
corpus=/tmp/byline-bench/corpus-$articles.jsonl
py=/usr/bin/python3

[[ -x $byline ]] || { echo "build first: bash scripts/build.sh $root/build-test" >&2; exit 2; }
if [[ ! -s $corpus ]]; then
  "$py" "$root/bench/make_corpus.py" --articles "$articles" --seed 11 --out "$corpus"
fi
mkdir -p "$work"
feed=$work/feed-1pct.jsonl
"$py" - "$corpus" "$feed" "$articles" <<'PY'
import json, random, sys
corpus, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(7)
lines = open(corpus, encoding="utf-8").read().splitlines()
k = max(1, n // 100)
replaced = rng.sample(range(n), k // 2 + k // 10)
with open(out, "w", encoding="utf-8") as f:
    for i in replaced[: k // 2]:          # replacements: same id, new title
        a = json.loads(lines[i]); a["title"] = "Corrected: " + a["title"]
        f.write(json.dumps(a) + "\n")
    for j in range(k - k // 2):           # new articles
        a = json.loads(lines[rng.randrange(n)])
        a["id"] = "night-%07d" % j
        f.write(json.dumps(a) + "\n")
    for i in replaced[k // 2:]:           # retractions
        f.write(json.dumps({"id": json.loads(lines[i])["id"], "deleted": True}) + "\n")
PY

field() { "$py" -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }
results=$work/runs.tsv
echo -e "run\trebuild_s\tupdate_s\tupdate_copy_s\tupdate_index_s\tupdate_validate_s\tcopy_only_s\tcompact_only_s\tarticles\tgeneration_mb" > "$results"
for run in $(seq 1 "$runs"); do
  index=$work/index
  rm -rf "$index"
  "$byline" rebuild --index "$index" --report "$work/rebuild.json" "$corpus" 2>/dev/null
  rebuild_s=$(field "$work/rebuild.json" elapsed_seconds)
  live=$(awk '/^auto/ {print $2}' "$index/XAPIANDB")
  gen_mb=$(du -sm "$index/$live" | cut -f1)
  sync
  start=$(date +%s.%N); cp -r "$index/$live" "$work/copy"; sync; end=$(date +%s.%N)
  copy_s=$(echo "$end - $start" | bc); rm -rf "$work/copy"
  start=$(date +%s.%N); xapian-compact -m "$index/$live/XAPIANDB" "$work/compacted" >/dev/null; end=$(date +%s.%N)
  compact_s=$(echo "$end - $start" | bc); rm -rf "$work/compacted"
  "$byline" update --index "$index" --keep 0 --report "$work/update.json" "$feed" 2>/dev/null
  u=$work/update.json
  echo -e "$run\t$rebuild_s\t$(field $u elapsed_seconds)\t$(field $u copy_seconds)\t$(field $u index_seconds)\t$(field $u validate_seconds)\t$copy_s\t$compact_s\t$(field $u articles_after)\t$gen_mb" >> "$results"
  echo "run $run: rebuild ${rebuild_s}s, update $(field $u elapsed_seconds)s" >&2
done
"$py" - "$results" "$articles" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
med = lambda k: statistics.median(float(r[k]) for r in rows)
print(f"articles {sys.argv[2]}, runs {len(rows)} (medians)")
for k in ["rebuild_s", "update_s", "update_copy_s", "update_index_s",
          "update_validate_s", "copy_only_s", "compact_only_s", "generation_mb"]:
    print(f"{k:20s} {med(k):10.2f}")
print(f"update / rebuild     {med('update_s') / med('rebuild_s'):10.3f}")
print(f"compact / copy       {med('compact_only_s') / med('copy_only_s'):10.2f}")
PY
