#!/usr/bin/python3
"""Builds a synthetic news corpus for the indexing benchmark (bench/indexing.sh).

Usage: /usr/bin/python3 bench/make_corpus.py [--articles N] [--seed S]
           [--out PATH] [--data DIR] [--stats PATH]

Reads the real articles in ../shared/data (Reuters-21578 .sgm files and the
BBC News JSON Lines), cuts them into paragraphs and sentences, and writes N
synthetic articles as Byline JSON Lines (id, title, body, source, url,
published, language) to a path outside the repository (default
/tmp/byline-bench/corpus-N.jsonl).

How an article is made (article i, one seeded RNG, in order):
  * structure: a real article is picked at random and its shape copied: the
    number of paragraphs and of sentences in each;
  * sentences: every slot is filled with a real sentence, half of them from a
    second real article (the "topic donor", walked in order from a random
    start, each of its sentences used at most once, so words repeat within an
    article as they do in real news) and half uniformly from the whole pool
    of Reuters and BBC sentences;
  * title: the title of a third real article;
  * id "bench-%07d" (i + 1); published = 2018-01-01T00:00:00Z + i * 25 min plus
    up to 25 min of jitter (so dates rise with ids, 100,000 articles cover
    4.75 years); source from a small list of made-up outlets with skewed
    weights; language "en".
  * new names: sampling a fixed pool of sentences would stop the vocabulary
    growing once the pool is used up, unlike real news where new people,
    companies and places keep appearing (Heaps' law). So a fraction
    (--perturb, default 0.3) of the capitalised words that do not start a
    sentence are replaced by an "entity" drawn from a Pitman-Yor process
    (discount --py-discount 0.7, strength 100): either an existing entity,
    chosen in proportion to how often it was used, or a new made-up name
    (syllables spelling the entity's number, e.g. "Domada", "Fodube"). The number of
    distinct entities then grows like draws^0.7, without a ceiling.

Article i depends only on the seed and on articles 0..i-1, never on N, so the
first M lines of corpus-N are exactly corpus-M: the harness cuts the 1x/2x
corpora and the two halves out of the largest file.

--stats writes a JSON file with counts (articles, bytes, words) and the
vocabulary (distinct lower-cased alphanumeric words) at 1/4, 1/2 and all of
the corpus, with and without the new names, and for the real Reuters
stories in their original (chronological) order, for comparison.
"""

import argparse
import bisect
import html
import json
import os
import random
import re
import sys
import time

SOURCES = [
    ("Harbour Wire", 30), ("Daily Courier", 20), ("Metro Ledger", 14),
    ("Northern Post", 10), ("Capital Times", 9), ("Global Desk", 8),
    ("Valley Herald", 5), ("Coastal Gazette", 4),
]
EPOCH_2018 = 1514764800  # 2018-01-01T00:00:00Z
SECONDS_PER_ARTICLE = 1500

REUTERS_RE = re.compile(r"<REUTERS\b.*?</REUTERS>", re.S)
TITLE_RE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
BODY_RE = re.compile(r"<BODY>(.*?)</BODY>", re.S)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
SPACES_RE = re.compile(r"\s+")
REUTER_SIGN_RE = re.compile(r"\s*\bReuter\s*$", re.I)
SENTENCE_END_RE = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "co", "corp", "inc", "ltd", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "no", "vs", "gen", "gov", "sen", "rep", "jr", "sr", "mt", "ft", "pct",
}
CAPITALISED_RE = re.compile(r"(?<=\s)[A-Z][a-z]{2,}\b")
WORD_RE = re.compile(r"[a-z0-9]+")
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]  # 70


def split_sentences(paragraph):
    """Cuts a paragraph after . ! ? followed by space and a capital or digit,
    unless the word before is a known or one-letter abbreviation (U.S.)."""
    out, start = [], 0
    for m in SENTENCE_END_RE.finditer(paragraph):
        before = paragraph[start:m.start()].rsplit(None, 1)
        word = before[-1].lower().strip("\"'(") if before else ""
        if paragraph[m.start()] == "." and (
                word in ABBREVIATIONS or len(word.replace(".", "")) <= 1
                or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word)):
            continue
        out.append(paragraph[start:m.end()].strip())
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return out


def read_reuters(data_dir):
    """Yields (title, [paragraph, ...]) for every Reuters story with a body."""
    folder = os.path.join(data_dir, "reuters21578")
    for name in sorted(os.listdir(folder)):
        if not (name.startswith("reut2-") and name.endswith(".sgm")):
            continue
        with open(os.path.join(folder, name), encoding="latin-1") as f:
            text = f.read()
        for story in REUTERS_RE.findall(text):
            body = BODY_RE.search(story)
            if not body:
                continue
            title = TITLE_RE.search(story)
            title = title.group(1) if title else ""
            title = SPACES_RE.sub(" ", CONTROL_RE.sub(" ", html.unescape(title))).strip()
            raw = CONTROL_RE.sub(" ", html.unescape(body.group(1)))
            # Paragraphs start on an indented line; lines inside are wrapped.
            paragraphs = []
            for p in re.split(r"\n(?=[ \t])", raw):
                p = SPACES_RE.sub(" ", p).strip()
                if p:
                    paragraphs.append(p)
            if paragraphs:
                paragraphs[-1] = REUTER_SIGN_RE.sub("", paragraphs[-1])
                if not paragraphs[-1]:
                    paragraphs.pop()
            if paragraphs:
                yield title, paragraphs


def read_bbc(data_dir):
    path = os.path.join(data_dir, "bbc_news", "bbc_news.jsonl")
    with open(path, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            paragraphs = [SPACES_RE.sub(" ", p).strip()
                          for p in a["body"].split("\n\n")]
            paragraphs = [p for p in paragraphs if p]
            if paragraphs:
                yield a.get("title", ""), paragraphs


def entity_name(k):
    """A made-up name for entity number k: 3+ syllables spelling k."""
    parts = []
    k += len(SYLLABLES) ** 2  # at least three syllables
    while k:
        k, r = divmod(k, len(SYLLABLES))
        parts.append(SYLLABLES[r])
    return "".join(parts).capitalize()


class PitmanYor:
    """Draws entity numbers: a new one with probability
    (strength + discount * K) / (strength + n), else an old one in proportion
    to its use count (sampling a uniform past draw)."""

    def __init__(self, rng, discount, strength):
        self.rng, self.d, self.theta = rng, discount, strength
        self.draws = []
        self.distinct = 0

    def draw(self):
        n = len(self.draws)
        if self.rng.random() * (self.theta + n) < self.theta + self.d * self.distinct:
            k = self.distinct
            self.distinct += 1
        else:
            k = self.draws[self.rng.randrange(n)]
        self.draws.append(k)
        return k


def vocabulary_growth(texts_by_article, checkpoints):
    vocab, out, i = set(), {}, 0
    for i, words in enumerate(texts_by_article, 1):
        vocab.update(words)
        if i in checkpoints:
            out[i] = len(vocab)
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--out", default="")
    ap.add_argument("--stats", default="")
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data"))
    ap.add_argument("--perturb", type=float, default=0.3,
                    help="fraction of non-initial capitalised words replaced by entities")
    ap.add_argument("--py-discount", type=float, default=0.7)
    ap.add_argument("--py-strength", type=float, default=100.0)
    args = ap.parse_args()
    n_articles = args.articles
    out_path = args.out or f"/tmp/byline-bench/corpus-{n_articles}.jsonl"
    repo = os.path.realpath(os.path.join(here, ".."))
    if os.path.realpath(out_path).startswith(repo + os.sep):
        sys.exit("make_corpus: write the corpus outside the repository")
    started = time.time()

    # The pool: every sentence of every real article, and each article's
    # shape (sentences per paragraph) and sentence ids.
    sentences, shapes, article_sentences, titles = [], [], [], []
    real_words = []  # per real article, in original order, for the stats
    for reader in (read_reuters, read_bbc):
        for title, paragraphs in reader(args.data):
            shape, ids = [], []
            for p in paragraphs:
                ss = split_sentences(p)
                shape.append(len(ss))
                for s in ss:
                    ids.append(len(sentences))
                    sentences.append(s)
            shapes.append(shape)
            article_sentences.append(ids)
            if title:
                titles.append(title)
            if args.stats and reader is read_reuters:
                real_words.append(WORD_RE.findall(" ".join([title] + paragraphs).lower()))
    n_real = len(shapes)

    rng = random.Random(args.seed)
    entities = PitmanYor(rng, args.py_discount, args.py_strength)
    source_names = [s for s, _ in SOURCES]
    cumulative, total = [], 0
    for _, w in SOURCES:
        total += w
        cumulative.append(total)

    def fill(sentence):
        if args.perturb <= 0:
            return sentence
        def replace(m):
            if rng.random() >= args.perturb:
                return m.group(0)
            return entity_name(entities.draw())
        return CAPITALISED_RE.sub(replace, sentence)

    checkpoints = {max(1, n_articles // 4), max(1, n_articles // 2), n_articles}
    vocab, vocab_plain, growth = set(), set(), {}
    sentence_words_seen = set()
    n_words = n_bytes = 0
    os.makedirs(os.path.dirname(os.path.abspath(out_path)) or ".", exist_ok=True)
    tmp_path = out_path + ".tmp"
    with open(tmp_path, "w", encoding="utf-8") as out:
        for i in range(n_articles):
            shape = shapes[rng.randrange(n_real)]
            donor = article_sentences[rng.randrange(n_real)]
            cursor, taken = rng.randrange(len(donor)), 0
            used = []
            paragraphs = []
            for count in shape:
                ss = []
                for _ in range(count):
                    if rng.random() < 0.5 and taken < len(donor):
                        sid = donor[(cursor + taken) % len(donor)]
                        taken += 1
                    else:
                        sid = rng.randrange(len(sentences))
                    used.append(sid)
                    ss.append(fill(sentences[sid]))
                paragraphs.append(" ".join(ss))
            body = "\n\n".join(paragraphs)
            title = titles[rng.randrange(len(titles))]
            src = source_names[bisect.bisect_right(cumulative, rng.randrange(total))]
            published = EPOCH_2018 + i * SECONDS_PER_ARTICLE + rng.randrange(SECONDS_PER_ARTICLE)
            doc_id = "bench-%07d" % (i + 1)
            slug = re.sub(r"[^a-z0-9]+", "-", src.lower()).strip("-")
            line = json.dumps({
                "id": doc_id,
                "title": title,
                "body": body,
                "source": src,
                "url": f"https://news.example.com/{slug}/{doc_id}",
                "published": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(published)),
                "language": "en",
            }, ensure_ascii=False)
            out.write(line)
            out.write("\n")
            n_bytes += len(line.encode("utf-8")) + 1
            if args.stats:
                words = WORD_RE.findall((title + " " + body).lower())
                n_words += len(words)
                vocab.update(words)
                vocab_plain.update(WORD_RE.findall(title.lower()))
                for sid in used:
                    if sid not in sentence_words_seen:
                        sentence_words_seen.add(sid)
                        vocab_plain.update(WORD_RE.findall(sentences[sid].lower()))
                if i + 1 in checkpoints:
                    growth[i + 1] = {"vocabulary": len(vocab),
                                     "vocabulary_without_new_names": len(vocab_plain),
                                     "entities": entities.distinct}
    os.replace(tmp_path, out_path)

    if args.stats:
        n_reuters = len(real_words)
        real_checkpoints = {n_reuters // 4, n_reuters // 2, n_reuters}
        real_growth = vocabulary_growth(real_words, real_checkpoints)
        stats = {
            "articles": n_articles, "bytes": n_bytes, "words": n_words,
            "seed": args.seed, "perturb": args.perturb,
            "py_discount": args.py_discount, "py_strength": args.py_strength,
            "pool_articles": n_real, "pool_sentences": len(sentences),
            "pool_reuters_titles_and_bbc_titles": len(titles),
            "growth": {str(k): v for k, v in sorted(growth.items())},
            "real_growth": {str(k): v for k, v in sorted(real_growth.items())},
            "seconds": round(time.time() - started, 1),
        }
        with open(args.stats, "w") as f:
            json.dump(stats, f, indent=1)
    print(f"make_corpus: {n_articles} articles, {n_bytes / 1e6:.1f} MB -> {out_path} "
          f"({time.time() - started:.1f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
