// Facets of a search: the people, organisations, places and misc entities
// that the matching articles name, their sources, and a histogram of their
// publication dates, each value with the exact number of matching articles.
//
// Counting uses only Xapian's built-in ValueCountMatchSpy, so that stock
// xapian-tcpsrv runs the spies on each shard and the front end merges them:
// the same counts over local, remote and compacted shards. At most three
// spies run, however many facets are asked: one on the packed entity value
// (schema/entity_value.h) for all entity facets, one on the source slot and
// one on the UTC day slot. One document is one article, so a spy counts
// articles. The entity spy counts distinct entity sets; each set is
// unpacked once after the match and its count added to each of its
// entities: exact, since an article has one set. The sets carry the
// article's display form of each entity; the counter merges forms by
// entity id and shows the form most matching articles use.
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
  // Entity: its most used form among the matching articles; source: the
  // slug; date: the bucket ("2024-03-04", "2024-W10", "2024-03", "2024").
  std::string display_name;
  uint64_t articles = 0;
};

struct FacetResult {
  FacetField field = FacetField::kPerson;
  // Most articles first (ties by display name), at most max_values; a date
  // histogram in date order, every bucket from the first to the last.
  std::vector<FacetValue> values;
  uint64_t distinct_values = 0;  // values with at least one article
  DateInterval interval = DateInterval::kAuto;  // kDate: the one used
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

// Thread safety: not thread-safe; one per search. The spies it attaches
// belong to it: keep it alive until Results() is read.
class FacetCounter {
 public:
  explicit FacetCounter(std::vector<FacetRequest> requests);
  ~FacetCounter();
  FacetCounter(const FacetCounter&) = delete;
  FacetCounter& operator=(const FacetCounter&) = delete;

  // Adds this counter's spies to `enquire`, which must then run a match
  // that checks every matching document (check_at_least >= doc count) for
  // the counts to be exact.
  void Attach(Xapian::Enquire& enquire);

  // The facets, in request order, from the spies after the match.
  std::vector<FacetResult> Results() const;

 private:
  std::vector<FacetRequest> requests_;
  // Entity types asked for (schema::EntityTypeBit); 0: no entity spy.
  uint32_t entity_types_ = 0;
  std::unique_ptr<Xapian::ValueCountMatchSpy> entity_spy_;
  std::unique_ptr<Xapian::ValueCountMatchSpy> source_spy_;
  std::unique_ptr<Xapian::ValueCountMatchSpy> day_spy_;
};

}  // namespace byline

#endif  // BYLINE_SEARCHER_FACET_COUNTER_H_
