#!/usr/bin/env bash
# Remote shards benchmark (issue 11): the same 2-shard index of the
# 100,000-article corpus searched in process (bench/search_latency.cc, the
# Searcher library) over its local shard directories, and over the same
# shards served by stock xapian-tcpsrv on loopback through a front-end
# generation that lists them as remote. Prints and records median, p90 and
# p99 latency of both and their ratio, and the Xapian round trips per query
# (counted by a small TCP proxy in front of each server). Writes
# bench/RESULTS-remote.md; raw outputs stay in BENCH_DIR/remote.
#
# Usage: bench/remote.sh [ROUNDS]   (default 3 rounds of the query list)
# Environment: BENCH_DIR (default /tmp/byline-bench, outside the repository),
# BUILD (the build tree, default build-r), CLIENTS (concurrent clients of
# the second row, default 2), REUSE=1 (keep an index built before), OUT.
# Servers and proxies listen on 127.0.0.1 only and are stopped on exit.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-3}
clients=${CLIENTS:-2}
bench_dir=${BENCH_DIR:-/tmp/byline-bench}
build=${BUILD:-$root/build-r}
queries="$root/bench/queries-headlines.txt"
out_page=${OUT:-$root/bench/RESULTS-remote.md}
corpus="$bench_dir/corpus-100000.jsonl"
case "$(realpath -m "$bench_dir")/" in
  "$root"/*) echo "remote: BENCH_DIR must be outside the repository" >&2; exit 2 ;;
esac
[[ -s "$corpus" ]] || { echo "remote: $corpus not found (bench/make_corpus.py --articles 100000 makes it)" >&2; exit 1; }
command -v xapian-tcpsrv >/dev/null || { echo "remote: needs xapian-tcpsrv (xapian-tools)" >&2; exit 1; }
work="$bench_dir/remote"
mkdir -p "$work"
log() { echo "remote: $*" >&2; }

meta="$work/meta.txt"
{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "cores=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "ram_gb=$(awk '/MemTotal/{printf "%.1f", $2/1048576}' /proc/meminfo)"
  echo "rounds=$rounds"
  echo "clients=$clients"
  echo "queries=$(grep -vc '^#' "$queries")"
  echo "xapian=$(pkg-config --modversion xapian-core 2>/dev/null || echo '?')"
  echo "build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt" 2>/dev/null)"
  echo "git=$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- 2>/dev/null || echo ' (with uncommitted changes)')"
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
free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_listening() {  # PORT: up to 10 s
  /usr/bin/python3 - "$1" <<'EOF'
import socket, sys, time
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.5).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)
EOF
}
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

# front DIR PORT...: a front-end index whose one generation lists shard i
# as "remote 127.0.0.1:PORT_i".
front() {
  local dir=$1
  shift
  rm -rf "$dir"
  mkdir -p "$dir/gen-000001"
  /usr/bin/python3 - "$index/$gen/MANIFEST.json" "$dir" "$@" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
out, ports = sys.argv[2], sys.argv[3:]
m.update(name="gen-000001", number=1, parent="", job="remote")
stub = "# Byline generation gen-000001: its shards, in shard order.\n"
for s, port in zip(m["shards"], ports):
    s["location"] = "remote 127.0.0.1:%s" % port
    stub += "remote 127.0.0.1:%s\n" % port
open(out + "/gen-000001/XAPIANDB", "w").write(stub)
open(out + "/gen-000001/MANIFEST.json", "w").write(json.dumps(m) + "\n")
open(out + "/generation.seq", "w").write("1\n")
open(out + "/XAPIANDB", "w").write("auto gen-000001\n")
EOF
}
front "$work/front" "${ports[@]}"

rm -f "$work"/{local,remote}.jsonl
raw="$work/raw.txt"
: >"$raw"
run() {  # run NAME INDEX: the in-process rows over INDEX
  log "measuring $1"
  echo "== $1" >>"$raw"
  "$bench" --index "$2" --queries "$queries" --rounds "$rounds" \
    --clients "$clients" --json_out "$work/$1.jsonl" | tee -a "$raw"
}
run local "$index"
run remote "$work/front"

# Round trips: a proxy per shard counts turnarounds (the client sending
# after the server last spoke); one pass of the query list, 1 client.
proxy_ports=()
for i in "${!shards[@]}"; do
  pport=$(free_port)
  /usr/bin/python3 - "$pport" "${ports[$i]}" "$work/turnarounds-$i.txt" <<'EOF' &
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
    threading.Thread(target=relay, args=(c, s), daemon=True).start()
open(out, "w").write("%d\n" % count[0])
EOF
  pids+=($!)
  wait_listening "$pport" || { log "proxy did not start"; exit 1; }
  proxy_ports+=("$pport")
done
front "$work/front-counted" "${proxy_ports[@]}"
log "counting round trips"
"$bench" --index "$work/front-counted" --queries "$queries" --rounds 1 \
  --clients 1 --warmup_rounds 0 >"$work/counted.txt"
for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
pids=()
echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$meta"

/usr/bin/python3 - "$work" "$out_page" "${#shards[@]}" <<'EOF'
import json, sys
work, out, nshards = sys.argv[1], sys.argv[2], int(sys.argv[3])
meta = dict(l.rstrip("\n").split("=", 1) for l in open(work + "/meta.txt") if "=" in l)
rows = {k: [json.loads(l) for l in open("%s/%s.jsonl" % (work, k))] for k in ("local", "remote")}
turn = [int(open("%s/turnarounds-%d.txt" % (work, i)).read()) for i in range(nshards)]
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
    "| path | clients | median ms | p90 ms | p99 ms | queries/s | errors |",
    "|---|---|---|---|---|---|---|",
]
for kind in ("local", "remote"):
    for r in rows[kind]:
        lines.append("| %s shards | %d | %.2f | %.2f | %.2f | %.0f | %d |" % (
            kind, r["clients"], r["median_ms"], r["p90_ms"], r["p99_ms"],
            r["qps"], r["errors"]))
lines += ["", "Remote / local:", "",
          "| clients | median | p90 | p99 | queries/s |", "|---|---|---|---|---|"]
for l, r in zip(rows["local"], rows["remote"]):
    ratio = lambda k: r[k] / l[k] if l[k] else float("nan")
    lines.append("| %d | %.2fx | %.2fx | %.2fx | %.2fx |" % (
        l["clients"], ratio("median_ms"), ratio("p90_ms"), ratio("p99_ms"),
        ratio("qps")))
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
          ""]
open(out, "w").write("\n".join(lines))
print("\n".join(lines))
EOF
log "wrote $out_page (raw outputs: $raw)"
