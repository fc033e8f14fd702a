// Finds the query's words in a passage: every occurrence of a query term
// (same term, same stem, or a prefix match) becomes a highlight span.
#ifndef BYLINE_SEARCHER_HIGHLIGHTER_H_
#define BYLINE_SEARCHER_HIGHLIGHTER_H_

#include <cstdint>
#include "absl/strings/string_view.h"
#include <vector>

#include "analysis/text_analyzer.h"
#include "searcher/query_builder.h"

namespace byline {

// A highlighted word. Byte offsets are into the passage text given to
// Highlight(); chars are the same span in code points.
struct HighlightSpan {
  uint32_t start_byte = 0;
  uint32_t end_byte = 0;
  uint32_t start_char = 0;
  uint32_t end_char = 0;
};

// Returns the spans of `text` whose words match `terms`, in text order,
// never overlapping. Uses `analyzer` (not owned; not thread-safe, so neither
// is this function for a shared analyzer).
std::vector<HighlightSpan> Highlight(absl::string_view text,
                                     const QueryTerms& terms,
                                     TextAnalyzer& analyzer);

}  // namespace byline

#endif  // BYLINE_SEARCHER_HIGHLIGHTER_H_
