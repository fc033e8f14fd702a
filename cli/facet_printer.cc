// Facet output and the --facets flag of `byline search`.
#include "cli/facet_printer.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace byline::cli {
namespace {

absl::string_view Heading(FacetField field) {
  switch (field) {
    case FacetField::kPerson:
      return "People";
    case FacetField::kOrganization:
      return "Organisations";
    case FacetField::kPlace:
      return "Places";
    case FacetField::kMisc:
      return "Other names";
    case FacetField::kSource:
      return "Sources";
    case FacetField::kDate:
      return "Published";
  }
  return "";
}

}  // namespace

absl::StatusOr<std::vector<FacetRequest>> ParseFacetsFlag(
    absl::string_view flag) {
  absl::StatusOr<std::vector<FacetRequest>> requests = ParseFacetList(flag);
  if (!requests.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--facets: ", requests.status().message()));
  }
  return requests;
}

std::string FormatFacetsText(const std::vector<FacetResult>& facets) {
  std::string out;
  for (const FacetResult& facet : facets) {
    if (facet.field == FacetField::kDate) {
      absl::StrAppend(&out, Heading(facet.field), " (by ",
                      DateIntervalName(facet.interval), "):\n");
    } else {
      absl::StrAppend(&out, Heading(facet.field), " (", facet.values.size(),
                      " of ", facet.distinct_values, "):\n");
    }
    if (facet.values.empty()) out.append("  none\n");
    const bool entity = EntityTypeOfField(facet.field).has_value();
    for (const FacetValue& v : facet.values) {
      if (entity) {
        absl::StrAppendFormat(&out, "  %6d  %-32s --%s %s\n", v.articles,
                              v.display_name, FacetFieldName(facet.field),
                              v.value);
      } else {
        absl::StrAppendFormat(&out, "  %6d  %s\n", v.articles, v.display_name);
      }
    }
    out.push_back('\n');
  }
  return out;
}

void AppendFacetsJson(const std::vector<FacetResult>& facets,
                      JsonWriter* json) {
  json->Key("facets").BeginArray();
  for (const FacetResult& facet : facets) {
    json->BeginObject().Key("field").String(FacetFieldName(facet.field));
    if (facet.field == FacetField::kDate) {
      json->Key("interval").String(DateIntervalName(facet.interval));
    }
    json->Key("distinct_values").Uint(facet.distinct_values);
    json->Key("values").BeginArray();
    for (const FacetValue& v : facet.values) {
      json->BeginObject()
          .Key("value")
          .String(v.value)
          .Key("display_name")
          .String(v.display_name)
          .Key("articles")
          .Uint(v.articles)
          .EndObject();
    }
    json->EndArray().EndObject();
  }
  json->EndArray();
}

}  // namespace byline::cli
