// Packing and unpacking of an article's entity value (see entity_value.h).
#include "schema/entity_value.h"

#include <array>

namespace byline::schema {
namespace {

void AppendVarint(uint32_t n, std::string* out) {
  while (n >= 0x80) {
    out->push_back(static_cast<char>((n & 0x7f) | 0x80));
    n >>= 7;
  }
  out->push_back(static_cast<char>(n));
}

bool ReadVarint(absl::string_view* in, uint32_t* n) {
  uint32_t result = 0;
  for (int shift = 0; shift <= 28; shift += 7) {
    if (in->empty()) return false;
    const auto byte = static_cast<unsigned char>(in->front());
    in->remove_prefix(1);
    result |= static_cast<uint32_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *n = result;
      return true;
    }
  }
  return false;
}

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
    AppendVarint(count, &value);
    value += group;
    any = any || count > 0;
  }
  if (!any) value.clear();
  return value;
}

bool UnpackEntityValue(absl::string_view value, uint32_t type_mask,
                       std::vector<PackedEntity>* out) {
  if (value.empty()) return true;
  for (int t = 0; t < kEntityTypeCount; ++t) {
    uint32_t count = 0;
    if (!ReadVarint(&value, &count) ||
        count > value.size() / kEntityIdRawBytes) {
      return false;
    }
    const size_t bytes = size_t{count} * kEntityIdRawBytes;
    if ((type_mask & (1u << t)) != 0) {
      const auto* p = reinterpret_cast<const unsigned char*>(value.data());
      for (uint32_t i = 0; i < count; ++i, p += kEntityIdRawBytes) {
        uint64_t id = 0;
        for (size_t b = 0; b < kEntityIdRawBytes; ++b) id = id << 8 | p[b];
        out->push_back({static_cast<EntityType>(t), id});
      }
    }
    value.remove_prefix(bytes);
  }
  return value.empty();
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
