// FacetCounter: at most three match spies, merged into facets.
#include "searcher/facet_counter.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "schema/entity_value.h"
#include "searcher/entity_counts.h"
#include "searcher/entity_names.h"

namespace byline {
namespace {

struct FieldName {
  FacetField field;
  absl::string_view name;
};
constexpr FieldName kFieldNames[] = {
    {FacetField::kPerson, "person"},
    {FacetField::kOrganization, "org"},
    {FacetField::kPlace, "place"},
    {FacetField::kMisc, "misc"},
    {FacetField::kSource, "source"},
    {FacetField::kDate, "date"},
    {FacetField::kPerson, "per"},
    {FacetField::kOrganization, "organization"},
    {FacetField::kPlace, "location"},
    {FacetField::kPlace, "loc"},
    {FacetField::kDate, "published"},
};

constexpr absl::string_view kIntervalNames[] = {"auto", "day", "week", "month",
                                                "year"};

// Most articles first, then by display name and value: a total order.
void SortAndCut(std::vector<FacetValue>* values, uint32_t max_values) {
  std::sort(values->begin(), values->end(),
            [](const FacetValue& a, const FacetValue& b) {
              if (a.articles != b.articles) return a.articles > b.articles;
              if (a.display_name != b.display_name) {
                return a.display_name < b.display_name;
              }
              return a.value < b.value;
            });
  if (values->size() > max_values) values->resize(max_values);
}

// "YYYYMMDD" (schema::DayValue) -> day.
std::optional<absl::CivilDay> ParseDay(absl::string_view value) {
  int y, m, d;
  if (value.size() != 8 || !absl::SimpleAtoi(value.substr(0, 4), &y) ||
      !absl::SimpleAtoi(value.substr(4, 2), &m) ||
      !absl::SimpleAtoi(value.substr(6, 2), &d)) {
    return std::nullopt;
  }
  return absl::CivilDay(y, m, d);
}

// The first day of `day`'s bucket.
absl::CivilDay BucketStart(absl::CivilDay day, DateInterval interval) {
  switch (interval) {
    case DateInterval::kWeek:  // ISO weeks start on Monday
      return absl::PrevWeekday(day + 1, absl::Weekday::monday);
    case DateInterval::kMonth:
      return absl::CivilDay(absl::CivilMonth(day));
    case DateInterval::kYear:
      return absl::CivilDay(absl::CivilYear(day));
    default:
      return day;
  }
}

absl::CivilDay NextBucket(absl::CivilDay start, DateInterval interval) {
  switch (interval) {
    case DateInterval::kWeek:
      return start + 7;
    case DateInterval::kMonth:
      return absl::CivilDay(absl::CivilMonth(start) + 1);
    case DateInterval::kYear:
      return absl::CivilDay(absl::CivilYear(start) + 1);
    default:
      return start + 1;
  }
}

std::string BucketLabel(absl::CivilDay start, DateInterval interval) {
  switch (interval) {
    case DateInterval::kWeek: {
      // ISO 8601 week-numbering year and week of the week's Thursday.
      const absl::CivilDay thursday = start + 3;
      const absl::CivilDay jan1(thursday.year(), 1, 1);
      const int week = static_cast<int>((thursday - jan1) / 7) + 1;
      return absl::StrFormat("%04d-W%02d", thursday.year(), week);
    }
    case DateInterval::kMonth:
      return absl::StrFormat("%04d-%02d", start.year(), start.month());
    case DateInterval::kYear:
      return absl::StrFormat("%04d", start.year());
    default:
      return absl::StrFormat("%04d-%02d-%02d", start.year(), start.month(),
                             start.day());
  }
}

// Buckets from `first` to `last`, both included.
int64_t BucketCount(absl::CivilDay first, absl::CivilDay last,
                    DateInterval interval) {
  switch (interval) {
    case DateInterval::kWeek:
      return (BucketStart(last, interval) - BucketStart(first, interval)) / 7 +
             1;
    case DateInterval::kMonth:
      return absl::CivilMonth(last) - absl::CivilMonth(first) + 1;
    case DateInterval::kYear:
      return absl::CivilYear(last) - absl::CivilYear(first) + 1;
    default:
      return last - first + 1;
  }
}

// Auto: days up to two months, weeks up to a year, months up to ten years,
// then years.
DateInterval ChooseInterval(absl::CivilDay first, absl::CivilDay last) {
  const int64_t span = last - first;
  if (span <= 62) return DateInterval::kDay;
  if (span <= 366) return DateInterval::kWeek;
  if (span <= 3660) return DateInterval::kMonth;
  return DateInterval::kYear;
}

}  // namespace

std::optional<schema::EntityType> EntityTypeOfField(FacetField field) {
  switch (field) {
    case FacetField::kPerson:
      return schema::EntityType::kPerson;
    case FacetField::kOrganization:
      return schema::EntityType::kOrganization;
    case FacetField::kPlace:
      return schema::EntityType::kPlace;
    case FacetField::kMisc:
      return schema::EntityType::kMisc;
    default:
      return std::nullopt;
  }
}

absl::string_view FacetFieldName(FacetField field) {
  for (const FieldName& f : kFieldNames) {
    if (f.field == field) return f.name;
  }
  return "?";
}

std::optional<FacetField> ParseFacetField(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  for (const FieldName& f : kFieldNames) {
    if (f.name == lower) return f.field;
  }
  return std::nullopt;
}

absl::string_view DateIntervalName(DateInterval interval) {
  return kIntervalNames[static_cast<int>(interval)];
}

std::optional<DateInterval> ParseDateInterval(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  for (size_t i = 0; i < std::size(kIntervalNames); ++i) {
    if (kIntervalNames[i] == lower) return static_cast<DateInterval>(i);
  }
  return std::nullopt;
}

absl::StatusOr<std::vector<FacetRequest>> ParseFacetList(
    absl::string_view spec) {
  std::vector<FacetRequest> requests;
  for (absl::string_view item : absl::StrSplit(spec, ',', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> parts =
        absl::StrSplit(item, absl::MaxSplits(':', 1));
    const std::optional<FacetField> field = ParseFacetField(parts.first);
    if (!field) {
      return absl::InvalidArgumentError(absl::StrCat(
          "'", parts.first,
          "' is not a facet (person, org, place, misc, source, date)"));
    }
    FacetRequest request{*field, 10, DateInterval::kAuto};
    if (!parts.second.empty()) {
      if (*field == FacetField::kDate) {
        const std::optional<DateInterval> interval =
            ParseDateInterval(parts.second);
        if (!interval) {
          return absl::InvalidArgumentError(
              absl::StrCat("date:", parts.second,
                           ": the interval is day, week, month, year or auto"));
        }
        request.interval = *interval;
      } else if (!absl::SimpleAtoi(parts.second, &request.max_values)) {
        return absl::InvalidArgumentError(
            absl::StrCat(item,
                         ": after ':' comes how many "
                         "values to show"));
      }
    }
    requests.push_back(request);
  }
  return requests;
}

absl::Status ValidateFacetRequests(const std::vector<FacetRequest>& requests) {
  bool seen[6] = {};
  for (size_t i = 0; i < requests.size(); ++i) {
    const FacetRequest& r = requests[i];
    const int f = static_cast<int>(r.field);
    if (f < 0 || f >= 6) {
      return absl::InvalidArgumentError(
          absl::StrCat("facets[", i, "].field: unknown facet"));
    }
    if (seen[f]) {
      return absl::InvalidArgumentError(absl::StrCat("facets[", i, "].field: '",
                                                     FacetFieldName(r.field),
                                                     "' is requested twice"));
    }
    seen[f] = true;
    if (r.field != FacetField::kDate &&
        (r.max_values < 1 || r.max_values > kMaxFacetValues)) {
      return absl::InvalidArgumentError(
          absl::StrCat("facets[", i, "].max_values: must be 1 to ",
                       kMaxFacetValues, ", not ", r.max_values));
    }
    if (r.field != FacetField::kDate && r.interval != DateInterval::kAuto) {
      return absl::InvalidArgumentError(absl::StrCat(
          "facets[", i, "].interval: only the date facet has an interval"));
    }
  }
  return absl::OkStatus();
}

namespace {

// (value, articles) of one value slot, in value string order.
using ValueCounts = std::vector<std::pair<std::string, uint64_t>>;

ValueCounts CountsOfSpy(const Xapian::ValueCountMatchSpy& spy) {
  ValueCounts counts;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
    counts.emplace_back(*it, it.get_termfreq());
  }
  return counts;  // the spy's values come in string order
}

ValueCounts SortedCounts(const absl::flat_hash_map<std::string, uint64_t>& m) {
  ValueCounts counts(m.begin(), m.end());
  std::sort(counts.begin(), counts.end());
  return counts;
}

// The top values of one entity facet: the max_values entities with most
// articles (ties: lower id first, so the choice is stable), named by
// `names`, then shown most articles first, ties by display name.
FacetResult EntityResult(const FacetRequest& request, EntityCounts& counts,
                         const Xapian::Database& db, EntityNames* names) {
  const schema::EntityType type = *EntityTypeOfField(request.field);
  FacetResult result;
  result.field = request.field;
  result.distinct_values = counts.Distinct(type);
  for (const auto& [id, articles] : counts.Top(type, request.max_values)) {
    std::string hex = schema::EntityIdHex(id);
    std::string display = names->DisplayName(db, type, hex);
    result.values.push_back({std::move(hex), std::move(display), articles});
  }
  SortAndCut(&result.values, request.max_values);
  return result;
}

FacetResult SourceResult(const FacetRequest& request,
                         const ValueCounts& counts) {
  FacetResult result;
  result.field = FacetField::kSource;
  for (const auto& [value, articles] : counts) {
    result.values.push_back({value, value, articles});
  }
  result.distinct_values = result.values.size();
  SortAndCut(&result.values, request.max_values);
  return result;
}

FacetResult DateResult(const FacetRequest& request, const ValueCounts& counts) {
  FacetResult result;
  result.field = FacetField::kDate;
  std::vector<std::pair<absl::CivilDay, uint64_t>> days;
  for (const auto& [value, articles] : counts) {
    if (auto day = ParseDay(value)) days.emplace_back(*day, articles);
  }
  if (days.empty()) {
    result.interval = request.interval == DateInterval::kAuto
                          ? DateInterval::kDay
                          : request.interval;
    return result;
  }
  // Values in string order are in date order.
  const absl::CivilDay first = days.front().first, last = days.back().first;
  DateInterval interval = request.interval == DateInterval::kAuto
                              ? ChooseInterval(first, last)
                              : request.interval;
  while (interval != DateInterval::kYear &&
         BucketCount(first, last, interval) > kMaxDateBuckets) {
    interval = static_cast<DateInterval>(static_cast<int>(interval) + 1);
  }
  result.interval = interval;
  result.distinct_values = days.size();
  size_t d = 0;
  for (absl::CivilDay start = BucketStart(first, interval); start <= last;
       start = NextBucket(start, interval)) {
    const absl::CivilDay end = NextBucket(start, interval);
    FacetValue bucket{BucketLabel(start, DateInterval::kDay),
                      BucketLabel(start, interval), 0};
    for (; d < days.size() && days[d].first < end; ++d) {
      bucket.articles += days[d].second;
    }
    result.values.push_back(std::move(bucket));
  }
  return result;
}

}  // namespace

// Byline's own spy, for local shards only (a remote shard refuses a
// MatchSpy it cannot unserialise): one call per matching article reads
// the entity, source and day values it needs and counts them in hash
// tables, where Xapian's ValueCountMatchSpy would keep a std::map of
// whole values per slot (one entry per distinct entity set).
class LocalFacetSpy : public Xapian::MatchSpy {
 public:
  LocalFacetSpy(uint32_t entity_types, bool source, bool day,
                EntityCounts* entities)
      : entity_types_(entity_types),
        source_(source),
        day_(day),
        entities_(entities) {}

  // One value read per matching article: its facet value holds the day,
  // the source and the entities (schema::PackFacetValue).
  void operator()(const Xapian::Document& doc, double /*wt*/) override {
    const std::string value = doc.get_value(schema::kSlotEntities);
    schema::FacetValueParts parts;
    if (!schema::SplitFacetValue(value, &parts)) return;  // not counted
    if (entity_types_ != 0 && !parts.entities.empty()) {
      entities_->AddValue(parts.entities, entity_types_, 1);
    }
    if (source_) Count(parts.source, &sources_);
    if (day_) Count(parts.day, &days_);
  }
  std::string get_description() const override { return "LocalFacetSpy"; }

  const absl::flat_hash_map<std::string, uint64_t>& sources() const {
    return sources_;
  }
  const absl::flat_hash_map<std::string, uint64_t>& days() const {
    return days_;
  }

 private:
  // Like ValueCountMatchSpy, an empty value is not counted.
  static void Count(absl::string_view value,
                    absl::flat_hash_map<std::string, uint64_t>* counts) {
    if (!value.empty()) ++(*counts)[value];
  }

  const uint32_t entity_types_;
  const bool source_, day_;
  EntityCounts* const entities_;  // not owned
  absl::flat_hash_map<std::string, uint64_t> sources_, days_;
};

FacetCounter::FacetCounter(std::vector<FacetRequest> requests,
                           bool local_shards, EntityCounts* entity_counts)
    : requests_(std::move(requests)), entity_counts_(entity_counts) {
  bool source = false, day = false;
  for (const FacetRequest& request : requests_) {
    if (const auto type = EntityTypeOfField(request.field)) {
      entity_types_ |= schema::EntityTypeBit(*type);
    } else if (request.field == FacetField::kSource) {
      source = true;
    } else {
      day = true;
    }
  }
  if (entity_types_ != 0 && entity_counts_ == nullptr) {
    own_entity_counts_ = std::make_unique<EntityCounts>();
    entity_counts_ = own_entity_counts_.get();
  }
  if (entity_counts_ != nullptr) entity_counts_->Clear();
  if (local_shards) {
    local_spy_ = std::make_unique<LocalFacetSpy>(entity_types_, source, day,
                                                 entity_counts_);
    return;
  }
  if (entity_types_ != 0) {
    entity_spy_ =
        std::make_unique<Xapian::ValueCountMatchSpy>(schema::kSlotEntities);
  }
  if (source) {
    source_spy_ =
        std::make_unique<Xapian::ValueCountMatchSpy>(schema::kSlotSource);
  }
  if (day) {
    day_spy_ =
        std::make_unique<Xapian::ValueCountMatchSpy>(schema::kSlotPublishedDay);
  }
}

FacetCounter::~FacetCounter() = default;

void FacetCounter::Attach(Xapian::Enquire& enquire) {
  if (local_spy_ != nullptr) enquire.add_matchspy(local_spy_.get());
  for (const auto* spy : {&entity_spy_, &source_spy_, &day_spy_}) {
    if (*spy != nullptr) enquire.add_matchspy(spy->get());
  }
}

std::vector<FacetResult> FacetCounter::Results(const Xapian::Database& db,
                                               EntityNames* names) {
  if (entity_spy_ != nullptr) {
    // Each distinct facet value once (schema::PackFacetValue), with the
    // articles that have it.
    for (auto it = entity_spy_->values_begin(); it != entity_spy_->values_end();
         ++it) {
      const std::string value = *it;
      schema::FacetValueParts parts;
      if (schema::SplitFacetValue(value, &parts) && !parts.entities.empty()) {
        entity_counts_->AddValue(parts.entities, entity_types_,
                                 it.get_termfreq());
      }
    }
  }
  ValueCounts sources, days;
  if (local_spy_ != nullptr) {
    sources = SortedCounts(local_spy_->sources());
    days = SortedCounts(local_spy_->days());
  } else {
    if (source_spy_ != nullptr) sources = CountsOfSpy(*source_spy_);
    if (day_spy_ != nullptr) days = CountsOfSpy(*day_spy_);
  }
  std::vector<FacetResult> results;
  for (const FacetRequest& request : requests_) {
    if (EntityTypeOfField(request.field)) {
      results.push_back(EntityResult(request, *entity_counts_, db, names));
    } else if (request.field == FacetField::kSource) {
      results.push_back(SourceResult(request, sources));
    } else {
      results.push_back(DateResult(request, days));
    }
  }
  if (entity_counts_ != nullptr) entity_counts_->Clear();
  return results;
}

}  // namespace byline
