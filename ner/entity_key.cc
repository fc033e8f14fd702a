// EntityKeyer (see entity_key.h): splitting and normalising the words of a
// mention, stripping person titles, and the aliases of country and region
// names built from ICU's locale data.
//
// Alias tiers (lower wins; two codes at the best tier of a name make it
// ambiguous, and an ambiguous name is not aliased):
//   0 English main names ("United States")
//   1 English short and variant names ("US", "UK", "Ivory Coast")
//   2 parts of English names ("Myanmar" and "Burma" of "Myanmar (Burma)",
//     "Congo" of "Congo - Kinshasa")
//   3 hand-written country aliases that ICU lacks (kAliasRegions)
//   4 initials of English main names of two or more words ("UAE", "EU")
//   5 names in the gazetteer's other display languages ("Deutschland")
//   6 parts of those names
// Names of kNeverAliased win over every tier and are never aliased. Names
// of three letters or fewer from other languages ("VS", "RU", "EUA") are
// left out: abbreviations of another language mean something else in
// English text.
#include "ner/entity_key.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/uchar.h>
#include <unicode/udata.h>
#include <unicode/unistr.h>
#include <unicode/ures.h>
#include <unicode/utf8.h>
#include <unicode/utypes.h>

#include <climits>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ner/gazetteer.h"
#include "ner/hand_lists.h"
#include "ner/hashing.h"

namespace byline::ner {
namespace {

constexpr int kTierNever = -1;
constexpr int kTierEnglishMain = 0;
constexpr int kTierEnglishOther = 1;
constexpr int kTierEnglishPart = 2;
constexpr int kTierHandAlias = 3;
constexpr int kTierInitials = 4;
constexpr int kTierOtherLanguage = 5;
constexpr int kTierOtherLanguagePart = 6;

// Region codes of the hand-written country aliases (hand_lists.h) that ICU's
// names do not cover. Only entries of CountryAliases() are used (the test
// checks that they resolve). Historical states ("Soviet Union",
// "Yugoslavia", "Zaire") are left out on purpose: they are not their
// successors.
struct AliasRegion {
  absl::string_view alias;
  absl::string_view code;
};
constexpr AliasRegion kAliasRegions[] = {
    {"Britain", "GB"},
    {"Great Britain", "GB"},
    {"United States of America", "US"},
    {"USA", "US"},
    {"Holland", "NL"},
    {"Vatican", "VA"},
    {"Slovak Republic", "SK"},
    {"Macedonia", "MK"},
    {"FYROM", "MK"},
    {"Byelorussia", "BY"},
    {"Kirghizia", "KG"},
    {"Moldavia", "MD"},
    {"Turkmenia", "TM"},
    {"Nippon", "JP"},
    {"PRC", "CN"},
    {"DPRK", "KP"},
    {"ROK", "KR"},
};

// Names that ICU gives a region but that usually mean something else in
// English news, so they keep their own key.
constexpr absl::string_view kNeverAliased[] = {
    "America",   // The United States, or the Americas (Italian "America").
    "Granada",   // Spanish and Portuguese for Grenada; the Spanish city.
    "Salvador",  // French for El Salvador; the Brazilian city.
    "Brasilia",  // Finnish for Brazil; its capital.
    "Island",    // Iceland in German and the Nordic languages.
};

// Words that initials skip ("Bosnia & Herzegovina" -> "BH").
bool IsFunctionWord(absl::string_view term) {
  return term == "and" || term == "of" || term == "the";
}

enum class CharClass : uint8_t {
  kWord,        // Letters, marks, digits.
  kDot,         // Dropped without splitting: "U.S." -> "us".
  kApostrophe,  // Kept inside a word, trimmed at its ends.
  kAmpersand,   // Inside a word ("AT&T") or the word "and".
  kIgnorable,   // Format characters (soft hyphen, ZWJ): dropped.
  kSeparator,   // Spaces, hyphens, quotes, other punctuation, symbols.
};

CharClass Classify(UChar32 c) {
  if (c < 0) return CharClass::kSeparator;  // Invalid UTF-8.
  if (c < 0x80) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c))) {
      return CharClass::kWord;
    }
    if (c == '.') return CharClass::kDot;
    if (c == '\'') return CharClass::kApostrophe;
    if (c == '&') return CharClass::kAmpersand;
    return CharClass::kSeparator;
  }
  switch (c) {
    case 0x02BC:  // Modifier letter apostrophe.
    case 0x2018:  // Left single quotation mark (ICU: apostrophe in words).
    case 0x2019:  // Right single quotation mark: the usual apostrophe.
    case 0xFF07:  // Full-width apostrophe.
      return CharClass::kApostrophe;
    case 0x2024:  // One dot leader.
    case 0xFE52:  // Small full stop.
    case 0xFF0E:  // Full-width full stop.
      return CharClass::kDot;
    case 0xFE60:  // Small ampersand.
    case 0xFF06:  // Full-width ampersand.
      return CharClass::kAmpersand;
    default:
      break;
  }
  const uint32_t mask = U_MASK(u_charType(c));
  if ((mask & (U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK)) != 0) {
    return CharClass::kWord;
  }
  if ((mask & U_GC_CF_MASK) != 0) return CharClass::kIgnorable;
  return CharClass::kSeparator;
}

// One code point of the word being collected.
struct CharInfo {
  uint32_t start;
  uint32_t end;
  CharClass cls;
};
using WordChars = absl::InlinedVector<CharInfo, 32>;

bool IsAscii(absl::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Whether surface[ch] is "s" or "S" (plain or full-width).
bool IsLetterS(absl::string_view surface, const CharInfo& ch) {
  const absl::string_view s = surface.substr(ch.start, ch.end - ch.start);
  return s == "s" || s == "S" || s == "\xEF\xBD\x93" || s == "\xEF\xBC\xB3";
}

// Appends the word made of `chars` (possessive and surrounding apostrophes
// trimmed, dots and format characters dropped, NFKC case folded) to
// `*words`, unless nothing is left of it.
void FinishWord(absl::string_view surface, const WordChars& chars,
                const icu::Normalizer2& nfkc_casefold,
                std::vector<NameWord>* words) {
  size_t first = 0;
  size_t last = chars.size();
  while (first < last && chars[first].cls != CharClass::kWord) ++first;
  if (first == last) return;
  // "Dalen's", "Dalen’s" -> "Dalen"; "Boys'" -> "Boys".
  if (last - first >= 3 && IsLetterS(surface, chars[last - 1]) &&
      chars[last - 2].cls == CharClass::kApostrophe) {
    last -= 2;
  }
  while (last > first && chars[last - 1].cls != CharClass::kWord &&
         chars[last - 1].cls != CharClass::kDot) {
    --last;
  }
  std::string raw;
  for (size_t k = first; k < last; ++k) {
    const CharInfo& ch = chars[k];
    switch (ch.cls) {
      case CharClass::kWord:
        raw.append(surface.data() + ch.start, ch.end - ch.start);
        break;
      case CharClass::kApostrophe:
        raw.push_back('\'');
        break;
      case CharClass::kAmpersand:
        raw.push_back('&');
        break;
      case CharClass::kDot:
      case CharClass::kIgnorable:
      case CharClass::kSeparator:
        break;
    }
  }
  NameWord& word = words->emplace_back();
  word.start = chars[first].start;
  word.end = chars[last - 1].end;
  if (IsAscii(raw)) {
    // NFKC case folding of ASCII is lower-casing.
    absl::AsciiStrToLower(&raw);
    word.term = std::move(raw);
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::StringByteSink<std::string> sink(&word.term);
  nfkc_casefold.normalizeUTF8(
      0, icu::StringPiece(raw.data(), static_cast<int32_t>(raw.size())), sink,
      nullptr, status);
  if (U_FAILURE(status) || word.term.empty()) words->pop_back();
}

std::string JoinTerms(absl::Span<const NameWord> words) {
  std::string out;
  for (const NameWord& w : words) {
    if (!out.empty()) out.push_back(' ');
    out += w.term;
  }
  return out;
}

std::string ToUtf8(const UChar* s, int32_t length) {
  std::string out;
  icu::UnicodeString(s, length).toUTF8String(out);
  return out;
}

// Codes of ICU's region table that are not places to alias.
bool SkipRegionCode(absl::string_view code) {
  // Unknown Region, World, and the pseudo-locales' test regions.
  return code == "ZZ" || code == "001" || code == "XA" || code == "XB";
}

bool IsOrganizationCode(absl::string_view code) {
  return code == "EU" || code == "EZ" || code == "UN";
}

// (code, name) pairs of one table of ICU's region names for `locale`.
struct RegionName {
  std::string code;
  std::string name;
};
absl::StatusOr<std::vector<RegionName>> ReadRegionNames(const char* locale,
                                                        const char* table) {
  UErrorCode status = U_ZERO_ERROR;
  UResourceBundle* bundle = ures_open(
      U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "region", locale, &status);
  if (U_FAILURE(status)) {
    ures_close(bundle);
    return absl::InternalError(absl::StrCat("ICU region names for ", locale,
                                            ": ", u_errorName(status)));
  }
  std::vector<RegionName> out;
  UErrorCode table_status = U_ZERO_ERROR;
  UResourceBundle* names = ures_getByKey(bundle, table, nullptr, &table_status);
  while (U_SUCCESS(table_status) && ures_hasNext(names)) {
    const char* key = nullptr;
    int32_t length = 0;
    const UChar* name = ures_getNextString(names, &length, &key, &table_status);
    if (U_FAILURE(table_status) || key == nullptr) break;
    if (SkipRegionCode(key)) continue;
    out.push_back({key, ToUtf8(name, length)});
  }
  ures_close(names);
  ures_close(bundle);
  return out;
}

// The parts of a region name that news also uses alone, as gazetteer.cc
// derives them: "Myanmar (Burma)" -> "Myanmar", "Burma"; "Congo - Kinshasa"
// -> "Congo"; "Beulah, North Dakota" -> "Beulah".
std::vector<absl::string_view> NameParts(absl::string_view name) {
  std::vector<absl::string_view> parts;
  const size_t open = name.find(" (");
  if (open != absl::string_view::npos) {
    parts.push_back(name.substr(0, open));
    const size_t close = name.find(')', open);
    if (close != absl::string_view::npos) {
      parts.push_back(name.substr(open + 2, close - open - 2));
    }
  }
  for (absl::string_view separator : {" - ", ", "}) {
    const size_t at = name.find(separator);
    if (at != absl::string_view::npos) parts.push_back(name.substr(0, at));
  }
  return parts;
}

}  // namespace

absl::StatusOr<std::unique_ptr<EntityKeyer>> EntityKeyer::Create() {
  std::unique_ptr<EntityKeyer> keyer(new EntityKeyer());
  UErrorCode status = U_ZERO_ERROR;
  keyer->nfkc_casefold_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status) || keyer->nfkc_casefold_ == nullptr) {
    return absl::InternalError(
        absl::StrCat("cannot create the ICU NFKC_Casefold normaliser: ",
                     u_errorName(status)));
  }

  std::vector<NameWord> words;
  for (absl::string_view title : PersonTitles()) {
    keyer->Words(title, EntityType::kMisc, &words);
    if (words.empty()) continue;
    keyer->titles_.insert(JoinTerms(words));
    keyer->max_title_words_ = std::max(keyer->max_title_words_, words.size());
  }

  // Region codes and their canonical keys: the English main name without a
  // parenthesised part ("Myanmar (Burma)" -> "myanmar").
  const absl::Span<const char* const> locales = GazetteerDisplayLocales();
  if (locales.empty() || absl::string_view(locales[0]) != "en") {
    return absl::InternalError(
        "the gazetteer's first display locale is not en");
  }
  absl::StatusOr<std::vector<RegionName>> english =
      ReadRegionNames("en", "Countries");
  if (!english.ok()) return english.status();
  if (english->empty()) {
    return absl::InternalError("ICU has no English region names");
  }
  absl::flat_hash_map<std::string, int> code_index;
  for (const RegionName& region : *english) {
    absl::string_view name = region.name;
    name = name.substr(0, name.find(" ("));
    keyer->Words(name, EntityType::kMisc, &words);
    if (words.empty()) continue;
    if (!code_index.try_emplace(region.code, keyer->canonical_.size()).second) {
      continue;
    }
    keyer->canonical_.push_back(JoinTerms(words));
    // Initials of names of two or more words: "UAE", "EU".
    std::string initials;
    int significant = 0;
    for (const NameWord& w : words) {
      if (IsFunctionWord(w.term)) continue;
      ++significant;
      initials.append(w.term, 0, 1);
    }
    if (significant >= 2 && IsAscii(initials)) {
      keyer->AddAlias(initials, code_index[region.code], kTierInitials,
                      IsOrganizationCode(region.code));
    }
  }

  for (size_t l = 0; l < locales.size(); ++l) {
    const bool is_english = l == 0;
    for (const char* table :
         {"Countries", "Countries%short", "Countries%variant"}) {
      absl::StatusOr<std::vector<RegionName>> names =
          ReadRegionNames(locales[l], table);
      if (!names.ok()) return names.status();
      const bool main = absl::string_view(table) == "Countries";
      const int tier = !is_english ? kTierOtherLanguage
                       : main      ? kTierEnglishMain
                                   : kTierEnglishOther;
      const int part_tier =
          is_english ? kTierEnglishPart : kTierOtherLanguagePart;
      for (const RegionName& region : *names) {
        const auto it = code_index.find(region.code);
        if (it == code_index.end()) continue;
        const bool organization = IsOrganizationCode(region.code);
        if (!is_english && region.name.size() <= 3) continue;  // "VS".
        keyer->AddAlias(region.name, it->second, tier, organization);
        for (absl::string_view part : NameParts(region.name)) {
          keyer->AddAlias(part, it->second, part_tier, organization);
        }
      }
    }
  }

  for (absl::string_view alias : CountryAliases()) {
    for (const AliasRegion& entry : kAliasRegions) {
      if (entry.alias != alias) continue;
      const auto it = code_index.find(entry.code);
      if (it == code_index.end()) continue;
      keyer->AddAlias(alias, it->second, kTierHandAlias, false);
    }
  }
  for (absl::string_view name : kNeverAliased) {
    keyer->AddAlias(name, -1, kTierNever, false);
  }
  return keyer;
}

void EntityKeyer::AddAlias(absl::string_view name, int code, int tier,
                           bool organization) {
  std::vector<NameWord> words;
  Words(name, EntityType::kMisc, &words);
  if (words.empty()) return;
  const auto [it, inserted] = aliases_.try_emplace(
      JoinTerms(words),
      Alias{.code = code, .tier = tier, .organization = organization});
  if (inserted) return;
  Alias& alias = it->second;
  if (tier < alias.tier) {
    alias = Alias{.code = code, .tier = tier, .organization = organization};
  } else if (tier == alias.tier && code != alias.code) {
    alias.code = -1;  // Two codes at the same tier: ambiguous.
  }
}

void EntityKeyer::Words(absl::string_view surface, EntityType type,
                        std::vector<NameWord>* words) const {
  words->clear();
  if (surface.size() > INT32_MAX) surface = surface.substr(0, INT32_MAX);
  const auto* bytes = reinterpret_cast<const uint8_t*>(surface.data());
  const int32_t length = static_cast<int32_t>(surface.size());
  WordChars chars;
  const auto finish = [&] {
    if (!chars.empty()) FinishWord(surface, chars, *nfkc_casefold_, words);
    chars.clear();
  };
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    const CharClass cls = Classify(c);
    const CharInfo info{static_cast<uint32_t>(start), static_cast<uint32_t>(i),
                        cls};
    switch (cls) {
      case CharClass::kWord:
      case CharClass::kApostrophe:
        chars.push_back(info);
        break;
      case CharClass::kDot:
      case CharClass::kIgnorable:
        if (!chars.empty()) chars.push_back(info);
        break;
      case CharClass::kAmpersand: {
        bool inner = !chars.empty() && chars.back().cls == CharClass::kWord;
        if (inner) {
          int32_t next = i;
          UChar32 after = -1;
          if (next < length) U8_NEXT(bytes, next, length, after);
          inner = Classify(after) == CharClass::kWord;
        }
        if (inner) {
          chars.push_back(info);
        } else {
          finish();
          words->push_back(
              NameWord{.term = "and", .start = info.start, .end = info.end});
        }
        break;
      }
      case CharClass::kSeparator:
        finish();
        break;
    }
  }
  finish();

  if (type != EntityType::kPerson) return;
  size_t from = 0;
  for (size_t n = TitleLength(*words, from); n > 0;
       n = TitleLength(*words, from)) {
    from += n;
  }
  words->erase(words->begin(), words->begin() + from);
}

size_t EntityKeyer::TitleLength(absl::Span<const NameWord> words,
                                size_t from) const {
  if (words.size() <= from + 1) return 0;  // Keep at least one word.
  const size_t longest = std::min(max_title_words_, words.size() - from - 1);
  std::string candidate;
  for (size_t n = longest; n > 0; --n) {
    candidate = JoinTerms(words.subspan(from, n));
    if (titles_.contains(candidate)) return n;
  }
  return 0;
}

std::string EntityKeyer::KeyOfWords(absl::Span<const NameWord> words,
                                    EntityType type) const {
  std::string key = JoinTerms(words);
  if (type != EntityType::kLocation && type != EntityType::kOrganization) {
    return key;
  }
  auto it = aliases_.find(key);
  if (it == aliases_.end() && words.size() > 1 && words[0].term == "the") {
    it = aliases_.find(JoinTerms(words.subspan(1)));  // "the Netherlands".
  }
  if (it == aliases_.end() || it->second.code < 0) return key;
  if (type == EntityType::kOrganization && !it->second.organization) {
    return key;
  }
  return canonical_[it->second.code];
}

std::string EntityKeyer::NormalizedWords(absl::string_view text,
                                         EntityType type) const {
  std::vector<NameWord> words;
  Words(text, type, &words);
  return JoinTerms(words);
}

std::string EntityKeyer::Key(absl::string_view surface, EntityType type) const {
  std::vector<NameWord> words;
  Words(surface, type, &words);
  return KeyOfWords(words, type);
}

uint64_t EntityIdHash(EntityType type, absl::string_view key) {
  uint64_t h = HashBytes(EntityTypeName(type));
  h = HashBytes(":", h);
  return HashBytes(key, h);
}

std::string EntityId(EntityType type, absl::string_view key) {
  return absl::StrCat(absl::Hex(EntityIdHash(type, key), absl::kZeroPad16));
}

}  // namespace byline::ner
