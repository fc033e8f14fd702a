// Splitting "X Bank and Y Sparbank" into two names; see
// coordination_split.h.
#include "ner/coordination_split.h"

#include <cstdint>

#include "absl/strings/string_view.h"

namespace byline::ner {
namespace {

// Name-final words: legal forms, and heads of institutions' names. Checked
// on eng.train's gold: of the "NAME and NAME" texts where NAME has two
// words or more and ends in one of these, 21 are two mentions and 2 one
// ("First Alliance Corporation and Subsidiaries", "Federal Trade
// Commission and Justice Department").
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

namespace {

// The first token of `span` where it splits (an "and" between a
// capitalised closing designator ending a name of two words or more and a
// capitalised word), or 0.
uint32_t NextSplit(absl::Span<const Token> tokens, const Featurizer& featurizer,
                   const TokenSpan& span) {
  for (uint32_t k = span.begin + 2; k + 1 < span.end; ++k) {
    if (tokens[k].term == "and" &&
        featurizer.info(k).case_class == kCaseLower &&
        IsClosingDesignator(tokens[k - 1].term) &&
        IsCapitalised(featurizer.info(k - 1)) &&
        IsCapitalised(featurizer.info(k + 1))) {
      return k;
    }
  }
  return 0;
}

}  // namespace

void SplitCoordinatedNames(absl::Span<const Token> tokens,
                           const Featurizer& featurizer,
                           std::vector<TokenSpan>* spans) {
  // Most articles have nothing to split: they allocate nothing.
  size_t first = 0;
  while (first < spans->size() &&
         NextSplit(tokens, featurizer, (*spans)[first]) == 0) {
    ++first;
  }
  if (first == spans->size()) return;
  std::vector<TokenSpan> out(spans->begin(), spans->begin() + first);
  for (size_t s = first; s < spans->size(); ++s) {
    TokenSpan rest = (*spans)[s];
    for (uint32_t k = NextSplit(tokens, featurizer, rest); k != 0;
         k = NextSplit(tokens, featurizer, rest)) {
      out.push_back({rest.begin, k, rest.type});
      rest.begin = k + 1;
    }
    out.push_back(rest);
  }
  *spans = std::move(out);
}

}  // namespace byline::ner
