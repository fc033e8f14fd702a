// Stop words: very common words that are dropped from plain (non-phrase)
// query words so that they neither block nor dominate a match. They are still
// indexed, so phrases like "the who" work.
#ifndef BYLINE_ANALYSIS_STOPWORDS_H_
#define BYLINE_ANALYSIS_STOPWORDS_H_

#include "absl/strings/string_view.h"

namespace byline {

// Returns whether the normalised term `term` is a stop word in `language`
// (ISO 639-1). Lists exist for English, French, German and Spanish; other
// languages have none. Thread-safe.
bool IsStopWord(absl::string_view term, absl::string_view language);

}  // namespace byline

#endif  // BYLINE_ANALYSIS_STOPWORDS_H_
