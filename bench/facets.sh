#!/usr/bin/env bash
# Facet latency benchmark (issue 9): exact counts of the five facets
# person, org, place, misc, source plus the date histogram, over every
# matching article, at 100,000 articles. In one run, on one Byline index
# built with entities, it times the queries of bench/queries-headlines.txt
# with bench/search_latency.cc (byline_search_bench) in process and over
# gRPC against `byline serve` on 127.0.0.1, without facets and with
# `--facets person,org,place,misc,source,date`, and, side by side, SQLite
# FTS5 (one row per article, bench/fts5_index.cc) plus an entity table
# filled with the same entities Byline found (bench/fts5_entities.cc),
# counting the same facets with GROUP BYs over all matching articles
# (bench/fts5_search.cc --facets). Writes bench/RESULTS-facets.md; raw
# outputs stay in BENCH_DIR/facets-ARTICLES.
#
# Usage: bench/facets.sh [ROUNDS]   (default 3 rounds of the query list)
# Environment:
#   BENCH_DIR    corpus, indexes and logs (default /tmp/byline-bench, refused
#                inside the repository)
#   ARTICLES     corpus size (default 100000; make_corpus.py --seed 11)
#   ROUNDS       rounds per client, if not given as the argument (default 3)
#   FACET_ROUNDS rounds of the rows with facets, Byline's and FTS5's
#                (default ROUNDS; FTS5's GROUP BYs are slow at 100,000)
#   CLIENTS      clients of the concurrent rows (default 2; 1: none)
#   QUERY_COUNT  the first N queries of the list (default: all)
#   FACETS       Byline's facet list (default person,org,place,misc,source,date)
#   FACET_SAMPLE Byline's sampled facet rows count about this many matching
#                articles (--facet_limit; default 5000; 0: no sampled rows)
#   FACET_SQL    FTS5's entity count: per_type (a GROUP BY per entity type,
#                default) or one (one GROUP BY over all types, then the top
#                10 of each; see bench/fts5_search.cc)
#   BUILD        build tree to use as it is (default: configure and build
#                build-bench/, Release, no tests)
#   JOBS         ninja -j (default: the number of cores)
#   REUSE=1      keep the indexes of an earlier run (and their build times)
#   OUT          results page (default bench/RESULTS-facets.md)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/common.sh"
rounds=${1:-${ROUNDS:-3}}
facet_rounds=${FACET_ROUNDS:-$rounds}
clients=${CLIENTS:-2}
articles=${ARTICLES:-100000}
facets=${FACETS:-person,org,place,misc,source,date}
facet_sql=${FACET_SQL:-per_type}
facet_sample=${FACET_SAMPLE:-5000}
jobs=${JOBS:-$(nproc)}
out_page=${OUT:-$root/bench/RESULTS-facets.md}
data="$root/../shared/data"
bench_dir=${BENCH_DIR:-/tmp/byline-bench}
bench_outside_repo facets "$bench_dir"
all_queries="$root/bench/queries-headlines.txt"
[[ -f "$all_queries" ]] || { echo "facets: $all_queries not found (bench/make_queries.py makes it)" >&2; exit 1; }
work="$bench_dir/facets-$articles"
mkdir -p "$work"
log() { echo "facets: $(date -u +%H:%M:%S) $*" >&2; }
fail() { log "FAILED: $*"; exit 1; }
trap 'rc=$?; ((rc == 0)) || log "stopped with status $rc at line $LINENO"' ERR

if [[ -n ${BUILD:-} ]]; then
  build=$(realpath "$BUILD")
  [[ -f $build/CMakeCache.txt ]] || fail "BUILD=$BUILD is not a configured build tree"
else
  build="$root/build-bench"
fi

# The machine, before anything of ours runs.
meta="$work/meta.txt"
{
  bench_machine_meta
  echo "articles=$articles"
  echo "rounds=$rounds"
  echo "facet_rounds=$facet_rounds"
  echo "clients=$clients"
  echo "facets=$facets"
  echo "facet_sql=$facet_sql"
  echo "facet_sample=$facet_sample"
  cmd="bench/facets.sh $rounds"
  for v in ARTICLES CLIENTS QUERY_COUNT FACET_ROUNDS FACETS FACET_SQL BENCH_DIR BUILD REUSE; do
    [[ -n ${!v:-} ]] && cmd="$v=${!v} $cmd"
  done
  echo "command=$cmd"
} >"$meta"

# Dependencies and the build.
if [[ -z ${BUILD:-} ]]; then
  "$root/scripts/setup.sh"
  if ! dpkg-query -W -f='${Status}' libsqlite3-dev 2>/dev/null | grep -q "ok installed"; then
    log "installing libsqlite3-dev"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends libsqlite3-dev >/dev/null
  fi
  log "configuring $build (Release)"
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    $(bench_tests_flag "$build") >"$work/cmake.log" 2>&1 ||
    { tail -n 30 "$work/cmake.log" >&2; fail "cmake (log: $work/cmake.log)"; }
fi
log "building in $build (-j $jobs)"
if ! nice ninja -C "$build" -j "$jobs" byline byline_search_bench \
    byline_fts5_index byline_fts5_entities byline_fts5_search >"$work/build.log" 2>&1; then
  tail -n 30 "$work/build.log" >&2
  fail "build (whole log: $work/build.log; the FTS5 tools need libsqlite3-dev)"
fi
echo "build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt")" >>"$meta"
byline="$build/cli/byline"
tools="$build/bench"
{
  echo "xapian=$(pkg-config --modversion xapian-core 2>/dev/null || echo '?')"
  echo "grpc=$(pkg-config --modversion grpc++ 2>/dev/null || echo '?')"
  echo "sqlite=$(pkg-config --modversion sqlite3 2>/dev/null || echo '?')"
  echo "compiler=$(g++ --version | head -n1)"
} >>"$meta"

# The queries.
queries="$work/queries.txt"
if [[ -n ${QUERY_COUNT:-} ]]; then
  grep -v '^#' "$all_queries" | grep -v '^$' | head -n "$QUERY_COUNT" >"$queries"
else
  grep -v '^#' "$all_queries" | grep -v '^$' >"$queries"
fi
echo "queries=$(wc -l <"$queries")" >>"$meta"

# The corpus.
corpus="$bench_dir/corpus-$articles.jsonl"
if [[ ! -s "$corpus" ]]; then
  log "making $corpus"
  nice -n 10 /usr/bin/python3 "$root/bench/make_corpus.py" --articles "$articles" \
    --seed 11 --data "$data" --out "$corpus.tmp"
  mv "$corpus.tmp" "$corpus"
fi
echo "corpus=$corpus" >>"$meta"
echo "corpus_bytes=$(stat -L -c %s "$corpus")" >>"$meta"

# timed NAME PATH CMD...: runs CMD (which makes PATH), timed, unless REUSE=1
# and PATH and its recorded time and size exist and nothing before it was
# rebuilt; records NAME.seconds and NAME.bytes (`du -sb` of PATH after
# CMD). Sets `rebuilt` when it ran CMD. CLEAN=0 before it keeps PATH (a step
# that adds to it).
rebuilt=0
timed() {
  local name=$1 path=$2
  shift 2
  if [[ ${REUSE:-} == 1 && -e "$path" && -s "$work/$name.seconds" &&
        -s "$work/$name.bytes" && $rebuilt == 0 ]]; then
    log "$name: reusing $path"
  else
    [[ ${CLEAN:-1} == 1 ]] && rm -rf "$path"
    sync
    log "$name: building $path"
    local t0
    t0=$(date +%s.%N)
    if ! "$@" >"$work/$name.log" 2>&1; then
      tail -n 20 "$work/$name.log" >&2
      fail "$name (log: $work/$name.log)"
    fi
    awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f\n", b - a}' >"$work/$name.seconds"
    du -sb "$path" | cut -f1 >"$work/$name.bytes"
    rebuilt=1
  fi
}

# Byline's index with entities, then FTS5's table and its entity tables
# (filled from Byline's index: remade whenever either is).
timed byline "$work/byline-index" "$byline" index --entities=true \
  --index "$work/byline-index" --report "$work/byline-report.json" "$corpus"
byline_rebuilt=$rebuilt
rebuilt=0
timed fts5 "$work/fts5.db" "$tools/byline_fts5_index" --db "$work/fts5.db" "$corpus"
((byline_rebuilt)) && rebuilt=1
CLEAN=0 timed fts5-entities "$work/fts5.db" "$tools/byline_fts5_entities" \
  --db "$work/fts5.db" --index "$work/byline-index"
sed -n 's/^byline_fts5_entities: //p' "$work/fts5-entities.log" | tail -n1 >"$work/fts5-entities.summary"

# The server, on a free loopback port.
server_pid=""
cleanup() {
  if [[ -n $server_pid ]]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
"$byline" serve --index "$work/byline-index" --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 300); do
  grep -q "listening on" "$work/serve.log" && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
address=$(sed -n 's/.*listening on \([^ ]*\) .*/\1/p' "$work/serve.log")
[[ -n $address ]] || { cat "$work/serve.log" >&2; fail "byline serve did not start"; }
echo "server=$(head -n1 "$work/serve.log")" >>"$meta"

# The facets of the first query from both, for a look (not timed).
first=$(head -n1 "$queries")
{
  echo "== byline search --facets $facets -- $first"
  "$byline" search --index "$work/byline-index" --limit 1 --facets "$facets" -- "$first"
} >"$work/sample-facets.txt" 2>&1 || fail "byline search --facets (see $work/sample-facets.txt)"

# The measurements, one after the other, all against the same index.
rm -f "$work"/{byline,byline-facets,byline-sampled,fts5}.jsonl
raw="$work/raw.txt"
: >"$raw"
run() { bench_run "$raw" "$@"; }  # run NAME CMD...
run byline "$tools/byline_search_bench" --index "$work/byline-index" \
  --server "$address" --queries "$queries" --rounds "$rounds" \
  --clients "$clients" --json_out "$work/byline.jsonl"
run byline-facets "$tools/byline_search_bench" --index "$work/byline-index" \
  --server "$address" --queries "$queries" --rounds "$facet_rounds" \
  --clients "$clients" --facets "$facets" --json_out "$work/byline-facets.jsonl"
if ((facet_sample > 0)); then
  run byline-sampled "$tools/byline_search_bench" --index "$work/byline-index" \
    --server "$address" --queries "$queries" --rounds "$facet_rounds" \
    --clients "$clients" --facets "$facets" --facet_limit "$facet_sample" \
    --json_out "$work/byline-sampled.jsonl"
fi
log "measuring fts5"
echo "== fts5" >>"$raw"
echo "== byline_fts5_search --facets --facet_sql $facet_sql" >>"$work/sample-facets.txt"
if ! "$tools/byline_fts5_search" --db "$work/fts5.db" --queries "$queries" \
    --rounds "$rounds" --clients "$clients" --facets --facet_sql "$facet_sql" \
    --facet_rounds "$facet_rounds" --show_facets 1 --json_out "$work/fts5.jsonl" 2>>"$work/sample-facets.txt" |
    tee -a "$raw"; then
  tail -n 5 "$work/sample-facets.txt" >&2
  fail "byline_fts5_search (its stderr: $work/sample-facets.txt)"
fi
echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$meta"
cleanup
server_pid=""

/usr/bin/python3 - "$work" "$out_page" "$root/bench" <<'EOF'
import json, os, sys
work, out = sys.argv[1], sys.argv[2]
sys.path.insert(0, sys.argv[3])  # latency_table.py's readers
from latency_table import fmt_int, read_meta, read_number, read_rows

meta = read_meta(work)
rows = []  # (contestant, path, facets, row)
for r in read_rows(work, "byline"):
    rows.append(("Byline", r["name"], "none", r))
for r in read_rows(work, "byline-facets"):
    rows.append(("Byline", r["name"], "facets", r))
if os.path.exists(os.path.join(work, "byline-sampled.jsonl")):
    for r in read_rows(work, "byline-sampled"):
        rows.append(("Byline", r["name"],
                     f"sampled (~{meta.get('facet_sample', '?')} articles)", r))
for r in read_rows(work, "fts5"):
    with_facets = "GROUP BY" in r["name"]
    rows.append(("SQLite FTS5", "FTS5 + entity table GROUP BY" if with_facets
                 else "FTS5 (article rows)", "facets" if with_facets else "none", r))
# The concurrent rows of byline_search_bench with --clients 1 repeat the
# 1-client rows: keep the first of each.
seen, kept = set(), []
for c, p, f, r in rows:
    k = (c, p, f, r["clients"])
    if k not in seen:
        seen.add(k)
        kept.append((c, p, f, r))
rows = kept
by = {(c, p, f, r["clients"]): r for c, p, f, r in rows}
errors = sum(r["errors"] for _, _, _, r in rows)
n = int(meta.get("articles", "0"))

lines = []
w = lines.append
w("# Facet latency: exact facet counts over every matching article")
w("")
w(f"Made by `{meta.get('command', 'bench/facets.sh')}` on {meta.get('date', '?')}, "
  f"git {meta.get('git', '?')}. Rerun: `bash bench/facets.sh [ROUNDS]` "
  f"(`REUSE=1` keeps the indexes; the variables are listed at the top of "
  f"`bench/facets.sh`); raw outputs in `BENCH_DIR/facets-{n}/` (`raw.txt`, "
  f"`*.jsonl`, `meta.txt`, `sample-facets.txt`).")
w("")
w(f"**Machine.** {meta.get('cores', '?')} cores ({meta.get('cpu', '?')}), "
  f"{meta.get('ram_gb', '?')} GB RAM, Xapian {meta.get('xapian', '?')}, gRPC "
  f"{meta.get('grpc', '?')}, SQLite {meta.get('sqlite', '?')}, "
  f"{meta.get('compiler', '?')}, {meta.get('build_type', '?')} build. Load "
  f"average (1, 5, 15 min) at the start {meta.get('load_start', '?')}, after "
  f"the measurements {meta.get('load_end', '?')}. Server and clients share "
  f"the machine; compare rows of the same run.")
w("")
w(f"**Corpus and queries.** {fmt_int(n)} synthetic articles "
  f"({fmt_int(float(meta.get('corpus_bytes', 0)))} bytes of JSON Lines, "
  f"`bench/make_corpus.py --articles {n} --seed 11`); the first "
  f"{meta.get('queries', '?')} queries of `bench/queries-headlines.txt`, "
  f"rounds per client: {meta.get('rounds', '?')} (rows with facets: "
  f"{meta.get('facet_rounds', meta.get('rounds', '?'))}), after one untimed warm-up "
  f"pass, client c starting at query 7c, 10 results per page. Facet rows: "
  f"Byline counts `{meta.get('facets', '?')}` in every search (10 values "
  f"per facet; the date histogram at its automatic interval, months over "
  f"the 4.75 years of the 100,000-article corpus, weeks or days over a "
  f"smaller one); FTS5 counts the same from its tables (always by month; "
  f"`--facet_sql {meta.get('facet_sql', '?')}`).")
w("")
if meta.get("server"):
    w(f"**Server.** `{meta['server']}`, on 127.0.0.1; gRPC latency is measured "
      f"by the client per call, including the loopback round trip and protobuf.")
    w("")
w("## Latency")
w("")
w("| contestant | path | facets | clients | median ms | p90 ms | p99 ms | queries/s | errors |")
w("|---|---|---|--:|--:|--:|--:|--:|--:|")
for c, p, f, r in rows:
    w(f"| {c} | {p} | {f} | {r['clients']} | {r['median_ms']:.2f} | {r['p90_ms']:.2f} | "
      f"{r['p99_ms']:.2f} | {r['qps']:.0f} | {r['errors']} |")
w("")
if errors:
    w(f"**{errors} calls failed**: see `raw.txt`; the numbers above are not valid.")
    w("")
w("Facets ÷ no facets (same path and clients):")
w("")
w("| contestant | path | clients | median | p90 | p99 | queries/s |")
w("|---|---|--:|--:|--:|--:|--:|")
ratio = lambda a, b: f"{a / b:.2f}x" if b else ""
pairs = [("Byline", "in process (library)", "in process (library)"),
         ("Byline", "gRPC (byline serve)", "gRPC (byline serve)"),
         ("SQLite FTS5", "FTS5 (article rows)", "FTS5 + entity table GROUP BY")]
for c, plain, faceted in pairs:
    for cl in sorted({k[3] for k in by}):
        a, b = by.get((c, plain, "none", cl)), by.get((c, faceted, "facets", cl))
        if a and b:
            w(f"| {c} | {plain} | {cl} | {ratio(b['median_ms'], a['median_ms'])} | "
              f"{ratio(b['p90_ms'], a['p90_ms'])} | {ratio(b['p99_ms'], a['p99_ms'])} | "
              f"{ratio(b['qps'], a['qps'])} |")
w("")
fts = by.get(("SQLite FTS5", "FTS5 + entity table GROUP BY", "facets", 1))
for path in ("in process (library)", "gRPC (byline serve)"):
    b = by.get(("Byline", path, "facets", 1))
    if b and fts:
        w(f"- Byline {path} with facets ÷ FTS5 + entity table GROUP BY, 1 client: "
          f"median {ratio(b['median_ms'], fts['median_ms'])}, p99 "
          f"{ratio(b['p99_ms'], fts['p99_ms'])}.")
g = by.get(("Byline", "gRPC (byline serve)", "facets", 1))
if g:
    ok = g["median_ms"] <= 25 and g["p99_ms"] <= 100
    w(f"- Target (issue 9; gRPC, 1 client, with facets, at 100,000 articles): "
      f"median ≤ 25 ms and p99 ≤ 100 ms. Here: median {g['median_ms']:.2f} ms, "
      f"p99 {g['p99_ms']:.2f} ms: **{'met' if ok else 'not met'}**"
      + ("" if n == 100000 else f" (but this run has {fmt_int(n)} articles, "
         "not 100,000)") + ".")
w("")
w("## Indexes")
w("")
w("| index | built by | build s (wall) | size bytes |")
w("|---|---|--:|--:|")
report = {}
rp = os.path.join(work, "byline-report.json")
if os.path.exists(rp):
    report = json.load(open(rp))
how = "`byline index --entities=true` (all cores"
if "threads" in report:
    how += f": {report['threads']} threads, {report.get('shards', '?')} shards"
how += ")"
fts_bytes = read_number(work, "fts5.bytes")
total = read_number(work, "fts5-entities.bytes")
for label, built, secs, size in (
        ("Byline, with entities", how, read_number(work, "byline.seconds"),
         read_number(work, "byline.bytes")),
        ("SQLite FTS5 table", "`byline_fts5_index`, 1 thread",
         read_number(work, "fts5.seconds"), fts_bytes),
        ("+ article_entities, article_meta", "`byline_fts5_entities` (from Byline's "
         "index), 1 thread", read_number(work, "fts5-entities.seconds"),
         total - fts_bytes if total and fts_bytes else None)):
    w(f"| {label} | {built} | {'' if secs is None else f'{secs:.1f}'} | "
      f"{'' if size is None else fmt_int(size)} |")
w("")
sp = os.path.join(work, "fts5-entities.summary")
if os.path.exists(sp):
    w(f"Entity tables: {open(sp).read().strip()}.")
    w("")
w("**What each does per query.** Byline: the `byline::Searcher` of the build "
  "(query parser, ranking, best passages, highlights, metadata) and, with "
  "facets, a second, unsorted match over every matching article with one "
  "match spy (on local shards Byline's own, reading each article's facet "
  "value once: its day, source and packed entity ids, schema 5), then the "
  "top 10 of each entity type named from the entity name "
  "terms (`searcher/facet_counter.cc`). FTS5 "
  "(`bench/fts5_search.cc`): the query's words quoted and ORed, `ORDER BY "
  "bm25(articles) LIMIT 10` with `snippet()`; with facets also the matching "
  "rowids into a temporary table, then GROUP BYs joined to it: the entities "
  "(`article_entities`, clustered on (article, type, entity); top 10 per type), "
  "the source and the month of `article_meta`, exact over every match. The SQL "
  "is at the top of `bench/fts5_search.cc`; both count the entities Byline's "
  "indexer found (`bench/fts5_entities.cc` copies them from Byline's stored "
  "records). The two match different sets for the same words (Byline's parser "
  "and stemmer, FTS5's porter tokenizer and OR), so compare the costs, not the "
  "counts; `sample-facets.txt` shows both for the first query.")
w("")
open(out, "w").write("\n".join(lines))
print("\n".join(lines))
EOF
log "wrote $out_page (raw outputs: $raw)"
