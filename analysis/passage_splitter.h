// Cuts an article body into passages: runs of a few whole sentences, bounded
// in words, found with ICU sentence boundaries. Passages are the unit that
// Byline ranks and returns.
#ifndef BYLINE_ANALYSIS_PASSAGE_SPLITTER_H_
#define BYLINE_ANALYSIS_PASSAGE_SPLITTER_H_

#include <cstdint>
#include <memory>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "analysis/text_analyzer.h"

namespace byline {

struct PassageOptions {
  // A passage holds at most this many sentences...
  int max_sentences = 3;
  // ...and at most this many words. A single sentence longer than this is
  // cut between words into pieces of at most max_words.
  int max_words = 80;
  // A paragraph break ends a passage only once it has this many words:
  // news copy often gives each sentence a paragraph of its own, and a
  // one-sentence passage rarely holds a whole answer (on
  // bench/relevance.sh the answer was in a top-3 passage for 38% of the
  // queries at 0, 68% at 35). 0: every paragraph break ends a passage.
  int min_words = 35;
};

// A passage: body[start, end) is its text. It starts at the first character
// of its first sentence and ends after the last non-space character of its
// last sentence, so it never begins or ends with white space.
struct PassageSpan {
  uint32_t start = 0;
  uint32_t end = 0;
  // Tokens [first_token, end_token) of the body's token list fall inside it.
  uint32_t first_token = 0;
  uint32_t end_token = 0;
};

// Thread safety: not thread-safe (owns an ICU sentence break iterator).
// Create one per thread.
class PassageSplitter {
 public:
  // Fails if options are out of range (max_sentences < 1, max_words < 1) or
  // ICU cannot create the break iterator.
  static absl::StatusOr<std::unique_ptr<PassageSplitter>> Create(
      PassageOptions options = {});

  ~PassageSplitter();
  PassageSplitter(const PassageSplitter&) = delete;
  PassageSplitter& operator=(const PassageSplitter&) = delete;

  // Splits `body` (valid UTF-8) given its tokens from TextAnalyzer::Tokenize
  // (in order, offsets into `body`). Paragraph breaks (a blank line) end a
  // passage that has at least min_words words. Text with no words yields no passages; every token falls
  // in exactly one passage; passages are in order and do not overlap.
  std::vector<PassageSpan> Split(absl::string_view body,
                                 absl::Span<const Token> tokens);

 private:
  class Impl;
  explicit PassageSplitter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline

#endif  // BYLINE_ANALYSIS_PASSAGE_SPLITTER_H_
