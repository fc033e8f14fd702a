// Tests for the model file: round trip, and clear errors (never crashes) for
// missing, truncated, corrupt or mismatched files. Also the trainer that
// makes models: unchanged without dropout, deterministic with it.
#include "ner/model.h"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "analysis/text_analyzer.h"
#include "gtest/gtest.h"
#include "ner/conll.h"
#include "ner/evaluation.h"
#include "ner/featurizer.h"
#include "ner/gazetteer.h"
#include "ner/hashing.h"
#include "ner/recognizer.h"
#include "ner/trainer.h"
#include "ner/word_clusters.h"
#include "tests/test_paths.h"
#include "util/temp_dir.h"

namespace byline::ner {
namespace {

// See TrainerTest.WithoutDropoutTrainingIsUnchanged.
constexpr uint64_t kGoldenFingerprint = 0xcfc9fd7e62f38758;

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

// A tiny made-up training set (IOB2).
constexpr absl::string_view kTrainConll =
    "-DOCSTART- O\n\n"
    "Marit B-PER\nHalvorsen I-PER\nvisited O\nBergen B-LOC\non O\n"
    "Monday O\n. O\n\n"
    "She O\nmet O\nofficials O\nof O\nNordvik B-ORG\nBank I-ORG\n. O\n\n"
    "-DOCSTART- O\n\n"
    "Tarvik B-ORG\nCorp I-ORG\nsaid O\nprofits O\nrose O\nin O\n"
    "Norland B-LOC\n. O\n\n"
    "Analysts O\nat O\nVeltris B-ORG\nexpect O\nmore O\n. O\n\n"
    "-DOCSTART- O\n\n"
    "Pieter B-PER\nvan I-PER\nDalen I-PER\nwon O\nthe O\nNorland B-MISC\n"
    "Open I-MISC\nin O\nSkarvik B-LOC\n. O\n\n"
    "Van B-PER\nDalen I-PER\nthanked O\nhis O\nDutch B-MISC\nfans O\n. O\n\n"
    "-DOCSTART- O\n\n"
    "Ilse B-PER\nKorver I-PER\nof O\nHalvorsen B-ORG\nMaritime I-ORG\n"
    "flew O\nto O\nOslo B-LOC\n. O\n\n";

class TrainerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto analyzer = TextAnalyzer::Create();
    ASSERT_TRUE(analyzer.ok()) << analyzer.status();
    const auto docs = ParseConll(kTrainConll, "train");
    ASSERT_TRUE(docs.ok()) << docs.status();
    examples_ = new std::vector<TrainingExample>();
    for (const ConllDocument& doc : *docs) {
      examples_->push_back(MakeTrainingExample(doc, analyzer->get()));
    }
  }
  static void TearDownTestSuite() {
    delete examples_;
    examples_ = nullptr;
  }

  // Trains on the tiny set with an empty gazetteer and no clusters, so that
  // only the featurizer and the trainer matter.
  static ModelParameters Train(double lexical_dropout, uint64_t seed) {
    TrainerOptions options;
    options.bucket_bits = kBucketBits;
    options.lexical_dropout = lexical_dropout;
    PerceptronTrainer trainer(options, &gazetteer_, {});
    trainer.AddExamples(*examples_);
    std::mt19937_64 rng(seed);
    for (int epoch = 0; epoch < 6; ++epoch) trainer.RunEpoch(&rng);
    return trainer.Averaged("test");
  }

  // A hash of every trained number.
  static uint64_t Fingerprint(const ModelParameters& params) {
    auto bytes = [](const std::vector<float>& v) {
      return absl::string_view(reinterpret_cast<const char*>(v.data()),
                               v.size() * sizeof(float));
    };
    uint64_t h = HashBytes(bytes(params.weights));
    h = HashBytes(bytes(params.transitions.transitions), h);
    h = HashBytes(bytes(params.transitions.start), h);
    return HashBytes(bytes(params.transitions.end), h);
  }

  static constexpr uint32_t kBucketBits = 16;
  static inline const Gazetteer gazetteer_{};
  static inline std::vector<TrainingExample>* examples_ = nullptr;
};

TEST_F(TrainerTest, WithoutDropoutTrainingIsUnchanged) {
  EXPECT_EQ(TrainerOptions().lexical_dropout, 0);
  const ModelParameters params = Train(0, 20240601);
  // The weights of the trainer before word-identity dropout existed, on the
  // same data and seed: dropout 0 must reproduce them bit for bit (it draws
  // nothing from the rng). Change only with a deliberate change of training.
  EXPECT_EQ(Fingerprint(params), kGoldenFingerprint);
}

TEST_F(TrainerTest, DropoutIsDeterministicForASeed) {
  const ModelParameters a = Train(0.3, 20240601);
  const ModelParameters b = Train(0.3, 20240601);
  EXPECT_TRUE(a.weights == b.weights);
  EXPECT_TRUE(a.transitions.transitions == b.transitions.transitions);
  EXPECT_EQ(Fingerprint(a), Fingerprint(b));
  EXPECT_NE(Fingerprint(a), Fingerprint(Train(0, 20240601)));
}

// With dropout 1 every token always loses its own word features: their
// weight rows must stay zero (except rows that a hash collision shares with
// other features), while without dropout they are learnt.
TEST_F(TrainerTest, DroppedWordFeaturesAreNeverUpdated) {
  WordClusters clusters;
  Featurizer featurizer(&gazetteer_, &clusters);
  const uint64_t mask = (uint64_t{1} << kBucketBits) - 1;
  absl::flat_hash_set<uint64_t> own, other;
  uint64_t features[kMaxFeatures];
  for (const TrainingExample& example : *examples_) {
    featurizer.Prepare(example.text, example.tokens);
    for (size_t i = 0; i < featurizer.size(); ++i) {
      const int n = featurizer.Extract(i, features);
      for (int k = 0; k < n; ++k) {
        bool is_own = false;
        for (const int p : kOwnWordFeatures) is_own |= k == p;
        (is_own ? own : other).insert(features[k] & mask);
      }
    }
  }
  std::vector<uint64_t> own_only;
  for (const uint64_t bucket : own) {
    if (!other.contains(bucket)) own_only.push_back(bucket);
  }
  ASSERT_GT(own_only.size(), 50u);
  auto nonzero_rows = [&](const ModelParameters& params) {
    int rows = 0;
    for (const uint64_t bucket : own_only) {
      bool nonzero = false;
      for (int t = 0; t < kNumTags; ++t) {
        nonzero |= params.weights[bucket * kNumTags + t] != 0;
      }
      rows += nonzero;
    }
    return rows;
  };
  EXPECT_GT(nonzero_rows(Train(0, 20240601)), 10);
  EXPECT_EQ(nonzero_rows(Train(1, 20240601)), 0);
}

}  // namespace
}  // namespace byline::ner
