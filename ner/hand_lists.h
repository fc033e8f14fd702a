// Hand-written word lists for the gazetteer, written for Byline (no list is
// taken from a corpus): titles and honorifics, organisation and location
// keywords, event words, common given names, nationalities, regions and
// alternative country names that ICU's locale data lacks. ICU supplies the
// rest (see gazetteer.h).
#ifndef BYLINE_NER_HAND_LISTS_H_
#define BYLINE_NER_HAND_LISTS_H_

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace byline::ner {

// Titles, honorifics and roles that precede or describe a person: "Mr",
// "President", "striker".
absl::Span<const absl::string_view> PersonTitles();
// Common given names from many languages.
absl::Span<const absl::string_view> GivenNames();
// Words that end or mark organisation names: "Inc", "Bank", "University".
absl::Span<const absl::string_view> OrganisationWords();
// Well-known organisations usually written as acronyms or short names.
absl::Span<const absl::string_view> OrganisationNames();
// Words in the names of sports clubs: "United", "Rovers", "FC".
absl::Span<const absl::string_view> ClubWords();
// Words in place names: "River", "Mount", "Street", "North".
absl::Span<const absl::string_view> LocationWords();
// Regions, provinces and states that are not countries.
absl::Span<const absl::string_view> Regions();
// Alternative and historical country names: "Britain", "USA", "Holland".
absl::Span<const absl::string_view> CountryAliases();
// Nationality and demonym adjectives: "American", "Iraqi", "Swiss".
absl::Span<const absl::string_view> Nationalities();
// Words in event, award and competition names: "Cup", "Olympics", "Open".
absl::Span<const absl::string_view> EventWords();
// Common abbreviations that end with a dot without ending a sentence.
absl::Span<const absl::string_view> Abbreviations();

}  // namespace byline::ner

#endif  // BYLINE_NER_HAND_LISTS_H_
