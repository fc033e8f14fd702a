#!/usr/bin/env bash
# The demo: installs what is missing, builds Byline, indexes the embedded
# sample articles and runs real queries against them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build" -DCMAKE_BUILD_TYPE=Release \
  -DBYLINE_BUILD_TESTS=OFF

byline="$root/build/cli/byline"
index="$root/build/demo-index"
rm -rf "$index"

run() {
  echo
  echo "\$ byline $*"
  "$byline" "$@"
}

run index --index "$index" "$root/data/sample/articles.jsonl"
run stats --index "$index"
run search --index "$index" --limit 3 \
  "how much did the company's profit rise last quarter"
run search --index "$index" --limit 3 --passages 2 '"port strike" OR rotterdam -hamburg'
run search --index "$index" --limit 3 --sort date 'date:2024-03..2024-06 source:"Harbour Wire"'

# The same engine behind the gRPC service: start a server on a free loopback
# port, query it, stop it with SIGTERM.
echo
echo "\$ byline serve --index $index --listen 127.0.0.1:0 &"
serve_log=$(mktemp)
"$byline" serve --index "$index" --listen 127.0.0.1:0 >"$serve_log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; rm -f "$serve_log"' EXIT
for _ in $(seq 100); do
  grep -q "listening on" "$serve_log" && break
  sleep 0.1
done
cat "$serve_log"
address=$(sed -n 's/.*listening on \([^ ]*\) .*/\1/p' "$serve_log")
if [[ -z "$address" ]]; then
  echo "demo: the server did not start" >&2
  exit 1
fi
run search --server "$address" --limit 2 'title:"port strike" OR ukrain*'
run stats --server "$address"

# A nightly job while the server runs: one new article and one retraction
# go into a new generation, which the server picks up by itself.
feed=$(mktemp --suffix .jsonl)
trap 'kill "$server_pid" 2>/dev/null || true; rm -f "$serve_log" "$feed"' EXIT
cat >"$feed" <<'JSON'
{"id": "demo-night-1", "title": "Velsen lock gates reopen after overnight repairs", "body": "VELSEN, July 25 — The sea lock at Velsen reopened to shipping at dawn after engineers replaced a damaged gate hinge overnight, the port authority said. Eleven vessels that had waited at anchor were cleared through by mid-morning.", "source": "Harbour Wire", "published": "2024-07-25T07:30:00Z"}
{"id": "sample-002", "deleted": true}
JSON
run update --index "$index" "$feed"
run search --server "$address" --limit 1 'velsen lock'
run generations --index "$index"
run rollback --index "$index"
run stats --server "$address"
kill -TERM "$server_pid"
wait "$server_pid"
cat "$serve_log" | tail -n 2
