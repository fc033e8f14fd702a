#!/usr/bin/env bash
# The Debian package, end to end (issue 12): builds the .deb with cpack from
# the build tree, unpacks it with `dpkg -x` into a scratch root (nothing is
# installed on the machine) and checks it: the layout, the units naming
# /usr/bin/byline, Depends covering every library the binary links, and the
# unpacked binary itself: `--version` (the version, Xapian, ICU, gRPC and
# the packaged NER model, not the source tree's), then it indexes the
# packaged sample articles with entities and searches them.
#
# Usage: package_test.sh CPACK BUILD_DIR VERSION   (run by ctest: package_test)
set -euo pipefail

cpack=$1 build=$2 version=$3
scratch=$(mktemp -d "${TMPDIR:-/tmp}/byline-package-XXXXXX")
trap 'rm -rf "$scratch"' EXIT
unset BYLINE_INDEX
fail() { echo "package_test: FAIL: $*" >&2; exit 1; }
log() { echo "package_test: $*"; }

# 1. cpack, with its staging and output in the scratch directory.
if ! "$cpack" --config "$build/CPackConfig.cmake" -B "$scratch/out" \
    >"$scratch/cpack.log" 2>&1; then
  cat "$scratch/cpack.log" >&2
  fail "cpack failed"
fi
debs=("$scratch"/out/byline_"$version"_*.deb)
deb=${debs[0]}
[[ -f $deb ]] || fail "cpack made no byline_${version}_*.deb: $(ls "$scratch/out")"
log "built ${deb##*/}"
[[ $(dpkg-deb -f "$deb" Package) == byline ]] || fail "Package is not byline"
[[ $(dpkg-deb -f "$deb" Version) == "$version" ]] || fail "Version is not $version"

# 2. Unpacked into a scratch root: the layout.
root=$scratch/root
dpkg -x "$deb" "$root"
root=$(cd -P "$root" && pwd)  # as /proc/self/exe will name it
for f in usr/bin/byline usr/bin/byline-shard-host \
         usr/share/byline/byline-ner-en.bin \
         usr/share/byline/sample/articles.jsonl \
         usr/lib/systemd/system/byline-serve.service \
         usr/lib/systemd/system/byline-update.service \
         usr/lib/systemd/system/byline-update.timer \
         usr/share/doc/byline/README.md \
         usr/share/doc/byline/examples/byline.cron; do
  [[ -e $root/$f ]] || fail "the package lacks /$f"
done
[[ -x $root/usr/bin/byline && -x $root/usr/bin/byline-shard-host ]] ||
  fail "the programs are not executable"
for unit in byline-serve.service byline-update.service; do
  grep -q '^ExecStart=/usr/bin/byline ' "$root/usr/lib/systemd/system/$unit" ||
    fail "$unit does not start /usr/bin/byline"
done
log "layout and units ok"

# 3. Depends names the package of every library the binary needs.
byline=$root/usr/bin/byline
depends=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/^ *//; s/[ (].*//')
owner() {  # the package holding a library path (merged /usr or not)
  local path=$1 candidate
  for candidate in "$path" "$(readlink -f "$path")" "/usr$path" "${path#/usr}"; do
    if dpkg -S "$candidate" >/dev/null 2>&1; then
      dpkg -S "$candidate" 2>/dev/null | head -n 1 | sed 's/:.*//'
      return 0
    fi
  done
  return 1
}
needed=$(readelf -d "$byline" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
[[ -n $needed ]] || fail "readelf found no NEEDED libraries in $byline"
for soname in $needed; do
  path=$(ldd "$byline" | awk -v s="$soname" '$1 == s { print $3 }')
  [[ -n $path && $path != "not" ]] || fail "ldd cannot find $soname"
  package=$(owner "$path") || fail "no Debian package holds $path ($soname)"
  grep -qx -- "$package" <<<"$depends" ||
    fail "$soname comes from $package, which Depends does not name"
done
log "Depends covers the $(wc -w <<<"$needed") libraries the binary needs"

# 4. The unpacked binary: its version and the packaged model.
"$byline" --version >"$scratch/version" 2>&1 || fail "byline --version failed"
cat "$scratch/version"
for want in "byline $version (git " "Xapian 1." "ICU " "gRPC 1." "protobuf 3." \
            "NER model $root/usr/share/byline/byline-ner-en.bin"; do
  grep -qF -- "$want" "$scratch/version" || fail "--version lacks '$want'"
done
grep -q "(missing)" "$scratch/version" && fail "--version: the model is missing"
"$byline" version | cmp -s - "$scratch/version" ||
  fail "byline version differs from byline --version"
"$byline" index --help >"$scratch/help" || fail "byline index --help failed"
grep -qF "(default: $root/usr/share/byline/byline-ner-en.bin)" "$scratch/help" ||
  fail "byline index --help does not default --ner_model to the packaged model"

# 5. Index the packaged sample with entities (the packaged model), search it.
index=$scratch/index
"$byline" index --index "$index" --entities \
  "$root/usr/share/byline/sample/articles.jsonl" >"$scratch/index.out" \
  2>"$scratch/index.err" || { cat "$scratch/index.err" >&2; fail "byline index failed"; }
grep -q "gen-000001 is live.*: 40 articles" "$scratch/index.err" ||
  fail "byline index: $(cat "$scratch/index.err")"
"$byline" search --index "$index" --limit 3 'port strike' >"$scratch/search" ||
  fail "byline search failed"
grep -q '^About [0-9]* articles match "port strike"' "$scratch/search" ||
  fail "byline search: $(cat "$scratch/search")"
grep -q 'id sample-' "$scratch/search" || fail "byline search found no article"
# Entities came from the model: the sample names Rotterdam as a place.
"$byline" entities --index "$index" --type place --prefix rotter \
  >"$scratch/entities" || fail "byline entities failed"
grep -q '^Rotterdam *place' "$scratch/entities" ||
  fail "byline entities: $(cat "$scratch/entities")"
# --index from the environment, and a query starting with a dash.
BYLINE_INDEX=$index "$byline" search --json rotterdam -hamburg >"$scratch/env" ||
  fail "BYLINE_INDEX search failed"
grep -q '"query":"rotterdam -hamburg"' "$scratch/env" ||
  fail "BYLINE_INDEX search: $(head -c 300 "$scratch/env")"
log "the unpacked binary indexes, finds entities and searches"
log "PASS"
