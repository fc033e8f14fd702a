// Small UTF-8 helpers shared by the indexer and the searcher, so that byte
// and code-point offsets are counted the same way everywhere.
#ifndef BYLINE_ANALYSIS_UTF8_H_
#define BYLINE_ANALYSIS_UTF8_H_

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"

namespace byline {

// Counts the code points in text[from, to) (clamped to the text), given
// valid UTF-8: every byte that is not a continuation byte starts one.
inline uint32_t CountCodePoints(absl::string_view text, size_t from,
                                size_t to) {
  uint32_t n = 0;
  for (size_t i = from; i < to && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace byline

#endif  // BYLINE_ANALYSIS_UTF8_H_
