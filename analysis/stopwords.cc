// Stop word lists (see stopwords.h): short, hand-written lists of function
// words, kept sorted (in byte order) so lookups are a binary search.
#include "analysis/stopwords.h"

#include <algorithm>
#include <span>
#include <string_view>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"

namespace byline {
namespace {

// Every entry is a normalised term (NFKC case folded, as TextAnalyzer makes
// them). Words that are also frequent news names are left out on purpose:
// "us" ("U.S." analyses to "us"), "who" (the WHO), "may" (the month).
// clang-format off
constexpr std::string_view kEnglish[] = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am",
    "an", "and", "any", "are", "as", "at", "be", "because", "been",
    "before", "being", "below", "between", "both", "but", "by", "can",
    "could", "did", "do", "does", "doing", "down", "during", "each", "few",
    "for", "from", "had", "has", "have", "having", "he", "her", "here",
    "hers", "herself", "him", "himself", "his", "how", "i", "if", "in",
    "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my",
    "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only",
    "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same",
    "she", "should", "so", "some", "such", "than", "that", "the", "their",
    "theirs", "them", "themselves", "then", "there", "these", "they",
    "this", "those", "through", "to", "too", "under", "until", "up", "very",
    "was", "we", "were", "what", "when", "where", "which", "while", "whom",
    "why", "will", "with", "would", "you", "your", "yours", "yourself",
    "yourselves"
};
constexpr std::string_view kFrench[] = {
    "au", "aux", "avec", "ce", "ceci", "cela", "celle", "celles", "celui",
    "ces", "cet", "cette", "ceux", "comme", "dans", "de", "des", "donc",
    "dont", "du", "elle", "elles", "en", "entre", "est", "et", "eux", "il",
    "ils", "je", "la", "le", "les", "leur", "leurs", "lui", "ma", "mais",
    "me", "mes", "moi", "mon", "même", "ne", "ni", "nos", "notre", "nous",
    "on", "ont", "ou", "où", "par", "pas", "pour", "que", "quel", "quelle",
    "qui", "sa", "sans", "se", "ses", "si", "son", "sont", "sous", "sur",
    "ta", "te", "tes", "toi", "ton", "tous", "tout", "toute", "toutes",
    "très", "tu", "un", "une", "vos", "votre", "vous", "y", "à", "étaient",
    "était", "être"
};
constexpr std::string_view kGerman[] = {
    "aber", "alle", "allen", "alles", "als", "also", "am", "an", "auch",
    "auf", "aus", "bei", "bin", "bis", "da", "damit", "dann", "das", "dass",
    "dem", "den", "denn", "der", "des", "die", "doch", "du", "durch", "ein",
    "eine", "einem", "einen", "einer", "eines", "er", "es", "für", "gegen",
    "haben", "hat", "hier", "ich", "ihm", "ihn", "ihnen", "ihr", "ihre",
    "ihren", "ihrer", "im", "in", "ist", "ja", "jedoch", "kein", "keine",
    "man", "mich", "mir", "mit", "nach", "nicht", "nichts", "noch", "nun",
    "nur", "ob", "oder", "ohne", "sehr", "sein", "seine", "seinen",
    "seiner", "sich", "sie", "sind", "so", "um", "und", "uns", "unter",
    "vom", "von", "vor", "war", "waren", "was", "weil", "wenn", "wer",
    "werden", "wie", "wir", "wird", "wo", "zu", "zum", "zur", "über"
};
constexpr std::string_view kSpanish[] = {
    "a", "al", "algo", "ante", "como", "con", "contra", "cual", "cuando",
    "de", "del", "desde", "donde", "durante", "e", "el", "ella", "ellas",
    "ellos", "en", "entre", "era", "es", "esa", "ese", "eso", "esta",
    "este", "esto", "está", "están", "fue", "ha", "han", "hasta", "hay",
    "la", "las", "le", "les", "lo", "los", "me", "mi", "muy", "más", "nada",
    "ni", "no", "nos", "o", "os", "para", "pero", "por", "porque", "que",
    "quien", "qué", "se", "ser", "si", "sin", "sobre", "son", "su", "sus",
    "sí", "también", "te", "todo", "todos", "tu", "tú", "un", "una", "uno",
    "unos", "y", "ya", "yo", "él"
};
// clang-format on

constexpr bool IsSortedAndUnique(std::span<const std::string_view> words) {
  return std::adjacent_find(words.begin(), words.end(),
                            [](std::string_view a, std::string_view b) {
                              return a >= b;
                            }) == words.end();
}

// Whether `word` could be a normalised term: not empty, and free of what
// TextAnalyzer never produces here (ASCII capitals, spaces, "ß", which case
// folds to "ss") or strips (apostrophes).
constexpr bool IsPlausibleTerm(std::string_view word) {
  if (word.empty() || word.find("\xC3\x9F") != std::string_view::npos) {
    return false;
  }
  for (char c : word) {
    if ((c >= 'A' && c <= 'Z') || c == ' ' || c == '\'') return false;
  }
  return true;
}

constexpr bool AllPlausibleTerms(std::span<const std::string_view> words) {
  return std::all_of(words.begin(), words.end(), IsPlausibleTerm);
}

static_assert(AllPlausibleTerms(kEnglish) && AllPlausibleTerms(kFrench) &&
                  AllPlausibleTerms(kGerman) && AllPlausibleTerms(kSpanish),
              "stop words must be normalised terms");
static_assert(IsSortedAndUnique(kEnglish), "kEnglish must be sorted");
static_assert(IsSortedAndUnique(kFrench), "kFrench must be sorted");
static_assert(IsSortedAndUnique(kGerman), "kGerman must be sorted");
static_assert(IsSortedAndUnique(kSpanish), "kSpanish must be sorted");

// The list for `language` (ISO 639-1, any case); empty if there is none.
std::span<const std::string_view> ListFor(absl::string_view language) {
  if (absl::EqualsIgnoreCase(language, "en")) return kEnglish;
  if (absl::EqualsIgnoreCase(language, "fr")) return kFrench;
  if (absl::EqualsIgnoreCase(language, "de")) return kGerman;
  if (absl::EqualsIgnoreCase(language, "es")) return kSpanish;
  return {};
}

}  // namespace

bool IsStopWord(absl::string_view term, absl::string_view language) {
  const std::span<const std::string_view> words = ListFor(language);
  return std::binary_search(words.begin(), words.end(),
                            std::string_view(term.data(), term.size()));
}

}  // namespace byline
