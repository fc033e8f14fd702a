// Answer types of English questions (see answer_type.h).
#include "searcher/answer_type.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"

namespace byline {
namespace {

bool OneOf(absl::string_view word,
           std::initializer_list<absl::string_view> words) {
  for (absl::string_view w : words) {
    if (word == w) return true;
  }
  return false;
}

// Head nouns after "which"/"what" that name what kind of thing answers.
bool IsPersonNoun(absl::string_view w) {
  return OneOf(
      w, {"person",     "man",        "woman",     "writer",      "author",
          "novelist",   "poet",       "president", "minister",    "mp",
          "politician", "leader",     "player",    "coach",       "manager",
          "captain",    "footballer", "striker",   "goalkeeper",  "athlete",
          "actor",      "actress",    "singer",    "star",        "musician",
          "artist",     "director",   "producer",  "presenter",   "comedian",
          "chairman",   "chief",      "boss",      "executive",   "founder",
          "judge",      "official",   "spokesman", "spokeswoman", "winner",
          "champion",   "rival",      "opponent",  "designer",    "journalist",
          "editor",     "lawyer",     "peer"});
}
bool IsOrganizationNoun(absl::string_view w) {
  return OneOf(w,
               {"company",      "firm",         "group",       "club",
                "team",         "band",         "bank",        "party",
                "airline",      "network",      "broadcaster", "carrier",
                "union",        "retailer",     "maker",       "manufacturer",
                "organisation", "organization", "charity",     "agency",
                "studio",       "label",        "publisher",   "newspaper",
                "channel",      "operator",     "supplier",    "provider",
                "body",         "regulator"});
}
bool IsPlaceNoun(absl::string_view w) {
  return OneOf(w, {"country", "city", "town", "state", "nation", "region",
                   "venue", "ground", "stadium", "island", "capital", "county",
                   "province", "place"});
}
bool IsDateNoun(absl::string_view w) {
  return OneOf(w, {"year", "date", "day", "month", "season"});
}

bool IsDigits(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(c)) return false;
  }
  return true;
}

// A number as the analyzer writes it: digits, perhaps with "," or "."
// inside ("5,390", "14.2") or a unit glued on ("5bn", "20m").
bool StartsWithDigit(absl::string_view s) {
  return !s.empty() && absl::ascii_isdigit(s.front());
}

// The non-space characters right before `pos` and from `pos` on.
char CharBefore(absl::string_view text, uint32_t pos) {
  return pos == 0 ? '\0' : text[pos - 1];
}
char CharAt(absl::string_view text, uint32_t pos) {
  return pos < text.size() ? text[pos] : '\0';
}

bool IsMonthOrWeekday(absl::string_view w) {
  return OneOf(
      w, {"january", "february", "march", "april", "may", "june", "july",
          "august", "september", "october", "november", "december", "monday",
          "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"});
}

bool IsMoneyUnit(absl::string_view w) {
  return OneOf(w, {"million", "billion", "trillion", "bn", "m", "pounds",
                   "pence", "dollars", "euros", "cents", "yen", "p"});
}

bool IsTimeUnit(absl::string_view w) {
  return OneOf(w, {"seconds", "second", "minutes", "minute", "mins", "hours",
                   "hour", "hrs", "days", "day", "weeks", "week", "months",
                   "month", "years", "year", "decades", "decade"});
}

// Currency signs in UTF-8 end in these bytes: "$", "£" (C2 A3), "€" (E2 82
// AC), "¥" (C2 A5).
bool CurrencyBefore(absl::string_view text, uint32_t pos) {
  const char c = CharBefore(text, pos);
  if (c == '$') return true;
  if (pos >= 2 && (absl::EndsWith(text.substr(0, pos), "\xC2\xA3") ||
                   absl::EndsWith(text.substr(0, pos), "\xC2\xA5"))) {
    return true;
  }
  return pos >= 3 && absl::EndsWith(text.substr(0, pos), "\xE2\x82\xAC");
}

// The first few words of `query`, lower-cased, without possessive 's.
std::vector<std::string> LeadingWords(absl::string_view query) {
  std::vector<std::string> words;
  for (absl::string_view w : absl::StrSplit(
           query, absl::ByAnyChar(" \t\n?!.,;:\""), absl::SkipEmpty())) {
    std::string word = absl::AsciiStrToLower(w);
    if (absl::EndsWith(word, "'s")) word.resize(word.size() - 2);
    words.push_back(std::move(word));
    if (words.size() == 6) break;
  }
  return words;
}

AnswerType AnswerTypeOfWords(const std::vector<std::string>& words) {
  if (words.empty()) return AnswerType::kNone;
  const std::string& first = words[0];
  // Not `words.size() > 1 ? words[1] : ""`: that makes a temporary string,
  // and the view would dangle.
  absl::string_view second;
  if (words.size() > 1) second = words[1];
  if (OneOf(first, {"who", "whom", "whose"})) return AnswerType::kPerson;
  if (first == "where") return AnswerType::kPlace;
  if (first == "when") return AnswerType::kDate;
  if (first == "how") {
    if (second == "much") return AnswerType::kMoney;
    if (OneOf(second, {"many", "old", "big", "far", "high", "tall"})) {
      return AnswerType::kCount;
    }
    if (second == "long") return AnswerType::kDuration;
    return AnswerType::kNone;
  }
  if (first != "what" && first != "which") return AnswerType::kNone;
  // "which future russian president", "what was the score of ...": the
  // first telling noun among the next few words.
  for (size_t i = 1; i < words.size(); ++i) {
    const absl::string_view w = words[i];
    if (OneOf(w, {"share", "percentage", "proportion", "percent", "fraction",
                  "rate"})) {
      return AnswerType::kPercent;
    }
    if (OneOf(w, {"price", "cost", "fee", "sum", "amount", "salary", "fine",
                  "value"})) {
      return AnswerType::kMoney;
    }
    if (OneOf(w, {"score", "scoreline", "result"})) return AnswerType::kScore;
    if (OneOf(w, {"time", "duration"})) return AnswerType::kDuration;
    if (OneOf(w, {"number", "age"})) return AnswerType::kCount;
    if (IsDateNoun(w)) return AnswerType::kDate;
    if (IsPersonNoun(w)) return AnswerType::kPerson;
    if (IsOrganizationNoun(w)) return AnswerType::kOrganization;
    if (IsPlaceNoun(w)) return AnswerType::kPlace;
  }
  return AnswerType::kNone;
}

}  // namespace

AnswerType DetectAnswerType(absl::string_view query) {
  return AnswerTypeOfWords(LeadingWords(query));
}

QueryIntent DetectIntent(absl::string_view query) {
  const std::vector<std::string> words = LeadingWords(query);
  QueryIntent intent;
  intent.answer_type = AnswerTypeOfWords(words);
  intent.question =
      intent.answer_type != AnswerType::kNone ||
      absl::EndsWith(absl::StripTrailingAsciiWhitespace(query), "?") ||
      (!words.empty() &&
       OneOf(words[0], {"who", "whom", "whose", "what", "which", "when",
                        "where", "why", "how"}));
  return intent;
}

bool AnswerEntityType(AnswerType type, schema::EntityType* entity_type) {
  schema::EntityType answer;
  switch (type) {
    case AnswerType::kPerson:
      answer = schema::EntityType::kPerson;
      break;
    case AnswerType::kOrganization:
      answer = schema::EntityType::kOrganization;
      break;
    case AnswerType::kPlace:
      answer = schema::EntityType::kPlace;
      break;
    default:
      return false;
  }
  if (entity_type != nullptr) *entity_type = answer;
  return true;
}

bool HasAnswerShape(AnswerType type, absl::string_view text, const Token& token,
                    const Token* next) {
  const absl::string_view term = token.term;
  absl::string_view after;  // (a ?: of "" and a string would dangle)
  if (next != nullptr) after = next->term;
  const bool adjacent = next != nullptr && next->start <= token.end + 1;
  switch (type) {
    case AnswerType::kDate:
      if (IsMonthOrWeekday(term)) return true;
      if (term.size() == 4 && IsDigits(term)) {
        return term >= "1800" && term <= "2199";
      }
      return false;
    case AnswerType::kMoney:
      if (!StartsWithDigit(term)) return false;
      if (CurrencyBefore(text, token.start)) return true;
      if (absl::EndsWith(term, "bn") || absl::EndsWith(term, "m")) return true;
      return IsMoneyUnit(after) && adjacent;
    case AnswerType::kPercent:
      if (!StartsWithDigit(term)) return false;
      if (CharAt(text, token.end) == '%') return true;
      return after == "per" || after == "percent";
    case AnswerType::kScore:
      return IsDigits(term) && CharAt(text, token.end) == '-' &&
             absl::ascii_isdigit(CharAt(text, token.end + 1));
    case AnswerType::kDuration:
      if (!StartsWithDigit(term)) return false;
      if (CharAt(text, token.end) == ':' &&
          absl::ascii_isdigit(CharAt(text, token.end + 1))) {
        return true;
      }
      return IsTimeUnit(after);
    case AnswerType::kCount:
      return StartsWithDigit(term);
    default:
      return false;
  }
}

}  // namespace byline
