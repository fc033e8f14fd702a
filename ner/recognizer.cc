// EntityRecognizer (see recognizer.h).
#include "ner/recognizer.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "analysis/text_analyzer.h"
#include "ner/bilou.h"
#include "ner/coordination_split.h"
#include "ner/doc_consistency.h"
#include "ner/entity.h"
#include "ner/featurizer.h"
#include "ner/gazetteer.h"
#include "ner/model.h"
#include "util/status_macros.h"

namespace byline::ner {

absl::StatusOr<std::shared_ptr<const Gazetteer>> BuildGazetteer() {
  BYLINE_ASSIGN_OR_RETURN(std::unique_ptr<TextAnalyzer> analyzer,
                          TextAnalyzer::Create());
  BYLINE_ASSIGN_OR_RETURN(std::unique_ptr<Gazetteer> gazetteer,
                          Gazetteer::Build(analyzer.get()));
  return std::shared_ptr<const Gazetteer>(std::move(gazetteer));
}

absl::StatusOr<NerResources> LoadNerResources(const std::string& model_path) {
  NerResources resources;
  BYLINE_ASSIGN_OR_RETURN(resources.model, NerModel::Load(model_path));
  BYLINE_ASSIGN_OR_RETURN(resources.gazetteer, BuildGazetteer());
  return resources;
}

absl::StatusOr<std::unique_ptr<EntityRecognizer>> EntityRecognizer::Create(
    const NerOptions& options) {
  BYLINE_ASSIGN_OR_RETURN(NerResources resources,
                          LoadNerResources(options.model_path));
  return std::make_unique<EntityRecognizer>(std::move(resources), options);
}

EntityRecognizer::EntityRecognizer(NerResources resources,
                                   const NerOptions& options)
    : resources_(std::move(resources)),
      options_(options),
      featurizer_(resources_.gazetteer.get(), &resources_.model->clusters()),
      decoder_(resources_.model->transitions()) {}

namespace {
// Four floats, for GCC/Clang vector arithmetic (SSE on x86-64, NEON on Arm).
typedef float Float4 __attribute__((vector_size(16)));
constexpr int kVectorsPerRow = kRowStride / 4;
}  // namespace

void EntityRecognizer::ComputeScores() {
  const NerModel& model = *resources_.model;
  const size_t n = featurizer_.size();
  scores_.resize(n * kNumTags);
  // Two-stage pipeline: while the rows of token i are summed, the rows of
  // token i + 1 are already being fetched from memory.
  uint64_t features[kMaxFeatures];
  const float* rows[2][kMaxFeatures];
  int counts[2] = {0, 0};
  auto fetch = [&](size_t i) {
    const int count = featurizer_.Extract(i, features);
    const float** out = rows[i & 1];
    int found = 0;
    for (int f = 0; f < count; ++f) {
      const float* row = model.Row(features[f]);
      if (row == nullptr) continue;
      __builtin_prefetch(row);
      __builtin_prefetch(row + kRowStride - 1);
      out[found++] = row;
    }
    counts[i & 1] = found;
  };
  if (n > 0) fetch(0);
  for (size_t i = 0; i < n; ++i) {
    if (i + 1 < n) fetch(i + 1);
    Float4 sum[kVectorsPerRow] = {};
    const float* const* token_rows = rows[i & 1];
    for (int f = 0; f < counts[i & 1]; ++f) {
      const Float4* row = reinterpret_cast<const Float4*>(token_rows[f]);
      for (int v = 0; v < kVectorsPerRow; ++v) sum[v] += row[v];
    }
    float* out = &scores_[i * kNumTags];
    for (int t = 0; t < kNumTags; ++t) out[t] = sum[t / 4][t % 4];
  }
}

void EntityRecognizer::TagTokens(absl::string_view text,
                                 absl::Span<const Token> tokens,
                                 std::vector<Tag>* tags) {
  featurizer_.Prepare(text, tokens);
  ComputeScores();
  decoder_.Decode(scores_.data(), featurizer_.size(), tags);
}

namespace {

// Whether token `info` is an abbreviated title such as "Mr", "Dr" or "Gen":
// never part of a name (CoNLL-2003 leaves titles out), even when the tagger,
// which saw few of them in Reuters text, says otherwise.
bool IsAbbreviatedTitle(const TokenInfo& info) {
  constexpr GazetteerBits kTitle = GazetteerBits{1}
                                   << (4 * kGazPersonTitle + 3);
  constexpr GazetteerBits kAbbreviation = GazetteerBits{1}
                                          << (4 * kGazAbbreviation + 3);
  return (info.gazetteer & kTitle) != 0 &&
         (info.gazetteer & kAbbreviation) != 0;
}

}  // namespace

void EntityRecognizer::Recognize(absl::string_view text,
                                 absl::Span<const Token> tokens,
                                 std::vector<EntityMention>* mentions) {
  mentions->clear();
  TagTokens(text, tokens, &tags_);
  spans_.clear();
  TagsToSpans(tags_, &spans_);
  if (options_.split_coordinated_names) {
    SplitCoordinatedNames(tokens, featurizer_, &spans_);
  }
  ApplyDocumentConsistency(featurizer_, scores_, options_.consistency, &spans_);
  for (TokenSpan& span : spans_) {
    while (span.begin < span.end &&
           IsAbbreviatedTitle(featurizer_.info(span.begin))) {
      ++span.begin;
    }
  }
  std::erase_if(spans_, [](const TokenSpan& s) { return s.begin == s.end; });
  for (const TokenSpan& span : spans_) {
    const uint32_t start = tokens[span.begin].start;
    const uint32_t end = featurizer_.info(span.end - 1).mention_end;
    if (end > start) mentions->push_back({start, end, span.type});
  }
}

std::vector<EntityMention> EntityRecognizer::Recognize(
    absl::string_view text, absl::Span<const Token> tokens) {
  std::vector<EntityMention> mentions;
  Recognize(text, tokens, &mentions);
  return mentions;
}

}  // namespace byline::ner
