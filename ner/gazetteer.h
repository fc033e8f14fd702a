// Gazetteer: lists of names and cue words, matched against an article's
// tokens (multi-word entries included) to give the tagger membership
// features. Built at load time from sources Byline may ship: ICU's locale
// data (country, region and city names in several languages, language names,
// month and weekday names) and the hand-written lists of hand_lists.h. Nothing
// is taken from a training corpus.
#ifndef BYLINE_NER_GAZETTEER_H_
#define BYLINE_NER_GAZETTEER_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "analysis/text_analyzer.h"

namespace byline::ner {

enum GazetteerCategory : uint8_t {
  kGazCountry = 0,
  kGazCity,
  kGazRegion,
  kGazNationality,
  kGazPersonTitle,
  kGazGivenName,
  kGazOrgWord,
  kGazOrgName,
  kGazClubWord,
  kGazLocWord,
  kGazEventWord,
  kGazTime,
  kGazAbbreviation,  // Abbreviations that end with a dot: "Mr", "Corp".
  kNumGazetteerCategories,
};

// Per-token match bits: bit 4 * category + part, part 0..3 = the token
// begins / is inside / ends / is the whole of a matched entry.
using GazetteerBits = uint64_t;
static_assert(4 * kNumGazetteerCategories <= 64);

// Thread safety: immutable after Build(); Match() may be called
// concurrently.
class Gazetteer {
 public:
  // Longest entry, in tokens.
  static constexpr int kMaxEntryTokens = 6;

  // Builds the standard gazetteer. `analyzer` normalises entries exactly as
  // article words are normalised. Fails only if ICU's data is unusable.
  static absl::StatusOr<std::unique_ptr<Gazetteer>> Build(
      TextAnalyzer* analyzer);

  // An empty gazetteer, plus Add(), for tests.
  Gazetteer() = default;
  // Adds `entry` (normalised with `analyzer`) to `category`.
  void Add(TextAnalyzer* analyzer, absl::string_view entry,
           GazetteerCategory category);

  // Sets bits[i] for each token i, given term_hashes[i] =
  // HashBytes(normalised term of token i). `bits` must have the same size.
  void Match(absl::Span<const uint64_t> term_hashes,
             absl::Span<GazetteerBits> bits) const;

  // Number of distinct entries.
  size_t size() const { return entries_; }

 private:
  // Key: hash chain of an entry's term hashes. Value: bit c set if the key
  // is a whole entry of category c; kPrefixBit if it is a proper prefix of
  // some longer entry.
  static constexpr uint32_t kPrefixBit = 1u << 31;
  absl::flat_hash_map<uint64_t, uint32_t> keys_;
  size_t entries_ = 0;
};

// The display languages whose ICU country and region names the gazetteer
// holds ("en", "fr", ...), English first. Static data; thread-safe.
absl::Span<const char* const> GazetteerDisplayLocales();

// The hash chain used for multi-token entries (exposed for tests).
uint64_t GazetteerStart(uint64_t first_term_hash);
uint64_t GazetteerExtend(uint64_t chain, uint64_t next_term_hash);

}  // namespace byline::ner

#endif  // BYLINE_NER_GAZETTEER_H_
