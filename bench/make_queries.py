#!/usr/bin/python3
"""Makes short search queries from Reuters-21578 headlines for the latency
benchmark (bench/latency.sh 100k).

Usage: /usr/bin/python3 bench/make_queries.py [--count N] [--seed S]
           [--data DIR] [--out PATH]

Reads every <TITLE> of ../shared/data/reuters21578/reut2-*.sgm (Latin-1,
SGML entities such as &lt; decoded), and for each headline:
  * drops ticker symbols in angle brackets ("<SRD>"), a trailing "'s",
    lower-cases it and splits it into words at anything that is not a
    letter or a digit;
  * keeps the content words: at least 2 letters, no digits, not a stop word
    (a common English list plus wire-service shorthand such as "qtr",
    "mln", "dlrs", "inc", "corp").
Then, with one seeded RNG over the headlines in a shuffled order, each query
takes 1, 2 or 3 consecutive content words (lengths taken in turn, so about a
third of each) from a random place in a headline that has enough of them;
duplicates are skipped, until --count queries are made. Writes them one per
line with a '#' header saying how they were made (default
bench/queries-headlines.txt). Only short word lists come from the dataset,
never whole headlines.
"""

import argparse
import glob
import html
import os
import random
import re
import sys

TITLE_RE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
TICKER_RE = re.compile(r"<[^>]*>")
WORD_RE = re.compile(r"[a-z0-9]+")

STOP_WORDS = set("""
a about above after again against all also am an and any are as at be
because been before being below between both but by can could did do does
doing down during each few for from further had has have having he her here
hers him his how i if in into is it its itself just me more most my no nor
not now of off on once only or other our out over own same she should so
some such than that the their them then there these they this those through
to too under until up very was we were what when where which while who whom
why will with would you your
says said say sees see set sets new may might year years
vs inc corp co ltd plc nv ag sa qtr qtrs shr shrs net mln bln dlr dlrs cts
pct cent pc avg div qtly oper rev revs dn
""".split())


def headlines(data_dir):
    for path in sorted(glob.glob(os.path.join(data_dir, "reut2-*.sgm"))):
        with open(path, encoding="latin-1") as f:
            text = f.read()
        for m in TITLE_RE.finditer(text):
            yield html.unescape(m.group(1))


def content_words(title):
    title = TICKER_RE.sub(" ", title)
    title = re.sub(r"'s\b", "", title, flags=re.I)
    words = WORD_RE.findall(title.lower())
    return [w for w in words
            if len(w) >= 2 and not any(c.isdigit() for c in w)
            and w not in STOP_WORDS]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=360)
    ap.add_argument("--seed", type=int, default=21578)
    ap.add_argument("--data", default=os.path.join(
        here, "..", "..", "shared", "data", "reuters21578"))
    ap.add_argument("--out", default=os.path.join(here, "queries-headlines.txt"))
    args = ap.parse_args()

    titles = [content_words(t) for t in headlines(args.data)]
    titles = [t for t in titles if t]
    if not titles:
        sys.exit(f"make_queries: no <TITLE> found under {args.data}")
    rng = random.Random(args.seed)
    rng.shuffle(titles)
    queries, seen = [], set()
    lengths = [0, 0, 0]
    want = 1
    for words in titles:
        if len(queries) >= args.count:
            break
        if len(words) < want:
            continue
        start = rng.randrange(len(words) - want + 1)
        query = " ".join(words[start:start + want])
        if query in seen:
            continue
        seen.add(query)
        queries.append(query)
        lengths[want - 1] += 1
        want = want % 3 + 1
    if len(queries) < args.count:
        sys.exit(f"make_queries: only {len(queries)} distinct queries")
    with open(args.out, "w", encoding="utf-8") as out:
        out.write(
            "# Short queries for the 100k latency benchmark (bench/latency.sh 100k),\n"
            "# made by bench/make_queries.py --seed %d --count %d: 1-3 consecutive\n"
            "# content words (lower-cased; stop words, tickers, numbers and\n"
            "# punctuation dropped) of randomly chosen Reuters-21578 headlines,\n"
            "# lengths in turn (%d / %d / %d of 1 / 2 / 3 words), duplicates skipped.\n"
            "# One query per line.\n" % (args.seed, args.count, *lengths))
        for q in queries:
            out.write(q + "\n")
    print(f"make_queries: {len(queries)} queries ({lengths[0]}/{lengths[1]}/"
          f"{lengths[2]} of 1/2/3 words) from {len(titles)} headlines -> {args.out}")


if __name__ == "__main__":
    main()
