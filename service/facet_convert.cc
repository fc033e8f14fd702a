// Facet conversions: proto enum values are the searcher's plus one (0 is
// "unspecified" for fields, "auto" for intervals).
#include "service/facet_convert.h"

#include "absl/strings/str_cat.h"

namespace byline::service {
namespace {

constexpr uint32_t kDefaultFacetValues = 10;

absl::StatusOr<FacetField> FieldFromProto(byline::v1::FacetField field,
                                          absl::string_view where) {
  if (field < byline::v1::FACET_FIELD_PERSON ||
      field > byline::v1::FACET_FIELD_DATE) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, ": ",
        field == byline::v1::FACET_FIELD_UNSPECIFIED ? "unspecified"
                                                     : "unknown value"));
  }
  return static_cast<FacetField>(static_cast<int>(field) - 1);
}

byline::v1::FacetField FieldToProto(FacetField field) {
  return static_cast<byline::v1::FacetField>(static_cast<int>(field) + 1);
}

}  // namespace

absl::Status FacetsFromProto(const byline::v1::SearchRequest& in,
                             SearchRequest* out) {
  for (int i = 0; i < in.facets_size(); ++i) {
    const byline::v1::FacetRequest& f = in.facets(i);
    absl::StatusOr<FacetField> field =
        FieldFromProto(f.field(), absl::StrCat("facets[", i, "].field"));
    if (!field.ok()) return field.status();
    if (f.interval() < byline::v1::DATE_INTERVAL_AUTO ||
        f.interval() > byline::v1::DATE_INTERVAL_YEAR) {
      return absl::InvalidArgumentError(
          absl::StrCat("facets[", i, "].interval: unknown value"));
    }
    out->facets.push_back(
        {*field, f.max_values() == 0 ? kDefaultFacetValues : f.max_values(),
         static_cast<DateInterval>(f.interval())});
  }
  for (int i = 0; i < in.entity_filters_size(); ++i) {
    const byline::v1::EntityFilter& f = in.entity_filters(i);
    absl::StatusOr<FacetField> field = FieldFromProto(
        f.field(), absl::StrCat("entity_filters[", i, "].field"));
    if (!field.ok()) return field.status();
    out->entity_filters.push_back(
        {*field, std::vector<std::string>(f.ids().begin(), f.ids().end())});
  }
  out->facet_article_limit = in.facet_article_limit();
  return absl::OkStatus();
}

void FacetsToProto(const SearchRequest& in, byline::v1::SearchRequest* out) {
  for (const FacetRequest& f : in.facets) {
    byline::v1::FacetRequest* p = out->add_facets();
    p->set_field(FieldToProto(f.field));
    p->set_max_values(f.max_values);
    p->set_interval(static_cast<byline::v1::DateInterval>(f.interval));
  }
  for (const SearchRequest::EntityFilter& f : in.entity_filters) {
    byline::v1::EntityFilter* p = out->add_entity_filters();
    p->set_field(FieldToProto(f.field));
    for (const std::string& id : f.ids) p->add_ids(id);
  }
  out->set_facet_article_limit(in.facet_article_limit);
}

void ToProto(const FacetResult& facet, byline::v1::Facet* out) {
  out->set_field(FieldToProto(facet.field));
  for (const FacetValue& v : facet.values) {
    byline::v1::FacetValue* p = out->add_values();
    p->set_value(v.value);
    p->set_display_name(v.display_name);
    p->set_articles(v.articles);
  }
  out->set_distinct_values(facet.distinct_values);
  out->set_interval(static_cast<byline::v1::DateInterval>(facet.interval));
  out->set_estimated(facet.estimated);
  out->set_counted_articles(facet.counted_articles);
  out->set_matching_articles(facet.matching_articles);
}

FacetResult FromProto(const byline::v1::Facet& facet) {
  FacetResult result;
  result.field = static_cast<FacetField>(
      std::max(0, static_cast<int>(facet.field()) - 1));
  for (const byline::v1::FacetValue& v : facet.values()) {
    result.values.push_back({v.value(), v.display_name(), v.articles()});
  }
  result.distinct_values = facet.distinct_values();
  result.interval = static_cast<DateInterval>(facet.interval());
  result.estimated = facet.estimated();
  result.counted_articles = facet.counted_articles();
  result.matching_articles = facet.matching_articles();
  return result;
}

}  // namespace byline::service
