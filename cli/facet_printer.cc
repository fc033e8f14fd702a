// Facet output and the --facets flag of `byline search`.
#include "cli/facet_printer.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "unicode/uchar.h"
#include "unicode/utf8.h"

namespace byline::cli {
namespace {

// The display name column of the entity facets, in terminal columns.
constexpr size_t kNameColumns = 32;

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

size_t TerminalColumns(absl::string_view utf8) {
  size_t columns = 0;
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t length = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) {  // a malformed byte shows as one replacement character
      ++columns;
      continue;
    }
    const int8_t category = u_charType(c);
    if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK ||
        category == U_FORMAT_CHAR || category == U_CONTROL_CHAR) {
      continue;
    }
    const int width = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
    columns += (width == U_EA_WIDE || width == U_EA_FULLWIDTH) ? 2 : 1;
  }
  return columns;
}

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
    // Estimated counts say over how many articles they were counted.
    const std::string estimate =
        facet.estimated
            ? absl::StrCat("; estimates over ", facet.counted_articles,
                           " of about ", facet.matching_articles,
                           " matching articles")
            : std::string();
    if (facet.field == FacetField::kDate) {
      absl::StrAppend(&out, Heading(facet.field), " (by ",
                      DateIntervalName(facet.interval), estimate, "):\n");
    } else {
      absl::StrAppend(&out, Heading(facet.field), " (", facet.values.size(),
                      " of ", facet.distinct_values, estimate, "):\n");
    }
    if (facet.values.empty()) out.append("  none\n");
    const bool entity = EntityTypeOfField(facet.field).has_value();
    for (const FacetValue& v : facet.values) {
      if (entity) {
        // Padded by terminal columns, not bytes ("Tromsø" is 7 bytes
        // and 6 columns), so the flags line up under non-ASCII names.
        const size_t columns = TerminalColumns(v.display_name);
        absl::StrAppendFormat(
            &out, "  %6d  %s%s --%s %s\n", v.articles, v.display_name,
            std::string(columns < kNameColumns ? kNameColumns - columns : 0,
                        ' '),
            FacetFieldName(facet.field), v.value);
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
    json->Key("estimated").Bool(facet.estimated);
    json->Key("counted_articles").Uint(facet.counted_articles);
    json->Key("matching_articles").Uint(facet.matching_articles);
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
