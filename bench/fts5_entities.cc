// The facet tables of the SQLite FTS5 contestant of the facet benchmark
// (bench/facets.sh): copies into the database that byline_fts5_index built
// (bench/fts5_index.cc: one FTS5 row per article) the entities Byline's
// indexer found and the facet fields of every article, read from a Byline
// index built with entities, so that both contestants count the same
// entities. Not a test and not part of Byline.
//
// For each document of the index it decodes the stored record
// (schema::DecodeStoredArticle), finds the FTS5 row of its article id and
// writes, in one transaction:
//   article_entities(article INTEGER,  -- rowid of articles
//                    type INTEGER,     -- schema::EntityType: 0 person,
//                                      -- 1 org, 2 place, 3 misc
//                    entity TEXT,      -- 16-hex id (ner::EntityId)
//                    display TEXT,     -- the article's form of the name
//                    PRIMARY KEY (article, type, entity)) WITHOUT ROWID
//     one row per canonical entity of the article: the table is clustered
//     on (article, ...), i.e. its primary key is the index on (article)
//     and covers every column, so an article's entities are one range;
//   article_meta(article INTEGER PRIMARY KEY,  -- rowid of articles
//                source TEXT,                  -- schema::SourceSlug
//                day TEXT)                     -- "YYYY-MM-DD" UTC, or NULL
// Tables of an earlier run are replaced. No ANALYZE: with sqlite_stat1
// SQLite 3.40 plans the facet joins of byline_fts5_search with a Bloom
// filter built by scanning the whole inner table on every query (the
// temporary table of matches has no statistics, so it is guessed large);
// without it they are plain lookups, and CROSS JOIN fixes their order.
//
// Usage: byline_fts5_entities --db FILE --index BYLINE_INDEX
#include <sqlite3.h>
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <unordered_map>

#include "absl/status/statusor.h"
#include "schema/record.h"
#include "schema/schema.h"

namespace {

constexpr char kUsage[] =
    "usage: byline_fts5_entities --db FILE --index BYLINE_INDEX\n";

bool Exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::fprintf(stderr, "byline_fts5_entities: %s: %s\n", sql, error);
    sqlite3_free(error);
    return false;
  }
  return true;
}

bool Prepare(sqlite3* db, const char* sql, sqlite3_stmt** stmt) {
  if (sqlite3_prepare_v2(db, sql, -1, stmt, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "byline_fts5_entities: %s: %s\n", sql,
                 sqlite3_errmsg(db));
    return false;
  }
  return true;
}

void BindText(sqlite3_stmt* stmt, int column, const std::string& text) {
  sqlite3_bind_text(stmt, column, text.data(), static_cast<int>(text.size()),
                    SQLITE_TRANSIENT);
}

// "YYYYMMDD" -> "YYYY-MM-DD".
std::string IsoDay(const std::string& day) {
  if (day.size() != 8) return day;
  return day.substr(0, 4) + "-" + day.substr(4, 2) + "-" + day.substr(6, 2);
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path, index_path;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--db" && i + 1 < argc) {
      db_path = argv[++i];
    } else if (arg == "--index" && i + 1 < argc) {
      index_path = argv[++i];
    } else {
      std::fputs(kUsage, stderr);
      return 2;
    }
  }
  if (db_path.empty() || index_path.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const auto started = std::chrono::steady_clock::now();
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) !=
      SQLITE_OK) {
    std::fprintf(stderr, "byline_fts5_entities: cannot open %s: %s\n",
                 db_path.c_str(), sqlite3_errmsg(db));
    return 3;
  }
  // The FTS5 rowid of every article id.
  std::unordered_map<std::string, sqlite3_int64> rowids;
  sqlite3_stmt* ids = nullptr;
  if (!Prepare(db, "SELECT rowid, id FROM articles", &ids)) return 3;
  while (sqlite3_step(ids) == SQLITE_ROW) {
    const auto* text =
        reinterpret_cast<const char*>(sqlite3_column_text(ids, 1));
    rowids.emplace(std::string(text, sqlite3_column_bytes(ids, 1)),
                   sqlite3_column_int64(ids, 0));
  }
  sqlite3_finalize(ids);

  if (!Exec(db, "DROP TABLE IF EXISTS article_entities") ||
      !Exec(db, "DROP TABLE IF EXISTS article_meta") ||
      !Exec(db,
            "CREATE TABLE article_entities(article INTEGER NOT NULL, "
            "type INTEGER NOT NULL, entity TEXT NOT NULL, display TEXT, "
            "PRIMARY KEY (article, type, entity)) WITHOUT ROWID") ||
      !Exec(db,
            "CREATE TABLE article_meta(article INTEGER PRIMARY KEY, "
            "source TEXT, day TEXT)") ||
      !Exec(db, "BEGIN")) {
    return 3;
  }
  sqlite3_stmt* insert_entity = nullptr;
  sqlite3_stmt* insert_meta = nullptr;
  if (!Prepare(db,
               "INSERT OR IGNORE INTO article_entities(article, type, entity, "
               "display) VALUES(?, ?, ?, ?)",
               &insert_entity) ||
      !Prepare(db,
               "INSERT OR REPLACE INTO article_meta(article, source, day) "
               "VALUES(?, ?, ?)",
               &insert_meta)) {
    return 3;
  }

  unsigned long documents = 0, missing = 0, bad = 0, entities = 0,
                duplicates = 0;
  try {
    Xapian::Database index(index_path);
    for (auto it = index.postlist_begin(""); it != index.postlist_end("");
         ++it) {
      ++documents;
      const std::string data = index.get_document(*it).get_data();
      absl::StatusOr<byline::schema::StoredArticle> stored =
          byline::schema::DecodeStoredArticle(data);
      if (!stored.ok()) {
        if (++bad <= 5) {
          std::fprintf(stderr, "byline_fts5_entities: document %u: %s\n", *it,
                       std::string(stored.status().message()).c_str());
        }
        continue;
      }
      const auto row = rowids.find(stored->article.id);
      if (row == rowids.end()) {
        if (++missing <= 5) {
          std::fprintf(stderr,
                       "byline_fts5_entities: article %s is not in %s\n",
                       stored->article.id.c_str(), db_path.c_str());
        }
        continue;
      }
      sqlite3_bind_int64(insert_meta, 1, row->second);
      BindText(insert_meta, 2,
               byline::schema::SourceSlug(stored->article.source));
      if (stored->article.published) {
        BindText(insert_meta, 3,
                 IsoDay(byline::schema::DayValue(*stored->article.published)));
      } else {
        sqlite3_bind_null(insert_meta, 3);
      }
      if (sqlite3_step(insert_meta) != SQLITE_DONE) {
        std::fprintf(stderr, "byline_fts5_entities: %s\n", sqlite3_errmsg(db));
        return 3;
      }
      sqlite3_reset(insert_meta);
      for (const byline::schema::ArticleEntity& e : stored->entities) {
        sqlite3_bind_int64(insert_entity, 1, row->second);
        sqlite3_bind_int(insert_entity, 2, static_cast<int>(e.type));
        BindText(insert_entity, 3, e.id);
        BindText(insert_entity, 4, e.display_name);
        if (sqlite3_step(insert_entity) != SQLITE_DONE) {
          std::fprintf(stderr, "byline_fts5_entities: %s\n",
                       sqlite3_errmsg(db));
          return 3;
        }
        sqlite3_reset(insert_entity);
        if (sqlite3_changes(db) == 1) {
          ++entities;
        } else {
          ++duplicates;
        }
      }
    }
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "byline_fts5_entities: %s: %s\n", index_path.c_str(),
                 e.get_description().c_str());
    return 3;
  }
  sqlite3_finalize(insert_entity);
  sqlite3_finalize(insert_meta);
  if (!Exec(db, "COMMIT") || !Exec(db, "DROP TABLE IF EXISTS sqlite_stat1")) {
    return 3;
  }
  sqlite3_close(db);
  const double seconds = std::chrono::duration<double>(
                             std::chrono::steady_clock::now() - started)
                             .count();
  std::fprintf(stderr,
               "byline_fts5_entities: %lu documents, %lu entity rows (%lu "
               "duplicates skipped), %lu articles not in the database, %lu "
               "bad records in %.2f s -> %s\n",
               documents, entities, duplicates, missing, bad, seconds,
               db_path.c_str());
  return missing == 0 && bad == 0 && documents > 0 ? 0 : 1;
}
