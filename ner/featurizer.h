// Featurizer: turns an article's ICU tokens (TextAnalyzer::Tokenize) into the
// tagger's features. Prepare() computes per-token attributes once per
// document (hashes of the term, surface, shape and affixes; case; the
// punctuation between tokens; sentence and headline context; gazetteer and
// word-cluster membership; document-level case evidence). Extract() then
// writes the 64-bit feature hashes of one token into a caller's array. A
// feature hash is the stable hash of (template, value...), the equivalent of
// hashing a feature string such as "w[-1]=minister" without building it.
//
// The trainer and the recogniser share this code, so a model is only valid
// with the feature set it was trained with: kFeatureSetVersion is stored in
// the model file and checked on load.
#ifndef BYLINE_NER_FEATURIZER_H_
#define BYLINE_NER_FEATURIZER_H_

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "analysis/text_analyzer.h"
#include "ner/gazetteer.h"
#include "ner/word_clusters.h"

namespace byline::ner {

// Bump whenever Extract() or the attributes change meaning.
inline constexpr uint32_t kFeatureSetVersion = 1;

// Upper bound on the features of one token.
inline constexpr int kMaxFeatures = 80;

// Positions in Extract()'s output of a token's own word-identity features:
// its term, its surface, and its bigrams with the previous and the next term.
// The trainer's word-identity dropout (TrainerOptions::lexical_dropout)
// leaves exactly these positions out, so Extract() must keep these features
// at these positions (featurizer_test checks it). The term feature of tokens
// in capital lines is not among them: its position varies.
inline constexpr int kOwnWordFeatures[] = {1, 2, 7, 8};

// Case of a token's letters.
enum CaseClass : uint8_t {
  kCaseNone = 0,     // No letters, no digits.
  kCaseLower,        // "profit"
  kCaseTitle,        // "Halvorsen"
  kCaseUpper,        // "NATO" (two or more letters)
  kCaseSingleUpper,  // "J" (initials)
  kCaseMixed,        // "McDonald", "iPhone"
  kCaseDigits,       // "1996", "3.5"
  kCaseUncased,      // Letters without case (CJK, Arabic, ...).
};

// Punctuation found in the text between two tokens.
enum GapBit : uint16_t {
  kGapComma = 1 << 0,
  kGapStop = 1 << 1,   // . ! ?
  kGapColon = 1 << 2,  // : ;
  kGapOpen = 1 << 3,   // ( [ {
  kGapClose = 1 << 4,  // ) ] }
  kGapQuote = 1 << 5,  // " ' ` and typographic quotes
  kGapJoin = 1 << 6,   // A hyphen with no space: "Hewlett-Packard".
  kGapDash = 1 << 7,   // A hyphen or dash with space around it.
  kGapAmpersand = 1 << 8,
  kGapSlash = 1 << 9,
  kGapOther = 1 << 10,
  kGapNone = 1 << 11,  // No gap at all.
  kGapNewline = 1 << 12,
};

// Token flags.
enum TokenFlag : uint8_t {
  kSentenceStart = 1 << 0,
  kCapsLine = 1 << 1,    // In a line written mostly in capitals.
  kPossessive = 1 << 2,  // Ends with "'s" or "'".
  kHasDigit = 1 << 3,
  kHasDot = 1 << 4,         // Contains a dot ("U.S", "example.com").
  kHasApostrophe = 1 << 5,  // Inside the word: "O'Neill".
};

// Document-level evidence about a token's word.
enum DocFlag : uint8_t {
  kDocSeenLower = 1 << 0,   // Written in lower case somewhere in the text.
  kDocSeenCapMid = 1 << 1,  // Capitalised somewhere mid-sentence.
};

struct TokenInfo {
  uint64_t term = 0;         // HashBytes(normalised term).
  uint64_t surface = 0;      // HashBytes(surface without possessive).
  uint64_t shape = 0;        // "Xxxx", "X.X", "dddd-dd-dd"...
  uint64_t short_shape = 0;  // Runs collapsed: "Xx", "X.X", "d-d-d".
  uint64_t prefix[4] = {};   // Term prefixes of 1-4 bytes.
  uint64_t suffix[4] = {};   // Term suffixes of 1-4 bytes.
  GazetteerBits gazetteer = 0;
  ClusterPath cluster = 0;
  // End of the name part of the token for mentions: the token end without a
  // possessive, plus a following "." for dotted abbreviations ("U.S.").
  uint32_t mention_end = 0;
  uint16_t gap_before = 0;  // GapBits between the previous token and this.
  uint8_t case_class = kCaseNone;
  uint8_t length = 0;  // Term length in bytes, capped at 255.
  uint8_t flags = 0;
  uint8_t doc_flags = 0;
  uint8_t cap_run = 0;  // 0 none; 1 begin, 2 inside, 3 end, 4 alone.
};

// Not thread-safe (scratch space); one per thread. The gazetteer and
// clusters must outlive it.
class Featurizer {
 public:
  Featurizer(const Gazetteer* gazetteer, const WordClusters* clusters);

  // Computes the attributes of `tokens`, the words of `text` as produced by
  // TextAnalyzer::Tokenize(text) (offsets into `text`).
  void Prepare(absl::string_view text, absl::Span<const Token> tokens);

  size_t size() const { return infos_.size(); }
  const TokenInfo& info(size_t i) const { return infos_[i]; }

  // Writes the feature hashes of token i to out[0, n) and returns n
  // (at most kMaxFeatures).
  int Extract(size_t i, uint64_t* out) const;

 private:
  void ComputeLines();
  void ComputeCapRuns();
  void ComputeDocFlags();

  const Gazetteer* gazetteer_;
  const WordClusters* clusters_;
  std::vector<TokenInfo> infos_;
  std::vector<uint64_t> term_hashes_;
  std::vector<GazetteerBits> gazetteer_bits_;
  // Open-addressing table term hash -> DocFlags, reused across documents.
  std::vector<uint64_t> doc_keys_;
  std::vector<uint8_t> doc_values_;
};

// Attributes of one token's surface, exposed for tests.
struct SurfaceInfo {
  uint64_t shape = 0;
  uint64_t short_shape = 0;
  uint8_t case_class = kCaseNone;
  uint8_t flags = 0;  // kHasDigit, kHasDot, kHasApostrophe.
};
SurfaceInfo AnalyzeSurface(absl::string_view surface);
// Length of `surface` without a possessive "'s" / "'" (either apostrophe).
size_t StripPossessiveLength(absl::string_view surface);
// GapBits of the text between two tokens.
uint16_t AnalyzeGap(absl::string_view gap);

}  // namespace byline::ner

#endif  // BYLINE_NER_FEATURIZER_H_
