// Facets of a search for the terminal and for JSON, and the --facets flag.
#ifndef BYLINE_CLI_FACET_PRINTER_H_
#define BYLINE_CLI_FACET_PRINTER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "searcher/facet_counter.h"
#include "util/json_writer.h"

namespace byline::cli {

// "person,org:20,date:month" -> requests (max values or interval after a
// colon). InvalidArgument naming the bad item.
absl::StatusOr<std::vector<FacetRequest>> ParseFacetsFlag(
    absl::string_view flag);

// The columns `utf8` takes in a terminal: East Asian wide and fullwidth
// characters take two, combining marks and format characters none, every
// other character (and each malformed byte) one.
size_t TerminalColumns(absl::string_view utf8);

// A block per facet, values with their article counts and, for entities,
// the flag that narrows the search to the value ("--person ID").
std::string FormatFacetsText(const std::vector<FacetResult>& facets);

// "facets": [{"field", "interval" (date), "distinct_values", "values":
// [{"value", "display_name", "articles"}]}]
void AppendFacetsJson(const std::vector<FacetResult>& facets, JsonWriter* json);

}  // namespace byline::cli

#endif  // BYLINE_CLI_FACET_PRINTER_H_
