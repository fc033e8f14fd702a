// Renders search results and index statistics for the terminal (text, with
// optional colour highlights) and for scripts (JSON).
#ifndef BYLINE_CLI_RESULT_PRINTER_H_
#define BYLINE_CLI_RESULT_PRINTER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "searcher/searcher.h"

namespace byline::cli {

// Human-readable results. With `color`, highlights are bold yellow (ANSI).
// A passage naming entities gets an "entities:" line (each once, at most
// six, with their field: "Rotterdam (place)").
std::string FormatResultText(absl::string_view query,
                             const SearchResult& result, bool color);

// One JSON object: query, estimated_articles, has_more, sort, elapsed_ms and
// hits[] (article fields, passage text, offsets, highlights with their text,
// entities with type, id, display_name, offsets and text).
std::string FormatResultJson(absl::string_view query,
                             const SearchResult& result);

std::string FormatStatsText(const IndexStats& stats);
std::string FormatStatsJson(const IndexStats& stats);

// "2024-03-04T09:15:00Z", or "" for no time.
std::string FormatTime(const std::optional<absl::Time>& t);

}  // namespace byline::cli

#endif  // BYLINE_CLI_RESULT_PRINTER_H_
