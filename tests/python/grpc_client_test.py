#!/usr/bin/python3
"""Cross-language test of `byline serve`: a Python gRPC client against the
real server, checked against the C++ client (`byline search --server`).

Indexes data/sample/articles.jsonl with the real `byline index`, starts
`byline serve --listen 127.0.0.1:0` for each test and talks to it with the
Python stubs generated into BUILD/python (target byline_python_stubs):
Search (compared passage by passage with the C++ client's --json output),
GetArticle (fields, NOT_FOUND, byte ranges), errors, paging, health,
reflection, a clean stop on SIGTERM, and entity facets: exact counts of
people, organisations, places, sources and months (hand-checked ones, each
value equal to its filtered search, and the C++ client's), drill-down with
entity filters, bad facet requests (INVALID_ARGUMENT naming the field) and
ListEntities prefix completion. TlsTokenTest starts it with TLS
(certificates made by openssl at test time) and a tokens file: the right
bearer token works, a wrong or missing one is UNAUTHENTICATED, a wrong CA
or plaintext fails.

Run with Debian's interpreter (/usr/bin/python3: python3-grpcio and
python3-protobuf). Environment: BYLINE_SOURCE_DIR (repository root),
BYLINE_BINARY_DIR (CMake build directory).

The generated standard protos live in BUILD/python/grpc/..., a directory that
would shadow the real `grpc` package. So the real grpc is imported first,
BUILD/python is appended to sys.path (for byline/v1 only), and the health
and reflection message modules are loaded from their file paths under
private module names; their RPCs are called through the channel's generic
unary_unary / stream_stream with those message classes.
"""

import datetime
import importlib.util
import json
import math
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import grpc  # the real one: must come before BUILD/python is on sys.path
from google.protobuf import descriptor_pb2

SOURCE_DIR = os.environ.get("BYLINE_SOURCE_DIR", ".")
BINARY_DIR = os.environ.get("BYLINE_BINARY_DIR", "build")
BYLINE = os.path.join(BINARY_DIR, "cli", "byline")
CORPUS = os.path.join(SOURCE_DIR, "data", "sample", "articles.jsonl")
PY_STUBS = os.path.join(BINARY_DIR, "python")

if os.path.abspath(os.path.dirname(grpc.__file__)).startswith(
        os.path.abspath(PY_STUBS)):
    raise ImportError("grpc was imported from the generated stubs: "
                      + grpc.__file__)
sys.path.append(PY_STUBS)
from byline.v1 import search_pb2  # noqa: E402
from byline.v1 import search_pb2_grpc  # noqa: E402


def _load_module(name, relative_path):
    """Imports a generated module from its file under a private name."""
    path = os.path.join(PY_STUBS, relative_path)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


health_pb2 = _load_module("byline_test_health_pb2",
                          "grpc/health/v1/health_pb2.py")
reflection_pb2 = _load_module("byline_test_reflection_pb2",
                              "grpc/reflection/v1alpha/reflection_pb2.py")

# Bounded waits, in seconds.
STARTUP_TIMEOUT = 20
STOP_TIMEOUT = 15
CALL_TIMEOUT = 10
CLI_TIMEOUT = 60

SORT_NAMES = {search_pb2.SORT_ORDER_RELEVANCE: "relevance",
              search_pb2.SORT_ORDER_DATE: "date"}


def log(message):
    print("  check: " + message, file=sys.stderr, flush=True)


def load_corpus():
    """The sample articles by id, as the JSONL file has them."""
    articles = {}
    with open(CORPUS, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                record = json.loads(line)
                articles[str(record["id"])] = record
    return articles


def published_seconds(value):
    """Unix seconds of a JSONL `published` value (RFC 3339 or YYYY-MM-DD,
    naive times are UTC)."""
    if len(value) == 10:
        value += "T00:00:00"
    t = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if t.tzinfo is None:
        t = t.replace(tzinfo=datetime.timezone.utc)
    return int(t.timestamp())


def format_timestamp(ts):
    """A Timestamp as the CLI's JSON writes it (seconds, UTC, 'Z')."""
    return datetime.datetime.fromtimestamp(
        ts.seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def day_str(date):
    return "%04d-%02d-%02d" % (date.year, date.month, date.day)


class ServerTestBase(unittest.TestCase):
    """Indexes the sample corpus once; starts a fresh server per test."""

    @classmethod
    def setUpClass(cls):
        if not os.access(BYLINE, os.X_OK):
            raise AssertionError("no byline binary at " + BYLINE)
        cls.articles = load_corpus()
        cls.tmp = tempfile.mkdtemp(prefix="byline_pygrpc_")
        cls.index_dir = os.path.join(cls.tmp, "index")
        run = subprocess.run(
            [BYLINE, "index", "--index", cls.index_dir, "--json", CORPUS],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            timeout=CLI_TIMEOUT, check=False)
        if run.returncode != 0:
            shutil.rmtree(cls.tmp, ignore_errors=True)
            raise AssertionError("byline index exited %d: %s" % (
                run.returncode, run.stderr.decode(errors="replace")))
        summary = json.loads(run.stdout)
        if summary["indexed"] != len(cls.articles):
            shutil.rmtree(cls.tmp, ignore_errors=True)
            raise AssertionError("indexed %s articles, the corpus has %d" %
                                 (summary["indexed"], len(cls.articles)))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def server_flags(self):
        """Extra `byline serve` flags (subclasses: TLS, tokens)."""
        return []

    def open_channel(self):
        """The channel the test's stub uses."""
        return grpc.insecure_channel(self.address)

    def setUp(self):
        self.server = None
        self.channel = None
        self.stderr_file = tempfile.TemporaryFile(dir=self.tmp)
        self.server = subprocess.Popen(
            [BYLINE, "serve", "--index", self.index_dir,
             "--listen", "127.0.0.1:0", "--workers", "2"]
            + self.server_flags(),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=self.stderr_file)
        line = self._read_stdout_line(STARTUP_TIMEOUT)
        prefix = "byline serve: listening on 127.0.0.1:"
        self.assertTrue(line.startswith(prefix),
                        "unexpected first line %r; stderr: %s" %
                        (line, self._server_stderr()))
        self.port = int(line[len(prefix):].split()[0])
        self.assertGreater(self.port, 0)
        self.address = "127.0.0.1:%d" % self.port
        self.channel = self.open_channel()
        grpc.channel_ready_future(self.channel).result(timeout=STARTUP_TIMEOUT)
        self.stub = search_pb2_grpc.SearchServiceStub(self.channel)

    def tearDown(self):
        if self.channel is not None:
            self.channel.close()
        if self.server is not None and self.server.poll() is None:
            self.server.kill()
            self.server.wait(timeout=STOP_TIMEOUT)
        if self.server is not None and self.server.stdout is not None:
            self.server.stdout.close()
        self.stderr_file.close()

    def _read_stdout_line(self, timeout):
        """The server's first stdout line, waiting at most `timeout`."""
        deadline = time.monotonic() + timeout
        fd = self.server.stdout.fileno()
        data = b""
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while b"\n" not in data:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self.fail("no listening line from byline serve within "
                              "%d s; stderr: %s" % (timeout,
                                                    self._server_stderr()))
                if not sel.select(remaining):
                    continue
                chunk = os.read(fd, 4096)
                if not chunk:
                    self.fail("byline serve closed stdout (exit %s); "
                              "stderr: %s" % (self.server.poll(),
                                              self._server_stderr()))
                data += chunk
        return data.split(b"\n", 1)[0].decode()

    def _server_stderr(self):
        self.stderr_file.seek(0)
        return self.stderr_file.read().decode(errors="replace")

    # --- helpers -----------------------------------------------------------

    def search(self, **kwargs):
        return self.stub.Search(search_pb2.SearchRequest(**kwargs),
                                timeout=CALL_TIMEOUT)

    def get_article(self, **kwargs):
        return self.stub.GetArticle(search_pb2.GetArticleRequest(**kwargs),
                                    timeout=CALL_TIMEOUT)

    def assert_rpc_error(self, code, call, *args, **kwargs):
        with self.assertRaises(grpc.RpcError) as ctx:
            call(*args, **kwargs)
        self.assertEqual(ctx.exception.code(), code,
                         "details: %s" % ctx.exception.details())
        return ctx.exception


class GrpcClientTest(ServerTestBase):

    def setUp(self):
        super().setUp()
        self.bodies = {}

    def body(self, article_id):
        """The whole body of an article, fetched by GetArticle (cached)."""
        if article_id not in self.bodies:
            response = self.get_article(id=article_id)
            self.assertFalse(response.body_truncated, article_id)
            self.bodies[article_id] = response.body
        return self.bodies[article_id]

    def cli_search(self, query, limit, passages=1, sort=None, sources=(),
                   date_from=None, date_to=None):
        """`byline search --server --json`: the C++ client's result."""
        args = [BYLINE, "search", "--server", self.address, "--json",
                "--color", "never", "--limit", str(limit),
                "--passages", str(passages)]
        if sort is not None:
            args += ["--sort", sort]
        if sources:
            args += ["--source", ",".join(sources)]
        if date_from is not None:
            args += ["--from", date_from]
        if date_to is not None:
            args += ["--to", date_to]
        args += ["--", query]
        run = subprocess.run(args, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, timeout=CLI_TIMEOUT,
                             check=False)
        # 0: results; 1: no results.
        self.assertIn(run.returncode, (0, 1),
                      "%s -> exit %d: %s" % (args, run.returncode,
                                             run.stderr.decode()))
        return json.loads(run.stdout)

    def check_passage_offsets(self, passage):
        """text == body[start_byte:end_byte] (UTF-8) == body[start_char:
        end_char] (code points); highlights are non-empty and inside it."""
        body = self.body(passage.article.id)
        body_bytes = body.encode("utf-8")
        r = passage.range
        what = "%s passage %d" % (passage.article.id, passage.passage_index)
        self.assertLess(r.start_byte, r.end_byte, what)
        self.assertLessEqual(r.end_byte, len(body_bytes), what)
        self.assertEqual(body_bytes[r.start_byte:r.end_byte].decode("utf-8"),
                         passage.text, what)
        self.assertEqual(body[r.start_char:r.end_char], passage.text, what)
        previous_end = 0
        for h in passage.highlights:
            self.assertGreaterEqual(h.start_byte, r.start_byte, what)
            self.assertLessEqual(h.end_byte, r.end_byte, what)
            self.assertGreaterEqual(h.start_byte, previous_end,
                                    what + ": highlights overlap or unsorted")
            previous_end = h.end_byte
            span = body_bytes[h.start_byte:h.end_byte]
            self.assertTrue(span, what + ": empty highlight")
            self.assertEqual(span.decode("utf-8"),
                             body[h.start_char:h.end_char], what)
        self.assertLess(passage.passage_index, passage.passage_count, what)

    def compare_with_cli(self, label, limit, cli_kwargs, **request):
        """Search from Python and from the C++ client; same passages."""
        response = self.search(page_size=limit, **request)
        cli = self.cli_search(request["query"], limit, **cli_kwargs)
        hits = cli["hits"]
        passages = list(response.passages)
        self.assertEqual(len(passages), len(hits),
                         "%s: python %d passages, C++ client %d" %
                         (label, len(passages), len(hits)))
        self.assertEqual(cli["sort"], SORT_NAMES[response.sort_used], label)
        self.assertEqual(cli["estimated_articles"],
                         response.estimated_articles, label)
        self.assertEqual(cli["has_more"], bool(response.next_page_token),
                         label)
        rank = 0
        for i, (p, h) in enumerate(zip(passages, hits)):
            what = "%s #%d" % (label, i + 1)
            # Ranks count articles; an article's passages share its rank.
            if i == 0 or p.article.id != passages[i - 1].article.id:
                rank += 1
            self.assertEqual(p.rank, rank, what)
            self.assertEqual(h["rank"], p.rank, what)
            self.assertEqual(h["id"], p.article.id, what)
            self.assertEqual(h["title"], p.article.title, what)
            self.assertEqual(h["source"], p.article.source, what)
            self.assertEqual(h["url"], p.article.url, what)
            self.assertEqual(h["language"], p.article.language, what)
            self.assertEqual(
                h["published"],
                format_timestamp(p.article.published)
                if p.article.HasField("published") else None, what)
            self.assertTrue(
                math.isclose(h["score"], p.score, rel_tol=1e-5,
                             abs_tol=1e-9),
                "%s: score %r vs %r" % (what, h["score"], p.score))
            hp = h["passage"]
            self.assertEqual(hp["index"], p.passage_index, what)
            self.assertEqual(hp["count"], p.passage_count, what)
            self.assertEqual(hp["text"], p.text, what)
            self.assertEqual(
                (hp["start_byte"], hp["end_byte"], hp["start_char"],
                 hp["end_char"]),
                (p.range.start_byte, p.range.end_byte, p.range.start_char,
                 p.range.end_char), what)
            self.assertEqual(
                [(s["start_byte"], s["end_byte"], s["start_char"],
                  s["end_char"]) for s in hp["highlights"]],
                [(s.start_byte, s.end_byte, s.start_char, s.end_char)
                 for s in p.highlights], what)
            self.check_passage_offsets(p)
        log("Search %-48s %2d passages match the C++ client" %
            (label, len(passages)))
        return response

    # --- 1) Search against the C++ client ------------------------------------

    def test_search_matches_cpp_client(self):
        cases = [
            ("port strike rotterdam", 10, {}, {}),
            ("how much did the company's profit rise last quarter", 10, {},
             {}),
            ('"net profit rose"', 10, {}, {}),
            ("title:heist", 10, {}, {}),
            ("ukrain*", 10, {}, {}),
            ("port strike rotterdam", 10, {"passages": 2},
             {"passages_per_article": 2}),
            ("profit freight", 8, {"passages": 3, "sort": "date"},
             {"passages_per_article": 3,
              "sort": search_pb2.SORT_ORDER_DATE}),
            ("bank OR strike OR port", 5, {}, {}),
        ]
        nonempty = 0
        for query, limit, cli_kwargs, extra in cases:
            response = self.compare_with_cli(
                "%r %s" % (query, cli_kwargs or ""), limit, cli_kwargs,
                query=query, **extra)
            nonempty += bool(response.passages)
            if "passages_per_article" in extra:
                counts = {}
                for p in response.passages:
                    counts[p.article.id] = counts.get(p.article.id, 0) + 1
                self.assertLessEqual(max(counts.values(), default=0),
                                     extra["passages_per_article"], query)
            if extra.get("sort") == search_pb2.SORT_ORDER_DATE:
                self.assertEqual(response.sort_used,
                                 search_pb2.SORT_ORDER_DATE)
                times = [p.article.published.seconds
                         if p.article.HasField("published") else -1
                         for p in response.passages]
                dated = [t for t in times if t >= 0]
                self.assertEqual(dated, sorted(dated, reverse=True),
                                 "date sort is not newest first")
        # The sample corpus answers most of these queries.
        self.assertGreaterEqual(nonempty, 6)

        top = self.search(query="port strike rotterdam").passages
        self.assertTrue(top)
        # page_size 0 means 10; passages_per_article 0 means 1.
        self.assertEqual(len(top), 10)
        self.assertEqual(len({p.article.id for p in top}), len(top))
        for p in top:
            # score = the article's BM25 + credit for its best passage.
            self.assertGreater(p.score, 0)
            self.assertGreaterEqual(p.passage_score, 0)
            # Every query word in the passage is highlighted.
            text = p.text.encode("utf-8")
            spans = [(h.start_byte - p.range.start_byte,
                      h.end_byte - p.range.start_byte) for h in p.highlights]
            for m in re.finditer(rb"(?i)\b(port|strike|rotterdam)\b", text):
                self.assertTrue(
                    any(a <= m.start() and m.end() <= b for a, b in spans),
                    "%s: %r at %d not highlighted" % (p.article.id, m.group(),
                                                      m.start()))
        log("defaults (10 passages, 1 per article), score >= passage_score, "
            "query words highlighted")
        # A query of filters only sorts by date, whatever was asked.
        only_filters = self.search(query="source:harbour-wire",
                                   sort=search_pb2.SORT_ORDER_RELEVANCE)
        self.assertEqual(only_filters.sort_used, search_pb2.SORT_ORDER_DATE)
        self.assertTrue(only_filters.passages)
        self.assertIn(top[0].article.id, ("sample-002", "sample-003"))
        self.assertEqual(
            {p.article.id for p in self.search(query="title:heist").passages},
            {"sample-022"})
        self.assertTrue(any(
            "net profit rose" in p.text.lower()
            for p in self.search(query='"net profit rose"').passages))

    def test_search_filters_match_cpp_client(self):
        date_from = search_pb2.Date(year=2024, month=3, day=1)
        date_to = search_pb2.Date(year=2024, month=4, day=30)
        response = self.compare_with_cli(
            "'strike OR port' 2024-03-01..2024-04-30", 20,
            {"date_from": day_str(date_from), "date_to": day_str(date_to)},
            query="strike OR port", published_from=date_from,
            published_to=date_to)
        self.assertTrue(response.passages)
        low = published_seconds("2024-03-01")
        high = published_seconds("2024-05-01")
        for p in response.passages:
            self.assertTrue(p.article.HasField("published"), p.article.id)
            self.assertTrue(low <= p.article.published.seconds < high,
                            "%s published %s" % (
                                p.article.id,
                                format_timestamp(p.article.published)))

        for sources in (["Harbour Wire"], ["northern-ledger", "Meridian Post"]):
            response = self.compare_with_cli(
                "'port OR strike OR gold' sources=%s" % ",".join(sources), 20,
                {"sources": sources}, query="port OR strike OR gold",
                sources=sources)
            self.assertTrue(response.passages, sources)
            wanted = {s.lower().replace(" ", "-") for s in sources}
            for p in response.passages:
                self.assertIn(p.article.source.lower().replace(" ", "-"),
                              wanted, p.article.id)

        # All filters together, sorted by date, two passages an article.
        self.compare_with_cli(
            "'port' Harbour Wire 2024 by date x2", 10,
            {"sources": ["Harbour Wire"], "date_from": "2024-01-01",
             "date_to": "2024-12-31", "sort": "date", "passages": 2},
            query="port", sources=["Harbour Wire"],
            published_from=search_pb2.Date(year=2024, month=1, day=1),
            published_to=search_pb2.Date(year=2024, month=12, day=31),
            sort=search_pb2.SORT_ORDER_DATE, passages_per_article=2)

    # --- 2) GetArticle --------------------------------------------------------

    def test_get_article_fields(self):
        dated = undated = 0
        for article_id, record in self.articles.items():
            response = self.get_article(id=article_id)
            a = response.article
            self.assertEqual(a.id, article_id)
            self.assertEqual(a.title, record.get("title", ""), article_id)
            self.assertEqual(a.source, record.get("source", ""), article_id)
            self.assertEqual(a.url, record.get("url", ""), article_id)
            self.assertEqual(a.language, record.get("language", "en"),
                             article_id)
            self.assertEqual(response.body, record["body"], article_id)
            body_size = len(record["body"].encode("utf-8"))
            self.assertEqual(response.body_size, body_size, article_id)
            self.assertEqual(response.body_offset, 0, article_id)
            self.assertFalse(response.body_truncated, article_id)
            self.assertGreater(response.passage_count, 0, article_id)
            if record.get("published"):
                dated += 1
                self.assertTrue(a.HasField("published"), article_id)
                self.assertEqual(a.published.seconds,
                                 published_seconds(record["published"]),
                                 article_id)
                self.assertEqual(a.published.nanos, 0, article_id)
            else:
                undated += 1
                self.assertFalse(a.HasField("published"), article_id)
        self.assertGreater(undated, 0)
        log("GetArticle fields match the JSONL for %d articles "
            "(%d dated, %d undated)" % (len(self.articles), dated, undated))

        # passage_count agrees with the passages Search reports.
        for p in self.search(query="rotterdam", page_size=20).passages:
            self.assertEqual(self.get_article(id=p.article.id).passage_count,
                             p.passage_count, p.article.id)

        stats = self.stub.Stats(search_pb2.StatsRequest(),
                                timeout=CALL_TIMEOUT)
        self.assertEqual(stats.articles, len(self.articles))
        self.assertEqual(stats.undated_articles, undated)
        self.assertGreater(stats.passages, len(self.articles))
        log("Stats: %d articles, %d undated, %d passages" %
            (stats.articles, stats.undated_articles, stats.passages))

    def test_get_article_unknown_id(self):
        error = self.assert_rpc_error(grpc.StatusCode.NOT_FOUND,
                                      self.get_article, id="no-such-article")
        log("GetArticle unknown id -> NOT_FOUND (%s)" % error.details())
        self.assert_rpc_error(grpc.StatusCode.INVALID_ARGUMENT,
                              self.get_article, id="")

    def test_get_article_byte_ranges(self):
        # sample-001 has multi-byte characters (—, São, Rød).
        article_id = "sample-001"
        body = self.articles[article_id]["body"]
        body_bytes = body.encode("utf-8")
        self.assertNotEqual(len(body_bytes), len(body))
        for limit in (1, 7, 100, len(body_bytes) - 1, len(body_bytes),
                      len(body_bytes) + 10):
            parts = []
            offset = 0
            calls = 0
            while True:
                calls += 1
                self.assertLessEqual(calls, len(body_bytes) + 1)
                r = self.get_article(id=article_id, body_offset=offset,
                                     body_limit=limit)
                chunk = r.body.encode("utf-8")
                self.assertEqual(r.body_size, len(body_bytes))
                # Whole UTF-8 characters: starts where asked (offset is on a
                # character boundary), at least the limit unless at the end.
                self.assertEqual(r.body_offset, offset)
                self.assertEqual(chunk,
                                 body_bytes[offset:offset + len(chunk)])
                self.assertGreaterEqual(
                    len(chunk), min(limit, len(body_bytes) - offset))
                self.assertLess(len(chunk), limit + 4)
                end = offset + len(chunk)
                self.assertEqual(r.body_truncated, end < len(body_bytes),
                                 "limit %d offset %d" % (limit, offset))
                parts.append(chunk)
                if not r.body_truncated:
                    break
                self.assertGreater(len(chunk), 0)
                offset = end
            self.assertEqual(b"".join(parts), body_bytes, "limit %d" % limit)
        log("GetArticle byte ranges reassemble %s (%d bytes)" %
            (article_id, len(body_bytes)))

        # An offset inside a character is widened back to its start.
        inside = next(i for i, b in enumerate(body_bytes)
                      if (b & 0xC0) == 0x80)
        r = self.get_article(id=article_id, body_offset=inside, body_limit=1)
        self.assertLess(r.body_offset, inside)
        self.assertEqual(len(r.body), 1)
        self.assertEqual(r.body.encode("utf-8"),
                         body_bytes[r.body_offset:r.body_offset +
                                    len(r.body.encode("utf-8"))])
        self.assertTrue(r.body_truncated)

        # At the very end: empty, not truncated; past it: OUT_OF_RANGE.
        r = self.get_article(id=article_id, body_offset=len(body_bytes))
        self.assertEqual(r.body, "")
        self.assertFalse(r.body_truncated)
        self.assert_rpc_error(grpc.StatusCode.OUT_OF_RANGE, self.get_article,
                              id=article_id, body_offset=len(body_bytes) + 1)

    # --- 3) Errors ------------------------------------------------------------

    def test_errors(self):
        error = self.assert_rpc_error(grpc.StatusCode.INVALID_ARGUMENT,
                                      self.search, query='"unclosed')
        self.assertIn("at character", error.details())
        log("bad query -> INVALID_ARGUMENT (%s)" % error.details())

        error = self.assert_rpc_error(grpc.StatusCode.INVALID_ARGUMENT,
                                      self.search, query="port",
                                      page_size=1000)
        log("page_size 1000 -> INVALID_ARGUMENT (%s)" % error.details())
        self.assert_rpc_error(grpc.StatusCode.INVALID_ARGUMENT, self.search,
                              query="port", page_size=-1)
        error = self.assert_rpc_error(grpc.StatusCode.INVALID_ARGUMENT,
                                      self.search, query="port " * 1000)
        log("5000-byte query -> INVALID_ARGUMENT (%s)" % error.details())

        first = self.search(query="port", page_size=2)
        self.assertTrue(first.next_page_token)
        error = self.assert_rpc_error(
            grpc.StatusCode.INVALID_ARGUMENT, self.search, query="strike",
            page_size=2, page_token=first.next_page_token)
        log("foreign page token -> INVALID_ARGUMENT (%s)" % error.details())
        # Same query with another sort or filter: also foreign.
        self.assert_rpc_error(
            grpc.StatusCode.INVALID_ARGUMENT, self.search, query="port",
            page_size=2, page_token=first.next_page_token,
            sort=search_pb2.SORT_ORDER_DATE)
        self.assert_rpc_error(
            grpc.StatusCode.INVALID_ARGUMENT, self.search, query="port",
            page_size=2, page_token="not a token")

        self.assert_rpc_error(
            grpc.StatusCode.INVALID_ARGUMENT, self.search, query="port",
            published_from=search_pb2.Date(year=2024, month=2, day=30))

        with self.assertRaises(grpc.RpcError) as ctx:
            self.stub.Search(search_pb2.SearchRequest(query="port strike"),
                             timeout=0.000001)
        self.assertEqual(ctx.exception.code(),
                         grpc.StatusCode.DEADLINE_EXCEEDED)
        log("tiny deadline -> DEADLINE_EXCEEDED")
        # The server still answers afterwards.
        self.assertTrue(self.search(query="port strike").passages)

    # --- 4) Paging ------------------------------------------------------------

    def test_paging_walks_every_result_once(self):
        cases = [
            {"query": "port OR strike OR bank OR profit"},
            {"query": "port OR strike OR bank OR profit",
             "passages_per_article": 2},
            {"query": "freight OR rate", "sort": search_pb2.SORT_ORDER_DATE},
        ]
        for request in cases:
            whole = self.search(page_size=100, **request)
            self.assertFalse(whole.next_page_token,
                             "more than 100 results: %s" % request)
            expected = [(p.article.id, p.passage_index, p.text, p.rank)
                        for p in whole.passages]
            self.assertGreater(len(expected), 6, request)
            for page_size in (1, 3, 7):
                walked = []
                token = ""
                pages = 0
                while True:
                    pages += 1
                    self.assertLessEqual(pages, len(expected) + 1)
                    page = self.search(page_size=page_size, page_token=token,
                                       **request)
                    # page_size counts articles (results).
                    articles = len({p.rank for p in page.passages})
                    self.assertLessEqual(articles, page_size)
                    walked += [(p.article.id, p.passage_index, p.text, p.rank)
                               for p in page.passages]
                    token = page.next_page_token
                    if not token:
                        break
                    self.assertEqual(articles, page_size)
                self.assertEqual(walked, expected,
                                 "%s page_size %d" % (request, page_size))
            log("paging %-60s %d passages, pages of 1/3/7" %
                (request, len(expected)))

    # --- 5) Health ------------------------------------------------------------

    def test_health(self):
        check = self.channel.unary_unary(
            "/grpc.health.v1.Health/Check",
            request_serializer=health_pb2.HealthCheckRequest.SerializeToString,
            response_deserializer=health_pb2.HealthCheckResponse.FromString)
        response = check(health_pb2.HealthCheckRequest(service=""),
                         timeout=CALL_TIMEOUT)
        self.assertEqual(response.status,
                         health_pb2.HealthCheckResponse.SERVING)
        log("Health/Check('') -> SERVING")

    # --- 6) Reflection --------------------------------------------------------

    def test_reflection(self):
        info = self.channel.stream_stream(
            "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
            request_serializer=(
                reflection_pb2.ServerReflectionRequest.SerializeToString),
            response_deserializer=(
                reflection_pb2.ServerReflectionResponse.FromString))
        requests = [
            reflection_pb2.ServerReflectionRequest(list_services=""),
            reflection_pb2.ServerReflectionRequest(
                file_containing_symbol="byline.v1.SearchService"),
        ]
        responses = list(info(iter(requests), timeout=CALL_TIMEOUT))
        self.assertEqual(len(responses), 2)

        listed = responses[0]
        self.assertTrue(listed.HasField("list_services_response"), listed)
        names = {s.name for s in listed.list_services_response.service}
        self.assertIn("byline.v1.SearchService", names)
        self.assertIn("grpc.health.v1.Health", names)
        log("reflection lists %s" % sorted(names))

        files = responses[1]
        self.assertTrue(files.HasField("file_descriptor_response"), files)
        descriptors = []
        for raw in files.file_descriptor_response.file_descriptor_proto:
            fd = descriptor_pb2.FileDescriptorProto()
            fd.ParseFromString(raw)
            descriptors.append(fd)
        by_name = {fd.name: fd for fd in descriptors}
        self.assertIn("byline/v1/search.proto", by_name)
        search_fd = by_name["byline/v1/search.proto"]
        self.assertEqual(search_fd.package, "byline.v1")
        services = {s.name: s for s in search_fd.service}
        self.assertIn("SearchService", services)
        # Every method of the proto the stubs were generated from.
        expected = {m.name for m in search_pb2.DESCRIPTOR.services_by_name[
            "SearchService"].methods}
        self.assertLessEqual({"Search", "GetArticle", "Stats"}, expected)
        self.assertEqual({m.name for m in services["SearchService"].method},
                         expected)
        log("reflection file_containing_symbol -> %s" % sorted(by_name))

    # --- 7) SIGTERM -----------------------------------------------------------

    def test_sigterm_stops_cleanly(self):
        self.assertTrue(self.search(query="port").passages)
        self.server.send_signal(signal.SIGTERM)
        try:
            code = self.server.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.fail("byline serve did not stop within %d s of SIGTERM" %
                      STOP_TIMEOUT)
        self.assertEqual(code, 0, self._server_stderr())
        self.assertIn("stopped", self._server_stderr())
        log("SIGTERM -> exit 0")

    # --- 8) Facets, entity filters and entity look-up -------------------------

    # Worked out by hand from data/sample/articles.jsonl. The words of
    # "port strike" are OR-ed: it matches the 18 articles whose title or body
    # has port(s) or strike(s): sample-001 002 003 006 018 021 024 025 026
    # 027 028 029 (French "port") 031 033 034 036 038 040 ("striker" of
    # sample-008 has another stem). Of them, 034 and 038 are undated.
    FACET_QUERY = "port strike"
    FACET_ARTICLES = 18
    FACET_SOURCES = [("harbour-wire", 11), ("northern-ledger", 6),
                     ("meridian-post", 1)]
    # UTC days: sample-031 (2024-04-22T00:30+02:00) is in April's 21st.
    FACET_MONTHS = [("2024-01", 1), ("2024-02", 0), ("2024-03", 3),
                    ("2024-04", 5), ("2024-05", 2), ("2024-06", 3),
                    ("2024-07", 2)]
    # The most-named of each type: Ms. Katarzyna Wielgosz (006, 027, 031,
    # 040), Halvorsen Maritime (001 002 003 024 026 028 033 034) and
    # Rotterdam (001 002 003 024 027 028 033 034); no other value comes
    # close (Europe, the next place, is a word of only six of them).
    FACET_TOP = {search_pb2.FACET_FIELD_PERSON: ("Katarzyna Wielgosz", 4),
                 search_pb2.FACET_FIELD_ORGANIZATION: ("Halvorsen Maritime",
                                                       8),
                 search_pb2.FACET_FIELD_PLACE: ("Rotterdam", 8)}
    ENTITY_FIELDS = (search_pb2.FACET_FIELD_PERSON,
                     search_pb2.FACET_FIELD_ORGANIZATION,
                     search_pb2.FACET_FIELD_PLACE)
    CLI_FACET_NAMES = {search_pb2.FACET_FIELD_PERSON: "person",
                       search_pb2.FACET_FIELD_ORGANIZATION: "org",
                       search_pb2.FACET_FIELD_PLACE: "place",
                       search_pb2.FACET_FIELD_SOURCE: "source",
                       search_pb2.FACET_FIELD_DATE: "date"}

    def facet_requests(self):
        f = search_pb2.FacetRequest
        return [f(field=search_pb2.FACET_FIELD_PERSON, max_values=10),
                f(field=search_pb2.FACET_FIELD_ORGANIZATION, max_values=10),
                f(field=search_pb2.FACET_FIELD_PLACE, max_values=10),
                f(field=search_pb2.FACET_FIELD_SOURCE),
                f(field=search_pb2.FACET_FIELD_DATE,
                  interval=search_pb2.DATE_INTERVAL_MONTH)]

    @staticmethod
    def facet_values(facet):
        return [(v.display_name, v.articles) for v in facet.values]

    def matching_articles(self, **request):
        """The ids of every article matching `request`, paged through; the
        count must equal each page's estimated_articles (exact when small)."""
        ids = set()
        token = ""
        while True:
            page = self.search(page_size=100, page_token=token, **request)
            ids |= {p.article.id for p in page.passages}
            token = page.next_page_token
            if not token:
                break
        self.assertEqual(len(ids), page.estimated_articles, request)
        return ids

    def test_facets_exact_counts(self):
        q = self.FACET_QUERY
        response = self.search(query=q, page_size=1,
                               facets=self.facet_requests())
        self.assertEqual(response.estimated_articles, self.FACET_ARTICLES)
        self.assertEqual([f.field for f in response.facets],
                         [r.field for r in self.facet_requests()])
        person, org, place, source, date = response.facets

        # The hand-made counts.
        for facet in (person, org, place):
            self.assertTrue(facet.values, facet.field)
            self.assertEqual(self.facet_values(facet)[0],
                             self.FACET_TOP[facet.field])
        self.assertEqual(self.facet_values(source), self.FACET_SOURCES)
        self.assertEqual(source.distinct_values, 3)
        self.assertEqual(date.interval, search_pb2.DATE_INTERVAL_MONTH)
        self.assertEqual(self.facet_values(date), self.FACET_MONTHS)
        self.assertEqual([v.value for v in date.values],
                         ["2024-%02d-01" % m for m in range(1, 8)])
        log("facets of %r: top %s; sources %s; months %s" % (
            q, [self.facet_values(f)[0] for f in (person, org, place)],
            self.facet_values(source), self.facet_values(date)))
        # Exact counts say so; a facet article limit counts a uniform
        # sample of about that many articles (sample buckets 0..k-1 of 64),
        # scaled up by 64 / k, and says so.
        for facet in response.facets:
            self.assertFalse(facet.estimated)
            self.assertEqual(facet.counted_articles, self.FACET_ARTICLES)
            self.assertEqual(facet.matching_articles, self.FACET_ARTICLES)
        limit = self.FACET_ARTICLES // 2
        sampled = self.search(query=q, page_size=1, facet_article_limit=limit,
                              facets=[search_pb2.FacetRequest(
                                  field=search_pb2.FACET_FIELD_SOURCE)])
        facet = sampled.facets[0]
        buckets = -(-limit * 64 // self.FACET_ARTICLES)
        self.assertTrue(facet.estimated)
        self.assertGreater(facet.counted_articles, 0)
        self.assertLess(facet.counted_articles, self.FACET_ARTICLES)
        self.assertEqual(facet.matching_articles,
                         round(facet.counted_articles * 64 / buckets))
        self.assertAlmostEqual(sum(v.articles for v in facet.values),
                               facet.matching_articles,
                               delta=len(facet.values))
        log("sampled facets of %r (limit %d): %d of %d counted, estimates %s"
            % (q, limit, facet.counted_articles, self.FACET_ARTICLES,
               self.facet_values(facet)))

        # The promised order (most articles first, ties by display name),
        # at most max_values, and ids as filters take them.
        for facet in (person, org, place, source):
            keys = [(-v.articles, v.display_name.encode("utf-8"))
                    for v in facet.values]
            self.assertEqual(keys, sorted(keys), facet.field)
            self.assertLessEqual(len(facet.values), 10)
            self.assertGreaterEqual(facet.distinct_values, len(facet.values))
        for facet in (person, org, place):
            for v in facet.values:
                self.assertRegex(v.value, r"^[0-9a-f]{16}$")

        # Every value is exact: its count is the number of articles of the
        # same query filtered on it (entity filter, source, date range).
        for facet in (person, org, place):
            for v in facet.values:
                ids = self.matching_articles(
                    query=q, entity_filters=[search_pb2.EntityFilter(
                        field=facet.field, ids=[v.value])])
                self.assertEqual(len(ids), v.articles,
                                 "%s %s" % (facet.field, v.display_name))
        for v in source.values:
            self.assertEqual(len(self.matching_articles(
                query=q, sources=[v.value])), v.articles, v.value)
        for v in date.values:
            year, month = int(v.value[:4]), int(v.value[5:7])
            last = (datetime.date(year + month // 12, month % 12 + 1, 1) -
                    datetime.timedelta(days=1)).day
            ids = self.matching_articles(
                query=q,
                published_from=search_pb2.Date(year=year, month=month, day=1),
                published_to=search_pb2.Date(year=year, month=month,
                                             day=last))
            self.assertEqual(len(ids), v.articles, v.display_name)
        self.assertEqual(sum(v.articles for v in date.values),
                         self.FACET_ARTICLES - 2)  # 034 and 038: undated
        log("every person/org/place/source/month value of %r = its filtered "
            "search" % q)

        # The query language's filter by display name: the same articles.
        wielgosz = person.values[0]
        by_name = self.matching_articles(
            query=q + ' person:"Ms. Katarzyna Wielgosz\'s"')
        by_id = self.matching_articles(query=q + " person:" + wielgosz.value)
        self.assertEqual(by_name, {"sample-006", "sample-027", "sample-031",
                                   "sample-040"})
        self.assertEqual(by_id, by_name)

        # The C++ client prints the same facets (--json).
        args = [BYLINE, "search", "--server", self.address, "--json",
                "--color", "never", "--limit", "1", "--facets",
                "person,org,place,source,date:month", "--", q]
        run = subprocess.run(args, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, timeout=CLI_TIMEOUT,
                             check=False)
        self.assertEqual(run.returncode, 0, run.stderr.decode())
        cli = json.loads(run.stdout)["facets"]
        self.assertEqual(
            [(f["field"], f["distinct_values"],
              [(v["value"], v["display_name"], v["articles"])
               for v in f["values"]]) for f in cli],
            [(self.CLI_FACET_NAMES[f.field], f.distinct_values,
              [(v.value, v.display_name, v.articles) for v in f.values])
             for f in response.facets])
        log("the C++ client's --json facets are the same")

    def test_facet_drill_down(self):
        q = self.FACET_QUERY
        whole = self.search(query=q, page_size=1,
                            facets=self.facet_requests())
        person = whole.facets[0]
        wielgosz = person.values[0]
        self.assertEqual(wielgosz.display_name, "Katarzyna Wielgosz")
        drilled = self.search(
            query=q, page_size=1, facets=self.facet_requests(),
            entity_filters=[search_pb2.EntityFilter(
                field=search_pb2.FACET_FIELD_PERSON, ids=[wielgosz.value])])
        self.assertEqual(drilled.estimated_articles, 4)
        # The filtered facet is counted without its own filter (disjunctive):
        # the other people stay visible, with the same counts.
        self.assertEqual(self.facet_values(drilled.facets[0]),
                         self.facet_values(person))
        # The others count only the four articles: 006, 031, 040 in the
        # Northern Ledger, 027 from Harbour Wire; April (006, 031), May
        # (027), July (040).
        self.assertEqual(self.facet_values(drilled.facets[3]),
                         [("northern-ledger", 3), ("harbour-wire", 1)])
        self.assertEqual(self.facet_values(drilled.facets[4]),
                         [("2024-04", 2), ("2024-05", 1), ("2024-06", 0),
                          ("2024-07", 1)])
        for facet in drilled.facets[1:3]:
            for v in facet.values:
                self.assertLessEqual(v.articles, 4)
        log("drill-down on %s: 4 articles, people facet unchanged" %
            wielgosz.display_name)

        # Several values of one facet are OR-ed, facets are AND-ed: Marieke
        # van Dalen (002, 003) or Wielgosz (4), then and Rijnmond Terminal
        # Group (002, 003).
        marieke = next(v for v in person.values
                       if v.display_name == "Marieke van Dalen")
        either = [search_pb2.EntityFilter(
            field=search_pb2.FACET_FIELD_PERSON,
            ids=[wielgosz.value, marieke.value])]
        self.assertEqual(len(self.matching_articles(
            query=q, entity_filters=either)), 6)
        rijnmond = next(v for v in whole.facets[1].values
                        if v.display_name == "Rijnmond Terminal Group")
        both = either + [search_pb2.EntityFilter(
            field=search_pb2.FACET_FIELD_ORGANIZATION, ids=[rijnmond.value])]
        self.assertEqual(self.matching_articles(query=q, entity_filters=both),
                         {"sample-002", "sample-003"})
        log("entity filters: OR within a field (6), AND across fields (2)")

    def test_bad_facet_requests(self):
        f = search_pb2.FacetRequest
        person = search_pb2.FACET_FIELD_PERSON
        e = search_pb2.EntityFilter
        some_id = "0123456789abcdef"
        cases = [
            ({"facets": [f()]}, "facets[0].field"),
            ({"facets": [f(field=person), f(field=person)]},
             "facets[1].field"),
            ({"facets": [f(field=person, max_values=101)]},
             "facets[0].max_values"),
            ({"facets": [f(field=search_pb2.FACET_FIELD_SOURCE),
                         f(field=person,
                           interval=search_pb2.DATE_INTERVAL_MONTH)]},
             "facets[1].interval"),
            ({"facets": [f(field=99)]}, "facets[0].field"),
            ({"entity_filters": [e(ids=[some_id])]},
             "entity_filters[0].field"),
            ({"entity_filters": [e(field=search_pb2.FACET_FIELD_SOURCE,
                                   ids=[some_id])]},
             "entity_filters[0].field"),
            ({"entity_filters": [e(field=person, ids=["Marieke"])]},
             "entity_filters[0].ids[0]"),
            ({"entity_filters": [e(field=person)]}, "entity_filters[0].ids"),
        ]
        for request, field in cases:
            error = self.assert_rpc_error(
                grpc.StatusCode.INVALID_ARGUMENT, self.search,
                query=self.FACET_QUERY, **request)
            self.assertTrue(error.details().startswith(field + ":"),
                            "%s -> %r" % (request, error.details()))
            log("bad facet request -> INVALID_ARGUMENT (%s)" %
                error.details())
        # The server still answers.
        self.assertEqual(self.search(query=self.FACET_QUERY,
                                     facets=self.facet_requests()[:1])
                         .facets[0].values[0].display_name,
                         "Katarzyna Wielgosz")

    def list_entities(self, **kwargs):
        return self.stub.ListEntities(
            search_pb2.ListEntitiesRequest(**kwargs), timeout=CALL_TIMEOUT)

    @staticmethod
    def entity_values(response):
        return [(e.display_name, e.type, e.articles)
                for e in response.entities]

    def test_list_entities_prefix(self):
        person = search_pb2.FACET_FIELD_PERSON
        org = search_pb2.FACET_FIELD_ORGANIZATION
        place = search_pb2.FACET_FIELD_PLACE
        # By hand: the people of the sample with a name word starting "mar":
        # Ms. Marieke van Dalen (002, 003), Ms. Hélène Marchetti (032),
        # Mr. Marco Bellandi, Marisa Coutinho, Dr. Martina Szabó (one
        # article each); ties by display name.
        expected = [("Marieke van Dalen", person, 2),
                    ("Hélène Marchetti", person, 1),
                    ("Marco Bellandi", person, 1),
                    ("Marisa Coutinho", person, 1),
                    ("Martina Szabó", person, 1)]
        r = self.list_entities(prefix="mar", types=[person], limit=10)
        self.assertEqual(self.entity_values(r), expected)
        self.assertEqual(r.matched, 5)
        self.assertTrue(r.generation)
        log("ListEntities prefix 'mar' people -> %s" %
            [e[0] for e in self.entity_values(r)])
        # Case, Unicode width, titles and a trailing space (whole words).
        for prefix in ("MARIE", "Ｍarie", "Ms. Marie", "van d", "van "):
            r = self.list_entities(prefix=prefix, types=[person])
            self.assertEqual(self.entity_values(r)[:1], expected[:1], prefix)
        # All types, the most-named first: Halvorsen Maritime (8 articles).
        r = self.list_entities(prefix="mar", limit=2)
        self.assertEqual(self.entity_values(r),
                         [("Halvorsen Maritime", org, 8), expected[0]])
        # Places complete through their aliases: US is the United States,
        # whose id is that of LOC:united states (ner/README.md).
        r = self.list_entities(prefix="US", types=[place], limit=1)
        self.assertEqual([e.id for e in r.entities], ["ef14b74eda9e57cc"])
        # The ids are those of facets and filters: Marieke's two articles.
        r = self.list_entities(prefix="marieke", types=[person], limit=1)
        marieke = search_pb2.EntityFilter(field=person,
                                          ids=[r.entities[0].id])
        self.assertEqual(
            self.matching_articles(query="port", entity_filters=[marieke]),
            {"sample-002", "sample-003"})
        # With a query: counted over its articles only.
        r = self.list_entities(prefix="wiel", query=self.FACET_QUERY)
        self.assertEqual(self.entity_values(r),
                         [("Katarzyna Wielgosz", person, 4)])
        r = self.list_entities(prefix="mar", types=[person],
                               query="+port +strike")
        self.assertEqual(self.entity_values(r), expected[:1])
        log("ListEntities: forms of the prefix, aliases, ids, queries")
        # Bad requests name the field.
        for request, field in (({"limit": 101}, "limit"),
                               ({"types": [search_pb2.FACET_FIELD_SOURCE]},
                                "types[0]")):
            error = self.assert_rpc_error(grpc.StatusCode.INVALID_ARGUMENT,
                                          self.list_entities, **request)
            self.assertTrue(error.details().startswith(field + ":"),
                            error.details())
            log("ListEntities %s -> INVALID_ARGUMENT (%s)" %
                (request, error.details()))


def make_certificates(directory):
    """A throw-away CA with a server certificate (127.0.0.1, localhost),
    and an unrelated CA, made with openssl; returns their paths."""
    openssl = shutil.which("openssl")
    if openssl is None:
        raise AssertionError("openssl is not on PATH (scripts/setup.sh)")

    def run(*args):
        done = subprocess.run([openssl] + list(args), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=CLI_TIMEOUT,
                              check=False)
        if done.returncode != 0:
            raise AssertionError("openssl %s: %s" % (
                " ".join(args), done.stderr.decode(errors="replace")))

    def path(name):
        return os.path.join(directory, name)

    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
          "-nodes"]
    for ca in ("ca", "other_ca"):
        run("req", "-x509", *ec, "-keyout", path(ca + ".key"),
            "-out", path(ca + ".pem"), "-days", "2",
            "-subj", "/CN=Byline python test " + ca,
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    with open(path("server.ext"), "w") as f:
        f.write("basicConstraints=CA:FALSE\n"
                "keyUsage=critical,digitalSignature,keyEncipherment\n"
                "extendedKeyUsage=serverAuth\n"
                "subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    run("req", *ec, "-keyout", path("server.key"), "-out", path("server.csr"),
        "-subj", "/CN=localhost")
    run("x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"),
        "-CAkey", path("ca.key"), "-set_serial", "7", "-days", "2",
        "-out", path("server.pem"), "-extfile", path("server.ext"))
    return {name: path(name) for name in
            ("ca.pem", "other_ca.pem", "server.pem", "server.key")}


class TlsTokenTest(ServerTestBase):
    """`byline serve` with TLS and bearer tokens, from Python's grpcio."""

    TOKEN = "python-test-token-0123456789"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.certs_dir = os.path.join(cls.tmp, "certs")
        os.mkdir(cls.certs_dir)
        cls.certs = make_certificates(cls.certs_dir)
        cls.tokens_file = os.path.join(cls.tmp, "tokens")
        with open(cls.tokens_file, "w") as f:
            f.write("# tokens for the Python test\npython: %s\n" % cls.TOKEN)

    def server_flags(self):
        return ["--tls_cert", self.certs["server.pem"],
                "--tls_key", self.certs["server.key"],
                "--auth_tokens_file", self.tokens_file]

    def tls_credentials(self, ca="ca.pem"):
        with open(self.certs[ca], "rb") as f:
            return grpc.ssl_channel_credentials(root_certificates=f.read())

    def open_channel(self):
        # grpcio's own bearer-token credentials: `authorization: Bearer`.
        return grpc.secure_channel(
            self.address, grpc.composite_channel_credentials(
                self.tls_credentials(),
                grpc.access_token_call_credentials(self.TOKEN)))

    def test_good_token_works(self):
        self.assertTrue(self.search(query="port strike").passages)
        stats = self.stub.Stats(search_pb2.StatsRequest(),
                                timeout=CALL_TIMEOUT)
        self.assertEqual(stats.articles, len(self.articles))
        log("TLS + right token -> Search and Stats OK")

    def test_wrong_or_missing_token_is_unauthenticated(self):
        with grpc.secure_channel(self.address,
                                 self.tls_credentials()) as channel:
            stub = search_pb2_grpc.SearchServiceStub(channel)
            for metadata in ((("authorization",
                               "Bearer wrong-token-0000000000"),), ()):
                error = self.assert_rpc_error(
                    grpc.StatusCode.UNAUTHENTICATED, stub.Stats,
                    search_pb2.StatsRequest(), timeout=CALL_TIMEOUT,
                    metadata=metadata)
                self.assertNotIn("wrong-token", error.details())
                log("TLS + %s token -> UNAUTHENTICATED (%s)" % (
                    "wrong" if metadata else "no", error.details()))
            # Health checks are exempt by default.
            check = channel.unary_unary(
                "/grpc.health.v1.Health/Check",
                request_serializer=(
                    health_pb2.HealthCheckRequest.SerializeToString),
                response_deserializer=(
                    health_pb2.HealthCheckResponse.FromString))
            response = check(health_pb2.HealthCheckRequest(service=""),
                             timeout=CALL_TIMEOUT)
            self.assertEqual(response.status,
                             health_pb2.HealthCheckResponse.SERVING)

    def test_wrong_ca_or_plaintext_fails(self):
        wrong = grpc.composite_channel_credentials(
            self.tls_credentials("other_ca.pem"),
            grpc.access_token_call_credentials(self.TOKEN))
        with grpc.secure_channel(self.address, wrong) as channel:
            stub = search_pb2_grpc.SearchServiceStub(channel)
            error = self.assert_rpc_error(
                grpc.StatusCode.UNAVAILABLE, stub.Stats,
                search_pb2.StatsRequest(), timeout=CALL_TIMEOUT)
            log("wrong CA -> UNAVAILABLE (%s)" % error.details())
        with grpc.insecure_channel(self.address) as channel:
            stub = search_pb2_grpc.SearchServiceStub(channel)
            self.assert_rpc_error(
                grpc.StatusCode.UNAVAILABLE, stub.Stats,
                search_pb2.StatsRequest(), timeout=CALL_TIMEOUT,
                metadata=(("authorization", "Bearer " + self.TOKEN),))
            log("plaintext against TLS -> UNAVAILABLE")


if __name__ == "__main__":
    unittest.main(verbosity=2)
