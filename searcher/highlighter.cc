// Passage highlighting by re-analysing the passage text.
#include "searcher/highlighter.h"

#include "absl/strings/match.h"

namespace byline {

std::vector<HighlightSpan> Highlight(absl::string_view text,
                                     const QueryTerms& terms,
                                     TextAnalyzer& analyzer) {
  std::vector<HighlightSpan> spans;
  if (terms.terms.empty() && terms.stems.empty() && terms.prefixes.empty()) {
    return spans;
  }
  std::vector<Token> tokens;
  analyzer.Tokenize(text, &tokens);
  uint32_t chars = 0;      // code points before `counted`
  uint32_t counted = 0;    // bytes of text counted so far
  auto char_at = [&](uint32_t byte) {
    for (; counted < byte; ++counted) {
      if ((static_cast<unsigned char>(text[counted]) & 0xC0) != 0x80) ++chars;
    }
    return chars;
  };
  for (const Token& t : tokens) {
    bool match = terms.terms.contains(t.term);
    if (!match && !terms.stems.empty()) {
      const std::string stem = analyzer.Stem(t.term, terms.language);
      match = !stem.empty() && terms.stems.contains(stem);
    }
    for (size_t i = 0; !match && i < terms.prefixes.size(); ++i) {
      match = absl::StartsWith(t.term, terms.prefixes[i]);
    }
    if (!match) continue;
    HighlightSpan span;
    span.start_byte = t.start;
    span.end_byte = t.end;
    span.start_char = char_at(t.start);
    span.end_char = char_at(t.end);
    spans.push_back(span);
  }
  return spans;
}

}  // namespace byline
