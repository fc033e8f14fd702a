// Facets of a search: the people, organisations, places and misc entities
// that the matching articles name, their sources, and a histogram of their
// publication dates, each value with the exact number of matching articles.
//
// At most three spies run, however many facets are asked: one on the
// packed entity value (schema/entity_value.h) for all entity facets, one on
// the source slot and one on the UTC day slot. One document is one article,
// so a spy counts articles, and an article has one entity set, so it counts
// once per entity it names. The sets hold entity ids only: counting is one
// hash update per id, and only the values shown are named (EntityNames:
// the form most articles of the index use).
//
// Over remote shards every spy is Xapian's built-in ValueCountMatchSpy,
// which stock xapian-tcpsrv runs on each shard and the front end merges:
// the entity spy counts distinct entity sets, and each set is unpacked once
// after the match and its count added to each of its entities. When every
// shard is local, entity sets are unpacked as the match sees them, by a
// spy of Byline's own (no map of whole sets: several times faster). Both
// give the same counts (tests/remote_shards_test compares them).
#ifndef BYLINE_SEARCHER_FACET_COUNTER_H_
#define BYLINE_SEARCHER_FACET_COUNTER_H_

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "schema/schema.h"

namespace byline {

enum class FacetField { kPerson, kOrganization, kPlace, kMisc, kSource, kDate };

// "person", "org", "place", "misc", "source", "date" (the query language's
// and the CLI's names); ParseFacetField also takes "organization",
// "location", "loc", "per" and "published".
absl::string_view FacetFieldName(FacetField field);
std::optional<FacetField> ParseFacetField(absl::string_view name);

// The entity type a field counts; nullopt for source and date.
std::optional<schema::EntityType> EntityTypeOfField(FacetField field);

enum class DateInterval { kAuto, kDay, kWeek, kMonth, kYear };
absl::string_view DateIntervalName(DateInterval interval);
std::optional<DateInterval> ParseDateInterval(absl::string_view name);

inline constexpr uint32_t kMaxFacetValues = 100;
// A date histogram never has more buckets: a longer span moves to the next
// coarser interval.
inline constexpr uint32_t kMaxDateBuckets = 400;

struct FacetRequest {
  FacetField field = FacetField::kPerson;
  uint32_t max_values = 10;  // 1 to kMaxFacetValues; not used for kDate
  DateInterval interval = DateInterval::kAuto;  // kDate only
};

struct FacetValue {
  // Entity: its id (16 hex digits); source: the slug; date: the first day
  // of the bucket ("2024-03-01").
  std::string value;
  // Entity: the form most articles of the index use; source: the slug;
  // date: the bucket ("2024-03-04", "2024-W10", "2024-03", "2024").
  std::string display_name;
  uint64_t articles = 0;
};

struct FacetResult {
  FacetField field = FacetField::kPerson;
  // Most articles first (ties by display name), at most max_values (for
  // entities, ties at the cut are chosen by id); a date
  // histogram in date order, every bucket from the first to the last.
  std::vector<FacetValue> values;
  uint64_t distinct_values = 0;  // values with at least one article
  DateInterval interval = DateInterval::kAuto;  // kDate: the one used
  // Whether the counts are estimates: counted over a uniform sample of
  // `counted_articles` of the matching articles (SearchRequest::
  // facet_article_limit) and scaled up to all of them, as is
  // `matching_articles`; distinct_values is then the sample's. Exact
  // counts have counted_articles == matching_articles, every article.
  bool estimated = false;
  uint64_t counted_articles = 0;
  uint64_t matching_articles = 0;
};

// The text form of a list of facet requests, as the CLI and the benchmarks
// take it: "person,org:20,date:month" (a field, then after a colon how many
// values to show, or for date the interval). InvalidArgument naming the bad
// item. Checks the syntax only (ValidateFacetRequests checks the rest).
absl::StatusOr<std::vector<FacetRequest>> ParseFacetList(
    absl::string_view spec);

// Checks `requests`: known fields, each at most once, max_values in range.
// InvalidArgument naming the request and field.
absl::Status ValidateFacetRequests(const std::vector<FacetRequest>& requests);

class EntityCounts;
class EntityNames;
class LocalFacetSpy;

// Thread safety: not thread-safe; one per search. The spies it attaches
// belong to it: keep it alive until Results() is read.
class FacetCounter {
 public:
  // `local_shards`: every shard of the database the counter is attached to
  // is local (then one spy of Byline's own counts every facet; a remote
  // shard would refuse it, so over remote shards each slot has Xapian's
  // ValueCountMatchSpy). `entity_counts` (not owned; may be null, then the
  // counter has its own) holds the entity counts between Attach() and
  // Results(): a Searcher passes the one it reuses across searches, which
  // one counter at a time may use (the constructor and Results() clear it).
  FacetCounter(std::vector<FacetRequest> requests, bool local_shards,
               EntityCounts* entity_counts = nullptr);
  ~FacetCounter();
  FacetCounter(const FacetCounter&) = delete;
  FacetCounter& operator=(const FacetCounter&) = delete;

  // Adds this counter's spies to `enquire`, which must then run a match
  // that checks every matching document (check_at_least >= doc count) for
  // the counts to be exact.
  void Attach(Xapian::Enquire& enquire);

  // The facets, in request order, from the spies after the match over
  // `db`; entity values are named by `names` (the form most articles of
  // `db` use). Throws Xapian::Error (reading names).
  // Call once per match.
  std::vector<FacetResult> Results(const Xapian::Database& db,
                                   EntityNames* names);

 private:
  std::vector<FacetRequest> requests_;
  // Entity types asked for (schema::EntityTypeBit); 0: no entity spy.
  uint32_t entity_types_ = 0;
  EntityCounts* entity_counts_;                     // not owned, or own_
  std::unique_ptr<EntityCounts> own_entity_counts_;
  std::unique_ptr<LocalFacetSpy> local_spy_;        // local shards
  // Remote-safe spies (some shard is remote).
  std::unique_ptr<Xapian::ValueCountMatchSpy> entity_spy_;
  std::unique_ptr<Xapian::ValueCountMatchSpy> source_spy_;
  std::unique_ptr<Xapian::ValueCountMatchSpy> day_spy_;
};

}  // namespace byline

#endif  // BYLINE_SEARCHER_FACET_COUNTER_H_
