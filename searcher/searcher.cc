// The Xapian read adapter: search, article lookup and statistics.
#include "searcher/searcher.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "generations/index_directory.h"
#include "ner/entity_key.h"
#include "schema/schema.h"
#include "util/status_macros.h"
#include "util/xapian_status.h"

namespace byline {
namespace {

// The manifest's remote timeouts, each at most budget_ms / (remote shards
// + 1) when budget_ms > 0: a call that meets a hung replica of every shard
// waits one timeout per shard (each failover reopens the other shards,
// whose greeting Xapian reads under the operation timeout) plus one for the
// first try, and so still ends within the budget.
generations::RemoteTimeouts CapRemoteTimeouts(
    generations::RemoteTimeouts timeouts,
    const std::vector<generations::ResolvedShard>& shards, uint32_t budget_ms) {
  if (budget_ms == 0) return timeouts;
  uint32_t remote = 0;
  for (const generations::ResolvedShard& shard : shards) {
    if (shard.remote()) ++remote;
  }
  const uint32_t cap = std::max<uint32_t>(1, budget_ms / (remote + 1));
  timeouts.connect_ms = std::min(timeouts.connect_ms, cap);
  timeouts.operation_ms = std::min(timeouts.operation_ms, cap);
  return timeouts;
}

constexpr int kMaxReopenAttempts = 3;
// Reads of the live pointer when the generation it named vanished before
// its hold was taken (a job swapped and removed it meanwhile).
constexpr int kMaxOpenAttempts = 3;
// Match counts below this are exact rather than estimated.
constexpr uint32_t kExactCountBelow = 100;

// The articles one facet match may count: the request's limit, capped by
// the server's (0 on either side: no limit from it; 0 returned: all).
uint32_t CappedFacetLimit(uint32_t requested, uint32_t cap) {
  if (requested == 0) return cap;
  return cap == 0 ? requested : std::min(requested, cap);
}

// How many sample buckets (schema::kPrefixSample) hold about `limit` of
// `matching` articles: 0 when that is all of them (count exactly).
uint32_t SampleBucketsFor(uint32_t limit, uint64_t matching) {
  if (limit == 0 || matching <= limit) return 0;
  const uint64_t buckets =
      (uint64_t{limit} * schema::kSampleBuckets + matching - 1) / matching;
  return buckets >= schema::kSampleBuckets ? 0
                                           : static_cast<uint32_t>(buckets);
}

// The articles of sample buckets 0..buckets-1, as a filter.
Xapian::Query SampleFilter(uint32_t buckets) {
  std::vector<Xapian::Query> terms;
  for (uint32_t b = 0; b < buckets; ++b) {
    terms.emplace_back(schema::SampleTerm(b));
  }
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}
// A query word's weight in passages never falls below this, so that even a
// word in most articles still picks the passage that has it.
constexpr double kMinWordWeight = 0.05;

// DeadlineExceeded naming `stage` once `deadline` has passed.
absl::Status CheckDeadline(const SearchDeadline& deadline,
                           absl::string_view stage) {
  if (deadline.at == absl::InfiniteFuture() || deadline.Now() < deadline.at) {
    return absl::OkStatus();
  }
  return absl::DeadlineExceededError(absl::StrCat("deadline passed ", stage));
}

// Exact number of documents matching `query`.
Xapian::doccount CountMatches(const Xapian::Database& db,
                              const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
}

Xapian::Query PublishedRange(const std::optional<absl::CivilDay>& from,
                             const std::optional<absl::CivilDay>& to) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  const std::string lo =
      from ? schema::SerializeTime(absl::FromCivil(*from, utc)) : "";
  const std::string hi =
      to ? schema::SerializeTime(absl::FromCivil(*to + 1, utc) -
                                 absl::Seconds(1))
         : "";
  if (from && to) {
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotPublished,
                         lo, hi);
  }
  if (from) {
    return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotPublished,
                         lo);
  }
  return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kSlotPublished, hi);
}

bool IsEntityId(absl::string_view id) {
  return id.size() == 16 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// The request's filters, each with the facet field it narrows (the source
// facet for `sources`, an entity facet for an entity filter; dates narrow
// no facet, since a histogram shows the range asked for).
struct RequestFilter {
  std::optional<FacetField> field;
  Xapian::Query query;
};

absl::StatusOr<std::vector<RequestFilter>> RequestFilters(
    const SearchRequest& request) {
  std::vector<RequestFilter> filters;
  if (!request.sources.empty()) {
    std::vector<Xapian::Query> sources;
    for (const std::string& s : request.sources) {
      sources.emplace_back(schema::SourceTerm(s));
    }
    filters.push_back(
        {FacetField::kSource,
         Xapian::Query(Xapian::Query::OP_OR, sources.begin(), sources.end())});
  }
  std::vector<FacetField> seen;
  for (size_t i = 0; i < request.entity_filters.size(); ++i) {
    const SearchRequest::EntityFilter& f = request.entity_filters[i];
    const std::optional<schema::EntityType> type = EntityTypeOfField(f.field);
    if (!type) {
      return absl::InvalidArgumentError(absl::StrCat(
          "entity_filters[", i, "].field: '", FacetFieldName(f.field),
          "' is not an entity field (person, org, place, misc)"));
    }
    if (std::find(seen.begin(), seen.end(), f.field) != seen.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "entity_filters[", i, "].field: a second filter on '",
          FacetFieldName(f.field), "'; list its ids in one filter"));
    }
    seen.push_back(f.field);
    if (f.ids.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("entity_filters[", i, "].ids: empty"));
    }
    std::vector<Xapian::Query> ids;
    for (size_t j = 0; j < f.ids.size(); ++j) {
      if (!IsEntityId(f.ids[j])) {
        return absl::InvalidArgumentError(absl::StrCat(
            "entity_filters[", i, "].ids[", j, "]: '", f.ids[j],
            "' is not an entity id (16 hex digits, as facets return)"));
      }
      ids.emplace_back(schema::EntityTerm(*type, f.ids[j]));
    }
    filters.push_back(
        {f.field, Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end())});
  }
  if (request.published_from || request.published_to) {
    filters.push_back({std::nullopt, PublishedRange(request.published_from,
                                                    request.published_to)});
  }
  return filters;
}

// The mentions of `article` wholly inside `bounds`, with their entities and
// code point offsets (counted from the passage's start: mentions are in
// body order, passages start on code point boundaries).
std::vector<PassageEntity> PassageEntities(
    const schema::StoredArticle& article, const schema::PassageBounds& bounds) {
  std::vector<PassageEntity> entities;
  const auto& mentions = article.mentions;
  auto it =
      std::lower_bound(mentions.begin(), mentions.end(), bounds.start_byte,
                       [](const schema::EntityMention& m, uint32_t at) {
                         return m.start_byte < at;
                       });
  uint32_t byte = bounds.start_byte, chars = bounds.start_char;
  auto advance_to = [&](uint32_t to) {
    if (to < byte) {  // overlapping mentions: count again from the start
      byte = bounds.start_byte;
      chars = bounds.start_char;
    }
    for (; byte < to; ++byte) {
      chars += (static_cast<unsigned char>(article.body[byte]) & 0xC0) != 0x80;
    }
    return chars;
  };
  for (; it != mentions.end() && it->start_byte < bounds.end_byte; ++it) {
    // DecodeStoredArticle checked the range and the entity index.
    if (it->end_byte > bounds.end_byte) continue;  // crosses the passage end
    const schema::ArticleEntity& e = article.entities[it->entity];
    PassageEntity entity;
    entity.type = e.type;
    entity.id = e.id;
    entity.display_name = e.display_name;
    entity.start_byte = it->start_byte;
    entity.start_char = advance_to(it->start_byte);
    entity.end_byte = it->end_byte;
    entity.end_char = advance_to(it->end_byte);
    entities.push_back(std::move(entity));
  }
  return entities;
}

// `query` filtered by every filter except those narrowing `except`.
Xapian::Query Filtered(const Xapian::Query& query,
                       const std::vector<RequestFilter>& filters,
                       std::optional<FacetField> except) {
  std::vector<Xapian::Query> kept;
  for (const RequestFilter& f : filters) {
    if (!except || f.field != except) kept.push_back(f.query);
  }
  if (kept.empty()) return query;
  return Xapian::Query(
      Xapian::Query::OP_FILTER, query,
      Xapian::Query(Xapian::Query::OP_AND, kept.begin(), kept.end()));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Searcher>> Searcher::Open(
    const std::string& path, const SearcherOptions& options) {
  for (int attempt = 1;; ++attempt) {
    BYLINE_ASSIGN_OR_RETURN(
        generations::ResolvedIndex index,
        generations::ResolveLive(path, generations::RemoteShards::kAllow));
    if (index.kind != generations::IndexKind::kGenerations) {
      return OpenShards(path, index, nullptr, options);
    }
    absl::StatusOr<std::unique_ptr<generations::GenerationHold>> hold =
        generations::GenerationHold::Acquire(index.generation_dir);
    if (absl::IsNotFound(hold.status()) && attempt < kMaxOpenAttempts) {
      // The pointer moved on and the generation read was removed between
      // reading the pointer and taking the hold: read the pointer again.
      continue;
    }
    if (!hold.ok()) return hold.status();
    return OpenShards(path, index, *std::move(hold), options);
  }
}

absl::StatusOr<std::unique_ptr<Searcher>> Searcher::OpenGeneration(
    const std::string& dir, absl::string_view name,
    const SearcherOptions& options) {
  BYLINE_ASSIGN_OR_RETURN(generations::ResolvedIndex index,
                          generations::ResolveGeneration(
                              dir, name, generations::RemoteShards::kAllow));
  BYLINE_ASSIGN_OR_RETURN(
      std::unique_ptr<generations::GenerationHold> hold,
      generations::GenerationHold::Acquire(index.generation_dir));
  return OpenShards(dir, index, std::move(hold), options);
}

absl::StatusOr<std::unique_ptr<Searcher>> Searcher::OpenShards(
    const std::string& path, const generations::ResolvedIndex& index,
    std::unique_ptr<generations::GenerationHold> hold,
    const SearcherOptions& options) {
  BYLINE_ASSIGN_OR_RETURN(auto analyzer,
                          TextAnalyzer::Create(options.analyzer));
  // Built once per Searcher (unless shared through the options), never per
  // query: it reads ICU's region data.
  SearcherOptions searcher_options = options;
  if (searcher_options.entity_keyer == nullptr) {
    BYLINE_ASSIGN_OR_RETURN(searcher_options.entity_keyer,
                            ner::EntityKeyer::Create());
  }
  if (index.shards.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the index at ", path, " lists no shards"));
  }
  const std::string& generation = index.generation;
  const std::string what =
      generation.empty()
          ? absl::StrCat("index ", path)
          : absl::StrCat("generation ", generation, " of ", path);
  // One database per shard, in shard-number order (the manifest's for a
  // generation): never through a stub's line order.
  auto connector = std::make_unique<ShardConnector>(
      path, what, index.shards,
      CapRemoteTimeouts(index.remote_timeouts, index.shards,
                        options.remote_call_budget_ms),
      generation, ShardConnector::NextSpread(), options.replica_retry_after);
  BYLINE_ASSIGN_OR_RETURN(Xapian::Database db, connector->Open());
  std::unique_ptr<Searcher> searcher(new Searcher(
      path, generation, std::move(hold), std::move(connector), std::move(db),
      std::move(searcher_options), std::move(analyzer)));
  // Like a call: a replica that fails here fails over too.
  absl::Status checked = searcher->RetryOnModified(
      absl::StrCat("opening ", what), [&]() -> absl::Status {
        const std::string version =
            searcher->db_.get_metadata(std::string(schema::kMetaSchemaVersion));
        if (version != schema::kSchemaVersion) {
          return absl::FailedPreconditionError(
              schema::SchemaMismatchMessage(path, version));
        }
        searcher->ReadIndexFacts();
        return absl::OkStatus();
      });
  if (!checked.ok()) return checked;
  return searcher;
}

Searcher::Searcher(std::string path, std::string generation,
                   std::unique_ptr<generations::GenerationHold> hold,
                   std::unique_ptr<ShardConnector> connector,
                   Xapian::Database db, SearcherOptions options,
                   std::unique_ptr<TextAnalyzer> analyzer)
    : path_(std::move(path)),
      generation_(std::move(generation)),
      hold_(std::move(hold)),
      connector_(std::move(connector)),
      db_(std::move(db)),
      options_(std::move(options)),
      analyzer_(std::move(analyzer)) {}

void Searcher::ReadIndexFacts() {
  // Three calls, cached (also over remote shards).
  mixed_languages_ =
      db_.get_termfreq(schema::LanguageTerm(options_.builder.language)) !=
      db_.get_doccount();
  // The first shard's (Xapian reads metadata from the first database):
  // shards of one build are made alike.
  has_sample_terms_ =
      db_.get_metadata(std::string(schema::kMetaSampleBuckets)) ==
      absl::StrCat(schema::kSampleBuckets);
}

Searcher::~Searcher() = default;

template <typename Attempt>
auto Searcher::RetryOnModified(absl::string_view what, Attempt attempt)
    -> decltype(attempt()) {
  int reopens = 0;
  int failovers = 0;
  if (connector_->remote()) {
    // Back to the preferred replicas when due; on failure keep the
    // connections that work (the next try is scheduled).
    const absl::Time now = absl::Now();
    if (connector_->RebalanceDue(now)) {
      if (std::optional<Xapian::Database> db = connector_->Rebalance(now)) {
        db_ = *std::move(db);
      }
    }
  }
  for (;;) {
    try {
      return attempt();
    } catch (const Xapian::DatabaseModifiedError& e) {
      // A writer committed twice while we read: reopen and try again.
      if (++reopens >= kMaxReopenAttempts) {
        return absl::UnavailableError(absl::StrCat(
            what, ": the index kept changing underneath: ", e.get_msg()));
      }
      BYLINE_RETURN_IF_ERROR(Reopen());
    } catch (const Xapian::NetworkError& e) {
      // A remote shard failed mid-call (NetworkTimeoutError included).
      // Bounded: each retry follows a reconnect, at most max_retries().
      if (failovers >= connector_->max_retries()) {
        return XapianStatus(
            e, absl::StrCat(what, ": ", connector_->DescribeFailure(e)));
      }
      ++failovers;
      BYLINE_RETURN_IF_ERROR(FailOver(e));
    } catch (const Xapian::Error& e) {
      return XapianStatus(e, what);
    }
  }
}

absl::Status Searcher::FailOver(const Xapian::Error& e) {
  BYLINE_ASSIGN_OR_RETURN(db_, connector_->Reconnect(e));
  return absl::OkStatus();
}

absl::Status Searcher::Reopen() {
  try {
    // Reopen runs before every served request; the language mix can only
    // change when the index did.
    if (db_.reopen()) ReadIndexFacts();
    return absl::OkStatus();
  } catch (const Xapian::Error& e) {
    return XapianStatus(e, absl::StrCat("reopening index ", path_));
  }
}

absl::StatusOr<SearchResult> Searcher::Search(const SearchRequest& request) {
  return RetryOnModified("searching", [&] { return SearchOnce(request); });
}

absl::StatusOr<ArticleRecord> Searcher::GetArticle(const std::string& id) {
  return RetryOnModified("reading an article",
                         [&] { return GetArticleOnce(id); });
}

absl::StatusOr<IndexStats> Searcher::Stats() {
  return RetryOnModified("reading index statistics",
                         [&] { return StatsOnce(); });
}

absl::StatusOr<EntityList> Searcher::ListEntities(
    const EntityListRequest& request) {
  BYLINE_RETURN_IF_ERROR(ValidateEntityListRequest(request));
  const EntityLookup lookup(options_.entity_keyer.get());
  if (request.query.empty()) {
    return RetryOnModified("listing entities",
                           [&] { return lookup.ListOrThrow(db_, request); });
  }
  // A query's entities: its facets, over every matching article. The page
  // is one result past the rerank window, so that at most one record is
  // read. By relevance: over remote shards, Xapian 1.4 over-counts match
  // spies for a short page sorted by value (seen with xapian-tcpsrv).
  SearchRequest search;
  search.query = request.query;
  search.limit = 1;
  search.offset = options_.ranker.rerank_window;
  search.sort = SortOrder::kRelevance;
  search.facets = EntityLookup::FacetRequestsFor(request);
  BYLINE_ASSIGN_OR_RETURN(SearchResult result, Search(search));
  return lookup.FromFacets(result.facets, request);
}

absl::StatusOr<SearchResult> Searcher::SearchOnce(
    const SearchRequest& request) {
  const absl::Time start = absl::Now();
  if (request.limit == 0 || request.limit > options_.max_limit) {
    return absl::InvalidArgumentError(absl::StrCat("page size must be 1 to ",
                                                   options_.max_limit, ", not ",
                                                   request.limit));
  }
  if (static_cast<uint64_t>(request.offset) + request.limit >
      options_.max_result_window) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a page may reach result ", options_.max_result_window,
        " at most; this one starts at result ", uint64_t{request.offset} + 1,
        " and would end at ", uint64_t{request.offset} + request.limit,
        ". Narrow the query (more words, a source: or date: filter) instead "
        "of paging deeper"));
  }
  if (request.passages_per_article == 0 ||
      request.passages_per_article > kMaxPassagesPerArticle) {
    return absl::InvalidArgumentError(absl::StrCat(
        "passages per article must be 1 to ", kMaxPassagesPerArticle, ", not ",
        request.passages_per_article));
  }
  if (request.published_from && request.published_to &&
      *request.published_from > *request.published_to) {
    return absl::InvalidArgumentError("date range ends before it starts");
  }
  BYLINE_ASSIGN_OR_RETURN(QueryNode root,
                          ParseQuery(request.query, options_.parser));
  QueryBuilderOptions builder_options = options_.builder;
  builder_options.exact_forms = builder_options.exact_forms && mixed_languages_;
  builder_options.entity_keyer = options_.entity_keyer.get();
  QueryBuilder builder(analyzer_.get(), builder_options);
  BYLINE_ASSIGN_OR_RETURN(BuiltQuery built, builder.Build(root, request.query));

  BYLINE_RETURN_IF_ERROR(ValidateFacetRequests(request.facets));
  BYLINE_ASSIGN_OR_RETURN(const std::vector<RequestFilter> filters,
                          RequestFilters(request));
  const Xapian::Query query = Filtered(built.query, filters, std::nullopt);

  SearchResult result;
  result.sort_used = (request.sort == SortOrder::kDate || !built.weighted)
                         ? SortOrder::kDate
                         : SortOrder::kRelevance;
  const bool by_relevance = result.sort_used == SortOrder::kRelevance;
  Xapian::Enquire enquire(db_);
  enquire.set_query(query);
  enquire.set_weighting_scheme(
      Xapian::BM25Weight(options_.bm25_k1, 0, 1, options_.bm25_b, 0.5));
  // Date order: newest first (undated last: an empty value sorts lowest),
  // then by relevance, then by document id: a total order within a
  // generation, so paging is stable among equal and missing dates. A sort
  // by value slot is the only sort Xapian 1.4's remote protocol carries (a
  // KeyMaker is refused over remote shards), so local and remote shards
  // order alike.
  if (!by_relevance) {
    enquire.set_sort_by_value_then_relevance(schema::kSlotPublished,
                                             /*reverse=*/true);
  }

  // Stage 1: one match over whole articles. A page inside the rerank window
  // fetches the whole window (its order depends on all of it); any other
  // page fetches just itself, plus one result to tell whether more follow.
  const uint32_t window = by_relevance ? options_.ranker.rerank_window : 0;
  const uint32_t end = request.offset + request.limit + 1;
  const uint32_t first = request.offset < window ? 0 : request.offset;
  const uint32_t fetch_end =
      request.offset < window ? std::max(end, window) : end;
  // Facets: those whose field no filter narrows are counted by this match,
  // which then checks every matching article; each other one by a match of
  // its own without its field's filters.
  std::vector<FacetRequest> counted_here;
  std::vector<size_t> counted_here_at, counted_apart_at;
  for (size_t i = 0; i < request.facets.size(); ++i) {
    const bool narrowed = std::any_of(
        filters.begin(), filters.end(), [&](const RequestFilter& f) {
          return f.field == request.facets[i].field;
        });
    (narrowed ? counted_apart_at : counted_here_at).push_back(i);
    if (!narrowed) counted_here.push_back(request.facets[i]);
  }
  // Facets are counted by an unsorted match of their own (BoolWeight, every
  // matching article checked), so that the ranking match keeps Xapian's
  // pruning: measured at 100k articles, faster than checking every article
  // in the ranking match. (Xapian 1.4's spies on a match sorted by value
  // also count some articles twice over xapian-tcpsrv: see
  // tests/remote_shards_test.)
  const bool local_shards = !connector_->remote();
  FacetCounter counter(counted_here, local_shards, &entity_counts_);
  const Xapian::doccount check_at_least = std::max(end, kExactCountBelow);
  const SearchDeadline& deadline = request.deadline;
  BYLINE_RETURN_IF_ERROR(CheckDeadline(deadline, "before the match"));
  // Past the deadline a match stops checking articles beyond the page
  // (Xapian's timer; local shards only, its remote support is unsure): the
  // counts would be inexact, but the check after the match fails then
  // anyway. 1 ms later, so that it never fires before.
  const auto limit_time = [&](Xapian::Enquire& e) {
    if (deadline.at != absl::InfiniteFuture() && local_shards) {
      e.set_time_limit(std::max(
          0.001, absl::ToDoubleSeconds(deadline.at - deadline.Now()) + 0.001));
    }
  };
  limit_time(enquire);
  const Xapian::MSet mset =
      enquire.get_mset(first, fetch_end - first, check_at_least);
  ++result.calls.matches;
  // A facet article limit (the request's or the server's) over more
  // matching articles than it: the facets are counted over a uniform
  // sample of about that many (sample buckets 0..k-1 of kSampleBuckets)
  // and scaled up by kSampleBuckets / k. Indexes without sample terms
  // always count exactly.
  const uint32_t sample_buckets =
      has_sample_terms_
          ? SampleBucketsFor(CappedFacetLimit(request.facet_article_limit,
                                              options_.max_facet_articles),
                             mset.get_matches_estimated())
          : 0;
  const Xapian::Query sample_filter =
      sample_buckets > 0 ? SampleFilter(sample_buckets) : Xapian::Query();
  // One facet match: unsorted, every article matching `q` (or of the
  // sample) checked by the counter's spies. Sets how many were counted on
  // `facets`; returns the number of matching articles when it is exact.
  const auto count_facets = [&](const Xapian::Query& q, FacetCounter& c,
                                std::vector<FacetResult>* facets)
      -> std::optional<Xapian::doccount> {
    Xapian::Enquire e(db_);
    e.set_query(sample_buckets > 0
                    ? Xapian::Query(Xapian::Query::OP_FILTER, q, sample_filter)
                    : q);
    e.set_weighting_scheme(Xapian::BoolWeight());
    c.Attach(e);
    limit_time(e);
    ++result.calls.matches;
    const Xapian::doccount counted =
        e.get_mset(0, 0, db_.get_doccount()).get_matches_lower_bound();
    *facets = c.Results(db_, &entity_names_);
    const double scale =
        sample_buckets > 0
            ? static_cast<double>(schema::kSampleBuckets) / sample_buckets
            : 1.0;
    for (FacetResult& facet : *facets) {
      facet.estimated = sample_buckets > 0;
      facet.counted_articles = counted;
      facet.matching_articles = std::llround(counted * scale);
      if (sample_buckets == 0) continue;
      for (FacetValue& v : facet.values) {
        v.articles = std::llround(v.articles * scale);
      }
    }
    if (sample_buckets > 0) return std::nullopt;
    return counted;
  };
  BYLINE_RETURN_IF_ERROR(CheckDeadline(deadline, "after the match"));
  result.facets.resize(request.facets.size());
  std::optional<Xapian::doccount> exact_articles;
  if (!counted_here.empty()) {
    BYLINE_RETURN_IF_ERROR(
        CheckDeadline(deadline, "before the match counting the facets"));
    std::vector<FacetResult> counted;
    exact_articles = count_facets(query, counter, &counted);
    BYLINE_RETURN_IF_ERROR(
        CheckDeadline(deadline, "after the match counting the facets"));
    for (size_t k = 0; k < counted.size(); ++k) {
      result.facets[counted_here_at[k]] = std::move(counted[k]);
    }
  }
  for (size_t i : counted_apart_at) {
    const FacetRequest& facet = request.facets[i];
    BYLINE_RETURN_IF_ERROR(CheckDeadline(
        deadline, absl::StrCat("before the match counting the ",
                               FacetFieldName(facet.field), " facet")));
    FacetCounter own({facet}, local_shards, &entity_counts_);
    std::vector<FacetResult> counted;
    count_facets(Filtered(built.query, filters, facet.field), own, &counted);
    result.facets[i] = std::move(counted.front());
  }
  result.estimated_articles =
      exact_articles ? *exact_articles
      : mset.get_matches_lower_bound() == mset.get_matches_upper_bound()
          ? mset.get_matches_lower_bound()
          : mset.get_matches_estimated();
  result.has_more = mset.size() > 0 && first + mset.size() >= end;

  // The candidates whose passages are scored: the rerank window (when the
  // page reaches into it) and the page.
  const uint32_t page_first = request.offset - first;
  const uint32_t page_end = std::min<uint32_t>(
      static_cast<uint32_t>(mset.size()), page_first + request.limit);
  const uint32_t scored_count =
      first == 0 ? std::max(std::min<uint32_t>(window, mset.size()), page_end)
                 : page_end;
  absl::flat_hash_map<std::string, double> weights;
  const double articles = std::max<double>(1, db_.get_doccount());
  for (const auto& [key, term] :
       PassageScorer::WordKeys(built.terms, *analyzer_)) {
    if (term.empty()) continue;
    const double df = mset.get_termfreq(term);
    weights[key] =
        std::max(kMinWordWeight, std::log((articles - df + 0.5) / (df + 0.5)));
  }
  PassageScorer scorer(built.terms, std::move(weights), analyzer_.get(),
                       options_.passages, DetectIntent(request.query));
  struct Scored {
    schema::StoredArticle article;
    std::vector<ScoredPassage> passages;
  };
  std::vector<Scored> scored(scored_count);
  std::vector<ArticleCandidate> candidates(scored_count);
  for (uint32_t i = 0; i < scored_count; ++i) {
    const Xapian::MSetIterator it = mset[i];
    BYLINE_RETURN_IF_ERROR(CheckDeadline(
        deadline, absl::StrCat("before scoring the passages of result ",
                               first + i + 1, " (reading its record)")));
    BYLINE_ASSIGN_OR_RETURN(scored[i].article, LoadArticle(*it, &result.calls));
    scored[i].passages = scorer.Score(scored[i].article);
    candidates[i].article_score = by_relevance ? it.get_weight() : 0;
    for (const ScoredPassage& p : scored[i].passages) {
      candidates[i].best_passage_score =
          std::max(candidates[i].best_passage_score, p.score);
    }
  }
  ArticleRankerOptions ranker = options_.ranker;
  ranker.rerank_window = first == 0 ? window : 0;
  const std::vector<size_t> order = RerankArticles(candidates, ranker);

  for (uint32_t i = page_first; i < page_end; ++i) {
    Scored& article = scored[order[i]];
    const double score =
        by_relevance ? CombinedScore(candidates[order[i]], ranker) : 0;
    for (const ScoredPassage* p :
         ChoosePassages(article.passages, request.passages_per_article)) {
      const schema::PassageBounds& bounds = article.article.passages[p->index];
      PassageHit hit;
      hit.rank = first + i + 1;
      hit.score = score;
      hit.passage_score = p->score;
      hit.article = article.article.article;
      hit.passage_index = p->index;
      hit.passage_count =
          static_cast<uint32_t>(article.article.passages.size());
      hit.start_byte = bounds.start_byte;
      hit.end_byte = bounds.end_byte;
      hit.start_char = bounds.start_char;
      hit.end_char = bounds.end_char;
      hit.text = article.article.body.substr(
          bounds.start_byte, bounds.end_byte - bounds.start_byte);
      hit.highlights = p->highlights;
      hit.entities = PassageEntities(article.article, bounds);
      result.hits.push_back(std::move(hit));
    }
  }
  result.elapsed = absl::Now() - start;
  return result;
}

absl::StatusOr<schema::StoredArticle> Searcher::LoadArticle(
    Xapian::docid docid, DatabaseCalls* calls) {
  ++calls->documents;
  absl::StatusOr<schema::StoredArticle> article =
      schema::DecodeStoredArticle(db_.get_document(docid).get_data());
  if (!article.ok()) {
    return absl::Status(article.status().code(),
                        absl::StrCat("document ", docid, " of ", path_, ": ",
                                     article.status().message()));
  }
  return article;
}

absl::StatusOr<ArticleRecord> Searcher::GetArticleOnce(const std::string& id) {
  const std::string id_term = schema::ArticleIdTerm(id);
  Xapian::PostingIterator it = db_.postlist_begin(id_term);
  if (it == db_.postlist_end(id_term)) {
    return absl::NotFoundError(absl::StrCat("no article with id '", id, "'"));
  }
  DatabaseCalls calls;
  BYLINE_ASSIGN_OR_RETURN(schema::StoredArticle stored,
                          LoadArticle(*it, &calls));
  const uint32_t passages = static_cast<uint32_t>(stored.passages.size());
  return ArticleRecord{std::move(stored.article), std::move(stored.body),
                       passages};
}

absl::StatusOr<IndexStats> Searcher::StatsOnce() {
  IndexStats stats;
  stats.path = path_;
  stats.generation = generation_;
  stats.articles = db_.get_doccount();
  stats.passages = db_.get_collection_freq(std::string(schema::kTermPassages));
  stats.average_passage_words =
      stats.passages == 0
          ? 0
          : static_cast<double>(db_.get_total_length()) / stats.passages;
  stats.schema_version =
      db_.get_metadata(std::string(schema::kMetaSchemaVersion));
  stats.built_at = db_.get_metadata(std::string(schema::kMetaBuiltAt));
  const std::string lower = db_.get_value_lower_bound(schema::kSlotPublished);
  const std::string upper = db_.get_value_upper_bound(schema::kSlotPublished);
  uint64_t dated = 0;
  if (!lower.empty()) {
    stats.oldest_published = schema::DeserializeTime(lower);
    stats.newest_published = schema::DeserializeTime(upper);
    dated = CountMatches(db_, Xapian::Query(Xapian::Query::OP_VALUE_GE,
                                            schema::kSlotPublished, lower));
  }
  stats.undated_articles =
      stats.articles - std::min<uint64_t>(dated, stats.articles);
  // One source term per article: its frequency is the article count.
  const std::string prefix(schema::kPrefixSource);
  for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix);
       ++it) {
    stats.articles_by_source.emplace_back((*it).substr(prefix.size()),
                                          it.get_termfreq());
  }
  std::sort(stats.articles_by_source.begin(), stats.articles_by_source.end(),
            [](const auto& a, const auto& b) {
              return a.second != b.second ? a.second > b.second
                                          : a.first < b.first;
            });
  return stats;
}

}  // namespace byline
