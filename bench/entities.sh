#!/usr/bin/env bash
# The cost of named entities at index time (issue 9, item 1), on the
# standard 100,000-article corpus from bench/make_corpus.py: interleaved
# runs of `byline rebuild --shards 2 --entities=false` and
# `--entities=true` (same binary, same corpus, fresh scratch index each
# time), reporting median wall time, articles/s, the throughput ratio (target
# >= 0.85), peak RSS (/usr/bin/time -v, or VmHWM polled from /proc), RSS over
# the run (flatness: the peak of each quarter of the run, polled every
# second) and the index size and its growth. Results ->
# bench/RESULTS-entities.md.
#
# Usage: bash bench/entities.sh [ARTICLES] (default 100000); RUNS=3 by
# default; BYLINE=path/to/byline (default build-h2/cli/byline); WORK=scratch
# directory (default /tmp/byline-bench/entities); REPORT_ONLY=1 rewrites the
# results from the last runs in WORK; NOTES_FILE=a Markdown file appended to
# the results.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
articles=${1:-100000}
runs=${RUNS:-3}
byline=${BYLINE:-$root/build-h2/cli/byline}
work=${WORK:-/tmp/byline-bench/entities}
corpus=/tmp/byline-bench/corpus-$articles.jsonl
out=${OUT:-$root/bench/RESULTS-entities.md}
py=/usr/bin/python3

[[ -x $byline ]] || { echo "build first: ninja -C $root/build-h2 byline" >&2; exit 2; }
if [[ ! -s $corpus ]]; then
  mkdir -p "$(dirname "$corpus")"
  "$py" "$root/bench/make_corpus.py" --articles "$articles" --seed 11 --out "$corpus"
fi
mkdir -p "$work"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)

field() { "$py" -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }

# run_one MODE RUN: one rebuild; appends a row to $results.
run_one() {
  local mode=$1 run=$2
  local index=$work/index-$mode
  rm -rf "$index"
  local timelog=$work/time-$mode-$run.txt rsslog=$work/rss-$mode-$run.txt
  : > "$rsslog"
  local start end
  start=$(date +%s.%N)
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -v -o "$timelog" "$byline" rebuild --index "$index" --shards 2 \
      --entities="$mode" --report "$work/report-$mode.json" --quiet "$corpus" \
      2>/dev/null &
  else
    "$byline" rebuild --index "$index" --shards 2 --entities="$mode" \
      --report "$work/report-$mode.json" --quiet "$corpus" 2>/dev/null &
  fi
  local launcher=$!
  # The byline process: the child of /usr/bin/time, or the launcher itself.
  local pid=$launcher
  for _ in $(seq 50); do
    local child
    child=$(cat "/proc/$launcher/task/$launcher/children" 2>/dev/null | awk '{print $1}')
    if [[ -n $child ]]; then pid=$child; break; fi
    [[ -x /usr/bin/time ]] || break
    sleep 0.1
  done
  local hwm=0
  while kill -0 "$pid" 2>/dev/null; do
    local rss h
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    h=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    [[ -n $rss ]] && echo "$(date +%s.%N) $rss" >> "$rsslog"
    [[ -n $h && $h -gt $hwm ]] && hwm=$h
    sleep 1
  done
  wait "$launcher"
  end=$(date +%s.%N)
  local peak_kb=$hwm
  if [[ -s $timelog ]]; then
    peak_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}' "$timelog")
  fi
  local wall
  wall=$(echo "$end - $start" | bc)
  local live bytes
  live=$(awk '/^auto/ {print $2}' "$index/XAPIANDB")
  bytes=$(du -sb "$index/$live" | cut -f1)
  local indexed
  indexed=$(field "$work/report-$mode.json" articles_after)
  echo -e "$mode\t$run\t$wall\t$(field "$work/report-$mode.json" elapsed_seconds)\t$indexed\t$peak_kb\t$bytes\t$rsslog" >> "$results"
  echo "run $run entities=$mode: ${wall}s wall, peak ${peak_kb} kB, ${bytes} bytes" >&2
}

results=$work/runs.tsv
# REPORT_ONLY=1 rewrites the results file from the last runs in $work.
if [[ ${REPORT_ONLY:-0} != 1 ]]; then
  echo -e "mode\trun\twall_s\tjob_s\tarticles\tpeak_rss_kb\tindex_bytes\trsslog" > "$results"
  for run in $(seq 1 "$runs"); do
    # Alternate which goes first, so that drift in the machine's load is
    # shared.
    if (( run % 2 == 1 )); then
      run_one false "$run"; run_one true "$run"
    else
      run_one true "$run"; run_one false "$run"
    fi
  done
fi
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
if [[ ${REPORT_ONLY:-0} == 1 && -s $work/meta.txt ]]; then
  source "$work/meta.txt"  # the load and start time of those runs
else
  printf "load_start='%s'\nstarted='%s'\nload_end='%s'\n" "$load_start" \
    "$started" "$load_end" > "$work/meta.txt"
fi
# Distinct entities (boolean terms) in the last index built with them.
entity_stats=n/a
if command -v xapian-delve >/dev/null && [[ -e $work/index-true/XAPIANDB ]]; then
  entity_stats=$(for p in XPER XORG XLOC XMISC; do
      echo "$p $(xapian-delve -1 -A "$p" "$work/index-true" | awk -v n=$(( ${#p} + 16 )) 'length($0) == n' | wc -l)"
    done | paste -sd, | sed 's/,/, /g')
fi
rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$root" status --porcelain 2>/dev/null | grep -q . && echo " (uncommitted changes in the checkout)" || true)
cpu=$(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | sed 's/^ *//')
mem=$(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo)

"$py" - "$results" "$articles" "$runs" "$out" "$(nproc)" "$cpu" "$mem" \
  "$load_start" "$load_end" "$rev$dirty" "$started" "$entity_stats" <<'PY'
import csv, statistics, sys
(results, articles, runs, out, cores, cpu, mem, load_start, load_end, rev,
 started, entity_stats) = sys.argv[1:]
rows = list(csv.DictReader(open(results), delimiter="\t"))
by = {m: [r for r in rows if r["mode"] == m] for m in ("false", "true")}
med = lambda m, k: statistics.median(float(r[k]) for r in by[m])
def quarters(path):
    pts = [tuple(map(float, l.split())) for l in open(path) if l.strip()]
    if len(pts) < 4:
        return "n/a"
    n = len(pts)
    qs = [max(p[1] for p in pts[i * n // 4:(i + 1) * n // 4]) / 1024 for i in range(4)]
    return " / ".join(f"{q:.0f}" for q in qs)
off_wall, on_wall = med("false", "wall_s"), med("true", "wall_s")
n = float(by["false"][0]["articles"])
off_rate, on_rate = n / off_wall, n / on_wall
ratio = on_rate / off_rate
off_b, on_b = med("false", "index_bytes"), med("true", "index_bytes")
import os
def cpu_of(r):  # user + system seconds from /usr/bin/time -v, or None
    path = os.path.join(os.path.dirname(results), f"time-{r['mode']}-{r['run']}.txt")
    if not os.path.exists(path):
        return None
    s = 0.0
    for line in open(path):
        if "User time" in line or "System time" in line:
            s += float(line.split(":")[1])
    return s
for r in rows:
    r["cpu_s"] = cpu_of(r)
has_cpu = all(r["cpu_s"] is not None for r in rows)
cpu_ratio = med("false", "cpu_s") / med("true", "cpu_s") if has_cpu else None
lines = []
w = lines.append
w("# Named entities at index time (issue 9, item 1)\n")
w(f"`RUNS={runs} bash bench/entities.sh {articles}`: interleaved runs of "
  f"`byline rebuild --shards 2 --entities=false` and `--entities=true` on "
  f"`/tmp/byline-bench/corpus-{articles}.jsonl` (`bench/make_corpus.py "
  f"--articles {articles} --seed 11`), default threads (one per core), a "
  f"fresh scratch index each run. Medians of {runs} run(s) per mode.\n")
w(f"Machine: {cores} cores, {cpu}, {mem} RAM; load average (1/5/15 min) "
  f"{load_start} at the start, {load_end} at the end (the machine is shared "
  f"with other work); git {rev}; started {started}.\n")
w("| | without entities | with entities | |")
w("|---|---:|---:|---|")
w(f"| wall time (median) | {off_wall:.1f} s | {on_wall:.1f} s | |")
w(f"| articles/s | {off_rate:,.0f} | {on_rate:,.0f} | **ratio {ratio:.3f}** (target ≥ 0.85) |")
if has_cpu:
    w(f"| CPU time, user + system (median) | {med('false', 'cpu_s'):.1f} s | {med('true', 'cpu_s'):.1f} s | "
      f"CPU-time ratio {cpu_ratio:.3f} (less sensitive to other work on the machine) |")
w(f"| peak RSS (median) | {med('false', 'peak_rss_kb') / 1024:.0f} MB | {med('true', 'peak_rss_kb') / 1024:.0f} MB | |")
w(f"| index size (median) | {off_b / 1e6:.1f} MB | {on_b / 1e6:.1f} MB | growth {100 * (on_b - off_b) / off_b:+.1f}% ({(on_b - off_b) / n:.0f} bytes/article) |")
w("")
w("Every run (RSS: the peak of each quarter of the run in MB, polled every second from /proc; flat means no growth with the corpus):\n")
w("| entities | run | wall s | job s | CPU s | articles | peak RSS MB | RSS by quarter MB | index MB |")
w("|---|---:|---:|---:|---:|---:|---:|---|---:|")
for r in rows:
    w(f"| {'on' if r['mode'] == 'true' else 'off'} | {r['run']} | {float(r['wall_s']):.1f} | "
      f"{float(r['job_s']):.1f} | {r['cpu_s'] if r['cpu_s'] is None else round(r['cpu_s'], 1)} | {r['articles']} | {float(r['peak_rss_kb']) / 1024:.0f} | "
      f"{quarters(r['rsslog'])} | {float(r['index_bytes']) / 1e6:.1f} |")
w("")
w(f"Distinct entities (boolean terms) in the last index built with them: {entity_stats}.\n")
notes = __import__("os").environ.get("NOTES_FILE")
if notes:
    w(open(notes).read())
open(out, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
echo "wrote $out" >&2
