// byline.v1 <-> searcher type conversions.
#include "service/proto_convert.h"

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"

namespace byline::service {
namespace {

void ToProto(absl::Time t, google::protobuf::Timestamp* out) {
  const int64_t seconds = absl::ToUnixSeconds(t);
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(t - absl::FromUnixSeconds(seconds))));
}

absl::Time FromProto(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

void ToProto(uint32_t start_byte, uint32_t end_byte, uint32_t start_char,
             uint32_t end_char, byline::v1::BodyRange* out) {
  out->set_start_byte(start_byte);
  out->set_end_byte(end_byte);
  out->set_start_char(start_char);
  out->set_end_char(end_char);
}

// Entity types are FacetField's entity values: person, organization,
// place, misc, in schema::EntityType order from FACET_FIELD_PERSON.
static_assert(byline::v1::FACET_FIELD_PERSON == 1 &&
              byline::v1::FACET_FIELD_ORGANIZATION == 2 &&
              byline::v1::FACET_FIELD_PLACE == 3 &&
              byline::v1::FACET_FIELD_MISC == 4);

byline::v1::FacetField EntityTypeToProto(schema::EntityType type) {
  return static_cast<byline::v1::FacetField>(static_cast<int>(type) + 1);
}

// nullopt for a field that is not an entity type (a newer server's).
std::optional<schema::EntityType> EntityTypeFromProto(
    byline::v1::FacetField field) {
  if (field < byline::v1::FACET_FIELD_PERSON ||
      field > byline::v1::FACET_FIELD_MISC) {
    return std::nullopt;
  }
  return static_cast<schema::EntityType>(static_cast<int>(field) - 1);
}

}  // namespace

void ToProto(const schema::ArticleMeta& meta, byline::v1::ArticleInfo* out) {
  out->set_id(meta.id);
  out->set_title(meta.title);
  out->set_source(meta.source);
  out->set_url(meta.url);
  out->set_language(meta.language);
  if (meta.published) ToProto(*meta.published, out->mutable_published());
}

schema::ArticleMeta FromProto(const byline::v1::ArticleInfo& info) {
  schema::ArticleMeta meta;
  meta.id = info.id();
  meta.title = info.title();
  meta.source = info.source();
  meta.url = info.url();
  meta.language = info.language();
  if (info.has_published()) meta.published = FromProto(info.published());
  return meta;
}

void ToProto(const PassageHit& hit, byline::v1::Passage* out) {
  out->set_rank(hit.rank);
  out->set_score(hit.score);
  out->set_passage_score(hit.passage_score);
  out->set_text(hit.text);
  ToProto(hit.start_byte, hit.end_byte, hit.start_char, hit.end_char,
          out->mutable_range());
  for (const HighlightSpan& s : hit.highlights) {
    ToProto(s.start_byte, s.end_byte, s.start_char, s.end_char,
            out->add_highlights());
  }
  out->set_passage_index(hit.passage_index);
  out->set_passage_count(hit.passage_count);
  ToProto(hit.article, out->mutable_article());
  for (const PassageEntity& e : hit.entities) {
    byline::v1::PassageEntity* entity = out->add_entities();
    entity->set_type(EntityTypeToProto(e.type));
    entity->set_id(e.id);
    entity->set_display_name(e.display_name);
    ToProto(e.start_byte, e.end_byte, e.start_char, e.end_char,
            entity->mutable_range());
  }
}

PassageHit FromProto(const byline::v1::Passage& p) {
  PassageHit hit;
  hit.rank = p.rank();
  hit.score = p.score();
  hit.passage_score = p.passage_score();
  hit.text = p.text();
  hit.start_byte = p.range().start_byte();
  hit.end_byte = p.range().end_byte();
  hit.start_char = p.range().start_char();
  hit.end_char = p.range().end_char();
  for (const byline::v1::BodyRange& r : p.highlights()) {
    hit.highlights.push_back(
        {r.start_byte(), r.end_byte(), r.start_char(), r.end_char()});
  }
  hit.passage_index = p.passage_index();
  hit.passage_count = p.passage_count();
  hit.article = FromProto(p.article());
  for (const byline::v1::PassageEntity& e : p.entities()) {
    const std::optional<schema::EntityType> type =
        EntityTypeFromProto(e.type());
    if (!type) continue;  // a type this client does not know
    hit.entities.push_back({*type, e.id(), e.display_name(),
                            e.range().start_byte(), e.range().end_byte(),
                            e.range().start_char(), e.range().end_char()});
  }
  return hit;
}

byline::v1::SortOrder ToProto(SortOrder sort) {
  return sort == SortOrder::kDate ? byline::v1::SORT_ORDER_DATE
                                  : byline::v1::SORT_ORDER_RELEVANCE;
}

SortOrder FromProto(byline::v1::SortOrder sort) {
  return sort == byline::v1::SORT_ORDER_DATE ? SortOrder::kDate
                                             : SortOrder::kRelevance;
}

void ToProto(const IndexStats& s, byline::v1::StatsResponse* out) {
  out->set_articles(s.articles);
  out->set_undated_articles(s.undated_articles);
  out->set_passages(s.passages);
  out->set_average_passage_terms(s.average_passage_words);
  out->set_index_path(s.path);
  out->set_generation(s.generation);
  out->set_schema_version(s.schema_version);
  absl::Time built;
  std::string err;
  if (absl::ParseTime(absl::RFC3339_full, s.built_at, &built, &err)) {
    ToProto(built, out->mutable_built_at());
  }
  if (s.oldest_published) {
    ToProto(*s.oldest_published, out->mutable_oldest_published());
  }
  if (s.newest_published) {
    ToProto(*s.newest_published, out->mutable_newest_published());
  }
  for (const auto& [source, count] : s.articles_by_source) {
    (*out->mutable_articles_by_source())[source] = count;
  }
}

IndexStats FromProto(const byline::v1::StatsResponse& r) {
  IndexStats s;
  s.articles = r.articles();
  s.undated_articles = r.undated_articles();
  s.passages = r.passages();
  s.average_passage_words = r.average_passage_terms();
  s.path = r.index_path();
  s.generation = r.generation();
  s.schema_version = r.schema_version();
  if (r.has_built_at()) {
    s.built_at = absl::FormatTime(absl::RFC3339_sec, FromProto(r.built_at()),
                                  absl::UTCTimeZone());
  }
  if (r.has_oldest_published()) {
    s.oldest_published = FromProto(r.oldest_published());
  }
  if (r.has_newest_published()) {
    s.newest_published = FromProto(r.newest_published());
  }
  for (const auto& [source, count] : r.articles_by_source()) {
    s.articles_by_source.emplace_back(source, count);
  }
  std::sort(s.articles_by_source.begin(), s.articles_by_source.end(),
            [](const auto& a, const auto& b) {
              return a.second != b.second ? a.second > b.second
                                          : a.first < b.first;
            });
  return s;
}

absl::StatusOr<std::optional<absl::CivilDay>> FromProto(
    const byline::v1::Date& date, absl::string_view field) {
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) {
    return std::optional<absl::CivilDay>();
  }
  const absl::CivilDay day(date.year(), date.month(), date.day());
  if (day.year() != date.year() || day.month() != date.month() ||
      day.day() != date.day()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: %04d-%02d-%02d is not a valid day", field,
                        date.year(), date.month(), date.day()));
  }
  return std::optional<absl::CivilDay>(day);
}

void ToProto(const absl::CivilDay& day, byline::v1::Date* out) {
  out->set_year(static_cast<int32_t>(day.year()));
  out->set_month(day.month());
  out->set_day(day.day());
}

}  // namespace byline::service
