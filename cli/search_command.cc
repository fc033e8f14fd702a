// `byline search`: runs a query against a local index and prints ranked
// passages with highlights (or JSON).
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "cli/commands.h"
#include "cli/common_flags.h"
#include "cli/facet_printer.h"
#include "cli/result_printer.h"
#include "searcher/searcher.h"
#include "service/client.h"

ABSL_FLAG(uint32_t, limit, 10,
          "Results (articles) per page, each with up to --passages passages.");
ABSL_FLAG(uint32_t, offset, 0,
          "Results to skip (for the next page); --offset + --limit may "
          "reach 10000 at most.");
ABSL_FLAG(uint32_t, passages, 1,
          "At most this many passages from one article.");
ABSL_FLAG(std::string, sort, "relevance",
          "relevance or date (newest first). Queries with only filters sort "
          "by date.");
ABSL_FLAG(std::string, source, "",
          "Only these sources (comma-separated), like source: in the query.");
ABSL_FLAG(std::string, from, "",
          "Only articles published on or after this day (YYYY-MM-DD).");
ABSL_FLAG(std::string, to, "",
          "Only articles published on or before this day (YYYY-MM-DD).");
ABSL_FLAG(std::string, facets, "",
          "Count these over all matching articles and print them under the "
          "passages: person, org, place, misc, source, date; ':N' after one "
          "shows N values (default 10), 'date:month' picks the interval "
          "(day, week, month, year; default from the span). Example: "
          "--facets person,org:20,place,source,date");
ABSL_FLAG(uint32_t, facet_limit, 0,
          "Count the facets over at most this many matching articles "
          "(faster for broad queries; the counts are then marked as "
          "estimates). 0: all of them, exact.");
ABSL_FLAG(std::string, person, "",
          "Only articles naming one of these people (entity ids from the "
          "facets, comma-separated).");
ABSL_FLAG(std::string, org, "",
          "Only articles naming one of these organisations (entity ids).");
ABSL_FLAG(std::string, place, "",
          "Only articles naming one of these places (entity ids).");
ABSL_FLAG(std::string, misc, "",
          "Only articles naming one of these other names (entity ids).");

namespace byline::cli {
namespace {

// Parses an optional YYYY-MM-DD flag value into `*day`.
bool ParseDayFlag(const char* name, const std::string& value,
                  std::optional<absl::CivilDay>* day) {
  if (value.empty()) return true;
  absl::CivilDay parsed;
  if (value.size() != 10 || !absl::ParseCivilTime(value, &parsed)) {
    std::fprintf(stderr, "byline search: --%s: '%s' is not a YYYY-MM-DD day\n",
                 name, value.c_str());
    return false;
  }
  *day = parsed;
  return true;
}

// Searches the local index, or the server named by --server.
absl::StatusOr<SearchResult> RunSearchRequest(const SearchRequest& request) {
  const std::string server = absl::GetFlag(FLAGS_server);
  if (!server.empty()) {
    auto remote =
        service::RemoteSearcher::Create(server, RemoteOptionsFromFlags());
    if (!remote.ok()) return remote.status();
    return (*remote)->Search(request);
  }
  auto searcher = Searcher::Open(absl::GetFlag(FLAGS_index));
  if (!searcher.ok()) return searcher.status();
  return (*searcher)->Search(request);
}

int RunSearch(const std::vector<std::string>& words) {
  SearchRequest request;
  request.query = absl::StrJoin(words, " ");
  if (request.query.empty()) {
    std::fprintf(stderr, "byline search: give a query (see --help)\n");
    return kExitUsage;
  }
  request.limit = absl::GetFlag(FLAGS_limit);
  request.offset = absl::GetFlag(FLAGS_offset);
  request.passages_per_article = absl::GetFlag(FLAGS_passages);
  const std::string sort = absl::GetFlag(FLAGS_sort);
  if (sort == "date") {
    request.sort = SortOrder::kDate;
  } else if (sort != "relevance") {
    std::fprintf(stderr,
                 "byline search: --sort must be relevance or date, not '%s'\n",
                 sort.c_str());
    return kExitUsage;
  }
  const std::string sources = absl::GetFlag(FLAGS_source);
  if (!sources.empty()) {
    request.sources = absl::StrSplit(sources, ',', absl::SkipWhitespace());
  }
  if (!ParseDayFlag("from", absl::GetFlag(FLAGS_from),
                    &request.published_from) ||
      !ParseDayFlag("to", absl::GetFlag(FLAGS_to), &request.published_to)) {
    return kExitUsage;
  }
  absl::StatusOr<std::vector<FacetRequest>> facets =
      ParseFacetsFlag(absl::GetFlag(FLAGS_facets));
  if (!facets.ok()) {
    std::fprintf(stderr, "byline search: %s\n",
                 std::string(facets.status().message()).c_str());
    return kExitUsage;
  }
  request.facets = *std::move(facets);
  request.facet_article_limit = absl::GetFlag(FLAGS_facet_limit);
  for (const auto& [field, flag] :
       {std::pair{FacetField::kPerson, &FLAGS_person},
        std::pair{FacetField::kOrganization, &FLAGS_org},
        std::pair{FacetField::kPlace, &FLAGS_place},
        std::pair{FacetField::kMisc, &FLAGS_misc}}) {
    const std::string ids = absl::GetFlag(*flag);
    if (ids.empty()) continue;
    request.entity_filters.push_back(
        {field, absl::StrSplit(ids, ',', absl::SkipWhitespace())});
  }
  const std::string color_flag = absl::GetFlag(FLAGS_color);
  if (color_flag != "auto" && color_flag != "always" && color_flag != "never") {
    std::fprintf(stderr,
                 "byline search: --color must be auto, always or never\n");
    return kExitUsage;
  }
  const bool color = color_flag == "always" ||
                     (color_flag == "auto" && ColorWanted(STDOUT_FILENO));

  absl::StatusOr<SearchResult> result = RunSearchRequest(request);
  if (!result.ok()) {
    std::fprintf(stderr, "byline search: %s\n",
                 std::string(result.status().message()).c_str());
    return result.status().code() == absl::StatusCode::kInvalidArgument
               ? kExitUsage
               : kExitFailure;
  }
  const std::string out = absl::GetFlag(FLAGS_json)
                              ? FormatResultJson(request.query, *result)
                              : FormatResultText(request.query, *result, color);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return result->hits.empty() ? kExitPartial : kExitOk;
}

}  // namespace

const Command& SearchCommand() {
  static const Command kCommand{
      "search",
      "Search an index; prints ranked passages with highlights.",
      "byline search [flags] QUERY...",
      "Query language:\n"
      "  words             best partial matches, ranked (BM25)\n"
      "  \"exact phrase\"    words next to each other, in order\n"
      "  a AND b, a OR b   both / either (operators in capitals)\n"
      "  a NOT b, -b, +a   exclude b / require a\n"
      "  (a OR b) c        grouping\n"
      "  title:word        match in the title only (also title:\"a b\")\n"
      "  source:name       only articles from that source\n"
      "  date:2024-03      published in March 2024; also date:2024,\n"
      "                    date:2024-01-15..2024-02-10, date:2024-02.. \n"
      "  ukrain*           words starting with 'ukrain'\n",
      {"index",
       "server",
       "timeout_seconds",
       "tls_ca",
       "tls_client_cert",
       "tls_client_key",
       "token_file",
       "json",
       "color",
       "limit",
       "offset",
       "passages",
       "sort",
       "source",
       "from",
       "to",
       "facets",
       "facet_limit",
       "person",
       "org",
       "place",
       "misc"},
      &RunSearch};
  return kCommand;
}

}  // namespace byline::cli
