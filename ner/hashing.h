// Stable 64-bit hashing for feature keys. The model file stores weights by
// bucket and word clusters by key hash, so these functions must give the same
// values on every platform and in every release: FNV-1a over bytes, and the
// SplitMix64 finaliser to combine values. (absl::Hash is not stable across
// builds, so it must not be used for anything that is saved.)
#ifndef BYLINE_NER_HASHING_H_
#define BYLINE_NER_HASHING_H_

#include <cstdint>

#include "absl/strings/string_view.h"

namespace byline::ner {

inline constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
inline constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

// FNV-1a of `bytes`, continuing from `h`.
inline uint64_t HashBytes(absl::string_view bytes, uint64_t h = kFnvOffset) {
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= kFnvPrime;
  }
  return h;
}

// SplitMix64 finaliser: a bijective mix with good avalanche.
inline constexpr uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// Order-dependent combination of two hashes.
inline constexpr uint64_t Combine(uint64_t a, uint64_t b) {
  return Mix64(a * 0x9e3779b97f4a7c15ULL + b + 0x632be59bd9b4e019ULL);
}

}  // namespace byline::ner

#endif  // BYLINE_NER_HASHING_H_
