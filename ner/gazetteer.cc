// Gazetteer (see gazetteer.h): building from ICU locale data and hand lists,
// and matching over token term hashes.
#include "ner/gazetteer.h"

#include <unicode/dtfmtsym.h>
#include <unicode/locid.h>
#include <unicode/strenum.h>
#include <unicode/timezone.h>
#include <unicode/tznames.h>
#include <unicode/udata.h>
#include <unicode/unistr.h>
#include <unicode/ures.h>
#include <unicode/utypes.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "analysis/text_analyzer.h"
#include "ner/hand_lists.h"
#include "ner/hashing.h"
#include "util/status_macros.h"

namespace byline::ner {
namespace {

// Display locales for ICU's names: the languages of European and world news.
constexpr const char* kDisplayLocales[] = {"en", "fr", "de", "es", "it", "pt",
                                           "nl", "sv", "nb", "da", "fi", "pl"};

std::string ToUtf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// Adds `name` and its useful variants: "Myanmar (Burma)" also as "Myanmar"
// and "Burma", "Congo - Kinshasa" also as "Congo", "St. Kitts & Nevis" also
// with "and", "Beulah, North Dakota" as "Beulah".
void AddName(Gazetteer* gazetteer, TextAnalyzer* analyzer,
             absl::string_view name, GazetteerCategory category) {
  if (name.empty()) return;
  gazetteer->Add(analyzer, name, category);
  const size_t open = name.find(" (");
  if (open != absl::string_view::npos) {
    gazetteer->Add(analyzer, name.substr(0, open), category);
    const size_t close = name.find(')', open);
    if (close != absl::string_view::npos) {
      gazetteer->Add(analyzer, name.substr(open + 2, close - open - 2),
                     category);
    }
  }
  for (absl::string_view separator : {" - ", ", "}) {
    const size_t at = name.find(separator);
    if (at != absl::string_view::npos) {
      gazetteer->Add(analyzer, name.substr(0, at), category);
    }
  }
  if (name.find('&') != absl::string_view::npos) {
    gazetteer->Add(analyzer, absl::StrReplaceAll(name, {{"&", "and"}}),
                   category);
  }
}

void AddList(Gazetteer* gazetteer, TextAnalyzer* analyzer,
             absl::Span<const absl::string_view> names,
             GazetteerCategory category) {
  for (absl::string_view name : names) {
    AddName(gazetteer, analyzer, name, category);
  }
}

// Category of an entry of ICU's "Countries" table by its code: two letters
// are countries (except the few organisations), three digits are regions.
bool CategoryOfRegionCode(absl::string_view code, GazetteerCategory* out) {
  if (code == "ZZ" || code == "001") return false;  // Unknown, World.
  if (code == "EU" || code == "EZ" || code == "UN") {
    *out = kGazOrgName;
    return true;
  }
  if (code.size() == 3 && absl::ascii_isdigit(code[0])) {
    *out = kGazRegion;
    return true;
  }
  if (code == "QO") {
    *out = kGazRegion;
    return true;
  }
  *out = kGazCountry;
  return true;
}

// Country and region names of ICU's region data for `locale`, with the
// "%short" and "%variant" alternatives ("UK", "Ivory Coast").
absl::Status AddRegionNames(Gazetteer* gazetteer, TextAnalyzer* analyzer,
                            const char* locale) {
  UErrorCode status = U_ZERO_ERROR;
  UResourceBundle* bundle = ures_open(
      U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "region", locale, &status);
  if (U_FAILURE(status)) {
    ures_close(bundle);
    return absl::InternalError(absl::StrCat("ICU region names for ", locale,
                                            ": ", u_errorName(status)));
  }
  for (const char* table :
       {"Countries", "Countries%short", "Countries%variant"}) {
    UErrorCode table_status = U_ZERO_ERROR;
    UResourceBundle* names =
        ures_getByKey(bundle, table, nullptr, &table_status);
    while (U_SUCCESS(table_status) && ures_hasNext(names)) {
      const char* key = nullptr;
      int32_t length = 0;
      const UChar* name =
          ures_getNextString(names, &length, &key, &table_status);
      if (U_FAILURE(table_status) || key == nullptr) break;
      GazetteerCategory category;
      if (!CategoryOfRegionCode(key, &category)) continue;
      AddName(gazetteer, analyzer, ToUtf8(icu::UnicodeString(name, length)),
              category);
    }
    ures_close(names);
  }
  ures_close(bundle);
  return absl::OkStatus();
}

// Cities: ICU's exemplar cities of the canonical time zones.
absl::Status AddCities(Gazetteer* gazetteer, TextAnalyzer* analyzer,
                       const char* locale) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::TimeZoneNames> zone_names(
      icu::TimeZoneNames::createInstance(icu::Locale(locale), status));
  std::unique_ptr<icu::StringEnumeration> ids(
      icu::TimeZone::createTimeZoneIDEnumeration(
          UCAL_ZONE_TYPE_CANONICAL_LOCATION, nullptr, nullptr, status));
  if (U_FAILURE(status) || zone_names == nullptr || ids == nullptr) {
    return absl::InternalError(absl::StrCat("ICU time zone names for ", locale,
                                            ": ", u_errorName(status)));
  }
  const icu::UnicodeString* id;
  while ((id = ids->snext(status)) != nullptr && U_SUCCESS(status)) {
    icu::UnicodeString city;
    zone_names->getExemplarLocationName(*id, city);
    AddName(gazetteer, analyzer, ToUtf8(city), kGazCity);
  }
  return absl::OkStatus();
}

// Month and weekday names, full and abbreviated.
absl::Status AddCalendarNames(Gazetteer* gazetteer, TextAnalyzer* analyzer,
                              const char* locale) {
  UErrorCode status = U_ZERO_ERROR;
  icu::DateFormatSymbols symbols(icu::Locale(locale), status);
  if (U_FAILURE(status)) {
    return absl::InternalError(absl::StrCat("ICU date symbols for ", locale,
                                            ": ", u_errorName(status)));
  }
  int32_t count = 0;
  const icu::UnicodeString* names = symbols.getMonths(count);
  for (int32_t i = 0; i < count; ++i) {
    AddName(gazetteer, analyzer, ToUtf8(names[i]), kGazTime);
  }
  names = symbols.getShortMonths(count);
  for (int32_t i = 0; i < count; ++i) {
    AddName(gazetteer, analyzer, ToUtf8(names[i]), kGazTime);
  }
  names = symbols.getWeekdays(count);
  for (int32_t i = 0; i < count; ++i) {
    AddName(gazetteer, analyzer, ToUtf8(names[i]), kGazTime);
  }
  names = symbols.getShortWeekdays(count);
  for (int32_t i = 0; i < count; ++i) {
    AddName(gazetteer, analyzer, ToUtf8(names[i]), kGazTime);
  }
  return absl::OkStatus();
}

// Language names in English ("French", "Arabic"): in English news they are
// mostly nationality adjectives. Only ISO 639-1 languages (two letters).
void AddLanguageNames(Gazetteer* gazetteer, TextAnalyzer* analyzer) {
  const icu::Locale english("en");
  for (const char* const* code = icu::Locale::getISOLanguages();
       *code != nullptr; ++code) {
    if (absl::string_view(*code).size() != 2) continue;
    icu::UnicodeString name;
    icu::Locale(*code).getDisplayLanguage(english, name);
    const std::string utf8 = ToUtf8(name);
    if (utf8 != *code) AddName(gazetteer, analyzer, utf8, kGazNationality);
  }
}

}  // namespace

absl::Span<const char* const> GazetteerDisplayLocales() {
  return kDisplayLocales;
}

uint64_t GazetteerStart(uint64_t first_term_hash) {
  return Combine(0x67617a6574746565ULL, first_term_hash);
}

uint64_t GazetteerExtend(uint64_t chain, uint64_t next_term_hash) {
  return Combine(chain, next_term_hash);
}

void Gazetteer::Add(TextAnalyzer* analyzer, absl::string_view entry,
                    GazetteerCategory category) {
  std::vector<Token> tokens;
  analyzer->Tokenize(entry, &tokens);
  if (tokens.empty() || tokens.size() > kMaxEntryTokens) return;
  uint64_t chain = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const uint64_t term = HashBytes(tokens[i].term);
    chain = i == 0 ? GazetteerStart(term) : GazetteerExtend(chain, term);
    uint32_t& value = keys_[chain];
    if (i + 1 < tokens.size()) {
      value |= kPrefixBit;
    } else {
      if ((value & ~kPrefixBit) == 0) ++entries_;
      value |= 1u << category;
    }
  }
}

void Gazetteer::Match(absl::Span<const uint64_t> term_hashes,
                      absl::Span<GazetteerBits> bits) const {
  const size_t n = term_hashes.size();
  for (size_t i = 0; i < n; ++i) bits[i] = 0;
  for (size_t i = 0; i < n; ++i) {
    uint64_t chain = GazetteerStart(term_hashes[i]);
    for (size_t j = i; j < n && j - i < kMaxEntryTokens; ++j) {
      if (j > i) chain = GazetteerExtend(chain, term_hashes[j]);
      const auto it = keys_.find(chain);
      if (it == keys_.end()) break;
      const uint32_t categories = it->second & ~kPrefixBit;
      for (uint32_t c = 0; c < kNumGazetteerCategories; ++c) {
        if ((categories & (1u << c)) == 0) continue;
        if (j == i) {
          bits[i] |= GazetteerBits{1} << (4 * c + 3);
        } else {
          bits[i] |= GazetteerBits{1} << (4 * c + 0);
          for (size_t k = i + 1; k < j; ++k) {
            bits[k] |= GazetteerBits{1} << (4 * c + 1);
          }
          bits[j] |= GazetteerBits{1} << (4 * c + 2);
        }
      }
      if ((it->second & kPrefixBit) == 0) break;
    }
  }
}

absl::StatusOr<std::unique_ptr<Gazetteer>> Gazetteer::Build(
    TextAnalyzer* analyzer) {
  auto gazetteer = std::make_unique<Gazetteer>();
  for (const char* locale : kDisplayLocales) {
    BYLINE_RETURN_IF_ERROR(AddRegionNames(gazetteer.get(), analyzer, locale));
    BYLINE_RETURN_IF_ERROR(AddCities(gazetteer.get(), analyzer, locale));
  }
  BYLINE_RETURN_IF_ERROR(AddCalendarNames(gazetteer.get(), analyzer, "en"));
  AddLanguageNames(gazetteer.get(), analyzer);
  Gazetteer* g = gazetteer.get();
  AddList(g, analyzer, CountryAliases(), kGazCountry);
  AddList(g, analyzer, Regions(), kGazRegion);
  AddList(g, analyzer, Nationalities(), kGazNationality);
  AddList(g, analyzer, PersonTitles(), kGazPersonTitle);
  AddList(g, analyzer, GivenNames(), kGazGivenName);
  AddList(g, analyzer, OrganisationWords(), kGazOrgWord);
  AddList(g, analyzer, OrganisationNames(), kGazOrgName);
  AddList(g, analyzer, ClubWords(), kGazClubWord);
  AddList(g, analyzer, LocationWords(), kGazLocWord);
  AddList(g, analyzer, EventWords(), kGazEventWord);
  AddList(g, analyzer, Abbreviations(), kGazAbbreviation);
  return gazetteer;
}

}  // namespace byline::ner
