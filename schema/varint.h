// Base-128 varints (7 bits per byte, low bits first), as the stored record
// and the entity value encode their counts and lengths.
#ifndef BYLINE_SCHEMA_VARINT_H_
#define BYLINE_SCHEMA_VARINT_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace byline::schema {

inline void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

// Reads a varint from the front of `*in` and removes it. False (with `*in`
// partly consumed) on truncation or more than 64 bits.
inline bool GetVarint(absl::string_view* in, uint64_t* v) {
  *v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (in->empty()) return false;
    const auto b = static_cast<uint8_t>(in->front());
    in->remove_prefix(1);
    *v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return true;
  }
  return false;
}

}  // namespace byline::schema

#endif  // BYLINE_SCHEMA_VARINT_H_
