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
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ner/bilou.h"
#include "ner/word_clusters.h"

namespace byline::ner {

inline constexpr uint32_t kModelFormatVersion = 1;

// Everything a trainer produces; Save() writes it, Load() reads it back
// (weights quantised to 8 bits per row).
struct ModelParameters {
  uint32_t bucket_bits = 20;
  std::string description;
  // (1 << bucket_bits) * kNumTags weights, row-major by bucket.
  std::vector<float> weights;
  // transitions[prev * kNumTags + next].
  std::vector<float> transitions = std::vector<float>(kNumTags * kNumTags);
  std::vector<float> start = std::vector<float>(kNumTags);
  std::vector<float> end = std::vector<float>(kNumTags);
  std::vector<WordClusters::Entry> clusters;
};

// Writes `params` to `path` in the format above.
absl::Status SaveModel(const ModelParameters& params, const std::string& path);

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

  // The kNumTags weights of feature hash `feature`.
  const float* Row(uint64_t feature) const {
    return rows_.data() + row_of_bucket_[feature & bucket_mask_] * kNumTags;
  }
  float transition(Tag prev, Tag next) const {
    return transitions_[prev * kNumTags + next];
  }
  const float* transitions() const { return transitions_.data(); }
  const float* start() const { return start_.data(); }
  const float* end() const { return end_.data(); }
  const WordClusters& clusters() const { return clusters_; }
  const std::string& description() const { return description_; }
  uint32_t bucket_bits() const { return bucket_bits_; }
  // Rows with a non-zero weight.
  size_t nonzero_rows() const { return rows_.size() / kNumTags - 1; }

 private:
  NerModel() = default;
  uint32_t bucket_bits_ = 0;
  uint64_t bucket_mask_ = 0;
  std::string description_;
  // Bucket -> index of its row in rows_; row 0 is all zeros.
  std::vector<uint32_t> row_of_bucket_;
  std::vector<float> rows_;
  std::vector<float> transitions_;
  std::vector<float> start_;
  std::vector<float> end_;
  WordClusters clusters_;
};

}  // namespace byline::ner

#endif  // BYLINE_NER_MODEL_H_
