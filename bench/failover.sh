#!/usr/bin/env bash
# Failover and swap benchmark (issue 11), with real processes on loopback:
# the 2-shard index of the 100,000-article corpus on a build host served by
# xapian-replicate-server; four shard hosts (2 shards x 2 replicas) run by
# deploy/byline-shard-host, each pulling its shard with xapian-replicate
# and serving it with stock xapian-tcpsrv; a front end made live by `byline
# publish` and served by `byline serve`; open-loop gRPC load from
# bench/load (byline_load --calls_out: one line per call). The scenarios,
# each under the same load, each on a freshly started `byline serve`:
#   A  one replica of each shard dies (SIGKILL of its xapian-tcpsrv process
#      group: the kernel closes its connections) at EVENT_S;
#   B  one replica of each shard hangs (SIGSTOP of the group: connections
#      stay open and silent, so only Xapian's remote timeout notices) at
#      EVENT_S, resumed (SIGCONT) after the load;
#   Bx the same, but the replicas hung are replica 0 of shard 0 and
#      replica 1 of shard 1, so that one worker's searcher loses both of
#      its shards' replicas (and the other worker none);
#   B@MS as B through another front end (the same generation and hosts)
#      published with a remote timeout of MS ms (e.g. B@3000, B@10000:
#      Xapian's default, the front end's when `byline publish` sets none);
#   C  a new generation (a small `byline update` on the build host, before
#      the load) is pulled by all four shard hosts with xapian-replicate and
#      published at the front end while the load runs.
# bench/failover_watch.py polls /proc/net/tcp for the front end's
# connections to the failed replicas (their closing is its detection);
# bench/failover_report.py computes failures, detection time and latencies
# from the per-call records, and writes
# bench/RESULTS-failover.md (its closing "What this shows" section is
# written by hand, from the numbers, after a run, and kept when the page is
# rewritten: edit it to match); raw outputs stay in BENCH_DIR/failover.
#
# Usage: bench/failover.sh
# Environment: BENCH_DIR (default /tmp/byline-bench, outside the
# repository), BUILD (default build-bench), INDEX (the 2-shard index to
# start from, default BENCH_DIR/facets-100000/byline-index; its shard files
# are hard-linked, never written), RATE (arrivals/s, default 100),
# CONNECTIONS (4), DURATION_S (30, scenarios A and B), EVENT_S (10),
# SWAP_DURATION_S (60, scenario C), SWAP_AT_S (5), REMOTE_CONNECT_MS (500)
# and REMOTE_TIMEOUT_MS (1000) (Xapian's remote timeouts, written into the
# front end's manifest by `byline publish`), WORKERS (`byline serve
# --workers`, default 2), UPDATE_ARTICLES (articles of scenario C's update,
# default 1000), SCENARIOS (default "A B Bx B@3000 B@10000 C"), OUT,
# KEEP=1 (keep the replicas and the build host's index after the run;
# removed by default).
# Everything listens on 127.0.0.1 only; every process started is stopped by
# its own pid (a server by its process group) on exit; every wait is bounded.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/common.sh"
bench_dir=${BENCH_DIR:-/tmp/byline-bench}
build=${BUILD:-$root/build-bench}
source_index=${INDEX:-$bench_dir/facets-100000/byline-index}
rate=${RATE:-100}
connections=${CONNECTIONS:-4}
duration=${DURATION_S:-30}
event_at=${EVENT_S:-10}
swap_duration=${SWAP_DURATION_S:-60}
swap_at=${SWAP_AT_S:-5}
connect_ms=${REMOTE_CONNECT_MS:-500}
timeout_ms=${REMOTE_TIMEOUT_MS:-1000}
workers=${WORKERS:-2}
update_articles=${UPDATE_ARTICLES:-1000}
scenarios=${SCENARIOS:-A B Bx B@3000 B@10000 C}
for scenario in $scenarios; do
  [[ $scenario =~ ^(A|B|Bx|B@[0-9]+|C)$ ]] ||
    { echo "failover: unknown scenario '$scenario'" >&2; exit 2; }
done
hit=(0 0)  # the replica that fails, for shard 0 and shard 1
out_page=${OUT:-$root/bench/RESULTS-failover.md}
queries="$root/bench/queries-headlines.txt"
corpus="$bench_dir/corpus-100000.jsonl"
bench_outside_repo failover "$bench_dir"
work="$bench_dir/failover"
log() { echo "failover: $(date -u +%T) $*" >&2; }
for tool in xapian-tcpsrv xapian-replicate xapian-replicate-server; do
  command -v "$tool" >/dev/null || { log "needs $tool (xapian-tools)"; exit 1; }
done
[[ -s $source_index/XAPIANDB ]] || { log "no index at $source_index (bench/facets.sh builds it)"; exit 1; }
[[ -s $corpus ]] || { log "$corpus not found (bench/make_corpus.py --articles 100000)"; exit 1; }
byline="$build/cli/byline"
load="$build/bench/byline_load"
host_script="$root/deploy/byline-shard-host"
[[ -x $byline && -x $load ]] || { log "build byline and byline_load in $build first"; exit 2; }

rm -rf "$work"
mkdir -p "$work"
meta="$work/meta.txt"
{
  bench_machine_meta "$build"
  echo "xapian=$(pkg-config --modversion xapian-core 2>/dev/null || echo '?')"
  echo "rate=$rate"
  echo "connections=$connections"
  echo "duration_s=$duration"
  echo "event_s=$event_at"
  echo "swap_duration_s=$swap_duration"
  echo "swap_at_s=$swap_at"
  echo "remote_connect_timeout_ms=$connect_ms"
  echo "remote_timeout_ms=$timeout_ms"
  echo "workers=$workers"
  echo "queries=$(grep -vc '^#' "$queries")"
  echo "scenarios=$scenarios"
  echo "build=$build"
  echo "update_articles=$update_articles"
} >"$meta"

# Everything started here is stopped on exit: the xapian-tcpsrv of every
# shard host by the process group in its pid file (setsid made each its
# own group leader; SIGCONT first, for one left stopped), the rest by pid.
groups=()
pids=()
cleanup() {
  local f p
  for f in "$work"/hosts/*/gen-*/*.pid; do
    [[ -s $f ]] || continue
    p=$(<"$f")
    if [[ $p =~ ^[0-9]+$ ]] && (( p > 1 )); then
      kill -CONT -- "-$p" 2>/dev/null || true
      kill -KILL -- "-$p" 2>/dev/null || true
    fi
  done
  for p in "${groups[@]}"; do kill -KILL -- "-$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  # The copies (GBs): gone unless KEEP=1. The build host's gen-000001 is
  # hard links, so this never touches the source index.
  [[ ${KEEP:-} == 1 ]] || rm -rf "$work/hosts" "$work/build"
}
trap cleanup EXIT

# The build host's index: a directory of its own whose gen-000001 shares
# the source index's shard files by hard links (readers and `byline update`
# only read them: an update copies the live generation before writing).
# The manifest (a lock file too) and the pointers are copied.
build_index="$work/build"
gen=$(awk '$1 == "auto" {print $2}' "$source_index/XAPIANDB")
mkdir -p "$build_index/$gen"
cp "$source_index/XAPIANDB" "$source_index/generation.seq" "$build_index/"
cp "$source_index/$gen/MANIFEST.json" "$source_index/$gen/XAPIANDB" "$build_index/$gen/"
mapfile -t shards < <(/usr/bin/python3 - "$build_index/$gen/MANIFEST.json" <<'EOF'
import json, sys
for s in json.load(open(sys.argv[1]))["shards"]:
    print(s["location"])
EOF
)
(( ${#shards[@]} == 2 )) || { log "$source_index/$gen has ${#shards[@]} shards, not 2"; exit 1; }
for s in "${shards[@]}"; do
  mkdir -p "$build_index/$gen/$s"
  for f in "$source_index/$gen/$s"/*; do
    case ${f##*/} in
      flintlock) : >"$build_index/$gen/$s/flintlock" ;;
      *) ln "$f" "$build_index/$gen/$s/" ;;
    esac
  done
done
echo "index=$source_index ($gen, ${#shards[@]} shards, $(du -sbL "$source_index/$gen" | cut -f1) bytes, $(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["articles"])' "$build_index/$gen/MANIFEST.json") articles)" >>"$meta"

# Ports: the replicate server, then 4 slots for each of the 4 shard hosts.
base=$(/usr/bin/python3 - <<'EOF'
import os, random, socket
def free(p):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); return True
    except OSError:
        return False
    finally:
        s.close()
rng = random.Random(os.getpid())
for _ in range(200):
    b = rng.randrange(20000, 59000)
    if all(free(p) for p in range(b, b + 17)):
        print(b); break
EOF
)
[[ -n $base ]] || { log "no free port range"; exit 1; }
host_dir() { echo "$work/hosts/host-$1$2"; }      # host_dir SHARD REPLICA
base_port() { echo $((base + 1 + ($1 * 2 + $2) * 4)); }
shard_hosts="127.0.0.1:$(base_port 0 0),127.0.0.1:$(base_port 0 1);127.0.0.1:$(base_port 1 0),127.0.0.1:$(base_port 1 1)"
gen_number() { echo $((10#${1#gen-})); }
pid_file() {  # pid_file GEN SHARD REPLICA: the xapian-tcpsrv pid file
  printf '%s/%s/shard-%03d.pid' "$(host_dir "$2" "$3")" "$1" "$2"
}
echo "shard_hosts=$shard_hosts (base ports; generation N on base + N mod 4)" >>"$meta"

setsid xapian-replicate-server --port "$base" --interface 127.0.0.1 "$build_index" \
  >"$work/replicate-server.log" 2>&1 &
groups+=($!)
wait_listening "$base" || { cat "$work/replicate-server.log" >&2; log "xapian-replicate-server did not start"; exit 1; }

# deploy GEN: every shard host pulls and serves its shard of GEN, one host
# after the other (the script's own steps); prints the seconds taken.
deploy() {
  local t0 s r
  t0=$(date +%s.%N)
  for s in 0 1; do
    for r in 0 1; do
      bash "$host_script" deploy --master "127.0.0.1:$base" --generation "$1" \
        --shard "$s" --dir "$(host_dir "$s" "$r")" --base_port "$(base_port "$s" "$r")" \
        --slots 4 2>>"$work/shard-host.log" ||
        { tail -n 5 "$work/shard-host.log" >&2; log "deploying $1 shard $s replica $r failed"; return 1; }
    done
  done
  awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b - a}'
}
publish() {  # publish FRONT TIMEOUT_MS: the build host's live generation goes live at FRONT
  local t0
  t0=$(date +%s.%N)
  "$byline" publish --index "$1" --manifest "$build_index" \
    --shard_hosts "$shard_hosts" --port_slots 4 \
    --remote_connect_timeout_ms "$connect_ms" --remote_timeout_ms "$2" \
    2>>"$work/publish.log" || { tail -n 5 "$work/publish.log" >&2; log "publish failed"; return 1; }
  awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b - a}'
}

log "deploying $gen to 4 shard hosts (xapian-replicate, full copies)"
s1=$(deploy "$gen")
echo "deploy_${gen}_seconds=$s1" >>"$meta"
echo "replica_bytes=$(du -sb "$(host_dir 0 0)/$gen" | cut -f1) + $(du -sb "$(host_dir 1 0)/$gen" | cut -f1) per replica pair" >>"$meta"
p1=$(publish "$work/front" "$timeout_ms")
# B@MS's front ends: the same generation and hosts, another remote timeout.
for scenario in $scenarios; do
  [[ $scenario == B@* ]] && publish "$work/front-${scenario#B@}" "${scenario#B@}" >/dev/null
done
echo "publish_${gen}_seconds=$p1" >>"$meta"
log "deployed in $s1 s, published in $p1 s"

# The front end, started fresh for each scenario (the same replica choice
# at the start of each: each worker's searcher starts at another replica).
serve_pid=""
start_serve() {  # start_serve NAME [FRONT]
  local serve_log="$work/serve-$1.log"
  "$byline" serve --index "${2:-$work/front}" --listen 127.0.0.1:0 --workers "$workers" \
    >"$serve_log" 2>&1 &
  serve_pid=$!
  pids+=("$serve_pid")
  for _ in $(seq 300); do grep -q "listening on" "$serve_log" && break; sleep 0.1; done
  address=$(sed -n 's/.*listening on \([^ ]*\) .*/\1/p' "$serve_log")
  [[ -n $address ]] || { cat "$serve_log" >&2; log "byline serve did not start"; exit 1; }
  # Warm-up: 3 s of the same load, not recorded.
  "$load" --server "$address" --rate "$rate" --connections "$connections" \
    --duration_s 3 --queries "$queries" >"$work/warmup-$1.txt" 2>&1 || true
}
stop_serve() {
  kill -TERM "$serve_pid" 2>/dev/null || true
  for _ in $(seq 150); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$serve_pid" 2>/dev/null || true
  wait "$serve_pid" 2>/dev/null || true
}
load_pid=""
start_load() {  # start_load NAME SECONDS: the measured load, in the background
  "$load" --server "$address" --rate "$rate" --connections "$connections" \
    --duration_s "$2" --queries "$queries" --json_out "$work/$1.json" \
    --calls_out "$work/$1.calls" >"$work/$1.txt" 2>&1 &
  load_pid=$!
  pids+=("$load_pid")
  echo "$1_load_start_unix=$(date +%s.%N)" >>"$meta"
}
wait_load() {
  wait "$load_pid" || log "byline_load exited $? (see $work/$1.txt)"
  cat "$work/$1.txt" >&2
}
now() { date +%s.%N; }
watch_replicas() {  # watch_replicas NAME SECONDS: held connections to the hit replicas
  /usr/bin/python3 "$root/bench/failover_watch.py" "$work/$1.held" "$2" \
    "$(( $(base_port 0 "${hit[0]}") + $(gen_number "$gen") % 4 ))" \
    "$(( $(base_port 1 "${hit[1]}") + $(gen_number "$gen") % 4 ))" &
  watch_pid=$!
  pids+=("$watch_pid")
}
signal_replicas() {  # signal_replicas SIGNAL: the hit replica of each shard, by group
  local s p
  for s in 0 1; do
    p=$(<"$(pid_file "$gen" "$s" "${hit[$s]}")")
    kill "-$1" -- "-$p"
  done
}

for scenario in $scenarios; do
  case $scenario in
    A)
      hit=(0 0)
      echo "A_hit=${hit[*]}" >>"$meta"
      log "scenario A: SIGKILL replicas ${hit[*]} of shards 0 1 at ${event_at} s"
      start_serve A
      watch_replicas A "$((duration + 2))"
      start_load A "$duration"
      sleep "$event_at"
      echo "A_event_unix=$(now)" >>"$meta"
      signal_replicas KILL
      wait_load A
      wait "$watch_pid" || true
      stop_serve
      # The dead replicas come back (the same data, the same ports).
      for s in 0 1; do
        bash "$host_script" serve --generation "$gen" --shard "$s" --dir "$(host_dir "$s" "${hit[$s]}")" \
          --base_port "$(base_port "$s" "${hit[$s]}")" --slots 4 2>>"$work/shard-host.log"
      done
      ;;
    B|Bx|B@*)
      front=$work/front t=$timeout_ms hit=(0 0)
      [[ $scenario == Bx ]] && hit=(0 1)
      [[ $scenario == B@* ]] && front=$work/front-${scenario#B@} t=${scenario#B@}
      echo "${scenario}_hit=${hit[*]}" >>"$meta"
      echo "${scenario}_timeout_ms=$t" >>"$meta"
      log "scenario $scenario: SIGSTOP replicas ${hit[*]} of shards 0 1 at ${event_at} s (remote timeout $t ms)"
      start_serve "$scenario" "$front"
      watch_replicas "$scenario" "$((duration + 2))"
      start_load "$scenario" "$duration"
      sleep "$event_at"
      echo "${scenario}_event_unix=$(now)" >>"$meta"
      signal_replicas STOP
      wait_load "$scenario"
      wait "$watch_pid" || true
      signal_replicas CONT
      stop_serve
      ;;
    C)
      log "scenario C: a new generation replicated and published under load"
      feed="$work/update.jsonl"
      # New articles: corpus articles under new ids (so the count grows).
      /usr/bin/python3 - "$corpus" "$update_articles" "$feed" <<'EOF'
import json, sys
corpus, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(corpus) as f, open(out, "w") as o:
    for i, line in enumerate(f):
        if i >= n:
            break
        a = json.loads(line)
        a["id"] = "failover-%06d" % i
        o.write(json.dumps(a) + "\n")
EOF
      t0=$(now)
      "$byline" update --index "$build_index" "$feed" >"$work/update.log" 2>&1 ||
        { tail -n 20 "$work/update.log" >&2; log "byline update failed"; exit 1; }
      new_gen=$(awk '$1 == "auto" {print $2}' "$build_index/XAPIANDB")
      echo "update_seconds=$(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.2f", b - a}')" >>"$meta"
      echo "new_generation=$new_gen" >>"$meta"
      echo "new_articles=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["articles"])' "$build_index/$new_gen/MANIFEST.json")" >>"$meta"
      start_serve C
      start_load C "$swap_duration"
      sleep "$swap_at"
      echo "C_deploy_start_unix=$(now)" >>"$meta"
      s2=$(deploy "$new_gen")
      echo "C_deploy_end_unix=$(now)" >>"$meta"
      echo "deploy_${new_gen}_seconds=$s2" >>"$meta"
      p2=$(publish "$work/front" "$timeout_ms")
      echo "C_publish_end_unix=$(now)" >>"$meta"
      echo "publish_${new_gen}_seconds=$p2" >>"$meta"
      log "deployed $new_gen in $s2 s under load, published in $p2 s"
      wait_load C
      stop_serve
      ;;
  esac
done
echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$meta"

/usr/bin/python3 "$root/bench/failover_report.py" "$work" "$out_page"
log "wrote $out_page (raw outputs: $work)"
