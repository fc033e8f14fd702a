// The kind of answer a natural-language question asks for ("who ..." a
// person, "how much ..." an amount of money, "when ..." a date), and
// whether a word of a passage has that shape. The passage scorer uses it to
// prefer, among an article's passages, the one holding an answer of the
// right kind: the classic answer-type check of question answering systems,
// with the article's own entity mentions for people, organisations and
// places. English question words only; other queries have no answer type.
#ifndef BYLINE_SEARCHER_ANSWER_TYPE_H_
#define BYLINE_SEARCHER_ANSWER_TYPE_H_

#include "absl/strings/string_view.h"
#include "analysis/text_analyzer.h"
#include "schema/schema.h"

namespace byline {

enum class AnswerType {
  kNone,
  kPerson,        // who, whom, whose, which writer ...
  kOrganization,  // which company, which club ...
  kPlace,         // where, which country ...
  kDate,          // when, what year, which day ...
  kMoney,         // how much, what price ...
  kPercent,       // what share, what percentage ...
  kCount,         // how many, how old ...
  kScore,         // what (was) the score ...
  kDuration,      // how long, what time ...
};

// The answer type `query` (as the user typed it) asks for: kNone unless it
// starts with an English question word or phrase. Pure, thread-safe.
AnswerType DetectAnswerType(absl::string_view query);

// What a query asks for, as far as choosing a passage goes.
struct QueryIntent {
  // Starts with an English question word (who, what, which, when, where,
  // why, how, whom, whose) or ends with "?".
  bool question = false;
  AnswerType answer_type = AnswerType::kNone;
};
QueryIntent DetectIntent(absl::string_view query);

// For the entity answer types: true, and the entity type that answers in
// `*entity_type` unless it is null. False for the others.
bool AnswerEntityType(AnswerType type, schema::EntityType* entity_type);

// Whether `token` (a word of `text`, as TextAnalyzer::Tokenize gives it)
// has the shape of an answer of `type` in its context: a year, month or
// weekday for kDate; a number after a currency sign or before "million",
// "bn", "pounds" ... for kMoney; before "%" or "per cent" for kPercent; "6-3"
// for kScore; a number before a unit of time or "2:23:10" for kDuration; any
// number for kCount. `next` is the token after it (nullptr at the end).
// Always false for kNone and the entity types. Pure, thread-safe.
bool HasAnswerShape(AnswerType type, absl::string_view text, const Token& token,
                    const Token* next);

}  // namespace byline

#endif  // BYLINE_SEARCHER_ANSWER_TYPE_H_
