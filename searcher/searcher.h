// Runs Byline queries against an index: parsing, Xapian matching with BM25
// over passages, grouping by article, passage text and highlights. Also
// reads articles and index statistics. This is the only searcher code that
// calls Xapian's read API; Xapian exceptions become absl::Status here.
#ifndef BYLINE_SEARCHER_SEARCHER_H_
#define BYLINE_SEARCHER_SEARCHER_H_

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "analysis/text_analyzer.h"
#include "schema/record.h"
#include "searcher/article_ranker.h"
#include "searcher/highlighter.h"
#include "searcher/query_builder.h"
#include "searcher/query_parser.h"

namespace byline {

enum class SortOrder { kRelevance, kDate };

struct SearchRequest {
  std::string query;
  uint32_t offset = 0;  // passages to skip (paging)
  uint32_t limit = 10;  // passages to return
  // At most this many passages of one article are returned.
  uint32_t passages_per_article = 1;
  // kRelevance falls back to newest first when the query has no words that
  // carry weight (only filters).
  SortOrder sort = SortOrder::kRelevance;
  // Extra filters, ANDed with the query's own (for API clients).
  std::vector<std::string> sources;  // any of these
  std::optional<absl::CivilDay> published_from;  // inclusive
  std::optional<absl::CivilDay> published_to;    // inclusive
};

struct PassageHit {
  uint32_t rank = 0;  // 1-based over the whole result list
  // The ranking score: the article's combined score (see
  // article_ranker.h); 0 for filter-only queries.
  double score = 0;
  double passage_score = 0;  // the passage's own BM25 weight
  schema::ArticleMeta article;
  uint32_t passage_index = 0;
  uint32_t passage_count = 0;
  // Offsets into the article body: body[start_byte, end_byte) == text.
  uint32_t start_byte = 0;
  uint32_t end_byte = 0;
  uint32_t start_char = 0;
  uint32_t end_char = 0;
  std::string text;
  // Highlights, as offsets into the article body (not the passage).
  std::vector<HighlightSpan> highlights;
};

struct SearchResult {
  std::vector<PassageHit> hits;
  // Xapian's estimate of how many articles match the query.
  uint64_t estimated_articles = 0;
  // Whether results exist past this page.
  bool has_more = false;
  SortOrder sort_used = SortOrder::kRelevance;
  absl::Duration elapsed;
};

struct ArticleRecord {
  schema::ArticleMeta meta;
  std::string body;
  uint32_t passage_count = 0;
};

struct IndexStats {
  std::string path;
  uint64_t articles = 0;
  uint64_t passages = 0;
  uint64_t undated_articles = 0;
  double average_passage_words = 0;
  std::string schema_version;
  std::string built_at;  // RFC 3339, UTC, of the last commit
  std::optional<absl::Time> oldest_published;
  std::optional<absl::Time> newest_published;
  std::vector<std::pair<std::string, uint64_t>> articles_by_source;
};

struct SearcherOptions {
  QueryParserOptions parser;
  QueryBuilderOptions builder;
  AnalyzerOptions analyzer;
  // BM25 parameters (Xapian::BM25Weight). Passages are short and similar in
  // length, so length normalisation is mild.
  double bm25_k1 = 1.2;
  double bm25_b = 0.5;
  // Largest page and deepest offset served.
  uint32_t max_limit = 1000;
  // Article-level evidence: how passages of one article add up, and how many
  // top passages are reranked by it.
  ArticleEvidenceOptions article_evidence;
  uint32_t evidence_window = 100;
  uint32_t max_offset = 100000;
};

// Thread safety: not thread-safe (owns a Xapian::Database and analyzers).
// Each thread opens its own Searcher.
class Searcher {
 public:
  // Opens the index at `path` read-only. Errors: NotFound if there is no
  // index, FailedPrecondition if its schema version differs.
  static absl::StatusOr<std::unique_ptr<Searcher>> Open(
      const std::string& path, const SearcherOptions& options = {});

  ~Searcher();

  // Errors: InvalidArgument for a bad query or paging, naming the problem;
  // Internal for index errors. Reopens the index and retries when a writer
  // has moved it on underneath (DatabaseModifiedError).
  absl::StatusOr<SearchResult> Search(const SearchRequest& request);

  // Returns the article with `id`; NotFound if there is none.
  absl::StatusOr<ArticleRecord> GetArticle(const std::string& id);

  absl::StatusOr<IndexStats> Stats();

  // Picks up the latest committed version of the index.
  absl::Status Reopen();

 private:
  Searcher(std::string path, Xapian::Database db, SearcherOptions options,
           std::unique_ptr<TextAnalyzer> analyzer);
  // Runs `attempt`, reopening and retrying on DatabaseModifiedError and
  // turning other Xapian errors into statuses.
  template <typename Attempt>
  auto RetryOnModified(absl::string_view what, Attempt attempt)
      -> decltype(attempt());
  absl::StatusOr<SearchResult> SearchOnce(const SearchRequest& request);
  // Choose the passages of a page (plus one, to tell whether more follow),
  // filling in the article estimate.
  std::vector<RankedPassage> SelectByRelevance(Xapian::Enquire& enquire,
                                               const SearchRequest& request,
                                               SearchResult* result);
  std::vector<RankedPassage> SelectByDate(Xapian::Enquire& enquire,
                                          const SearchRequest& request,
                                          SearchResult* result);
  // The body word (stem) a matching term stands for; "" for title and
  // boolean terms.
  std::string BodyWordOfTerm(const std::string& term);
  absl::StatusOr<ArticleRecord> GetArticleOnce(const std::string& id);
  absl::StatusOr<IndexStats> StatsOnce();

  std::string path_;
  Xapian::Database db_;
  SearcherOptions options_;
  std::unique_ptr<TextAnalyzer> analyzer_;
};

}  // namespace byline

#endif  // BYLINE_SEARCHER_SEARCHER_H_
