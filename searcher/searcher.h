// Runs Byline queries against an index in two stages: Xapian ranks whole
// articles (BM25 over title and body, one bounded match per request), then
// each shown article's passages are scored from its stored record and the
// top of the list is reordered by both kinds of evidence (see
// article_ranker.h). Also reads articles and index statistics. This is the
// only searcher code that calls Xapian's read API; Xapian exceptions become
// absl::Status here (util/xapian_status.h). A Searcher opens one generation
// of an index (generations/index_directory.h) and holds it (a
// GenerationHold) until it is destroyed, so that jobs do not remove it
// underneath. A generation's shards may be remote (xapian-tcpsrv, with
// replicas; see searcher/shard_connector.h): results are the same as over
// local shards, and a call that fails with a network error is retried on
// other replicas.
#ifndef BYLINE_SEARCHER_SEARCHER_H_
#define BYLINE_SEARCHER_SEARCHER_H_

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "analysis/text_analyzer.h"
#include "generations/locks.h"
#include "schema/record.h"
#include "searcher/article_ranker.h"
#include "searcher/entity_lookup.h"
#include "searcher/entity_counts.h"
#include "searcher/entity_names.h"
#include "searcher/facet_counter.h"
#include "searcher/passage_scorer.h"
#include "searcher/query_builder.h"
#include "searcher/query_parser.h"
#include "searcher/shard_connector.h"

namespace byline {

enum class SortOrder { kRelevance, kDate };

// SearchRequest::passages_per_article is 1 to this.
inline constexpr uint32_t kMaxPassagesPerArticle = 100;

// When a search must be over (a server's per-call time budget). Search
// checks it between its stages and fails with DeadlineExceeded naming the
// stage it reached; over local shards the match itself also stops checking
// extra articles (for exact counts) once it passes.
struct SearchDeadline {
  absl::Time at = absl::InfiniteFuture();
  // Read at each check; null reads absl::Now (tests pass a fake clock).
  std::function<absl::Time()> clock;

  absl::Time Now() const { return clock ? clock() : absl::Now(); }
};

struct SearchRequest {
  std::string query;
  // Paging counts results (articles): skip `offset`, return `limit`, each
  // with up to `passages_per_article` passages. offset + limit may not
  // exceed SearcherOptions::max_result_window.
  uint32_t offset = 0;
  uint32_t limit = 10;
  uint32_t passages_per_article = 1;
  // kRelevance falls back to newest first when the query has no words that
  // carry weight (only filters).
  SortOrder sort = SortOrder::kRelevance;
  // Extra filters, ANDed with the query's own (for API clients).
  std::vector<std::string> sources;              // any of these
  std::optional<absl::CivilDay> published_from;  // inclusive
  std::optional<absl::CivilDay> published_to;    // inclusive
  // Entity filters (drill-down): an article must name one of each
  // filter's entities (ids, 16 hex digits); filters of different fields are
  // ANDed. `field` is an entity field (person, org, place, misc), at most
  // one filter per field.
  struct EntityFilter {
    FacetField field = FacetField::kPerson;
    std::vector<std::string> ids;
  };
  std::vector<EntityFilter> entity_filters;
  // Facets to count over every matching article (none: no counting cost).
  // A facet whose field is filtered (an entity filter, or `sources` for the
  // source facet) is counted without its own filter, so that its other
  // values stay visible (disjunctive faceting): one more match per such
  // facet.
  std::vector<FacetRequest> facets;
  // Count the facets over a uniform sample of about this many of the
  // matching articles instead of all of them (when more match), scaled up
  // to all: faster for broad queries, but the counts are then estimates
  // (FacetResult::estimated, counted_articles). 0: all (exact), unless
  // SearcherOptions::max_facet_articles caps it. Indexes built before
  // sample terms (schema::kMetaSampleBuckets) always count exactly.
  uint32_t facet_article_limit = 0;
  // None by default.
  SearchDeadline deadline;
};

// An entity mention inside a passage (from the article's stored record):
// body[start_byte, end_byte) is the name as written; start_char/end_char
// are the same span in code points.
struct PassageEntity {
  schema::EntityType type = schema::EntityType::kPerson;
  // The entity's id (16 hex digits), as facets return it and entity
  // filters (person:ID, SearchRequest::entity_filters) take it.
  std::string id;
  // The canonical display name of the article's entity (its most frequent
  // full form there: "Marieke van Dalen" for a mention "Ms. van Dalen").
  std::string display_name;
  uint32_t start_byte = 0;
  uint32_t end_byte = 0;
  uint32_t start_char = 0;
  uint32_t end_char = 0;

  bool operator==(const PassageEntity&) const = default;
};

struct PassageHit {
  // 1-based rank of the passage's article over the whole result list; the
  // passages of one article share it.
  uint32_t rank = 0;
  // The ranking score: the article's combined score (see
  // article_ranker.h); 0 for filter-only queries.
  double score = 0;
  double passage_score = 0;  // the passage's own score within its article
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
  // The entity mentions lying wholly inside the passage, in body order
  // (none for an index built without entities).
  std::vector<PassageEntity> entities;
};

// Database calls one search made: bounded by the page size and rerank
// window, never by the number of matching articles. Over remote shards a
// match costs two round trips per shard (the query, then the global
// statistics), and a document read one round trip to its shard.
struct DatabaseCalls {
  // Enquire::get_mset: 1, plus 1 per facet counted without its own filter,
  // plus 1 for the other facets of a search in date order.
  uint32_t matches = 0;
  uint32_t documents = 0;  // Database::get_document
};

struct SearchResult {
  std::vector<PassageHit> hits;
  // How many articles match the query: exact below 100 and whenever
  // Xapian knows it, else Xapian's estimate.
  uint64_t estimated_articles = 0;
  // Whether results exist past this page.
  bool has_more = false;
  SortOrder sort_used = SortOrder::kRelevance;
  // In the order requested; counts are exact (every matching article)
  // unless a facet article limit applied (FacetResult::estimated).
  std::vector<FacetResult> facets;
  absl::Duration elapsed;
  DatabaseCalls calls;
};

struct ArticleRecord {
  schema::ArticleMeta meta;
  std::string body;
  uint32_t passage_count = 0;
};

struct IndexStats {
  std::string path;
  // The generation the statistics describe ("gen-000004"); "" for an index
  // without generations (a plain database or a stub from before them).
  std::string generation;
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
  // BM25 parameters (Xapian::BM25Weight) for whole articles.
  double bm25_k1 = 1.2;
  double bm25_b = 0.75;
  // Largest page served, in results.
  uint32_t max_limit = 1000;
  // Deepest result a page may reach (offset + limit), like Elasticsearch's
  // max_result_window: every page is one bounded Xapian match.
  uint32_t max_result_window = 10000;
  // About the most articles one facet match counts (0: no cap, exact
  // counts). A search matching more gets its facets counted over a sample
  // of about that many and flagged as estimates: a bound on facet work for
  // servers with very large indexes.
  uint32_t max_facet_articles = 0;
  ArticleRankerOptions ranker;
  PassageScorerOptions passages;
  // Canonicalises entity names in queries (person:"Ms. van Dalen's"), as
  // the indexer does. Immutable and thread-safe: one may be shared by every
  // Searcher of a process. Null: Open builds one (ner::EntityKeyer::Create,
  // from ICU data) and the Searcher keeps it. builder.entity_keyer is set
  // from this and need not be set.
  std::shared_ptr<const ner::EntityKeyer> entity_keyer;
  // Over remote shards: the time one call may spend waiting on shard hosts
  // that do not answer (0: no bound but the manifest's timeouts). Each of
  // Xapian's remote timeouts is capped at remote_call_budget_ms / (remote
  // shards + 1), so that a call meeting a hung replica of every shard
  // fails over (or fails) within it. `byline serve` sets it to its request
  // budget. A shard operation that legitimately takes longer than the cap
  // fails over too, so the budget must exceed the slowest shard's answer.
  uint32_t remote_call_budget_ms = 0;
  // After failing over, how long until the Searcher tries its preferred
  // replicas again (then twice as long each time, up to 5 minutes; each
  // spread over up to 1.5x), at the start of a call: a probe of at most
  // 100 ms per replica still down (ShardConnector::Rebalance).
  absl::Duration replica_retry_after = absl::Seconds(10);
};

// Thread safety: not thread-safe (owns a Xapian::Database and analyzers).
// Each thread opens its own Searcher.
class Searcher {
 public:
  // Opens the live generation of the index at `path` read-only (or, for an
  // index without generations, the plain database or legacy stub there):
  // one Xapian database per shard, in the manifest's shard order, and a
  // hold on the generation for the Searcher's lifetime. Errors: NotFound
  // if there is no index, FailedPrecondition if its schema version differs
  // or its pointer or manifest cannot be used, DataLoss for a missing or
  // damaged shard of a generation, Unavailable (naming the shard and its
  // replicas) for a remote shard none of whose replicas answers within the
  // manifest's timeouts.
  static absl::StatusOr<std::unique_ptr<Searcher>> Open(
      const std::string& path, const SearcherOptions& options = {});

  // Opens generation `name` ("gen-000004") of the index at `dir`, live or
  // not, and holds it. Errors: NotFound when the generation does not exist
  // (any more) or is being removed; InvalidArgument for a name that is not
  // a generation name; otherwise as Open.
  static absl::StatusOr<std::unique_ptr<Searcher>> OpenGeneration(
      const std::string& dir, absl::string_view name,
      const SearcherOptions& options = {});

  ~Searcher();

  // Errors: InvalidArgument for a bad query or paging, naming the problem;
  // Internal for index errors. Reopens the index and retries when a writer
  // has moved it on underneath (DatabaseModifiedError). Over remote shards,
  // a network error reconnects (the failed shard to its next replica) and
  // retries, up to once per other replica (ShardConnector::max_retries);
  // then Unavailable naming the shard and replica. Each wait is bounded by
  // the remote timeouts (the manifest's, capped by
  // options.remote_call_budget_ms): a call over shards that do not answer
  // ends within (1 + max_retries) operation timeouts plus one operation
  // timeout per hung replica it reopens (Xapian reads a remote server's
  // greeting under the operation timeout; the kernel completes the TCP
  // connect of a stopped server, so the connect timeout rarely fires).
  // After a failover, a call due to return to the preferred replicas
  // reconnects first (ShardConnector::Rebalance). GetArticle and Stats
  // behave the same. DeadlineExceeded, naming the stage, once request.deadline has
  // passed (checked before and after the match, before each facet's own
  // match and before each article's record is read).
  absl::StatusOr<SearchResult> Search(const SearchRequest& request);

  // Returns the article with `id`; NotFound if there is none.
  absl::StatusOr<ArticleRecord> GetArticle(const std::string& id);

  absl::StatusOr<IndexStats> Stats();

  // Entity look-up (searcher/entity_lookup.h): the most-named entities of
  // the index, or the completions of request.prefix, from the index's
  // entity terms (no document read; allterms scans, each one streamed call
  // per remote shard), retried and failed over like Stats. With
  // request.query, the entities of the articles matching it, from facets
  // (one Search: its errors). InvalidArgument for a bad request
  // (ValidateEntityListRequest), naming the field.
  absl::StatusOr<EntityList> ListEntities(const EntityListRequest& request);

  // Picks up the latest committed version of the databases opened (a
  // generation never changes once complete, so this matters only for
  // indexes without generations). It never moves to another generation:
  // open a new Searcher for that.
  absl::Status Reopen();

  // The generation open ("gen-000004"); "" for an index without
  // generations.
  const std::string& generation() const { return generation_; }
  // The index directory (or database) as given to Open.
  const std::string& path() const { return path_; }
  // The replica in use for each shard (index into the manifest's list; -1
  // for a local shard), in shard order.
  std::vector<int> chosen_replicas() const {
    return connector_->chosen_replicas();
  }

 private:
  Searcher(std::string path, std::string generation,
           std::unique_ptr<generations::GenerationHold> hold,
           std::unique_ptr<ShardConnector> connector, Xapian::Database db,
           SearcherOptions options, std::unique_ptr<TextAnalyzer> analyzer);
  // Opens the shards of `index` under `hold` (null for indexes without
  // generations).
  static absl::StatusOr<std::unique_ptr<Searcher>> OpenShards(
      const std::string& path, const generations::ResolvedIndex& index,
      std::unique_ptr<generations::GenerationHold> hold,
      const SearcherOptions& options);
  // Runs `attempt`, reopening and retrying on DatabaseModifiedError,
  // failing over to other replicas on network errors, and turning other
  // Xapian errors into statuses.
  template <typename Attempt>
  auto RetryOnModified(absl::string_view what, Attempt attempt)
      -> decltype(attempt());
  // Reconnects after the network error `e` (ShardConnector::Reconnect).
  absl::Status FailOver(const Xapian::Error& e);
  absl::StatusOr<SearchResult> SearchOnce(const SearchRequest& request);
  // The stored record of `docid`, counted in `calls`.
  absl::StatusOr<schema::StoredArticle> LoadArticle(Xapian::docid docid,
                                                    DatabaseCalls* calls);
  absl::StatusOr<ArticleRecord> GetArticleOnce(const std::string& id);
  absl::StatusOr<IndexStats> StatsOnce();

  // Reads whether the index holds articles in other languages than the
  // query language (see QueryBuilderOptions::exact_forms) and whether it
  // has sample terms; at open and reopen. Throws Xapian::Error.
  void ReadIndexFacts();

  std::string path_;
  std::string generation_;
  // Declared before db_ so that it is released only after db_ is closed.
  std::unique_ptr<generations::GenerationHold> hold_;
  std::unique_ptr<ShardConnector> connector_;
  Xapian::Database db_;
  bool mixed_languages_ = true;
  // Whether every article has a sample term (schema::kPrefixSample), so
  // that facets may be counted over a sample; read at open and reopen.
  bool has_sample_terms_ = false;
  SearcherOptions options_;
  std::unique_ptr<TextAnalyzer> analyzer_;
  EntityNames entity_names_;  // facet display names, cached
  EntityCounts entity_counts_;  // the entity facets' counters, reused
};

}  // namespace byline

#endif  // BYLINE_SEARCHER_SEARCHER_H_
