// The trained tagger model: hashed feature weights, BILOU transition scores
// and the word-cluster table, plus its binary file format. The file holds
// only numbers and 64-bit hashes (no words): feature hashes select a bucket
// of a fixed-size table (2^bucket_bits rows of kNumTags weights), and
// cluster keys are hashes of words.
//
// File layout (little-endian):
//   "BYLNER\r\n"                         magic (8 bytes)
//   u32 format version (kModelFormatVersion)
//   u32 feature set version (featurizer.h)
//   u32 number of tags (kNumTags)
//   u32 bucket_bits
//   u32 description length, then that many bytes (UTF-8, free text)
//   f32 transitions[kNumTags][kNumTags], f32 start[kNumTags],
//       f32 end[kNumTags]
//   u32 non-zero rows R; bitmap of 2^bucket_bits bits (1 = row stored);
//   R rows, each f32 scale followed by kNumTags i8 (weight = scale * q)
//   u32 cluster entries C; C times (u64 key, u32 path)
//   u64 FNV-1a checksum of every byte before it
#ifndef BYLINE_NER_MODEL_H_
#define BYLINE_NER_MODEL_H_

#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ner/bilou.h"
#include "ner/word_clusters.h"

namespace byline::ner {

inline constexpr uint32_t kModelFormatVersion = 1;

// Weights of one bucket in memory: kNumTags floats padded to a multiple of
// four, 16-byte aligned, so that rows are summed with 4-wide vector adds.
inline constexpr int kRowStride = (kNumTags + 3) / 4 * 4;

// Tag transition scores.
struct TransitionScores {
  // transitions[prev * kNumTags + next].
  std::vector<float> transitions = std::vector<float>(kNumTags * kNumTags);
  std::vector<float> start = std::vector<float>(kNumTags);
  std::vector<float> end = std::vector<float>(kNumTags);
};

// Everything a trainer produces; SaveModel() writes it, NerModel::Load()
// reads it back (weights quantised to 8 bits per row).
struct ModelParameters {
  uint32_t bucket_bits = 20;
  std::string description;
  // (1 << bucket_bits) * kNumTags weights, row-major by bucket.
  std::vector<float> weights;
  TransitionScores transitions;
  std::vector<WordClusters::Entry> clusters;
};

// Writes `params` to `path` in the format above.
absl::Status SaveModel(const ModelParameters& params, const std::string& path);

// Allocates 16-byte aligned storage (for the vector adds over rows).
template <typename T>
struct AlignedAllocator {
  using value_type = T;
  AlignedAllocator() = default;
  template <typename U>
  AlignedAllocator(const AlignedAllocator<U>&) {}
  T* allocate(size_t n) {
    return static_cast<T*>(
        ::operator new (n * sizeof(T), std::align_val_t{16}));
  }
  void deallocate(T* p, size_t) { ::operator delete (p, std::align_val_t{16}); }
  template <typename U>
  bool operator==(const AlignedAllocator<U>&) const {
    return true;
  }
};

// An immutable loaded model; thread-safe.
class NerModel {
 public:
  // Loads a model file. Errors name the file and the problem: NotFound if it
  // cannot be read, DataLoss if it is truncated, corrupt or not a model,
  // FailedPrecondition if it was made for another feature set.
  static absl::StatusOr<std::shared_ptr<const NerModel>> Load(
      const std::string& path);
  // Parses a model from memory; `name` is used in error messages.
  static absl::StatusOr<std::shared_ptr<const NerModel>> Parse(
      absl::string_view bytes, absl::string_view name);
  // A model made directly from parameters, without quantisation (used by
  // the trainer to evaluate as it goes).
  static std::shared_ptr<const NerModel> FromParameters(
      const ModelParameters& params);

  // The kNumTags weights (of kRowStride) of feature hash `feature`, 16-byte
  // aligned, or nullptr if its
  // bucket's weights are all zero. Rows are found through a bitmap of
  // non-zero buckets and a rank table (192 KB for 2^20 buckets, so lookups
  // stay in cache); only non-zero rows are stored.
  const float* Row(uint64_t feature) const {
    const uint64_t bucket = feature & bucket_mask_;
    const uint64_t word = bitmap_[bucket >> 6];
    const uint64_t bit = uint64_t{1} << (bucket & 63);
    if ((word & bit) == 0) return nullptr;
    const uint64_t row = rank_[bucket >> 6] + PopCount(word & (bit - 1));
    return rows_.data() + row * kRowStride;
  }

  // Bit count without relying on the POPCNT instruction (the portable
  // x86-64 baseline lacks it, and libgcc's fallback is a call).
  static uint64_t PopCount(uint64_t x) {
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return (x * 0x0101010101010101ULL) >> 56;
  }
  const TransitionScores& transitions() const { return transitions_; }
  const WordClusters& clusters() const { return clusters_; }
  const std::string& description() const { return description_; }
  uint32_t bucket_bits() const { return bucket_bits_; }
  // Rows with a non-zero weight.
  size_t nonzero_rows() const { return rows_.size() / kRowStride; }

 private:
  NerModel() = default;
  uint32_t bucket_bits_ = 0;
  uint64_t bucket_mask_ = 0;
  std::string description_;
  // Bit b of bitmap_ is set if bucket b has a row; rank_[w] counts the set
  // bits of bitmap_[0, w). rows_ holds the rows of set buckets in order.
  std::vector<uint64_t> bitmap_;
  std::vector<uint32_t> rank_;
  std::vector<float, AlignedAllocator<float>> rows_;
  // Fills rank_ from bitmap_.
  void ComputeRanks();
  TransitionScores transitions_;
  WordClusters clusters_;
};

}  // namespace byline::ner

#endif  // BYLINE_NER_MODEL_H_
