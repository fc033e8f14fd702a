// Small UTF-8 helpers shared by the indexer and the searcher, so that byte
// and code-point offsets are counted the same way everywhere.
#ifndef BYLINE_ANALYSIS_UTF8_H_
#define BYLINE_ANALYSIS_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <optional>

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

// Returns the byte offset of the first invalid UTF-8 sequence in `s`, if
// any. Strict: rejects overlong forms, surrogates and code points above
// U+10FFFF (what ICU's U8_NEXT rejects too).
inline std::optional<size_t> FindInvalidUtf8(absl::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (b0 < 0x80) {
      len = 1;
    } else if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3;
      if (b0 == 0xE0) lo = 0xA0;
      if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4;
      if (b0 == 0xF0) lo = 0x90;
      if (b0 == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (s.size() - i < len) return i;
    for (size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return i;
    }
    i += len;
  }
  return std::nullopt;
}

inline bool IsValidUtf8(absl::string_view s) {
  return !FindInvalidUtf8(s).has_value();
}

}  // namespace byline

#endif  // BYLINE_ANALYSIS_UTF8_H_
