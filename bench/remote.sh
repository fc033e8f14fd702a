#!/usr/bin/env bash
# Remote shards benchmark (issue 11): the same 2-shard index of the
# 100,000-article corpus searched in process (bench/search_latency.cc, the
# Searcher library) over its local shard directories, and over the same
# shards served by stock xapian-tcpsrv on loopback through a front-end
# generation that lists them as remote. Prints and records median, p90 and
# p99 latency of both and their ratio, in process and through `byline
# serve` over gRPC, and the Xapian round trips per query
# (counted by a small TCP proxy in front of each server). Writes
# bench/RESULTS-remote.md; raw outputs stay in BENCH_DIR/remote.
#
# Usage: bench/remote.sh [ROUNDS]   (default 3 rounds of the query list)
# Environment: BENCH_DIR (default /tmp/byline-bench, outside the repository),
# BUILD (the build tree, default build-r), CLIENTS (concurrent clients of
# the second row, default 2), REUSE=1 (keep an index built before), OUT,
# FACETS (the facets of the rows with facets, default
# person,org,place,misc,source,date; every row is run without facets and
# with them; FACETS=none skips the rows with facets), FACET_QUERIES (the
# rows with facets run the first N queries of the list, default all) and
# FACET_ROUNDS (their rounds, default ROUNDS), FACET_WARMUP (their warm-up
# passes, default 1).
# Servers and proxies listen on 127.0.0.1 only and are stopped on exit.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/common.sh"
rounds=${1:-3}
clients=${CLIENTS:-2}
facets=${FACETS:-person,org,place,misc,source,date}
[[ $facets == none ]] && facets=""
facet_rounds=${FACET_ROUNDS:-$rounds}
facet_warmup=${FACET_WARMUP:-1}
bench_dir=${BENCH_DIR:-/tmp/byline-bench}
build=${BUILD:-$root/build-r}
queries="$root/bench/queries-headlines.txt"
out_page=${OUT:-$root/bench/RESULTS-remote.md}
corpus="$bench_dir/corpus-100000.jsonl"
bench_outside_repo remote "$bench_dir"
[[ -s "$corpus" ]] || { echo "remote: $corpus not found (bench/make_corpus.py --articles 100000 makes it)" >&2; exit 1; }
command -v xapian-tcpsrv >/dev/null || { echo "remote: needs xapian-tcpsrv (xapian-tools)" >&2; exit 1; }
work="$bench_dir/remote"
mkdir -p "$work"
log() { echo "remote: $*" >&2; }

meta="$work/meta.txt"
{
  bench_machine_meta "$build"
  echo "rounds=$rounds"
  echo "clients=$clients"
  echo "queries=$(grep -vc '^#' "$queries")"
  echo "facets=$facets"
  echo "facet_rounds=$facet_rounds"
  echo "xapian=$(pkg-config --modversion xapian-core 2>/dev/null || echo '?')"
} >"$meta"

ninja -C "$build" -j "$(nproc)" byline byline_search_bench >"$work/build.log" 2>&1 ||
  { tail -n 30 "$work/build.log" >&2; log "build failed"; exit 1; }
byline="$build/cli/byline"
bench="$build/bench/byline_search_bench"

index="$work/index"
if [[ ${REUSE:-} == 1 && -e "$index/XAPIANDB" ]]; then
  log "reusing $index"
else
  rm -rf "$index"
  log "building $index (2 shards)"
  t0=$(date +%s.%N)
  "$byline" rebuild --index "$index" --shards 2 "$corpus" >"$work/rebuild.log" 2>&1 ||
    { tail -n 20 "$work/rebuild.log" >&2; exit 1; }
  echo "rebuild_seconds=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b - a}')" >>"$meta"
fi
gen=$(awk '$1 == "auto" {print $2}' "$index/XAPIANDB")
mapfile -t shards < <(/usr/bin/python3 - "$index/$gen/MANIFEST.json" <<'EOF'
import json, sys
for s in json.load(open(sys.argv[1]))["shards"]:
    print(s["location"])
EOF
)
echo "index=$index ($gen, ${#shards[@]} shards, $(du -sb "$index/$gen" | cut -f1) bytes)" >>"$meta"

# Everything started here is stopped on exit, each by its own pid (a
# server by its process group, which is its pid: setsid execs in place).
groups=()
pids=()
cleanup() {
  for g in "${groups[@]}"; do kill -KILL -- "-$g" 2>/dev/null || true; done
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
ports=()
for i in "${!shards[@]}"; do
  port=$(free_port)
  setsid xapian-tcpsrv --port "$port" --interface 127.0.0.1 --quiet \
    "$index/$gen/${shards[$i]}" >"$work/tcpsrv-$i.log" 2>&1 &
  groups+=($!)
  wait_listening "$port" || { cat "$work/tcpsrv-$i.log" >&2; log "xapian-tcpsrv did not start"; exit 1; }
  ports+=("$port")
done
echo "servers=${ports[*]} (xapian-tcpsrv on 127.0.0.1, one per shard)" >>"$meta"

# How long a shard host takes to receive this generation: xapian-replicate
# of every shard from xapian-replicate-server over loopback (a full copy:
# each generation is a new database), one after the other.
rport=$(free_port)
setsid xapian-replicate-server --port "$rport" --interface 127.0.0.1 "$index" \
  >"$work/replicate-server.log" 2>&1 &
groups+=($!)
wait_listening "$rport" || { cat "$work/replicate-server.log" >&2; log "xapian-replicate-server did not start"; exit 1; }
rm -rf "$work/replicas"
mkdir -p "$work/replicas/$gen"
log "replicating $gen"
t0=$(date +%s.%N)
for i in "${!shards[@]}"; do
  xapian-replicate --one-shot --quiet --host 127.0.0.1 --port "$rport" \
    --master "$gen/${shards[$i]}" "$work/replicas/$gen/${shards[$i]}"
done
echo "replicate_seconds=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b - a}')" >>"$meta"
echo "replicated_bytes=$(du -sb "$work/replicas/$gen" | cut -f1)" >>"$meta"
rm -rf "$work/replicas"

# front DIR PORT...: a front-end index whose one generation lists shard i
# as "remote 127.0.0.1:PORT_i".
front() {
  local dir=$1
  shift
  rm -rf "$dir"
  mkdir -p "$dir/$gen"
  # The same generation name as the shards' (each shard records it, and
  # the front end checks it on connecting).
  /usr/bin/python3 - "$index/$gen/MANIFEST.json" "$dir" "$@" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
out, ports = sys.argv[2], sys.argv[3:]
name = m["name"]
m.update(parent="", job="remote")
stub = "# Byline generation %s: its shards, in shard order.\n" % name
for s, port in zip(m["shards"], ports):
    s["location"] = "remote 127.0.0.1:%s" % port
    stub += "remote 127.0.0.1:%s\n" % port
open("%s/%s/XAPIANDB" % (out, name), "w").write(stub)
open("%s/%s/MANIFEST.json" % (out, name), "w").write(json.dumps(m) + "\n")
open(out + "/generation.seq", "w").write("%d\n" % m["number"])
open(out + "/XAPIANDB", "w").write("auto %s\n" % name)
EOF
}
front "$work/front" "${ports[@]}"

rm -f "$work"/*.jsonl
facet_queries=$queries
if [[ -n ${FACET_QUERIES:-} ]]; then
  facet_queries=$work/facet-queries.txt
  grep -v '^#' "$queries" | head -n "$FACET_QUERIES" >"$facet_queries"
fi
echo "facet_queries=$(grep -vc '^#' "$facet_queries")" >>"$meta"
raw="$work/raw.txt"
: >"$raw"
run() {  # run NAME INDEX [FACETS]: the in-process rows over INDEX
  log "measuring $1"
  echo "== $1" >>"$raw"
  if [[ -n ${3:-} ]]; then
    "$bench" --index "$2" --queries "$facet_queries" --rounds "$facet_rounds" \
      --warmup_rounds "$facet_warmup" --clients "$clients" --facets "$3" \
      --json_out "$work/$1.jsonl" | tee -a "$raw"
  else
    "$bench" --index "$2" --queries "$queries" --rounds "$rounds" \
      --clients "$clients" --json_out "$work/$1.jsonl" | tee -a "$raw"
  fi
}
run local "$index"
run remote "$work/front"
if [[ -n $facets ]]; then
  run local-facets "$index" "$facets"
  run remote-facets "$work/front" "$facets"
fi

# The same through `byline serve` and gRPC (what a client sees): a server
# over the local index and one over the front end, one at a time.
grpc_run() {  # grpc_run NAME INDEX [FACETS]
  local serve_log="$work/serve-$1.log" address=""
  "$byline" serve --index "$2" --listen 127.0.0.1:0 >"$serve_log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 300); do grep -q "listening on" "$serve_log" && break; sleep 0.1; done
  address=$(sed -n 's/.*listening on \([^ ]*\) .*/\1/p' "$serve_log")
  [[ -n $address ]] || { cat "$serve_log" >&2; log "byline serve did not start"; exit 1; }
  log "measuring $1 over gRPC ($address)"
  echo "== $1-grpc" >>"$raw"
  "$bench" --server "$address" --queries "$queries" --rounds "$rounds" \
    --clients "$clients" --json_out "$work/$1-grpc.jsonl" | tee -a "$raw"
  if [[ -n $facets ]]; then
    echo "== $1-grpc-facets" >>"$raw"
    "$bench" --server "$address" --queries "$facet_queries" \
      --rounds "$facet_rounds" --warmup_rounds "$facet_warmup" \
      --clients "$clients" --facets "$facets" \
      --json_out "$work/$1-grpc-facets.jsonl" | tee -a "$raw"
  fi
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
grpc_run local "$index"
grpc_run remote "$work/front"

# Round trips: a proxy per shard counts turnarounds (the client sending
# after the server last spoke); one pass of the query list, 1 client.
count_round_trips() {  # count_round_trips SUFFIX [FACETS]
  proxy_ports=()
  for i in "${!shards[@]}"; do
    pport=$(free_port)
    /usr/bin/python3 - "$pport" "${ports[$i]}" "$work/turnarounds$1-$i.txt" <<'EOF' &
import select, signal, socket, sys, threading
listen_port, target, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
count = [0]
lock = threading.Lock()
stop = threading.Event()
def relay(c, s):
    server_last = True
    try:
        while not stop.is_set():
            ready, _, _ = select.select([c, s], [], [], 0.2)
            for r in ready:
                data = r.recv(65536)
                if not data:
                    return
                if r is c and server_last:
                    with lock:
                        count[0] += 1
                server_last = r is s
                (s if r is c else c).sendall(data)
    finally:
        c.close(); s.close()
def finish(*_):
    stop.set()
signal.signal(signal.SIGTERM, finish)
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", listen_port)); ls.listen(16); ls.settimeout(0.2)
while not stop.is_set():
    try:
        c, _ = ls.accept()
    except (socket.timeout, InterruptedError):
        continue
    s = socket.create_connection(("127.0.0.1", target), 5)
    # Relay each message at once (no Nagle delay added by the proxy).
    for sock in (c, s):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    threading.Thread(target=relay, args=(c, s), daemon=True).start()
open(out, "w").write("%d\n" % count[0])
EOF
    pids+=($!)
    wait_listening "$pport" || { log "proxy did not start"; exit 1; }
    proxy_ports+=("$pport")
  done
  front "$work/front-counted" "${proxy_ports[@]}"
  log "counting round trips${2:+ with facets}"
  "$bench" --index "$work/front-counted" --queries "${3:-$queries}" --rounds 1 \
    --clients 1 --warmup_rounds 0 --facets "${2:-}" >"$work/counted$1.txt"
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  pids=()
}
count_round_trips ""
if [[ -n $facets ]]; then count_round_trips -facets "$facets" "$facet_queries"; fi
echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$meta"

/usr/bin/python3 - "$work" "$out_page" "${#shards[@]}" <<'EOF'
import json, sys
work, out, nshards = sys.argv[1], sys.argv[2], int(sys.argv[3])
meta = dict(l.rstrip("\n").split("=", 1) for l in open(work + "/meta.txt") if "=" in l)
import os
kinds = [k for k in ("local", "remote", "local-facets", "remote-facets",
                     "local-grpc", "remote-grpc", "local-grpc-facets",
                     "remote-grpc-facets")
         if os.path.exists("%s/%s.jsonl" % (work, k))]
rows = {k: [json.loads(l) for l in open("%s/%s.jsonl" % (work, k))] for k in kinds}
turn = [int(open("%s/turnarounds-%d.txt" % (work, i)).read()) for i in range(nshards)]
turn_f = [int(open("%s/turnarounds-facets-%d.txt" % (work, i)).read())
          for i in range(nshards)] if meta["facets"] else []
nq = int(meta["queries"])
searches = 2 * nq  # the counted pass runs two 1-client rows of the list
lines = [
    "# Remote shards: search latency, local vs xapian-tcpsrv on loopback",
    "",
    "Made by `bench/remote.sh %s` on %s. The 100,000-article corpus "
    "(`corpus-100000.jsonl`) in a 2-shard index (`byline rebuild --shards 2`), "
    "searched in process (`byline_search_bench --index`, the Searcher library, "
    "page of 10, %s queries of `bench/queries-headlines.txt` x %s rounds per "
    "client after one warm-up pass) over the local shard directories, and over "
    "the same shard directories served by stock `xapian-tcpsrv` (one per "
    "shard, 127.0.0.1) through a front-end generation listing them as "
    "`remote 127.0.0.1:PORT`." % (meta["rounds"], meta["date"], nq, meta["rounds"]),
    "",
    "Machine: %s cores (%s), %s GB RAM, Xapian %s, %s build (%s). Shared and "
    "noisy: load %s at the start, %s at the end. Servers, proxy and client all "
    "run on this machine, so the remote rows measure Xapian's remote protocol "
    "(serialisation, loopback TCP, a server process per connection) and share "
    "the two cores with the client; a real network adds its round-trip time "
    "per round trip counted below." % (
        meta["cores"], meta["cpu"], meta["ram_gb"], meta["xapian"],
        meta.get("build_type", "?"), meta["git"], meta["load_start"],
        meta["load_end"]),
    "",
    "The gRPC rows run the same queries through `byline serve` (a server "
    "over the local index, then one over the front end) from "
    "`byline_search_bench --server`: what a client sees. Rows marked "
    "*facets* count `%s` in every search (exact counts over every matching "
    "article: one ValueCountMatchSpy per value slot, run by each "
    "xapian-tcpsrv and merged by the front end), over the first %s queries "
    "x %s rounds." % (meta["facets"], meta["facet_queries"],
                      meta["facet_rounds"]),
    "",
    "| path | via | facets | clients | median ms | p90 ms | p99 ms | queries/s | errors |",
    "|---|---|---|---|---|---|---|---|---|",
]
via = lambda k: "gRPC" if "grpc" in k else "in process"
with_facets = lambda k: "facets" if k.endswith("facets") else "none"
for kind in kinds:
    for r in rows[kind]:
        lines.append("| %s shards | %s | %s | %d | %.2f | %.2f | %.2f | %.0f | %d |" % (
            kind.split("-")[0], via(kind), with_facets(kind), r["clients"], r["median_ms"],
            r["p90_ms"], r["p99_ms"], r["qps"], r["errors"]))
lines += ["", "Remote / local (targets over gRPC, 1 client: median <= 2x, "
          "p99 <= 3x):", "",
          "| via | facets | clients | median | p90 | p99 | queries/s |",
          "|---|---|---|---|---|---|---|"]
for lk, rk in (("local", "remote"), ("local-facets", "remote-facets"),
               ("local-grpc", "remote-grpc"),
               ("local-grpc-facets", "remote-grpc-facets")):
    if lk not in rows or rk not in rows:
        continue
    for l, r in zip(rows[lk], rows[rk]):
        ratio = lambda k: r[k] / l[k] if l[k] else float("nan")
        lines.append("| %s | %s | %d | %.2fx | %.2fx | %.2fx | %.2fx |" % (
            via(lk), with_facets(lk), l["clients"], ratio("median_ms"), ratio("p90_ms"),
            ratio("p99_ms"), ratio("qps")))
lines += ["",
          "Round trips (client turnarounds counted by a TCP proxy in front of "
          "each server, one 1-client pass of the list run twice = %d searches, "
          "including the 2 Searcher opens): %s per shard in all, %.1f per "
          "search over both shards (%.1f per shard). Each search is one match "
          "(a query and a statistics exchange per shard: 2 round trips) plus one "
          "document read per article whose passages are scored (the page of 10 "
          "and the rerank window of 10, spread over the shards): about 2 x 2 + "
          "10 = 14, whatever the number of matching articles "
          "(tests/remote_shards_test checks the bound)." % (
              searches, " + ".join(str(t) for t in turn),
              sum(turn) / searches, sum(turn) / searches / nshards),
          "",
          ("With facets (`%s`, the same pass over the first %s queries): %s "
           "per shard, %.1f per search (%.1f per shard). The spies run inside "
           "the match on each shard and come back with its results: no round "
           "trip of their own."
           % (meta["facets"], meta["facet_queries"],
              " + ".join(str(t) for t in turn_f),
              sum(turn_f) / (2 * int(meta["facet_queries"])),
              sum(turn_f) / (2 * int(meta["facet_queries"])) / nshards))
          if turn_f else "",
          "",
          "Replication: a shard host receives the generation with stock "
          "`xapian-replicate` from `xapian-replicate-server` (a full copy, since "
          "each generation is a new database): %s bytes of %d shards in %s s "
          "over loopback, one shard after the other (%.0f MB/s)." % (
              format(int(meta["replicated_bytes"]), ","), nshards,
              meta["replicate_seconds"],
              int(meta["replicated_bytes"]) / 1e6 / float(meta["replicate_seconds"])),
          ""]
open(out, "w").write("\n".join(lines))
print("\n".join(lines))
EOF
log "wrote $out_page (raw outputs: $raw)"
