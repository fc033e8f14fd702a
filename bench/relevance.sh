#!/usr/bin/env bash
# Relevance benchmark on the BBC News articles: indexes them with Byline
# (outside the repository) and scores the judged known-item queries in
# bench/relevance_queries.jsonl for Byline, plain Xapian BM25 and SQLite FTS5
# (bench/relevance.py, which builds the two baselines' indexes itself).
# Usage: bench/relevance.sh [relevance.py flags: --details, --json OUT, ...]
# BYLINE=path/to/byline skips the build and uses that binary instead.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/common.sh"
data="$root/../shared/data/bbc_news/bbc_news.jsonl"
[[ -f "$data" ]] || { echo "relevance: $data not found" >&2; exit 1; }
"$root/scripts/setup.sh"
if ! dpkg-query -W -f='${Status}' python3-xapian 2>/dev/null | grep -q "ok installed"; then
  echo "relevance: installing python3-xapian" >&2
  if [[ $(id -u) -ne 0 ]]; then
    echo "relevance: run as root (or install python3-xapian yourself)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends python3-xapian >/dev/null
fi
/usr/bin/python3 -c 'import sqlite3; sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")' \
  || { echo "relevance: this Python's sqlite3 has no FTS5" >&2; exit 1; }
# Fail on a malformed judged file before spending time on a build.
/usr/bin/python3 "$root/bench/relevance.py" --corpus "$data" --check-only >/dev/null

if [[ -n "${BYLINE:-}" ]]; then
  byline=$(realpath "$BYLINE")
  [[ -x "$byline" ]] || { echo "relevance: BYLINE=$BYLINE is not an executable" >&2; exit 1; }
  origin="from BYLINE"
else
  "$root/scripts/build.sh" "$root/build-bench" -DCMAKE_BUILD_TYPE=Release \
    $(bench_tests_flag "$root/build-bench") >/dev/null
  byline="$root/build-bench/cli/byline"
  origin="built from the work tree"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
case "$work/" in "$root"/*) echo "relevance: $work is inside the repository" >&2; exit 1 ;; esac
"$byline" index --quiet --index "$work/index" "$data"

revision=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
  revision="$revision + uncommitted changes"
fi
echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GB"
echo "revision: $revision"
echo "byline: $byline ($origin, $(date -r "$byline" '+%Y-%m-%d %H:%M'))"
echo "xapian: $(/usr/bin/python3 -c 'import xapian; print(xapian.version_string())'), sqlite: $(/usr/bin/python3 -c 'import sqlite3; print(sqlite3.sqlite_version)')"
/usr/bin/python3 "$root/bench/relevance.py" --corpus "$data" --byline "$byline" \
  --index "$work/index" --workdir "$work/baselines" "$@"
