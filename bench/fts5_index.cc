// SQLite FTS5 contestant of the indexing benchmark (bench/indexing.sh): one
// row per article (not per passage) in one FTS5 table
//   articles(id UNINDEXED, title, body) tokenize='porter unicode61'
// with FTS5's default settings (content stored in the table, no detail
// reduction), all inserted in one transaction. Not a test.
//
// Usage: byline_fts5_index --db FILE FILE...
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "article_lines.h"

namespace {

bool Exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::fprintf(stderr, "byline_fts5_index: %s: %s\n", sql, error);
    sqlite3_free(error);
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path;
  std::vector<std::string> inputs;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--db" && i + 1 < argc) {
      db_path = argv[++i];
    } else {
      inputs.push_back(arg);
    }
  }
  if (db_path.empty() || inputs.empty()) {
    std::fprintf(stderr, "usage: byline_fts5_index --db FILE FILE...\n");
    return 2;
  }
  const auto started = std::chrono::steady_clock::now();
  sqlite3* db = nullptr;
  if (sqlite3_open(db_path.c_str(), &db) != SQLITE_OK) {
    std::fprintf(stderr, "byline_fts5_index: cannot open %s\n", db_path.c_str());
    return 3;
  }
  if (!Exec(db, "CREATE VIRTUAL TABLE IF NOT EXISTS articles USING fts5("
                "id UNINDEXED, title, body, tokenize='porter unicode61')") ||
      !Exec(db, "BEGIN")) {
    return 3;
  }
  sqlite3_stmt* insert = nullptr;
  if (sqlite3_prepare_v2(db, "INSERT INTO articles(id, title, body) VALUES(?, ?, ?)",
                         -1, &insert, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "byline_fts5_index: %s\n", sqlite3_errmsg(db));
    return 3;
  }
  unsigned long rows = 0, bad = 0;
  const int rc = byline::bench::ForEachArticleLine(
      inputs, "byline_fts5_index", &bad,
      [&](std::string_view id, std::string_view title, std::string_view body) {
      sqlite3_bind_text(insert, 1, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
      sqlite3_bind_text(insert, 2, title.data(), static_cast<int>(title.size()), SQLITE_STATIC);
      sqlite3_bind_text(insert, 3, body.data(), static_cast<int>(body.size()), SQLITE_STATIC);
      if (sqlite3_step(insert) != SQLITE_DONE) {
        std::fprintf(stderr, "byline_fts5_index: %s\n", sqlite3_errmsg(db));
        return 3;
      }
      sqlite3_reset(insert);
      ++rows;
      return 0;
      });
  if (rc != 0) return rc;
  sqlite3_finalize(insert);
  if (!Exec(db, "COMMIT")) return 3;
  sqlite3_close(db);
  const double seconds = std::chrono::duration<double>(
      std::chrono::steady_clock::now() - started).count();
  std::fprintf(stderr, "byline_fts5_index: %lu rows, %lu bad lines in %.2f s -> %s\n",
               rows, bad, seconds, db_path.c_str());
  return bad == 0 ? 0 : 1;
}
