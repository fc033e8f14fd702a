// The Xapian read adapter: search, article lookup and statistics.
#include "searcher/searcher.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "schema/schema.h"
#include "util/status_macros.h"

namespace byline {
namespace {

constexpr int kMaxReopenAttempts = 3;
constexpr uint32_t kMaxPassagesPerArticle = 100;
// Match counts below this are exact rather than estimated.
constexpr Xapian::doccount kExactCountBelow = 100;

absl::Status FromXapian(const Xapian::Error& e, absl::string_view what) {
  return absl::InternalError(
      absl::StrCat(what, ": ", e.get_type(), ": ", e.get_msg()));
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

// Counts the articles `enquire` (collapsed to one passage per article)
// matches: exactly when there are fewer than kExactCountBelow, else Xapian's
// estimate. Xapian's collapsed estimates can be far off for small result
// sets, which users notice ("About 40 articles" over 18 results).
uint64_t CountArticles(Xapian::Enquire& enquire) {
  Xapian::MSet all = enquire.get_mset(0, kExactCountBelow, kExactCountBelow);
  if (all.size() < kExactCountBelow) return all.size();
  return all.get_matches_estimated();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Searcher>> Searcher::Open(
    const std::string& path, const SearcherOptions& options) {
  BYLINE_ASSIGN_OR_RETURN(auto analyzer, TextAnalyzer::Create(options.analyzer));
  try {
    Xapian::Database db(path);
    const std::string version =
        db.get_metadata(std::string(schema::kMetaSchemaVersion));
    if (version != schema::kSchemaVersion) {
      return absl::FailedPreconditionError(
          version.empty()
              ? absl::StrCat(path, " is not a Byline index")
              : absl::StrCat(path, " has index schema version ", version,
                             "; this Byline reads version ",
                             schema::kSchemaVersion, ". Rebuild the index."));
    }
    return std::unique_ptr<Searcher>(
        new Searcher(path, std::move(db), options, std::move(analyzer)));
  } catch (const Xapian::DatabaseOpeningError& e) {
    return absl::NotFoundError(
        absl::StrCat("no index at ", path, " (", e.get_msg(), ")"));
  } catch (const Xapian::Error& e) {
    return FromXapian(e, absl::StrCat("opening index ", path));
  }
}

Searcher::Searcher(std::string path, Xapian::Database db,
                   SearcherOptions options,
                   std::unique_ptr<TextAnalyzer> analyzer)
    : path_(std::move(path)),
      db_(std::move(db)),
      options_(std::move(options)),
      analyzer_(std::move(analyzer)) {}

Searcher::~Searcher() = default;

template <typename Attempt>
auto Searcher::RetryOnModified(absl::string_view what, Attempt attempt)
    -> decltype(attempt()) {
  for (int tries = 1;; ++tries) {
    try {
      return attempt();
    } catch (const Xapian::DatabaseModifiedError& e) {
      // A writer committed twice while we read: reopen and try again.
      if (tries >= kMaxReopenAttempts) {
        return absl::UnavailableError(absl::StrCat(
            what, ": the index kept changing underneath: ", e.get_msg()));
      }
      BYLINE_RETURN_IF_ERROR(Reopen());
    } catch (const Xapian::Error& e) {
      return FromXapian(e, what);
    }
  }
}

absl::Status Searcher::Reopen() {
  try {
    db_.reopen();
    return absl::OkStatus();
  } catch (const Xapian::Error& e) {
    return FromXapian(e, absl::StrCat("reopening index ", path_));
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

absl::StatusOr<SearchResult> Searcher::SearchOnce(
    const SearchRequest& request) {
  const absl::Time start = absl::Now();
  if (request.limit == 0 || request.limit > options_.max_limit) {
    return absl::InvalidArgumentError(absl::StrCat(
        "page size must be 1 to ", options_.max_limit, ", not ",
        request.limit));
  }
  if (request.offset > options_.max_offset) {
    return absl::InvalidArgumentError(absl::StrCat(
        "offset ", request.offset, " is past the deepest page served (",
        options_.max_offset, ")"));
  }
  if (request.passages_per_article == 0 ||
      request.passages_per_article > kMaxPassagesPerArticle) {
    return absl::InvalidArgumentError(
        absl::StrCat("passages per article must be 1 to ",
                     kMaxPassagesPerArticle, ", not ",
                     request.passages_per_article));
  }
  if (request.published_from && request.published_to &&
      *request.published_from > *request.published_to) {
    return absl::InvalidArgumentError("date range ends before it starts");
  }
  BYLINE_ASSIGN_OR_RETURN(QueryNode root,
                          ParseQuery(request.query, options_.parser));
  QueryBuilder builder(analyzer_.get(), options_.builder);
  BYLINE_ASSIGN_OR_RETURN(BuiltQuery built, builder.Build(root, request.query));

  Xapian::Query query = built.query;
  std::vector<Xapian::Query> filters;
  if (!request.sources.empty()) {
    std::vector<Xapian::Query> sources;
    for (const std::string& s : request.sources) {
      sources.emplace_back(schema::SourceTerm(s));
    }
    filters.emplace_back(Xapian::Query::OP_OR, sources.begin(), sources.end());
  }
  if (request.published_from || request.published_to) {
    filters.push_back(
        PublishedRange(request.published_from, request.published_to));
  }
  if (!filters.empty()) {
    query = Xapian::Query(
        Xapian::Query::OP_FILTER, query,
        Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
  }

  SearchResult result;
  result.sort_used = (request.sort == SortOrder::kDate || !built.weighted)
                         ? SortOrder::kDate
                         : SortOrder::kRelevance;
  Xapian::Enquire enquire(db_);
  enquire.set_query(query);
  enquire.set_weighting_scheme(
      Xapian::BM25Weight(options_.bm25_k1, 0, 1, options_.bm25_b, 0.5));
  std::vector<RankedPassage> page =
      result.sort_used == SortOrder::kRelevance
          ? SelectByRelevance(enquire, request, &result)
          : SelectByDate(enquire, request, &result);
  result.has_more = page.size() > request.limit;
  if (result.has_more) page.resize(request.limit);

  for (const RankedPassage& selected : page) {
    BYLINE_ASSIGN_OR_RETURN(
        schema::StoredPassage stored,
        schema::DecodeStoredPassage(db_.get_document(selected.docid).get_data()));
    PassageHit hit;
    hit.score = selected.score;
    hit.passage_score = selected.passage_score;
    hit.article = std::move(stored.article);
    hit.passage_index = stored.passage_index;
    hit.passage_count = stored.passage_count;
    hit.start_byte = stored.start_byte;
    hit.end_byte = stored.end_byte;
    hit.start_char = stored.start_char;
    hit.end_char = stored.end_char;
    hit.text = std::move(stored.text);
    hit.highlights = Highlight(hit.text, built.terms, *analyzer_);
    for (HighlightSpan& span : hit.highlights) {
      span.start_byte += hit.start_byte;
      span.end_byte += hit.start_byte;
      span.start_char += hit.start_char;
      span.end_char += hit.start_char;
    }
    hit.rank = request.offset + static_cast<uint32_t>(result.hits.size()) + 1;
    result.hits.push_back(std::move(hit));
  }
  result.elapsed = absl::Now() - start;
  return result;
}

std::string Searcher::BodyWordOfTerm(const std::string& term) {
  if (absl::StartsWith(term, schema::kPrefixStem)) {
    const absl::string_view stem =
        absl::string_view(term).substr(schema::kPrefixStem.size());
    // "ZS..." is a title stem: titles count in every passage already.
    return absl::StartsWith(stem, schema::kPrefixTitle) ? "" : std::string(stem);
  }
  if (term.empty() || absl::ascii_isupper(static_cast<unsigned char>(term[0]))) {
    return "";  // title and boolean terms
  }
  std::string stem = analyzer_->Stem(term, options_.builder.language);
  return stem.empty() ? term : stem;
}

std::vector<RankedPassage> Searcher::SelectByRelevance(
    Xapian::Enquire& enquire, const SearchRequest& request,
    SearchResult* result) {
  const uint32_t per_article = request.passages_per_article;
  const Xapian::doccount needed = request.offset + request.limit + 1;
  // Collapse to enough passages per article to gather its evidence.
  enquire.set_collapse_key(
      schema::kSlotArticleId,
      std::max(per_article, options_.article_evidence.evidence_passages));
  const Xapian::doccount window =
      std::max<Xapian::doccount>(options_.evidence_window, 1);
  Xapian::MSet mset = enquire.get_mset(0, window);
  std::vector<PassageCandidate> candidates;
  candidates.reserve(mset.size());
  absl::flat_hash_map<std::string, uint32_t> passages_of;  // per article
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    candidates.push_back({*it, it.get_weight(), it.get_collapse_key(), {}});
    ++passages_of[candidates.back().article_key];
  }
  // The query words each passage matched (by stem), needed only where an
  // article has several passages in the window.
  absl::flat_hash_map<std::string, double> word_weight;
  absl::flat_hash_map<std::string, std::string> word_of_term;
  const double doc_count = db_.get_doccount();
  for (size_t i = 0; i < candidates.size(); ++i) {
    PassageCandidate& candidate = candidates[i];
    if (passages_of[candidate.article_key] < 2) continue;
    const Xapian::MSetIterator it = mset[static_cast<Xapian::doccount>(i)];
    for (auto t = enquire.get_matching_terms_begin(it);
         t != enquire.get_matching_terms_end(it); ++t) {
      const std::string term = *t;
      auto [known, inserted] = word_of_term.try_emplace(term);
      if (inserted) {
        known->second = BodyWordOfTerm(term);
        if (!known->second.empty() && !word_weight.contains(known->second)) {
          // Xapian's BM25 idf of the word's stem (or exact form).
          double df = db_.get_termfreq(schema::BodyStemTerm(known->second));
          if (df == 0) df = db_.get_termfreq(term);
          word_weight[known->second] =
              std::max(0.0, std::log((doc_count - df + 0.5) / (df + 0.5)));
        }
      }
      if (!known->second.empty()) candidate.words.push_back(known->second);
    }
  }
  // Every match fits in the window: the article count is exact. Otherwise
  // scale Xapian's passage estimate by the window's articles per passage.
  result->estimated_articles =
      mset.size() < window
          ? passages_of.size()
          : static_cast<uint64_t>(static_cast<double>(
                                      mset.get_matches_estimated()) *
                                  passages_of.size() / mset.size());
  std::vector<RankedPassage> ranked = RankByArticleEvidence(
      candidates, per_article, word_weight, options_.article_evidence);

  // Past the window, results follow Xapian's order, skipping articles
  // already ranked, so that every page of a query agrees with the others.
  absl::flat_hash_map<std::string, uint32_t> taken;
  for (Xapian::doccount first = mset.size();
       ranked.size() < needed && mset.size() == window;) {
    Xapian::MSet more = enquire.get_mset(first, window);
    if (more.empty()) break;
    first += more.size();
    for (auto it = more.begin(); it != more.end(); ++it) {
      const std::string key = it.get_collapse_key();
      if (passages_of.contains(key) || ++taken[key] > per_article) continue;
      ranked.push_back({*it, it.get_weight(), it.get_weight()});
    }
    if (more.size() < window) break;
  }
  ranked.erase(ranked.begin(),
               ranked.begin() + std::min<size_t>(request.offset, ranked.size()));
  return ranked;
}

std::vector<RankedPassage> Searcher::SelectByDate(Xapian::Enquire& enquire,
                                                  const SearchRequest& request,
                                                  SearchResult* result) {
  enquire.set_collapse_key(schema::kSlotArticleId,
                           request.passages_per_article);
  // Newest first, then by article id, then by relevance: a total order in
  // which an article's passages are adjacent (they share date and id), so
  // pages never need regrouping and paging is stable even among undated
  // articles. MultiValueKeyMaker is built into Xapian (remote-safe).
  Xapian::MultiValueKeyMaker date_then_article;
  date_then_article.add_value(schema::kSlotPublished, /*reverse=*/true);
  date_then_article.add_value(schema::kSlotArticleId);
  enquire.set_sort_by_key_then_relevance(&date_then_article, false);
  const Xapian::doccount wanted = request.limit + 1;  // one more: has_more
  Xapian::MSet mset = enquire.get_mset(
      request.offset, wanted,
      std::max<Xapian::doccount>(request.offset + wanted, kExactCountBelow));
  const bool exact =
      mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  std::vector<RankedPassage> page;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    page.push_back({*it, it.get_weight(), it.get_weight()});
  }
  if (request.passages_per_article == 1 &&
      (exact || mset.get_matches_lower_bound() >= kExactCountBelow)) {
    result->estimated_articles = mset.get_matches_estimated();
  } else {
    enquire.set_collapse_key(schema::kSlotArticleId, 1);
    result->estimated_articles = CountArticles(enquire);
  }
  return page;
}

absl::StatusOr<ArticleRecord> Searcher::GetArticleOnce(const std::string& id) {
  Xapian::Enquire enquire(db_);
  enquire.set_query(Xapian::Query(
      Xapian::Query::OP_AND, Xapian::Query(schema::ArticleIdTerm(id)),
      Xapian::Query(std::string(schema::kTermArticleHead))));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  Xapian::MSet mset = enquire.get_mset(0, 1);
  if (mset.empty()) {
    return absl::NotFoundError(absl::StrCat("no article with id '", id, "'"));
  }
  BYLINE_ASSIGN_OR_RETURN(
      schema::StoredPassage stored,
      schema::DecodeStoredPassage(mset.begin().get_document().get_data()));
  if (!stored.body) {
    return absl::DataLossError(
        absl::StrCat("article '", id, "' has no stored body"));
  }
  return ArticleRecord{std::move(stored.article), *std::move(stored.body),
                       stored.passage_count};
}

absl::StatusOr<IndexStats> Searcher::StatsOnce() {
  IndexStats stats;
  stats.path = path_;
  const std::string head(schema::kTermArticleHead);
  stats.passages = db_.get_doccount();
  stats.articles = db_.get_termfreq(head);
  stats.average_passage_words = db_.get_avlength();
  stats.schema_version =
      db_.get_metadata(std::string(schema::kMetaSchemaVersion));
  stats.built_at = db_.get_metadata(std::string(schema::kMetaBuiltAt));
  const std::string lower = db_.get_value_lower_bound(schema::kSlotPublished);
  const std::string upper = db_.get_value_upper_bound(schema::kSlotPublished);
  uint64_t dated = 0;
  if (!lower.empty()) {
    stats.oldest_published = schema::DeserializeTime(lower);
    stats.newest_published = schema::DeserializeTime(upper);
    dated = CountMatches(
        db_, Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(head),
                           Xapian::Query(Xapian::Query::OP_VALUE_GE,
                                         schema::kSlotPublished, lower)));
  }
  stats.undated_articles = stats.articles - std::min<uint64_t>(dated, stats.articles);
  const std::string prefix(schema::kPrefixSource);
  for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix);
       ++it) {
    const std::string term = *it;
    stats.articles_by_source.emplace_back(
        term.substr(prefix.size()),
        CountMatches(db_, Xapian::Query(Xapian::Query::OP_AND,
                                        Xapian::Query(head),
                                        Xapian::Query(term))));
  }
  std::sort(stats.articles_by_source.begin(), stats.articles_by_source.end(),
            [](const auto& a, const auto& b) {
              return a.second != b.second ? a.second > b.second
                                          : a.first < b.first;
            });
  return stats;
}

}  // namespace byline
