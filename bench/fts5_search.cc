// SQLite FTS5 contestant of the latency benchmark (bench/latency.sh 100k):
// searches the database that byline_fts5_index builds (bench/fts5_index.cc:
// one row per article in articles(id UNINDEXED, title, body),
// tokenize='porter unicode61'). Not a test.
//
// Each query becomes an OR of its whitespace-separated words, each quoted
// as an FTS5 string ("word"), and runs as
//   SELECT id, title, snippet(articles, 2, '[', ']', '...', 24)
//   FROM articles WHERE articles MATCH ?1 ORDER BY bm25(articles)
//   LIMIT 10 OFFSET 0   (--offset N adds rows timed at OFFSET N)
// reading every column of every row. Each client thread has its own
// read-only connection and prepared statement. Prints the same table rows
// as byline_search_bench (1 client, and --clients N when N > 1) and, with
// --json_out, the same JSON lines.
//
// Usage: byline_fts5_search --db FILE --queries FILE [--rounds R]
//                           [--clients N] [--page_size K] [--json_out F]
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "latency_common.h"

namespace {

using Call = std::function<bool(const std::string&)>;

const char kUsage[] =
    "usage: byline_fts5_search --db FILE --queries FILE [--rounds R] "
    "[--clients N] [--page_size K] [--json_out FILE]\n"
    "       [--offset N [--offset_queries K]]\n";

// "oil prices" -> "\"oil\" OR \"prices\"" (quotes inside a word doubled).
std::string ToMatch(const std::string& query) {
  std::string out, word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!out.empty()) out += " OR ";
    out.push_back('"');
    for (char c : word) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
    word.clear();
  };
  for (char c : query) {
    if (c == ' ' || c == '\t') flush();
    else word.push_back(c);
  }
  flush();
  return out;
}

struct Client {
  sqlite3* db = nullptr;
  sqlite3_stmt* stmt = nullptr;
  ~Client() {
    sqlite3_finalize(stmt);
    sqlite3_close(db);
  }
};

Call MakeClient(const std::string& path, int page_size, unsigned offset) {
  auto c = std::make_shared<Client>();
  if (sqlite3_open_v2(path.c_str(), &c->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "byline_fts5_search: cannot open %s: %s\n", path.c_str(),
                 sqlite3_errmsg(c->db));
    std::exit(3);
  }
  const std::string sql =
      "SELECT id, title, snippet(articles, 2, '[', ']', '...', 24) FROM articles "
      "WHERE articles MATCH ?1 ORDER BY bm25(articles) LIMIT " +
      std::to_string(page_size) + " OFFSET " + std::to_string(offset);
  if (sqlite3_prepare_v2(c->db, sql.c_str(), -1, &c->stmt, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "byline_fts5_search: %s\n", sqlite3_errmsg(c->db));
    std::exit(3);
  }
  return [c](const std::string& q) {
    const std::string match = ToMatch(q);
    if (match.empty()) return false;
    sqlite3_reset(c->stmt);
    sqlite3_bind_text(c->stmt, 1, match.data(), static_cast<int>(match.size()),
                      SQLITE_TRANSIENT);
    size_t bytes = 0;
    int rc;
    while ((rc = sqlite3_step(c->stmt)) == SQLITE_ROW) {
      for (int col = 0; col < 3; ++col) {
        bytes += static_cast<size_t>(sqlite3_column_bytes(c->stmt, col));
      }
    }
    if (rc != SQLITE_DONE) {
      std::fprintf(stderr, "byline_fts5_search: %s: %s\n", match.c_str(),
                   sqlite3_errmsg(c->db));
      return false;
    }
    return true;
  };
}

}  // namespace

int main(int argc, char** argv) {
  std::string db, queries_path, json;
  int rounds = 20, clients = 1, page_size = 10;
  long deep_offset = 0, offset_queries = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fputs(kUsage, stderr);
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--db") db = value();
    else if (arg == "--queries") queries_path = value();
    else if (arg == "--rounds") rounds = std::atoi(value().c_str());
    else if (arg == "--clients") clients = std::atoi(value().c_str());
    else if (arg == "--page_size") page_size = std::atoi(value().c_str());
    else if (arg == "--json_out") json = value();
    else if (arg == "--offset") deep_offset = std::atol(value().c_str());
    else if (arg == "--offset_queries") offset_queries = std::atol(value().c_str());
    else if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else {
      std::fprintf(stderr, "byline_fts5_search: unknown argument %s\n%s", arg.c_str(), kUsage);
      return 2;
    }
  }
  if (db.empty() || queries_path.empty() || rounds < 1 || clients < 1 || page_size < 1) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const std::vector<std::string> queries = bench::ReadQueries(queries_path);
  if (queries.empty()) {
    std::fprintf(stderr, "no queries in %s\n", queries_path.c_str());
    return 2;
  }
  auto make_at = [&](unsigned offset) {
    return [&db, page_size, offset]() { return MakeClient(db, page_size, offset); };
  };
  const auto make = make_at(0);
  const size_t nq = queries.size();
  bench::PrintHeader(nq, rounds, page_size);
  bench::Warm(queries, 1, make);  // one untimed pass
  bench::Print("SQLite FTS5 (article)", 1, bench::Run(queries, 1, rounds, make), json, 0,
               nq);
  if (clients > 1) {
    bench::Print("SQLite FTS5 (article)", clients,
                 bench::Run(queries, clients, rounds, make), json, 0, nq);
  }
  if (deep_offset > 0) {
    const auto sub = bench::FirstQueries(queries, offset_queries);
    std::printf("(offset rows: %zu queries x %d rounds)\n", sub.size(), rounds);
    bench::Print("FTS5, offset 0", 1, bench::Run(sub, 1, rounds, make), json, 0,
                 sub.size());
    const unsigned off = static_cast<unsigned>(deep_offset);
    bench::Print("FTS5, offset " + std::to_string(off), 1,
                 bench::Run(sub, 1, rounds, make_at(off)), json, off, sub.size());
  }
  return 0;
}
