// Binary encoding of StoredArticle: a version byte, then fields as varints
// and length-prefixed strings in a fixed order; offsets as deltas.
#include "schema/record.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "schema/varint.h"

namespace byline::schema {
namespace {

constexpr uint8_t kRecordVersion = 2;
constexpr uint8_t kFlagPublished = 1;

void PutString(absl::string_view s, std::string* out) {
  PutVarint(s.size(), out);
  out->append(s.data(), s.size());
}

// Reads fields from an encoded record; every getter fails on truncation.
class Reader {
 public:
  explicit Reader(absl::string_view data) : data_(data) {}

  bool Varint(uint64_t* v) { return GetVarint(&data_, v); }
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

std::string EncodeStoredArticle(const StoredArticle& a) {
  std::string out;
  out.reserve(64 + a.article.title.size() + a.body.size() +
              8 * a.passages.size());
  out.push_back(static_cast<char>(kRecordVersion));
  uint8_t flags = 0;
  if (a.article.published) flags |= kFlagPublished;
  out.push_back(static_cast<char>(flags));
  PutString(a.article.id, &out);
  PutString(a.article.title, &out);
  PutString(a.article.source, &out);
  PutString(a.article.url, &out);
  PutString(a.article.language, &out);
  if (a.article.published) {
    // Zig-zag so that dates before 1970 stay small.
    const int64_t s = absl::ToUnixSeconds(*a.article.published);
    PutVarint((static_cast<uint64_t>(s) << 1) ^ static_cast<uint64_t>(s >> 63),
              &out);
  }
  PutString(a.body, &out);
  // Passages as deltas: each start from the previous end, each end from its
  // start, so most take one or two bytes.
  PutVarint(a.passages.size(), &out);
  uint32_t last_byte = 0, last_char = 0;
  for (const PassageBounds& p : a.passages) {
    PutVarint(p.start_byte - last_byte, &out);
    PutVarint(p.end_byte - p.start_byte, &out);
    PutVarint(p.start_char - last_char, &out);
    PutVarint(p.end_char - p.start_char, &out);
    last_byte = p.end_byte;
    last_char = p.end_char;
  }
  PutVarint(a.entities.size(), &out);
  for (const ArticleEntity& e : a.entities) {
    out.push_back(static_cast<char>(e.type));
    PutString(e.id, &out);
    PutString(e.display_name, &out);
  }
  PutVarint(a.mentions.size(), &out);
  uint32_t last_mention = 0;
  for (const EntityMention& m : a.mentions) {
    PutVarint(m.start_byte - last_mention, &out);
    PutVarint(m.end_byte - m.start_byte, &out);
    PutVarint(m.entity, &out);
    last_mention = m.start_byte;
  }
  return out;
}

absl::StatusOr<StoredArticle> DecodeStoredArticle(absl::string_view data) {
  Reader r(data);
  uint8_t version = 0, flags = 0;
  if (!r.Byte(&version)) return absl::DataLossError("empty article record");
  if (version != kRecordVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        "article record version ", version, " is not supported (expected ",
        kRecordVersion, "); rebuild the index"));
  }
  const absl::Status corrupt =
      absl::DataLossError("article record is truncated or corrupt");
  StoredArticle a;
  bool ok = r.Byte(&flags) && r.String(&a.article.id) &&
            r.String(&a.article.title) && r.String(&a.article.source) &&
            r.String(&a.article.url) && r.String(&a.article.language);
  if (ok && (flags & kFlagPublished)) {
    uint64_t zz;
    ok = r.Varint(&zz);
    const int64_t s =
        static_cast<int64_t>(zz >> 1) ^ -static_cast<int64_t>(zz & 1);
    a.article.published = absl::FromUnixSeconds(s);
  }
  uint64_t count = 0;
  ok = ok && r.String(&a.body) && r.Varint(&count);
  if (!ok || count > a.body.size() + 1) return corrupt;
  const uint64_t body_size = a.body.size();
  uint64_t last_byte = 0, last_char = 0;
  a.passages.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t gap, len, char_gap, char_len;
    if (!r.Varint(&gap) || !r.Varint(&len) || !r.Varint(&char_gap) ||
        !r.Varint(&char_len)) {
      return corrupt;
    }
    const uint64_t start = last_byte + gap, end = start + len;
    const uint64_t start_char = last_char + char_gap;
    const uint64_t end_char = start_char + char_len;
    if (gap > body_size || len > body_size || end > body_size ||
        char_gap > body_size || char_len > body_size || end_char > body_size) {
      return corrupt;
    }
    a.passages.push_back({static_cast<uint32_t>(start),
                          static_cast<uint32_t>(end),
                          static_cast<uint32_t>(start_char),
                          static_cast<uint32_t>(end_char)});
    last_byte = end;
    last_char = end_char;
  }
  if (!r.Varint(&count) || count > data.size()) return corrupt;
  a.entities.resize(count);
  for (ArticleEntity& e : a.entities) {
    uint8_t type;
    if (!r.Byte(&type) || type >= kEntityTypeCount || !r.String(&e.id) ||
        !r.String(&e.display_name)) {
      return corrupt;
    }
    e.type = static_cast<EntityType>(type);
  }
  if (!r.Varint(&count) || count > data.size()) return corrupt;
  a.mentions.reserve(count);
  uint64_t last_mention = 0;
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t gap, len, entity;
    if (!r.Varint(&gap) || !r.Varint(&len) || !r.Varint(&entity)) {
      return corrupt;
    }
    const uint64_t start = last_mention + gap, end = start + len;
    if (gap > body_size || len > body_size || end > body_size ||
        entity >= a.entities.size()) {
      return corrupt;
    }
    a.mentions.push_back({static_cast<uint32_t>(start),
                          static_cast<uint32_t>(end),
                          static_cast<uint32_t>(entity)});
    last_mention = start;
  }
  if (!r.AtEnd()) return corrupt;
  return a;
}

}  // namespace byline::schema
