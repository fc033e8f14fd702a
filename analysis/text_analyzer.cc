// TextAnalyzer (see text_analyzer.h): ICU word breaking over UTF-8 text, NFKC
// case folding plus Byline's term clean-ups, and cached Xapian stemmers.
#include "analysis/text_analyzer.h"

#include <unicode/brkiter.h>
#include <unicode/bytestream.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>
#include <unicode/utypes.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "analysis/utf8.h"

namespace byline {
namespace {

// AnalyzerOptions::max_term_bytes may not exceed this (see the header).
constexpr size_t kMaxTermBytesLimit = 200;

// utext_openUTF8 takes at most INT32_MAX bytes; longer texts are analysed up
// to that length (token offsets are 32-bit anyway).
constexpr size_t kMaxTextBytes = INT32_MAX;

// ISO 639-1 code -> Xapian (Snowball) stemmer name.
struct StemmerName {
  absl::string_view language;
  absl::string_view xapian_name;
};
constexpr std::array<StemmerName, 26> kStemmerNames = {{
    {"en", "english"},   {"fr", "french"},     {"de", "german"},
    {"es", "spanish"},   {"it", "italian"},    {"pt", "portuguese"},
    {"nl", "dutch"},     {"sv", "swedish"},    {"no", "norwegian"},
    {"nb", "norwegian"}, {"da", "danish"},     {"fi", "finnish"},
    {"ru", "russian"},   {"ro", "romanian"},   {"hu", "hungarian"},
    {"tr", "turkish"},   {"ar", "arabic"},     {"id", "indonesian"},
    {"ga", "irish"},     {"lt", "lithuanian"}, {"ne", "nepali"},
    {"ta", "tamil"},     {"el", "greek"},      {"hy", "armenian"},
    {"eu", "basque"},    {"ca", "catalan"},
}};

// Whether the linked Xapian has the stemmer `xapian_name` (Xapian 1.4.22 has
// no Greek stemmer, for example).
bool XapianHasStemmer(absl::string_view xapian_name) {
  static const auto* const kAvailable = [] {
    auto* names = new absl::flat_hash_set<std::string>();
    for (absl::string_view name : absl::StrSplit(
             Xapian::Stem::get_available_languages(), ' ', absl::SkipEmpty())) {
      names->emplace(name.data(), name.size());
    }
    return names;
  }();
  return kAvailable->contains(std::string(xapian_name));
}

// Index into kStemmerNames of `language` (any case), or -1.
int StemmerIndex(absl::string_view language) {
  for (size_t i = 0; i < kStemmerNames.size(); ++i) {
    if (absl::EqualsIgnoreCase(kStemmerNames[i].language, language)) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

// Elided words that ICU leaves glued to the next word ("l'économie"), by
// language. Stem() drops them so that "l'économie" stems like "économie".
constexpr absl::string_view kFrenchElisions[] = {
    "c", "d",      "j",  "jusqu",  "l", "lorsqu", "m",
    "n", "puisqu", "qu", "quoiqu", "s", "t"};
constexpr absl::string_view kItalianElisions[] = {
    "all",  "c",     "coll",  "d", "dall", "dell", "l",  "m",
    "nell", "quell", "quest", "s", "sull", "t",    "un", "v"};
constexpr absl::string_view kCatalanElisions[] = {"d", "l", "m", "n", "s", "t"};

// `term` without a leading elided word of `language` ("l'économie" ->
// "économie" in French); `term` itself if it has none.
absl::string_view StripElision(absl::string_view term,
                               absl::string_view language) {
  const size_t apostrophe = term.find('\'');
  if (apostrophe == absl::string_view::npos || apostrophe + 1 == term.size()) {
    return term;
  }
  const absl::string_view elided = term.substr(0, apostrophe);
  std::span<const absl::string_view> elisions;
  if (language == "fr") {
    elisions = kFrenchElisions;
  } else if (language == "it") {
    elisions = kItalianElisions;
  } else if (language == "ca") {
    elisions = kCatalanElisions;
  }
  if (std::find(elisions.begin(), elisions.end(), elided) == elisions.end()) {
    return term;
  }
  return term.substr(apostrophe + 1);
}

bool IsAscii(absl::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Replaces every occurrence of `from` in `*s` by an ASCII apostrophe.
void ReplaceWithApostrophe(absl::string_view from, std::string* s) {
  size_t out = 0;
  for (size_t in = 0; in < s->size();) {
    if (absl::string_view(*s).substr(in, from.size()) == from) {
      (*s)[out++] = '\'';
      in += from.size();
    } else {
      (*s)[out++] = (*s)[in++];
    }
  }
  s->resize(out);
}

// U+2019 and U+02BC (and U+2018, which ICU also treats as an apostrophe
// inside words) -> "'".
void MapApostrophes(std::string* s) {
  if (s->find('\xE2') != std::string::npos) {
    ReplaceWithApostrophe("\xE2\x80\x99", s);  // U+2019
    ReplaceWithApostrophe("\xE2\x80\x98", s);  // U+2018
  }
  if (s->find('\xCA') != std::string::npos) {
    ReplaceWithApostrophe("\xCA\xBC", s);  // U+02BC
  }
}

// "blinken's" -> "blinken", "banks'" -> "banks".
void StripPossessive(std::string* s) {
  if (s->size() > 2 && s->ends_with("'s")) {
    s->resize(s->size() - 2);
  } else if (s->size() > 1 && s->back() == '\'') {
    s->pop_back();
  }
}

// "u.s" / "u.s." -> "us": two or more single letters, each followed by a dot
// (the last dot being optional). Anything else is left alone.
void CollapseAbbreviation(std::string* s) {
  if (s->size() < 3 || s->find('.') == std::string::npos) return;
  const auto* bytes = reinterpret_cast<const uint8_t*>(s->data());
  const int32_t length = static_cast<int32_t>(s->size());
  std::string letters;
  int32_t i = 0;
  int letter_count = 0;
  while (i < length) {
    const int32_t letter_start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0 || !u_isalpha(c)) return;
    letters.append(*s, letter_start, i - letter_start);
    ++letter_count;
    if (i == length) break;  // No final dot.
    if (bytes[i] != '.') return;
    ++i;
  }
  if (letter_count >= 2) *s = std::move(letters);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "1,000,000" -> "1000000" and "1,000.5" -> "1000.5": the integer part must
// be 1-3 digits followed by groups of exactly three, any fraction digits.
// "2,5" and "12,34" are left alone.
void RemoveThousandsSeparators(std::string* s) {
  if (s->find(',') == std::string::npos) return;
  const size_t n = s->size();
  size_t i = 0;
  while (i < n && IsDigit((*s)[i])) ++i;
  if (i < 1 || i > 3) return;
  int groups = 0;
  while (i < n && (*s)[i] == ',') {
    if (n - i < 4) return;  // Needs the comma and three digits.
    for (size_t k = 1; k <= 3; ++k) {
      if (!IsDigit((*s)[i + k])) return;
    }
    i += 4;
    ++groups;
  }
  if (groups == 0) return;
  if (i < n) {
    // Optional decimal fraction, nothing else.
    if ((*s)[i] != '.' || i + 1 == n) return;
    for (size_t k = i + 1; k < n; ++k) {
      if (!IsDigit((*s)[k])) return;
    }
  }
  std::erase(*s, ',');
}

}  // namespace

class TextAnalyzer::Impl {
 public:
  Impl(AnalyzerOptions options, std::unique_ptr<icu::BreakIterator> words,
       const icu::Normalizer2* nfkc_casefold)
      : options_(options),
        words_(std::move(words)),
        nfkc_casefold_(nfkc_casefold) {}

  ~Impl() { utext_close(&utext_); }

  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  uint32_t Tokenize(absl::string_view text, std::vector<Token>* tokens,
                    uint32_t position);

  // Sets `*out` to the normalised term of `word` ("" if it has none).
  void Normalize(absl::string_view word, std::string* out) const;

  std::string Stem(absl::string_view term, absl::string_view language);

 private:
  const AnalyzerOptions options_;
  const std::unique_ptr<icu::BreakIterator> words_;
  const icu::Normalizer2* const nfkc_casefold_;  // Owned by ICU.
  // Reused for every text; the break iterator keeps a shallow clone of it.
  UText utext_ = UTEXT_INITIALIZER;
  // Stemmers built on first use, indexed like kStemmerNames. `stem` stays
  // null if Xapian lacks the language.
  struct LazyStemmer {
    bool loaded = false;
    std::unique_ptr<Xapian::Stem> stem;
    // Term (after elision stripping) -> stem; see
    // AnalyzerOptions::stem_cache_entries.
    absl::flat_hash_map<std::string, std::string> cache;
  };
  std::array<LazyStemmer, kStemmerNames.size()> stemmers_;
};

uint32_t TextAnalyzer::Impl::Tokenize(absl::string_view text,
                                      std::vector<Token>* tokens,
                                      uint32_t position) {
  if (text.size() > kMaxTextBytes) text = text.substr(0, kMaxTextBytes);
  UErrorCode status = U_ZERO_ERROR;
  utext_openUTF8(&utext_, text.data(), static_cast<int64_t>(text.size()),
                 &status);
  if (U_FAILURE(status)) return position;
  words_->setText(&utext_, status);
  if (U_FAILURE(status)) return position;

  int32_t start = words_->first();
  for (int32_t end = words_->next(); end != icu::BreakIterator::DONE;
       start = end, end = words_->next()) {
    // Statuses below UBRK_WORD_NONE_LIMIT are spaces, punctuation, emoji.
    if (words_->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
    Token& token = tokens->emplace_back();
    Normalize(text.substr(start, end - start), &token.term);
    if (token.term.empty() || token.term.size() > options_.max_term_bytes) {
      tokens->pop_back();
      ++position;  // Still a word: phrases must not bridge it.
      continue;
    }
    token.start = static_cast<uint32_t>(start);
    token.end = static_cast<uint32_t>(end);
    token.position = position++;
  }
  // Do not keep pointing at the caller's text.
  utext_openUTF8(&utext_, "", 0, &status);
  words_->setText(&utext_, status);
  return position;
}

void TextAnalyzer::Impl::Normalize(absl::string_view word,
                                   std::string* out) const {
  out->clear();
  if (IsAscii(word)) {
    // NFKC case folding of ASCII is plain lower-casing.
    out->assign(word.data(), word.size());
    absl::AsciiStrToLower(out);
  } else {
    if (word.size() > kMaxTextBytes || !IsValidUtf8(word)) return;
    UErrorCode status = U_ZERO_ERROR;
    icu::StringByteSink<std::string> sink(out);
    nfkc_casefold_->normalizeUTF8(
        0, icu::StringPiece(word.data(), static_cast<int32_t>(word.size())),
        sink, nullptr, status);
    if (U_FAILURE(status)) {
      out->clear();
      return;
    }
    MapApostrophes(out);
  }
  StripPossessive(out);
  CollapseAbbreviation(out);
  RemoveThousandsSeparators(out);
}

std::string TextAnalyzer::Impl::Stem(absl::string_view term,
                                     absl::string_view language) {
  if (term.empty() || IsDigit(term.front())) return "";
  const int index = StemmerIndex(language);
  if (index < 0) return std::string(term);
  LazyStemmer& stemmer = stemmers_[index];
  if (!stemmer.loaded) {
    stemmer.loaded = true;
    const absl::string_view name = kStemmerNames[index].xapian_name;
    if (XapianHasStemmer(name)) {
      try {
        stemmer.stem = std::make_unique<Xapian::Stem>(std::string(name));
      } catch (const Xapian::Error&) {
        // Left without a stemmer, like languages Xapian lacks.
      }
    }
  }
  if (stemmer.stem == nullptr) return std::string(term);
  term = StripElision(term, kStemmerNames[index].language);
  if (options_.stem_cache_entries == 0) {
    return (*stemmer.stem)(std::string(term));
  }
  if (auto it = stemmer.cache.find(term); it != stemmer.cache.end()) {
    return it->second;
  }
  if (stemmer.cache.size() >= options_.stem_cache_entries) {
    stemmer.cache.clear();
  }
  std::string word(term);
  std::string stem = (*stemmer.stem)(word);
  stemmer.cache.emplace(std::move(word), stem);
  return stem;
}

absl::StatusOr<std::unique_ptr<TextAnalyzer>> TextAnalyzer::Create(
    AnalyzerOptions options) {
  if (options.max_term_bytes < 1 ||
      options.max_term_bytes > kMaxTermBytesLimit) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_term_bytes must be in [1, ", kMaxTermBytesLimit,
                     "], got ", options.max_term_bytes));
  }
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || words == nullptr) {
    return absl::InternalError(absl::StrCat(
        "cannot create the ICU word break iterator: ", u_errorName(status)));
  }
  const icu::Normalizer2* nfkc_casefold =
      icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status) || nfkc_casefold == nullptr) {
    return absl::InternalError(
        absl::StrCat("cannot create the ICU NFKC_Casefold normaliser: ",
                     u_errorName(status)));
  }
  return std::unique_ptr<TextAnalyzer>(new TextAnalyzer(
      std::make_unique<Impl>(options, std::move(words), nfkc_casefold)));
}

TextAnalyzer::TextAnalyzer(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}

TextAnalyzer::~TextAnalyzer() = default;

uint32_t TextAnalyzer::Tokenize(absl::string_view text,
                                std::vector<Token>* tokens,
                                uint32_t first_position) {
  return impl_->Tokenize(text, tokens, first_position);
}

std::string TextAnalyzer::NormalizeWord(absl::string_view word) {
  std::string term;
  impl_->Normalize(word, &term);
  return term;
}

std::string TextAnalyzer::Stem(absl::string_view term,
                               absl::string_view language) {
  return impl_->Stem(term, language);
}

bool TextAnalyzer::HasStemmer(absl::string_view language) {
  const int index = StemmerIndex(language);
  return index >= 0 && XapianHasStemmer(kStemmerNames[index].xapian_name);
}

}  // namespace byline
