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
// --facets (bench/facets.sh) adds rows where every search, besides the same
// page, counts the facets Byline counts with `--facets
// person,org,place,misc,source,date`, exactly, over every matching article,
// from the tables byline_fts5_entities adds (bench/fts5_entities.cc:
// article_entities clustered on (article, type, entity), article_meta with
// the source slug and UTC day): the matching rowids once into a temporary
// table, then GROUP BYs joined to it (m drives the joins: CROSS JOIN keeps
// that order):
//   DELETE FROM temp.m;
//   INSERT INTO temp.m SELECT rowid FROM articles WHERE articles MATCH ?1;
//   -- for each entity type ?1 (0 to 3), the 10 entities named by most
//   -- matching articles
//   SELECT ?1, e.entity, max(e.display), count(*) FROM temp.m CROSS JOIN
//     article_entities e ON e.article = m.article WHERE e.type = ?1
//     GROUP BY e.entity ORDER BY 4 DESC, 3 LIMIT 10;
//   SELECT a.source, count(*) FROM temp.m CROSS JOIN article_meta a
//     ON a.article = m.article GROUP BY a.source ORDER BY 2 DESC LIMIT 10;
//   SELECT substr(a.day, 1, 7), count(*) FROM temp.m CROSS JOIN
//     article_meta a ON a.article = m.article WHERE a.day IS NOT NULL
//     GROUP BY 1 ORDER BY 1;   -- the date histogram by month
// --facet_sql one counts the entities in one statement instead: one GROUP
// BY over all the matches' entities, then the top 10 of each type
//   WITH g AS MATERIALIZED (SELECT e.type AS t, e.entity AS id,
//     max(e.display) AS d, count(*) AS n FROM temp.m CROSS JOIN
//     article_entities e ON e.article = m.article GROUP BY 1, 2)
//   SELECT * FROM (SELECT * FROM g WHERE t = 0 ORDER BY n DESC, d LIMIT 10)
//   UNION ALL ... (t = 1, 2, 3);
// On 5,000 articles it was about 1.4x slower than the four per-type
// queries (it sorts every entity row of the matches at once), and 1.5-3x
// faster than a row_number() window over the same GROUP BY.
// --facet_rounds R runs the facet rows R rounds (default: --rounds).
// --show_facets N prints the facets of the first N queries on stderr.
//
// Usage: byline_fts5_search --db FILE --queries FILE [--rounds R]
//                           [--clients N] [--page_size K] [--json_out F]
//                           [--facets [--facet_sql per_type|one]
//                            [--facet_rounds R] [--show_facets N]]
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
    "       [--offset N [--offset_queries K]]\n"
    "       [--facets [--facet_sql per_type|one] [--facet_rounds R] [--show_facets N]]\n";

// How the entity facets are counted (see the top of the file).
enum class FacetSql { kNone, kOnePass, kPerType };

const char kEntitiesOnePass[] =
    "WITH g AS MATERIALIZED (SELECT e.type AS t, e.entity AS id, "
    "max(e.display) AS d, count(*) AS n "
    "FROM temp.m CROSS JOIN article_entities e ON e.article = m.article "
    "GROUP BY 1, 2) "
    "SELECT * FROM (SELECT * FROM g WHERE t = 0 ORDER BY n DESC, d LIMIT 10) "
    "UNION ALL "
    "SELECT * FROM (SELECT * FROM g WHERE t = 1 ORDER BY n DESC, d LIMIT 10) "
    "UNION ALL "
    "SELECT * FROM (SELECT * FROM g WHERE t = 2 ORDER BY n DESC, d LIMIT 10) "
    "UNION ALL "
    "SELECT * FROM (SELECT * FROM g WHERE t = 3 ORDER BY n DESC, d LIMIT 10)";
const char kEntitiesOfType[] =
    "SELECT ?1, e.entity, max(e.display), count(*) "
    "FROM temp.m CROSS JOIN article_entities e ON e.article = m.article "
    "WHERE e.type = ?1 GROUP BY e.entity ORDER BY 4 DESC, 3 LIMIT 10";
const char kSources[] =
    "SELECT 'source', a.source, a.source, count(*) "
    "FROM temp.m CROSS JOIN article_meta a ON a.article = m.article "
    "GROUP BY a.source ORDER BY 4 DESC, 2 LIMIT 10";
const char kMonths[] =
    "SELECT 'month', substr(a.day, 1, 7), substr(a.day, 1, 7), count(*) "
    "FROM temp.m CROSS JOIN article_meta a ON a.article = m.article "
    "WHERE a.day IS NOT NULL GROUP BY 2 ORDER BY 2";

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
  // --facets: filling temp.m, then the GROUP BYs over it.
  sqlite3_stmt* clear = nullptr;
  sqlite3_stmt* fill = nullptr;
  std::vector<sqlite3_stmt*> facets;
  std::vector<int> facet_types;  // per facet statement: ?1, or -1: none
  ~Client() {
    for (sqlite3_stmt* s : facets) sqlite3_finalize(s);
    sqlite3_finalize(fill);
    sqlite3_finalize(clear);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
  }
};

sqlite3_stmt* PrepareOrExit(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "byline_fts5_search: %s\n  in: %s\n%s", sqlite3_errmsg(db), sql,
                 std::string(sqlite3_errmsg(db)).find("no such table") != std::string::npos
                     ? "  (--facets needs the tables of byline_fts5_entities)\n"
                     : "");
    std::exit(3);
  }
  return stmt;
}

// Steps `stmt` to the end, adding the bytes of its first `columns` columns
// to *bytes and, when `show` is set, printing its rows on stderr.
bool Drain(sqlite3* db, sqlite3_stmt* stmt, int columns, size_t* bytes,
           bool show) {
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    for (int col = 0; col < columns; ++col) {
      *bytes += static_cast<size_t>(sqlite3_column_bytes(stmt, col));
    }
    if (show) {
      std::fprintf(stderr, "  %s %s %s: %lld\n",
                   reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)),
                   reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1)),
                   reinterpret_cast<const char*>(sqlite3_column_text(stmt, 2)),
                   sqlite3_column_int64(stmt, 3));
    }
  }
  if (rc != SQLITE_DONE) {
    std::fprintf(stderr, "byline_fts5_search: %s\n", sqlite3_errmsg(db));
    return false;
  }
  return true;
}

Call MakeClient(const std::string& path, int page_size, unsigned offset,
                FacetSql facet_sql = FacetSql::kNone, int show = 0) {
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
  if (facet_sql != FacetSql::kNone) {
    // The temporary database is the connection's own, writable even though
    // the main one is opened read-only.
    char* error = nullptr;
    if (sqlite3_exec(c->db,
                     "PRAGMA temp_store = MEMORY; "
                     "CREATE TEMP TABLE m(article INTEGER PRIMARY KEY)",
                     nullptr, nullptr, &error) != SQLITE_OK) {
      std::fprintf(stderr, "byline_fts5_search: temp table: %s\n", error);
      std::exit(3);
    }
    c->clear = PrepareOrExit(c->db, "DELETE FROM temp.m");
    c->fill = PrepareOrExit(
        c->db, "INSERT INTO temp.m SELECT rowid FROM articles WHERE articles MATCH ?1");
    if (facet_sql == FacetSql::kOnePass) {
      c->facets.push_back(PrepareOrExit(c->db, kEntitiesOnePass));
      c->facet_types.push_back(-1);
    } else {
      for (int type = 0; type < 4; ++type) {
        c->facets.push_back(PrepareOrExit(c->db, kEntitiesOfType));
        c->facet_types.push_back(type);
      }
    }
    c->facets.push_back(PrepareOrExit(c->db, kSources));
    c->facet_types.push_back(-1);
    c->facets.push_back(PrepareOrExit(c->db, kMonths));
    c->facet_types.push_back(-1);
  }
  auto shown = std::make_shared<int>(0);
  return [c, show, shown](const std::string& q) {
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
    if (c->fill == nullptr) return true;
    sqlite3_reset(c->clear);
    sqlite3_reset(c->fill);
    sqlite3_bind_text(c->fill, 1, match.data(), static_cast<int>(match.size()),
                      SQLITE_TRANSIENT);
    if (sqlite3_step(c->clear) != SQLITE_DONE || sqlite3_step(c->fill) != SQLITE_DONE) {
      std::fprintf(stderr, "byline_fts5_search: matching rowids of %s: %s\n",
                   match.c_str(), sqlite3_errmsg(c->db));
      return false;
    }
    const bool print = *shown < show;
    if (print) {
      ++*shown;
      std::fprintf(stderr, "facets of \"%s\" (%d matching articles):\n", q.c_str(),
                   sqlite3_changes(c->db));
    }
    for (size_t i = 0; i < c->facets.size(); ++i) {
      sqlite3_stmt* f = c->facets[i];
      sqlite3_reset(f);
      if (c->facet_types[i] >= 0) sqlite3_bind_int(f, 1, c->facet_types[i]);
      if (!Drain(c->db, f, 4, &bytes, print)) return false;
    }
    return true;
  };
}

}  // namespace

int main(int argc, char** argv) {
  std::string db, queries_path, json;
  int rounds = 20, clients = 1, page_size = 10;
  long deep_offset = 0, offset_queries = 0;
  bool facets = false;
  std::string facet_sql_name = "per_type";
  int show_facets = 0, facet_rounds = 0;
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
    else if (arg == "--facets") facets = true;
    else if (arg == "--facet_sql") facet_sql_name = value();
    else if (arg == "--show_facets") show_facets = std::atoi(value().c_str());
    else if (arg == "--facet_rounds") facet_rounds = std::atoi(value().c_str());
    else if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else {
      std::fprintf(stderr, "byline_fts5_search: unknown argument %s\n%s", arg.c_str(), kUsage);
      return 2;
    }
  }
  if (facet_sql_name != "one" && facet_sql_name != "per_type") {
    std::fprintf(stderr, "byline_fts5_search: --facet_sql is per_type or one\n");
    return 2;
  }
  const FacetSql facet_sql =
      facet_sql_name == "one" ? FacetSql::kOnePass : FacetSql::kPerType;
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
  // With --facets, fail before measuring anything if the tables are missing.
  if (facets) MakeClient(db, page_size, 0, facet_sql);
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
  if (facets) {
    if (facet_rounds < 1) facet_rounds = rounds;
    std::printf("(facet rows, %d rounds: every search also counts person, org, "
                "place, misc (top 10 each), source (top 10) and the month "
                "histogram; --facet_sql %s)\n", facet_rounds, facet_sql_name.c_str());
    const std::string name =
        facet_sql == FacetSql::kPerType ? "FTS5 + GROUP BY facets" : "FTS5 + GROUP BY, 1 pass";
    const auto make_facets = [&db, page_size, facet_sql]() {
      return MakeClient(db, page_size, 0, facet_sql);
    };
    if (show_facets > 0) {
      Call shower = MakeClient(db, page_size, 0, facet_sql, show_facets);
      for (int i = 0; i < show_facets && i < static_cast<int>(nq); ++i) shower(queries[i]);
    }
    bench::Warm(queries, 1, make_facets);
    bench::Print(name, 1, bench::Run(queries, 1, facet_rounds, make_facets), json, 0, nq);
    if (clients > 1) {
      bench::Print(name, clients, bench::Run(queries, clients, facet_rounds, make_facets),
                   json, 0, nq);
    }
  }
  return 0;
}
