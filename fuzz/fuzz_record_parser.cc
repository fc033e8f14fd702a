// libFuzzer target for JSON Lines records: one line through
// RecordParser::Parse, the function every indexing worker calls per record
// (it runs ArticleParser and the shared validation). Beyond "no crash" it
// checks that an accepted record is an article the index can hold (see
// fuzz_checks.h: id, UTF-8, body, limits, language, a representable date)
// or a tombstone with its id alone, and that its stored record round-trips.
// Seeds: corpus/fuzz_record_parser/ (one JSON Lines record per file).
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fuzz/fuzz_checks.h"
#include "indexer/article.h"
#include "indexer/record_parser.h"
#include "indexer/record_reader.h"
#include "schema/record.h"

namespace byline::fuzz {
namespace {

void FuzzOne(absl::string_view line) {
  // Small limits so that the fuzzer can reach them.
  static constexpr ArticleLimits kLimits = {.max_body_bytes = 512,
                                            .max_title_bytes = 64};
  // One parser for the whole run, reused as an indexing worker reuses its
  // own: state left over from one record must not affect the next.
  static RecordParser* const parser = new RecordParser(kLimits);
  RawRecord record;
  record.format = InputFormat::kJsonl;
  record.number = 1;
  record.ordinal = 1;
  record.file = "fuzz.jsonl";
  record.text = std::string(line);
  absl::StatusOr<Article> article = parser->Parse(record);
  if (!article.ok()) {
    Check(article.status().code() == absl::StatusCode::kInvalidArgument);
    return;
  }
  CheckArticle(*article, kLimits);
  if (article->deleted) return;

  // What the index stores for it reads back the same (to the second).
  schema::StoredArticle stored;
  stored.article = article->Meta();
  stored.body = article->body;
  absl::StatusOr<schema::StoredArticle> back =
      schema::DecodeStoredArticle(schema::EncodeStoredArticle(stored));
  Check(back.ok() && back->article.id == article->id &&
        back->body == article->body &&
        back->article.published.has_value() == article->published.has_value());
  if (article->published) {
    Check(absl::ToUnixSeconds(*back->article.published) ==
          absl::ToUnixSeconds(*article->published));
  }
}

}  // namespace
}  // namespace byline::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  byline::fuzz::FuzzOne(
      absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
