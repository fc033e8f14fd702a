// libFuzzer target for the stored article record decoder
// (schema::DecodeStoredArticle), which reads every document's data at
// search time. Beyond "no crash" it checks that a decoded record keeps its
// promises and round-trips:
//  * every passage and mention lies inside the body, passages in order and
//    not overlapping, mentions in order and naming an existing entity;
//  * re-encoding it gives a record that decodes to the same article, and
//    that encoding is a fixed point (encode(decode(e)) == e) and no longer
//    than the input. The input itself need not come back byte for byte:
//    varints have non-minimal forms and unknown flag bits are ignored.
// Seeds: corpus/fuzz_stored_record/ (written by make_stored_record_seeds).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "schema/record.h"

namespace byline::schema {
namespace {

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

bool SameArticle(const StoredArticle& a, const StoredArticle& b) {
  return a.article.id == b.article.id && a.article.title == b.article.title &&
         a.article.source == b.article.source &&
         a.article.url == b.article.url &&
         a.article.language == b.article.language &&
         a.article.published == b.article.published && a.body == b.body &&
         a.passages == b.passages && a.entities == b.entities &&
         a.mentions == b.mentions;
}

void CheckBounds(const StoredArticle& a) {
  const size_t body = a.body.size();
  uint32_t last_end = 0, last_char_end = 0;
  for (const PassageBounds& p : a.passages) {
    Check(p.start_byte >= last_end && p.start_byte <= p.end_byte &&
          p.end_byte <= body);
    Check(p.start_char >= last_char_end && p.start_char <= p.end_char &&
          p.end_char <= body);
    last_end = p.end_byte;
    last_char_end = p.end_char;
  }
  uint32_t last_start = 0;
  for (const EntityMention& m : a.mentions) {
    Check(m.start_byte >= last_start && m.start_byte <= m.end_byte &&
          m.end_byte <= body && m.entity < a.entities.size());
    last_start = m.start_byte;
  }
  for (const ArticleEntity& e : a.entities) {
    Check(static_cast<int>(e.type) < kEntityTypeCount);
  }
}

void FuzzOne(absl::string_view data) {
  absl::StatusOr<StoredArticle> decoded = DecodeStoredArticle(data);
  if (!decoded.ok()) return;
  CheckBounds(*decoded);
  const std::string encoded = EncodeStoredArticle(*decoded);
  Check(encoded.size() <= data.size());
  absl::StatusOr<StoredArticle> again = DecodeStoredArticle(encoded);
  Check(again.ok());
  Check(SameArticle(*decoded, *again));
  Check(EncodeStoredArticle(*again) == encoded);
}

}  // namespace
}  // namespace byline::schema

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  byline::schema::FuzzOne(
      absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
