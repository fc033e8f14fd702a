// libFuzzer target for SGML news records (Reuters-21578 <REUTERS>, TREC
// <DOC>): one record through RecordParser::Parse as the indexer runs it,
// plus the text helpers of sgml_parser.h on the same bytes. Beyond "no
// crash" it checks that:
//  * an accepted record is an article the index can hold (fuzz_checks.h),
//    never a tombstone, with no control characters in title or body and a
//    title with its whitespace collapsed;
//  * ToUtf8 gives valid UTF-8 (unchanged if it was), AppendText gives
//    valid UTF-8 without controls, StripReutersSignOff only shortens its
//    text, and the date parsers give representable times.
// Seeds: corpus/fuzz_sgml_parser/ (made-up records written for Byline).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "fuzz/fuzz_checks.h"
#include "indexer/article.h"
#include "indexer/record_parser.h"
#include "indexer/record_reader.h"
#include "indexer/sgml_parser.h"

namespace byline::fuzz {
namespace {

void CheckTime(std::optional<absl::Time> t) {
  Article dated;
  dated.published = t;
  CheckPublished(dated);
}

void FuzzOne(absl::string_view bytes) {
  static constexpr ArticleLimits kLimits = {.max_body_bytes = 2048,
                                            .max_title_bytes = 128};
  static RecordParser* const parser = new RecordParser(kLimits);
  RawRecord record;
  record.format = InputFormat::kSgml;
  record.number = 1;
  record.ordinal = 1;
  record.file = "fuzz.sgm";
  record.text = std::string(bytes);
  absl::StatusOr<Article> article = parser->Parse(record);
  if (article.ok()) {
    CheckArticle(*article, kLimits);
    Check(!article->deleted);
    Check(HasNoControls(article->title) && HasNoControls(article->body));
    Check(article->title == sgml::CollapseWhitespace(article->title));
  } else {
    Check(article.status().code() == absl::StatusCode::kInvalidArgument);
  }

  const std::string utf8 = sgml::ToUtf8(bytes);
  Check(IsValidUtf8(utf8));
  if (IsValidUtf8(bytes)) Check(utf8 == bytes);
  std::string text;
  sgml::AppendText(utf8, &text);
  Check(IsValidUtf8(text) && HasNoControls(text));
  std::string signed_off = text;
  sgml::StripReutersSignOff(&signed_off);
  Check(absl::StartsWith(text, signed_off));

  if (absl::StatusOr<absl::Time> t = sgml::ParseReutersDate(utf8); t.ok()) {
    CheckTime(*t);
  }
  CheckTime(sgml::ParseTrecDate(utf8));
}

}  // namespace
}  // namespace byline::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  byline::fuzz::FuzzOne(
      absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
