#!/usr/bin/env bash
# Named-entity recognition benchmark: scores a model (default: the shipped
# ner/model/byline-ner-en.bin) on CoNLL-format files (default: CoNLL-2003
# eng.testa from ../shared/data, if present) with conlleval's exact-match
# entity scoring, measures tagging speed on one core, and scores the
# mention-level annotation of the sample articles
# (tests/data/sample_entities.tsv).
# Usage: bench/ner_eval.sh [MODEL [CONLL_FILE...]]
#   BUILD_DIR=dir  build tree to use (default build-bench)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build-bench}
model=${1:-$root/ner/model/byline-ner-en.bin}
(($# > 0)) && shift
conll=("$@")
if ((${#conll[@]} == 0)); then
  testa="$root/../shared/data/conll2003/eng.testa"
  [[ -f "$testa" ]] && conll=("$testa")
fi
"$root/scripts/setup.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$build" byline_ner_eval >/dev/null
args=(--model "$model"
      --articles "$root/data/sample/articles.jsonl"
      --gold "$root/tests/data/sample_entities.tsv")
if ((${#conll[@]} > 0)); then
  args+=(--conll "$(IFS=,; echo "${conll[*]}")")
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
"$build/bench/byline_ner_eval" "${args[@]}"
