// Binary encoding of StoredPassage: a version byte, then fields as varints
// and length-prefixed strings in a fixed order.
#include "schema/record.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace byline::schema {
namespace {

constexpr uint8_t kRecordVersion = 1;
constexpr uint8_t kFlagPublished = 1;
constexpr uint8_t kFlagBody = 2;

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutString(absl::string_view s, std::string* out) {
  PutVarint(s.size(), out);
  out->append(s.data(), s.size());
}

// Reads fields from an encoded record; every getter fails on truncation.
class Reader {
 public:
  explicit Reader(absl::string_view data) : data_(data) {}

  bool Varint(uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (data_.empty()) return false;
      const uint8_t b = static_cast<uint8_t>(data_.front());
      data_.remove_prefix(1);
      *v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return true;
    }
    return false;
  }
  bool U32(uint32_t* v) {
    uint64_t wide;
    if (!Varint(&wide) || wide > UINT32_MAX) return false;
    *v = static_cast<uint32_t>(wide);
    return true;
  }
  bool String(std::string* s) {
    uint64_t n;
    if (!Varint(&n) || n > data_.size()) return false;
    s->assign(data_.data(), n);
    data_.remove_prefix(n);
    return true;
  }
  bool Byte(uint8_t* b) {
    if (data_.empty()) return false;
    *b = static_cast<uint8_t>(data_.front());
    data_.remove_prefix(1);
    return true;
  }
  bool AtEnd() const { return data_.empty(); }

 private:
  absl::string_view data_;
};

}  // namespace

std::string EncodeStoredPassage(const StoredPassage& p) {
  std::string out;
  out.reserve(64 + p.text.size() + p.article.title.size() +
              (p.body ? p.body->size() : 0));
  out.push_back(static_cast<char>(kRecordVersion));
  uint8_t flags = 0;
  if (p.article.published) flags |= kFlagPublished;
  if (p.body) flags |= kFlagBody;
  out.push_back(static_cast<char>(flags));
  PutString(p.article.id, &out);
  PutString(p.article.title, &out);
  PutString(p.article.source, &out);
  PutString(p.article.url, &out);
  PutString(p.article.language, &out);
  if (p.article.published) {
    // Zig-zag so that dates before 1970 stay small.
    const int64_t s = absl::ToUnixSeconds(*p.article.published);
    PutVarint((static_cast<uint64_t>(s) << 1) ^ static_cast<uint64_t>(s >> 63),
              &out);
  }
  PutVarint(p.passage_index, &out);
  PutVarint(p.passage_count, &out);
  PutVarint(p.start_byte, &out);
  PutVarint(p.end_byte, &out);
  PutVarint(p.start_char, &out);
  PutVarint(p.end_char, &out);
  PutString(p.text, &out);
  if (p.body) PutString(*p.body, &out);
  return out;
}

absl::StatusOr<StoredPassage> DecodeStoredPassage(absl::string_view data) {
  Reader r(data);
  uint8_t version = 0, flags = 0;
  if (!r.Byte(&version)) return absl::DataLossError("empty passage record");
  if (version != kRecordVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        "passage record version ", version, " is not supported (expected ",
        kRecordVersion, "); rebuild the index"));
  }
  StoredPassage p;
  bool ok = r.Byte(&flags) && r.String(&p.article.id) &&
            r.String(&p.article.title) && r.String(&p.article.source) &&
            r.String(&p.article.url) && r.String(&p.article.language);
  if (ok && (flags & kFlagPublished)) {
    uint64_t zz;
    ok = r.Varint(&zz);
    const int64_t s = static_cast<int64_t>(zz >> 1) ^ -static_cast<int64_t>(zz & 1);
    p.article.published = absl::FromUnixSeconds(s);
  }
  ok = ok && r.U32(&p.passage_index) && r.U32(&p.passage_count) &&
       r.U32(&p.start_byte) && r.U32(&p.end_byte) && r.U32(&p.start_char) &&
       r.U32(&p.end_char) && r.String(&p.text);
  if (ok && (flags & kFlagBody)) {
    p.body.emplace();
    ok = r.String(&*p.body);
  }
  if (!ok || !r.AtEnd()) {
    return absl::DataLossError("passage record is truncated or corrupt");
  }
  return p;
}

}  // namespace byline::schema
