// Tests for the model file: round trip, and clear errors (never crashes) for
// missing, truncated, corrupt or mismatched files.
#include "ner/model.h"

#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "ner/featurizer.h"
#include "ner/hashing.h"
#include "ner/recognizer.h"
#include "tests/test_paths.h"
#include "util/temp_dir.h"

namespace byline::ner {
namespace {

ModelParameters SmallModel() {
  ModelParameters params;
  params.bucket_bits = 6;
  params.description = "test model";
  params.weights.assign((1u << 6) * kNumTags, 0.0f);
  for (int t = 0; t < kNumTags; ++t) {
    params.weights[5 * kNumTags + t] = 0.5f * t - 3;
    params.weights[63 * kNumTags + t] = t == 2 ? 1.25f : 0.0f;
  }
  for (int i = 0; i < kNumTags * kNumTags; ++i) {
    params.transitions.transitions[i] = 0.01f * i;
  }
  params.transitions.start[3] = 2;
  params.transitions.end[4] = -1;
  params.clusters = {
      {12345, WithClusterLevel(0, 0, 7)},
      {99999, WithClusterLevel(WithClusterLevel(0, 0, 1), 2, 300)}};
  return params;
}

std::string ReadAll(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream s;
  s << file.rdbuf();
  return s.str();
}

void WriteAll(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// Rewrites the trailing checksum after a deliberate edit.
void FixChecksum(std::string* bytes) {
  const uint64_t sum =
      HashBytes(absl::string_view(*bytes).substr(0, bytes->size() - 8));
  std::memcpy(bytes->data() + bytes->size() - 8, &sum, 8);
}

TEST(ModelTest, RoundTrip) {
  TempDir dir;
  const std::string path = dir.Sub("m.bin");
  ASSERT_TRUE(SaveModel(SmallModel(), path).ok());
  auto model = NerModel::Load(path);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ((*model)->description(), "test model");
  EXPECT_EQ((*model)->bucket_bits(), 6u);
  EXPECT_EQ((*model)->nonzero_rows(), 2u);
  const float* row = (*model)->Row(5);
  ASSERT_NE(row, nullptr);
  for (int t = 0; t < kNumTags; ++t) EXPECT_NEAR(row[t], 0.5f * t - 3, 0.03);
  EXPECT_EQ((*model)->Row(5 + 64), row);  // Same bucket.
  EXPECT_EQ((*model)->Row(6), nullptr);
  ASSERT_NE((*model)->Row(63), nullptr);
  EXPECT_FLOAT_EQ((*model)->Row(63)[2], 1.25f);
  EXPECT_FLOAT_EQ((*model)->transitions().transitions[40], 0.40f);
  EXPECT_FLOAT_EQ((*model)->transitions().start[3], 2);
  EXPECT_EQ(ClusterLevel((*model)->clusters().Lookup(99999), 2), 301u);
  EXPECT_EQ((*model)->clusters().Lookup(1), 0u);
}

TEST(ModelTest, MissingFileNamesTheFile) {
  const auto model = NerModel::Load("/nonexistent/dir/model.bin");
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(
      absl::StrContains(model.status().message(), "/nonexistent/dir/model.bin"))
      << model.status();
}

TEST(ModelTest, RecognizerCreateReportsModelErrors) {
  NerOptions options;
  options.model_path = "/nonexistent/byline-ner.bin";
  const auto recognizer = EntityRecognizer::Create(options);
  ASSERT_FALSE(recognizer.ok());
  EXPECT_TRUE(absl::StrContains(recognizer.status().message(),
                                "/nonexistent/byline-ner.bin"));
}

TEST(ModelTest, CorruptFilesAreErrors) {
  TempDir dir;
  const std::string path = dir.Sub("m.bin");
  ASSERT_TRUE(SaveModel(SmallModel(), path).ok());
  const std::string good = ReadAll(path);

  struct Case {
    std::string name;
    std::string bytes;
    absl::StatusCode code;
    std::string message;
  };
  std::vector<Case> cases;
  cases.push_back({"empty", "", absl::StatusCode::kDataLoss, "bad magic"});
  cases.push_back({"text", "hello, this is not a model at all\n",
                   absl::StatusCode::kDataLoss, "bad magic"});
  cases.push_back({"magic only", good.substr(0, 8), absl::StatusCode::kDataLoss,
                   "truncated"});
  cases.push_back({"truncated", good.substr(0, good.size() / 2),
                   absl::StatusCode::kDataLoss, "checksum"});
  std::string flipped = good;
  flipped[flipped.size() / 2] ^= 0x40;
  cases.push_back(
      {"flipped byte", flipped, absl::StatusCode::kDataLoss, "checksum"});
  // Structurally wrong but with a valid checksum.
  std::string short_rows = good.substr(0, good.size() - 40);
  short_rows.append(8, '\0');
  FixChecksum(&short_rows);
  cases.push_back(
      {"short rows", short_rows, absl::StatusCode::kDataLoss, "truncated"});
  std::string other_features = good;
  const uint32_t version = kFeatureSetVersion + 1;
  std::memcpy(other_features.data() + 12, &version, 4);
  FixChecksum(&other_features);
  cases.push_back({"feature set", other_features,
                   absl::StatusCode::kFailedPrecondition, "retrain"});
  std::string huge = good;
  const uint32_t bits = 60;
  std::memcpy(huge.data() + 20, &bits, 4);
  FixChecksum(&huge);
  cases.push_back(
      {"bucket bits", huge, absl::StatusCode::kDataLoss, "bucket_bits"});

  for (const Case& c : cases) {
    const std::string bad = dir.Sub("bad.bin");
    WriteAll(bad, c.bytes);
    const auto model = NerModel::Load(bad);
    ASSERT_FALSE(model.ok()) << c.name;
    EXPECT_EQ(model.status().code(), c.code)
        << c.name << ": " << model.status();
    EXPECT_TRUE(absl::StrContains(model.status().message(), bad))
        << c.name << ": " << model.status();
    EXPECT_TRUE(absl::StrContains(model.status().message(), c.message))
        << c.name << ": " << model.status();
  }
}

TEST(ModelTest, ShippedModelLoads) {
  const std::string path =
      byline::testing::SourceDir() + "/ner/model/byline-ner-en.bin";
  const auto model = NerModel::Load(path);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_GT((*model)->nonzero_rows(), 10000u);
  EXPECT_GT((*model)->clusters().size(), 10000u);
}

}  // namespace
}  // namespace byline::ner
