// Text analysis shared by the indexer and the searcher: ICU word boundaries,
// NFKC case folding and per-language Snowball stemming. Indexed text and query
// words go through exactly this code, so any word of an article finds it.
#ifndef BYLINE_ANALYSIS_TEXT_ANALYZER_H_
#define BYLINE_ANALYSIS_TEXT_ANALYZER_H_

#include <cstdint>
#include <memory>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"

namespace byline {

// One word of an analysed text.
struct Token {
  // The normalised, unstemmed term (NFKC case folded, see TextAnalyzer).
  std::string term;
  // Byte offsets of the word in the analysed UTF-8 text: text[start, end)
  // is the word exactly as written.
  uint32_t start = 0;
  uint32_t end = 0;
  // 0-based index of the word among the words of the text. Words dropped for
  // being too long still use up a position, so phrases never bridge them.
  uint32_t position = 0;
};

struct AnalyzerOptions {
  // Words whose normalised term is longer than this (in bytes) are dropped:
  // they are base64 blobs and the like, and Xapian refuses terms over 245
  // bytes. Must be at most 200 so that prefixed terms stay within Xapian's
  // limit.
  size_t max_term_bytes = 64;
  // Stem() remembers up to this many stems per language (0: none), so that
  // a text's repeated words and the same words in the next texts are
  // stemmed once: Snowball stemming was a tenth of a search's time (the
  // passages of ten articles) and of indexing. Bounded: a full cache is
  // emptied and refilled (news vocabulary is Zipfian, so the frequent words
  // come straight back). About 100 bytes per entry.
  size_t stem_cache_entries = 1 << 15;
};

// Splits UTF-8 text into words and normalises them.
//
// Rules (pinned by text_analyzer_test.cc):
//  * Word boundaries are ICU's (UAX #29 plus dictionaries for Chinese,
//    Japanese, Thai, ...). Only segments containing a letter, digit, kana or
//    ideograph are words; punctuation and spaces are not.
//  * Each word is NFKC case folded ("Café" -> "café", "ＡＢＣ" -> "abc").
//    Accents are kept.
//  * U+2019 and U+02BC apostrophes become "'". A trailing possessive "'s" or
//    "'" is removed ("Blinken's" -> "blinken", "banks'" -> "banks").
//  * Dotted single-letter abbreviations lose their dots ("U.S." -> "us",
//    "U.K." -> "uk"); other dotted words keep them ("example.com").
//  * Thousands separators between digit groups of three are removed
//    ("1,000,000" -> "1000000"); decimals are kept ("3.5" -> "3.5").
//  * Hyphenated words are separate words ("state-owned" -> "state", "owned").
//
// Thread safety: not thread-safe (it owns ICU break iterators and Xapian
// stemmers). Create one per thread; creation is cheap relative to indexing.
class TextAnalyzer {
 public:
  // Returns an error if ICU cannot create its break iterator or normaliser.
  static absl::StatusOr<std::unique_ptr<TextAnalyzer>> Create(
      AnalyzerOptions options = {});

  ~TextAnalyzer();
  TextAnalyzer(const TextAnalyzer&) = delete;
  TextAnalyzer& operator=(const TextAnalyzer&) = delete;

  // Appends the words of `text` to `*tokens` in text order. `text` must be
  // valid UTF-8 (the indexer validates input first); invalid sequences are
  // treated as non-word characters. Positions start at `first_position`.
  // Returns the position after the last word (first_position + words seen,
  // including dropped over-long ones).
  uint32_t Tokenize(absl::string_view text, std::vector<Token>* tokens,
                    uint32_t first_position = 0);

  // Normalises a single word the way Tokenize does, without word breaking.
  std::string NormalizeWord(absl::string_view word);

  // Returns the Snowball stem of `term` (a normalised term) for `language`
  // (an ISO 639-1 code such as "en"; languages without a stemmer stem to the
  // term itself). Returns "" for terms that are not stemmed: those starting
  // with a digit.
  std::string Stem(absl::string_view term, absl::string_view language);

  // Returns whether `language` (ISO 639-1) has a Snowball stemmer.
  static bool HasStemmer(absl::string_view language);

 private:
  class Impl;
  explicit TextAnalyzer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline

#endif  // BYLINE_ANALYSIS_TEXT_ANALYZER_H_
