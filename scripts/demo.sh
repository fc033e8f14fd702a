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
