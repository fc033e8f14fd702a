#!/usr/bin/python3
"""Relevance benchmark: judged known-item queries over the BBC News articles.

Runs every query in the judged file (bench/relevance_queries.jsonl) through
three contestants and scores them:

  byline   `byline search --index IDX --json --limit 10 -- QUERY` (one
           process per query), one passage per article;
  xapian   plain Xapian, one document per article, BM25 defaults, with
           MSet.snippet() as the passage;
  fts5     SQLite FTS5, one row per article, bm25() with the title weighted
           2, with snippet() as the passage.

Metrics (overall and per kind): MRR@10, success@1, success@3 and answer@3,
the share of queries where one of the first 3 hits is a relevant article
whose returned passage holds the judged answer span. See bench/README.md.

Stdlib plus the Debian package python3-xapian; run with /usr/bin/python3.
The judged file holds only query wording, article ids and byte offsets; the
answer phrases are read from the corpus at run time.
"""

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
import time

KINDS = ("keyword", "question", "entity")
CONTESTANTS = ("byline", "xapian", "fts5")
DEPTH = 10
ELLIPSIS = "\u2026"


class JudgedFileError(Exception):
    pass


def load_corpus(path):
    """id -> (title, body) for every article of the JSON Lines corpus."""
    corpus = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            corpus[record["id"]] = (record.get("title", ""), record.get("body", ""))
    return corpus


def load_judged(path, corpus):
    """Reads and checks the judged file; raises JudgedFileError naming the
    line and the field of the first problem."""
    queries = []
    seen = set()
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue

        def bad(field, message):
            raise JudgedFileError(f"{path}:{number}: field '{field}': {message}")

        try:
            q = json.loads(line)
        except json.JSONDecodeError as e:
            raise JudgedFileError(f"{path}:{number}: not valid JSON ({e})")
        if not isinstance(q, dict):
            raise JudgedFileError(f"{path}:{number}: not a JSON object")
        extra = set(q) - {"qid", "kind", "query", "relevant"}
        if extra:
            bad(sorted(extra)[0], "unknown field")
        qid = q.get("qid")
        if not isinstance(qid, str) or not qid:
            bad("qid", "missing or not a non-empty string")
        if qid in seen:
            bad("qid", f"duplicate qid {qid!r}")
        seen.add(qid)
        if q.get("kind") not in KINDS:
            bad("kind", f"{q.get('kind')!r} is not one of {', '.join(KINDS)}")
        if not isinstance(q.get("query"), str) or not q["query"].strip():
            bad("query", "missing or empty")
        relevant = q.get("relevant")
        if not isinstance(relevant, list) or not relevant:
            bad("relevant", "missing or not a non-empty list")
        ids = set()
        phrase0 = None
        judged = []
        for i, r in enumerate(relevant):
            where = f"relevant[{i}]"
            if not isinstance(r, dict) or set(r) != {"id", "answer"}:
                bad(where, "must be an object with exactly 'id' and 'answer'")
            aid = r["id"]
            if not isinstance(aid, str) or aid not in corpus:
                bad(where + ".id", f"{aid!r} is not an article of the corpus")
            if aid in ids:
                bad(where + ".id", f"{aid} listed twice")
            ids.add(aid)
            span = r["answer"]
            if (not isinstance(span, list) or len(span) != 2
                    or not all(isinstance(x, int) and not isinstance(x, bool) for x in span)):
                bad(where + ".answer", "must be [start, end], two integers")
            body = corpus[aid][1].encode("utf-8")
            start, end = span
            if not 0 <= start < end <= len(body):
                bad(where + ".answer", f"[{start}, {end}] is not inside the body "
                    f"of {aid} ({len(body)} bytes)")
            try:
                phrase = body[start:end].decode("utf-8")
            except UnicodeDecodeError:
                bad(where + ".answer", f"[{start}, {end}] cuts a UTF-8 character of {aid}")
            if phrase != phrase.strip():
                bad(where + ".answer", f"the span in {aid} starts or ends with white space")
            if phrase0 is None:
                phrase0 = phrase
            elif normalise(phrase) != normalise(phrase0):
                bad(where + ".answer", f"the span in {aid} is not the same text as in "
                    f"{relevant[0]['id']}")
            judged.append((aid, start, end, normalise(phrase)))
        queries.append({"qid": qid, "kind": q["kind"], "query": q["query"],
                        "relevant": judged, "line": number})
    if not queries:
        raise JudgedFileError(f"{path}: no queries")
    return queries


def normalise(text):
    """Text for containment tests: ellipses dropped, white space collapsed."""
    text = text.replace(ELLIPSIS, " ").replace("...", " ")
    return " ".join(text.split())


# ---- contestants: each returns a list of hits [(id, passage)] per query,
# where passage is (start_byte, end_byte) for Byline and text otherwise.

def run_byline(byline, index, queries, corpus):
    results = []
    checked = 0
    for q in queries:
        cmd = [byline, "search", "--index", index, "--json", "--limit", str(DEPTH),
               "--color", "never", "--", q["query"]]
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode not in (0, 1):  # 1: no results
            raise RuntimeError(f"{' '.join(cmd)} exited with {p.returncode}: "
                               f"{p.stderr.decode(errors='replace').strip()}")
        hits = []
        out = json.loads(p.stdout) if p.stdout.strip() else {"hits": []}
        for h in out.get("hits", []):
            passage = h.get("passage") or {}
            start, end = passage.get("start_byte"), passage.get("end_byte")
            # The byte range must be the body's bytes of the passage text;
            # check it on a few hits so a change of origin cannot go unseen.
            if checked < 50 and start is not None and h["id"] in corpus:
                body = corpus[h["id"]][1].encode("utf-8")
                got = body[start:end].decode("utf-8", errors="replace")
                if normalise(got) != normalise(passage.get("text", "")):
                    raise RuntimeError(
                        f"byline passage of {h['id']} for {q['qid']}: bytes "
                        f"[{start}, {end}) of the body are not the passage text")
                checked += 1
            hits.append((h["id"], (start, end)))
        results.append(hits[:DEPTH])
    return results


def run_xapian(workdir, queries, corpus):
    import xapian
    path = os.path.join(workdir, "xapian")
    db = xapian.WritableDatabase(path, xapian.DB_CREATE_OR_OVERWRITE)
    stemmer = xapian.Stem("english")
    tg = xapian.TermGenerator()
    tg.set_stemmer(stemmer)
    tg.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
    t0 = time.monotonic()
    for aid, (title, body) in corpus.items():
        doc = xapian.Document()
        tg.set_document(doc)
        # As Omega's index: the title with prefix S and as plain text too.
        tg.index_text(title, 1, "S")
        tg.index_text(title)
        tg.increase_termpos()
        tg.index_text(body)
        doc.add_boolean_term("Q" + aid)
        doc.set_data(aid)
        db.replace_document("Q" + aid, doc)
    db.commit()
    build_s = time.monotonic() - t0
    qp = xapian.QueryParser()
    qp.set_stemmer(stemmer)
    qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    qp.add_prefix("title", "S")
    qp.set_database(db)
    qp.set_default_op(xapian.Query.OP_OR)
    enquire = xapian.Enquire(db)
    enquire.set_weighting_scheme(xapian.BM25Weight())
    results = []
    t0 = time.monotonic()
    for q in queries:
        enquire.set_query(qp.parse_query(q["query"]))
        mset = enquire.get_mset(0, DEPTH)
        hits = []
        for m in mset:
            aid = m.document.get_data().decode("utf-8")
            body = corpus[aid][1]
            snippet = mset.snippet(body, 300, stemmer,
                                   xapian.MSet.SNIPPET_BACKGROUND_MODEL
                                   | xapian.MSet.SNIPPET_EXHAUSTIVE,
                                   "", "", ELLIPSIS)
            if isinstance(snippet, bytes):
                snippet = snippet.decode("utf-8", errors="replace")
            hits.append((aid, snippet))
        results.append(hits)
    db.close()
    return results, build_s, time.monotonic() - t0


def fts5_query(text):
    """The query's words OR-ed, each quoted so FTS5 sees no syntax."""
    words = re.findall(r"\w+", text)
    return " OR ".join('"%s"' % w for w in words)


def run_fts5(workdir, queries, corpus):
    path = os.path.join(workdir, "fts5.db")
    if os.path.exists(path):
        os.remove(path)
    con = sqlite3.connect(path)
    t0 = time.monotonic()
    con.execute("CREATE VIRTUAL TABLE articles USING "
                "fts5(id UNINDEXED, title, body, tokenize='porter unicode61')")
    with con:
        con.executemany("INSERT INTO articles(id, title, body) VALUES (?, ?, ?)",
                        ((aid, t, b) for aid, (t, b) in corpus.items()))
    build_s = time.monotonic() - t0
    # bm25() takes one weight per column in table order, the UNINDEXED id
    # included: id 0 (never matches), title 2, body 1.
    sql = ("SELECT id, snippet(articles, 2, '', '', ?, 40) FROM articles "
           "WHERE articles MATCH ? ORDER BY bm25(articles, 0.0, 2.0, 1.0) LIMIT ?")
    results = []
    t0 = time.monotonic()
    for q in queries:
        match = fts5_query(q["query"])
        rows = con.execute(sql, (ELLIPSIS, match, DEPTH)).fetchall() if match else []
        results.append([(aid, snippet) for aid, snippet in rows])
    con.close()
    return results, build_s, time.monotonic() - t0


# ---- scoring

def score_query(contestant, q, hits):
    relevant = {aid: (start, end, phrase) for aid, start, end, phrase in q["relevant"]}
    rank = None
    for i, (aid, _) in enumerate(hits, 1):
        if aid in relevant:
            rank = i
            break
    answer = False
    for aid, passage in hits[:3]:
        if aid not in relevant:
            continue
        start, end, phrase = relevant[aid]
        if contestant == "byline":
            pstart, pend = passage
            ok = pstart is not None and pstart <= start and end <= pend
        else:
            ok = phrase in normalise(passage or "")
        if ok:
            answer = True
            break
    return {"rank": rank, "answer3": answer,
            "top3": [aid for aid, _ in hits[:3]]}


def summarise(per_query):
    n = len(per_query)
    if n == 0:
        return {"n": 0}
    rr = [1.0 / r["rank"] if r["rank"] else 0.0 for r in per_query]
    return {
        "n": n,
        "mrr10": sum(rr) / n,
        "s1": sum(1 for r in per_query if r["rank"] == 1) / n,
        "s3": sum(1 for r in per_query if r["rank"] and r["rank"] <= 3) / n,
        "answer3": sum(1 for r in per_query if r["answer3"]) / n,
    }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--queries", default=os.path.join(here, "relevance_queries.jsonl"),
                    help="judged file (default: bench/relevance_queries.jsonl)")
    ap.add_argument("--corpus", default=os.path.join(
        here, "..", "..", "shared", "data", "bbc_news", "bbc_news.jsonl"),
        help="the BBC News JSON Lines file")
    ap.add_argument("--byline", help="byline binary (omit to skip the byline contestant)")
    ap.add_argument("--index", help="Byline index of the corpus (with --byline)")
    ap.add_argument("--workdir", help="scratch directory for the Xapian and FTS5 "
                    "indexes (omit with --check-only)")
    ap.add_argument("--only", default=",".join(CONTESTANTS),
                    help="comma-separated contestants to run (default: all)")
    ap.add_argument("--details", action="store_true",
                    help="list every query with each contestant's rank and top 3")
    ap.add_argument("--json", metavar="OUT", help="write the raw numbers to OUT")
    ap.add_argument("--check-only", action="store_true",
                    help="only validate the judged file")
    args = ap.parse_args()

    corpus = load_corpus(args.corpus)
    try:
        queries = load_judged(args.queries, corpus)
    except JudgedFileError as e:
        print(f"relevance: malformed judged file: {e}", file=sys.stderr)
        return 2
    kinds_n = {k: sum(1 for q in queries if q["kind"] == k) for k in KINDS}
    print(f"judged file: {len(queries)} queries "
          f"({', '.join(f'{n} {k}' for k, n in kinds_n.items())}), "
          f"{sum(len(q['relevant']) for q in queries)} relevant articles; "
          f"corpus: {len(corpus)} articles")
    if args.check_only:
        return 0

    only = [c.strip() for c in args.only.split(",") if c.strip()]
    for c in only:
        if c not in CONTESTANTS:
            ap.error(f"--only: unknown contestant {c!r}")
    if "byline" in only and not (args.byline and args.index):
        only.remove("byline")
        print("relevance: no --byline/--index, skipping byline", file=sys.stderr)
    if ("xapian" in only or "fts5" in only) and not args.workdir:
        ap.error("--workdir is needed for the xapian and fts5 contestants")
    if args.workdir:
        os.makedirs(args.workdir, exist_ok=True)

    results, timing = {}, {}
    if "byline" in only:
        t0 = time.monotonic()
        results["byline"] = run_byline(args.byline, args.index, queries, corpus)
        timing["byline"] = {"search_s": time.monotonic() - t0}
    if "xapian" in only:
        results["xapian"], b, s = run_xapian(args.workdir, queries, corpus)
        timing["xapian"] = {"index_s": b, "search_s": s}
    if "fts5" in only:
        results["fts5"], b, s = run_fts5(args.workdir, queries, corpus)
        timing["fts5"] = {"index_s": b, "search_s": s}

    scored = {c: [score_query(c, q, h) for q, h in zip(queries, results[c])]
              for c in results}
    summary = {}
    for c in scored:
        summary[c] = {k: summarise([r for q, r in zip(queries, scored[c]) if q["kind"] == k])
                      for k in KINDS}
        summary[c]["overall"] = summarise(scored[c])

    print()
    print("| contestant | kind | MRR@10 | S@1 | S@3 | answer@3 | n |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for c in scored:
        for k in KINDS + ("overall",):
            s = summary[c][k]
            if not s["n"]:
                continue
            name = f"**{k}**" if k == "overall" else k
            print(f"| {c} | {name} | {s['mrr10']:.3f} | {s['s1']:.3f} | {s['s3']:.3f} "
                  f"| {s['answer3']:.3f} | {s['n']} |")
    print()
    for c in scored:
        t = timing[c]
        extra = f", index built in {t['index_s']:.1f} s" if "index_s" in t else ""
        print(f"{c}: {len(queries)} queries in {t['search_s']:.2f} s{extra}")

    # Failures: any contestant not at rank 1 or without the answer in its top 3.
    names = list(scored)
    header = "qid  kind      " + "  ".join(f"{c:>10}" for c in names)

    def cell(r):
        return f"{r['rank'] or '-'}{'' if r['answer3'] else '*'}"

    lines = []
    for i, q in enumerate(queries):
        rs = [scored[c][i] for c in names]
        failed = any(r["rank"] != 1 or not r["answer3"] for r in rs)
        if failed or args.details:
            lines.append(f"{q['qid']:<4} {q['kind']:<9} "
                         + "  ".join(f"{cell(r):>10}" for r in rs))
            if args.details:
                lines.append(f"     query: {q['query']}")
                lines.append(f"     relevant: {' '.join(a for a, *_ in q['relevant'])}")
                for c, r in zip(names, rs):
                    lines.append(f"     {c} top 3: {' '.join(r['top3'])}")
    stream = sys.stdout if args.details else sys.stderr
    print(file=stream)
    print("rank of the first relevant article (- not in top 10; * answer not in a "
          "top-3 passage)" + ("" if args.details else ", queries where a contestant missed:"),
          file=stream)
    print(header, file=stream)
    for line in lines:
        print(line, file=stream)

    if args.json:
        raw = {
            "queries_file": os.path.abspath(args.queries),
            "n_queries": len(queries),
            "summary": summary,
            "timing": timing,
            "per_query": [
                {"qid": q["qid"], "kind": q["kind"],
                 **{c: scored[c][i] for c in names}}
                for i, q in enumerate(queries)],
        }
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(raw, f, indent=1)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
