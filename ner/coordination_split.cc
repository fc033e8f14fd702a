// Splitting "X Bank and Y Sparbank" into two names; see
// coordination_split.h.
#include "ner/coordination_split.h"

#include "absl/strings/string_view.h"

namespace byline::ner {
namespace {

// Name-final words: legal forms, and the heads of institutions' names that
// eng.train never continues past "and" (checked there: every gold mention
// ending in one of these is a whole name).
constexpr absl::string_view kClosingDesignators[] = {
    "ab",         "ag",         "agency",      "airlines",     "airways",
    "army",       "asa",        "association", "bancorp",      "bank",
    "bhd",        "bv",         "club",        "co",           "college",
    "commission", "corp",       "corporation", "council",      "department",
    "federation", "foundation", "gmbh",        "group",        "holding",
    "holdings",   "hospital",   "inc",         "incorporated", "institute",
    "kk",         "limited",    "llc",         "llp",          "ltd",
    "ministry",   "museum",     "navy",        "nv",           "oyj",
    "party",      "plc",        "pty",         "sa",           "sarl",
    "sas",        "se",         "spa",         "sparbank",     "srl",
    "union",      "university",
};

bool IsCapitalised(const TokenInfo& info) {
  return info.case_class == kCaseTitle || info.case_class == kCaseUpper ||
         info.case_class == kCaseSingleUpper || info.case_class == kCaseMixed;
}

}  // namespace

bool IsClosingDesignator(absl::string_view term) {
  for (absl::string_view d : kClosingDesignators) {
    if (term == d) return true;
  }
  return false;
}

void SplitCoordinatedNames(absl::Span<const Token> tokens,
                           const Featurizer& featurizer,
                           std::vector<TokenSpan>* spans) {
  std::vector<TokenSpan> out;
  out.reserve(spans->size());
  for (const TokenSpan& span : *spans) {
    TokenSpan rest = span;
    // A split needs a name of at least two words before "and" (designator
    // alone is no name) and one after.
    for (uint32_t k = rest.begin + 2; k + 1 < rest.end; ++k) {
      if (tokens[k].term != "and" ||
          featurizer.info(k).case_class != kCaseLower ||
          !IsClosingDesignator(tokens[k - 1].term) ||
          !IsCapitalised(featurizer.info(k - 1)) ||
          !IsCapitalised(featurizer.info(k + 1))) {
        continue;
      }
      out.push_back({rest.begin, k, rest.type});
      rest.begin = k + 1;
      k = rest.begin + 1;  // the loop's ++k: at least two words again
    }
    out.push_back(rest);
  }
  *spans = std::move(out);
}

}  // namespace byline::ner
