// Packing and unpacking of an article's entity value (see entity_value.h).
#include "schema/entity_value.h"

#include <array>

#include "schema/varint.h"

namespace byline::schema {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// False unless `hex` is 2 * kEntityIdRawBytes lowercase hex digits.
bool AppendRawId(absl::string_view hex, std::string* out) {
  if (hex.size() != 2 * kEntityIdRawBytes) return false;
  std::array<char, kEntityIdRawBytes> raw;
  for (size_t i = 0; i < kEntityIdRawBytes; ++i) {
    const int hi = HexDigit(hex[2 * i]), lo = HexDigit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    raw[i] = static_cast<char>(hi << 4 | lo);
  }
  out->append(raw.data(), raw.size());
  return true;
}

}  // namespace

std::string PackEntityValue(const std::vector<EntityValueEntry>& entries) {
  std::string value;
  bool any = false;
  std::string group;
  for (int t = 0; t < kEntityTypeCount; ++t) {
    group.clear();
    uint32_t count = 0;
    for (const EntityValueEntry& e : entries) {
      if (static_cast<int>(e.type) != t) continue;
      if (count == kMaxPackedEntitiesPerType) break;
      const size_t mark = group.size();
      if (!AppendRawId(e.id, &group)) {
        group.resize(mark);
        continue;
      }
      ++count;
    }
    PutVarint(count, &value);
    value += group;
    any = any || count > 0;
  }
  if (!any) value.clear();
  return value;
}

bool UnpackEntityValue(absl::string_view value, uint32_t type_mask,
                       std::vector<PackedEntity>* out) {
  return ForEachPackedEntity(value, type_mask,
                             [out](EntityType type, uint64_t id) {
                               out->push_back({type, id});
                             });
}

std::string PackFacetValue(absl::string_view day, absl::string_view source,
                           absl::string_view entities) {
  std::string value;
  if (day.empty() && source.empty() && entities.empty()) return value;
  value.reserve(2 + day.size() + source.size() + entities.size());
  PutVarint(day.size(), &value);
  value.append(day.data(), day.size());
  PutVarint(source.size(), &value);
  value.append(source.data(), source.size());
  value.append(entities.data(), entities.size());
  return value;
}

std::string EntityIdHex(uint64_t id) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(2 * kEntityIdRawBytes, '0');
  for (size_t i = hex.size(); i > 0; --i, id >>= 4) {
    hex[i - 1] = kDigits[id & 0xf];
  }
  return hex;
}

}  // namespace byline::schema
