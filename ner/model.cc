// Model file reading and writing (see model.h).
#include "ner/model.h"

#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "ner/bilou.h"
#include "ner/featurizer.h"
#include "ner/hashing.h"
#include "ner/word_clusters.h"

namespace byline::ner {
namespace {

constexpr absl::string_view kMagic("BYLNER\r\n", 8);
// Refuse absurd tables (2^28 rows would be 4.5 GB of floats).
constexpr uint32_t kMaxBucketBits = 28;

// Appends little-endian values to a byte string.
class Writer {
 public:
  template <typename T>
  void Put(T value) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out_.append(bytes, sizeof(T));
  }
  void PutBytes(absl::string_view bytes) {
    out_.append(bytes.data(), bytes.size());
  }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

// Reads little-endian values with bounds checks.
class Reader {
 public:
  explicit Reader(absl::string_view bytes) : bytes_(bytes) {}
  template <typename T>
  bool Get(T* value) {
    if (bytes_.size() - pos_ < sizeof(T)) return false;
    std::memcpy(value, bytes_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  bool GetBytes(size_t n, absl::string_view* out) {
    if (bytes_.size() - pos_ < n) return false;
    *out = bytes_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  template <typename T>
  bool GetArray(size_t n, std::vector<T>* out) {
    if ((bytes_.size() - pos_) / sizeof(T) < n) return false;
    out->resize(n);
    if (n > 0) std::memcpy(out->data(), bytes_.data() + pos_, n * sizeof(T));
    pos_ += n * sizeof(T);
    return true;
  }
  size_t remaining() const { return bytes_.size() - pos_; }

 private:
  absl::string_view bytes_;
  size_t pos_ = 0;
};

static_assert(sizeof(float) == 4);

}  // namespace

absl::Status SaveModel(const ModelParameters& params, const std::string& path) {
  const uint64_t buckets = uint64_t{1} << params.bucket_bits;
  if (params.bucket_bits > kMaxBucketBits ||
      params.weights.size() != buckets * kNumTags) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot save NER model ", path, ": ", params.weights.size(),
        " weights for ", buckets, " buckets"));
  }
  Writer w;
  w.PutBytes(kMagic);
  w.Put<uint32_t>(kModelFormatVersion);
  w.Put<uint32_t>(kFeatureSetVersion);
  w.Put<uint32_t>(kNumTags);
  w.Put<uint32_t>(params.bucket_bits);
  w.Put<uint32_t>(static_cast<uint32_t>(params.description.size()));
  w.PutBytes(params.description);
  const TransitionScores& t = params.transitions;
  if (t.transitions.size() != kNumTags * kNumTags ||
      t.start.size() != kNumTags || t.end.size() != kNumTags) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot save NER model ", path, ": bad transition table sizes"));
  }
  for (float v : t.transitions) w.Put<float>(v);
  for (float v : t.start) w.Put<float>(v);
  for (float v : t.end) w.Put<float>(v);
  // Row bitmap and quantised rows.
  std::string bitmap(buckets / 8 + (buckets % 8 != 0), '\0');
  Writer rows;
  uint32_t nonzero = 0;
  for (uint64_t b = 0; b < buckets; ++b) {
    const float* row = &params.weights[b * kNumTags];
    float max_abs = 0;
    for (int t = 0; t < kNumTags; ++t)
      max_abs = std::max(max_abs, std::fabs(row[t]));
    const float scale = max_abs / 127.0f;
    // Rows whose every weight rounds to zero are dropped.
    if (!(scale > 0) || !std::isfinite(scale)) continue;
    bitmap[b / 8] = static_cast<char>(bitmap[b / 8] | (1 << (b % 8)));
    ++nonzero;
    rows.Put<float>(scale);
    for (int t = 0; t < kNumTags; ++t) {
      rows.Put<int8_t>(static_cast<int8_t>(std::lround(row[t] / scale)));
    }
  }
  w.Put<uint32_t>(nonzero);
  w.PutBytes(bitmap);
  w.PutBytes(rows.out());
  w.Put<uint32_t>(static_cast<uint32_t>(params.clusters.size()));
  for (const WordClusters::Entry& e : params.clusters) {
    w.Put<uint64_t>(e.key);
    w.Put<uint32_t>(e.path);
  }
  w.Put<uint64_t>(HashBytes(w.out()));
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) {
    return absl::PermissionDeniedError(absl::StrCat(
        "cannot write NER model file ", path, ": ", std::strerror(errno)));
  }
  file.write(w.out().data(), static_cast<std::streamsize>(w.out().size()));
  file.close();
  if (!file) {
    return absl::DataLossError(
        absl::StrCat("error writing NER model file ", path));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const NerModel>> NerModel::Load(
    const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return absl::NotFoundError(absl::StrCat("cannot open NER model file ", path,
                                            ": ", std::strerror(errno)));
  }
  std::ostringstream contents;
  contents << file.rdbuf();
  if (file.bad()) {
    return absl::DataLossError(
        absl::StrCat("cannot read NER model file ", path));
  }
  return Parse(contents.str(), path);
}

absl::StatusOr<std::shared_ptr<const NerModel>> NerModel::Parse(
    absl::string_view bytes, absl::string_view name) {
  auto error = [&](absl::string_view problem) {
    return absl::DataLossError(
        absl::StrCat("NER model file ", name, ": ", problem));
  };
  if (bytes.size() < kMagic.size() ||
      bytes.substr(0, kMagic.size()) != kMagic) {
    return error("not a Byline NER model (bad magic bytes)");
  }
  if (bytes.size() < kMagic.size() + 8) return error("truncated (no checksum)");
  uint64_t stored_checksum;
  std::memcpy(&stored_checksum, bytes.data() + bytes.size() - 8, 8);
  const absl::string_view body = bytes.substr(0, bytes.size() - 8);
  Reader r(body.substr(kMagic.size()));
  uint32_t format = 0, feature_set = 0, num_tags = 0, bucket_bits = 0;
  if (!r.Get(&format) || !r.Get(&feature_set) || !r.Get(&num_tags) ||
      !r.Get(&bucket_bits)) {
    return error("truncated header");
  }
  if (format != kModelFormatVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("NER model file ", name, ": format version ", format,
                     ", this build reads version ", kModelFormatVersion));
  }
  if (HashBytes(body) != stored_checksum) {
    return error("corrupt (checksum mismatch)");
  }
  if (feature_set != kFeatureSetVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("NER model file ", name, ": made for feature set ",
                     feature_set, ", this build computes feature set ",
                     kFeatureSetVersion, "; retrain the model"));
  }
  if (num_tags != kNumTags) {
    return error(absl::StrCat("has ", num_tags, " tags, expected ", kNumTags));
  }
  if (bucket_bits < 1 || bucket_bits > kMaxBucketBits) {
    return error(absl::StrCat("bad bucket_bits ", bucket_bits));
  }
  std::shared_ptr<NerModel> model(new NerModel());
  model->bucket_bits_ = bucket_bits;
  const uint64_t buckets = uint64_t{1} << bucket_bits;
  model->bucket_mask_ = buckets - 1;
  uint32_t description_size = 0;
  absl::string_view description;
  if (!r.Get(&description_size) ||
      !r.GetBytes(description_size, &description)) {
    return error("truncated description");
  }
  model->description_ = std::string(description);
  TransitionScores& t = model->transitions_;
  if (!r.GetArray(kNumTags * kNumTags, &t.transitions) ||
      !r.GetArray(kNumTags, &t.start) || !r.GetArray(kNumTags, &t.end)) {
    return error("truncated transition scores");
  }
  for (const std::vector<float>* v : {&t.transitions, &t.start, &t.end}) {
    for (float x : *v) {
      if (!std::isfinite(x)) return error("non-finite transition score");
    }
  }
  uint32_t nonzero = 0;
  absl::string_view bitmap;
  if (!r.Get(&nonzero) ||
      !r.GetBytes(buckets / 8 + (buckets % 8 != 0), &bitmap)) {
    return error("truncated weight table");
  }
  constexpr size_t kRowBytes = sizeof(float) + kNumTags;
  if (nonzero > buckets || r.remaining() / kRowBytes < nonzero) {
    return error("truncated weight rows");
  }
  model->bitmap_.assign((buckets + 63) / 64, 0);
  model->rows_.assign(static_cast<size_t>(nonzero) * kRowStride, 0.0f);
  uint32_t row = 0;
  for (uint64_t b = 0; b < buckets; ++b) {
    if ((static_cast<uint8_t>(bitmap[b / 8]) & (1 << (b % 8))) == 0) continue;
    if (row == nonzero) return error("weight bitmap does not match row count");
    float scale = 0;
    r.Get(&scale);
    if (!std::isfinite(scale)) return error("non-finite weight scale");
    float* out = &model->rows_[static_cast<size_t>(row) * kRowStride];
    for (int t = 0; t < kNumTags; ++t) {
      int8_t q = 0;
      r.Get(&q);
      out[t] = scale * q;
    }
    model->bitmap_[b / 64] |= uint64_t{1} << (b % 64);
    ++row;
  }
  if (row != nonzero) return error("weight bitmap does not match row count");
  model->ComputeRanks();
  uint32_t clusters = 0;
  if (!r.Get(&clusters) || r.remaining() / 12 < clusters) {
    return error("truncated word clusters");
  }
  std::vector<WordClusters::Entry> entries(clusters);
  for (WordClusters::Entry& e : entries) {
    r.Get(&e.key);
    r.Get(&e.path);
  }
  model->clusters_ = WordClusters(entries);
  if (r.remaining() != 0) return error("unexpected bytes at the end");
  return std::shared_ptr<const NerModel>(std::move(model));
}

std::shared_ptr<const NerModel> NerModel::FromParameters(
    const ModelParameters& params) {
  std::shared_ptr<NerModel> model(new NerModel());
  model->bucket_bits_ = params.bucket_bits;
  const uint64_t buckets = uint64_t{1} << params.bucket_bits;
  model->bucket_mask_ = buckets - 1;
  model->description_ = params.description;
  model->transitions_ = params.transitions;
  model->bitmap_.assign((buckets + 63) / 64, 0);
  for (uint64_t b = 0; b < buckets; ++b) {
    const float* row = &params.weights[b * kNumTags];
    bool any = false;
    for (int t = 0; t < kNumTags; ++t) any |= row[t] != 0;
    if (!any) continue;
    model->bitmap_[b / 64] |= uint64_t{1} << (b % 64);
    model->rows_.insert(model->rows_.end(), row, row + kNumTags);
    model->rows_.resize(model->rows_.size() + kRowStride - kNumTags, 0.0f);
  }
  model->ComputeRanks();
  model->clusters_ = WordClusters(params.clusters);
  return model;
}

void NerModel::ComputeRanks() {
  rank_.resize(bitmap_.size());
  uint32_t count = 0;
  for (size_t w = 0; w < bitmap_.size(); ++w) {
    rank_[w] = count;
    count += static_cast<uint32_t>(std::popcount(bitmap_[w]));
  }
}

}  // namespace byline::ner
