#!/usr/bin/python3
"""Writes bench/RESULTS-latency-100k.md from a run of `bench/latency.sh 100k`.

Usage: /usr/bin/python3 bench/latency_table.py --work DIR [--out PAGE]

DIR (BENCH_DIR/latency-100k) holds what the run left: meta.txt (key=value
lines: machine, versions, settings), one JSON Lines file per contestant
(byline.jsonl, old.jsonl, floor.jsonl, fts5.jsonl; one object per timed row,
as byline_search_bench, byline_xapian_floor and byline_fts5_search write
them with --json_out), NAME.seconds and NAME.bytes (build wall time and
`du -sb` size of each index) and byline's --report JSON files. Rerunning
this script rewrites the page from them without measuring anything.

Ratios: a row's median (p99) divided by that of the floor's (FTS5's) row
with the same number of clients, offset and query count; blank when the
reference has no such row.
"""

import argparse
import json
import os

SYSTEMS = [  # file stem, label
    ("byline", "Byline"),
    ("old", "Byline (old)"),
    ("floor", "Xapian floor"),
    ("fts5", "SQLite FTS5"),
]
INDEXES = [  # stem, label, what one document is (Byline: from its report),
             # how it is built
    ("byline", "Byline", "", "`byline index` (all cores)"),
    ("old", "Byline (old)", "", "old `byline index` (all cores)"),
    ("floor", "Xapian floor", "article", "`byline_xapian_floor --build`, 1 thread"),
    ("fts5", "SQLite FTS5", "article", "`byline_fts5_index`, 1 thread"),
]


def read_meta(work):
    meta = {}
    path = os.path.join(work, "meta.txt")
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    meta[k] = v
    return meta


def read_rows(work, stem):
    path = os.path.join(work, stem + ".jsonl")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def read_number(work, name):
    try:
        with open(os.path.join(work, name)) as f:
            return float(f.read().strip())
    except (OSError, ValueError):
        return None


def key(row):
    return (row["clients"], row.get("offset", 0), row.get("queries", 0))


def ratio(a, b):
    if not b:
        return ""
    x = a / b
    return f"{x:.0f}" if x >= 100 else f"{x:.2f}" if x >= 0.1 else f"{x:.3f}"


def fmt_int(n):
    return f"{int(n):,}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", required=True)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "RESULTS-latency-100k.md"))
    args = ap.parse_args()
    work = args.work
    meta = read_meta(work)
    rows = {stem: read_rows(work, stem) for stem, _ in SYSTEMS}
    floor = {key(r): r for r in rows["floor"]}
    fts5 = {key(r): r for r in rows["fts5"]}
    old_label = "Byline (old)"
    if meta.get("old_git"):
        old_label = f"Byline (old, {meta['old_git']})"

    out = []
    w = out.append
    w("# Search latency at 100,000 articles: results")
    w("")
    w(f"Made by `{meta.get('command', 'bench/latency.sh 100k')}` on "
      f"{meta.get('date', '?')}, git {meta.get('git', '?')}; rewrite the page "
      f"from the raw files with `/usr/bin/python3 bench/latency_table.py --work "
      f"BENCH_DIR/latency-100k`.")
    w("")
    w(f"**Machine.** {meta.get('cores', '?')} cores ({meta.get('cpu', '?')}), "
      f"{meta.get('ram_gb', '?')} GB RAM, Debian 12, Xapian {meta.get('xapian', '?')}, "
      f"gRPC {meta.get('grpc', '?')}, SQLite {meta.get('sqlite', '?')}, "
      f"{meta.get('compiler', '?')} (Release build). Load average (1, 5, 15 min) "
      f"at the start: {meta.get('load_start', '?')}; after the measurements: "
      f"{meta.get('load_end', '?')}. The machine is shared: compare rows of the "
      f"same run.")
    w("")
    corpus_bytes = float(meta.get("corpus_bytes", "0") or 0)
    w(f"**Corpus.** 100,000 synthetic articles, {fmt_int(corpus_bytes)} bytes of "
      f"JSON Lines (`bench/make_corpus.py --articles 100000 --seed 11`). "
      f"**Queries.** The {meta.get('queries', '?')} queries of "
      f"[queries-headlines.txt](queries-headlines.txt) (1-3 words from Reuters "
      f"headlines, `bench/make_queries.py`); each client runs the list "
      f"{meta.get('rounds', '?')} times after one untimed warm-up pass, client c "
      f"starting at query 7c. 10 results per page. Deep-page rows: the first "
      f"{meta.get('offset_queries', '?')} queries at offset 0 and at offset "
      f"{meta.get('deep_offset', '?')}, 1 client (Byline: 1 round, in process "
      f"only; gRPC pages by token).")
    w("")
    if meta.get("server"):
        w(f"**Server.** `{meta['server']}`"
          + (f"; old: `{meta['old_server']}`" if meta.get("old_server") else "")
          + ". Latency is measured by the client per call, including (for gRPC) "
            "the loopback round trip and protobuf.")
        w("")
    w("## Latency")
    w("")
    w("| contestant | path | clients | median ms | p90 ms | p99 ms | queries/s | errors "
      "| median ÷ floor | p99 ÷ floor | median ÷ FTS5 | p99 ÷ FTS5 |")
    w("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for stem, label in SYSTEMS:
        if stem == "old":
            label = old_label
        for r in rows[stem]:
            f = floor.get(key(r))
            s = fts5.get(key(r))
            w(f"| {label} | {r['name']} | {r['clients']} | {r['median_ms']:.2f} | "
              f"{r['p90_ms']:.2f} | {r['p99_ms']:.2f} | {r['qps']:.0f} | {r['errors']} | "
              f"{ratio(r['median_ms'], f['median_ms']) if f else ''} | "
              f"{ratio(r['p99_ms'], f['p99_ms']) if f else ''} | "
              f"{ratio(r['median_ms'], s['median_ms']) if s else ''} | "
              f"{ratio(r['p99_ms'], s['p99_ms']) if s else ''} |")
    w("")
    w("Ratios divide by the floor's (FTS5's) row with the same clients, offset and "
      "query count; blank where it has none (FTS5 runs 1 client). With more "
      "clients than cores, in-process threads are time-sliced by the kernel, so "
      "a median can stay near the 1-client one while p90/p99 take the queueing; "
      "`byline serve` queues calls for its workers instead. Compare queries/s "
      "there.")
    w("")
    w("## Indexes")
    w("")
    w("| index | one document per | documents | built by | build s (wall) | size bytes "
      "| bytes per input byte |")
    w("|---|---|--:|---|--:|--:|--:|")
    for stem, label, unit, how in INDEXES:
        seconds = read_number(work, stem + ".seconds")
        size = read_number(work, stem + ".bytes")
        if seconds is None and size is None:
            continue
        if stem == "old":
            label = old_label
        docs = "100,000" if unit == "article" else ""
        report = os.path.join(work, stem + "-report.json")
        if os.path.exists(report):
            with open(report) as f:
                rep = json.load(f)
            # Older indexes report passage documents, schema 2 articles.
            for field, what in (("shard_articles", "article"),
                                ("shard_passages", "passage")):
                if field in rep:
                    docs = fmt_int(sum(rep[field]))
                    unit = what
                    break
            if "threads" in rep:
                how += f": {rep['threads']} threads, {rep.get('shards', '?')} shards"
        per_byte = f"{size / corpus_bytes:.2f}" if size and corpus_bytes else ""
        w(f"| {label} | {unit} | {docs} | {how} | "
          f"{'' if seconds is None else f'{seconds:.1f}'} | "
          f"{'' if size is None else fmt_int(size)} | {per_byte} |")
    w("")
    w("**What each does per query.** Byline: the `byline::Searcher` of the build "
      "(its query parser, ranking, the best passage of each article, highlights, "
      "the article's metadata; see `searcher/`). Xapian floor "
      "(`bench/xapian_floor_search.cc`): one document per article (title with "
      "prefix S and unprefixed, body; positions; data = the body), QueryParser "
      "(OR, English stemmer, STEM_SOME), BM25, `get_mset(offset, 10)` and "
      "`get_data()` of every hit. FTS5 (`bench/fts5_search.cc`): the "
      "`byline_fts5_index` table (one row per article, porter unicode61), the "
      "query's words quoted and ORed, `ORDER BY bm25(articles) LIMIT 10`, with "
      "`snippet()` of the body. Raw outputs: `BENCH_DIR/latency-100k/raw.txt`.")
    w("")
    with open(args.out, "w") as f:
        f.write("\n".join(out))
    print(f"latency_table: wrote {args.out}")


if __name__ == "__main__":
    main()
