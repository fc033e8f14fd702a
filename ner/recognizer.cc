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
      decoder_(resources_.model->transitions(), resources_.model->start(),
               resources_.model->end()) {}

void EntityRecognizer::ComputeScores() {
  const NerModel& model = *resources_.model;
  const size_t n = featurizer_.size();
  scores_.resize(n * kNumTags);
  uint64_t features[kMaxFeatures];
  for (size_t i = 0; i < n; ++i) {
    const int count = featurizer_.Extract(i, features);
    float sum[kNumTags] = {};
    for (int f = 0; f < count; ++f) {
      const float* row = model.Row(features[f]);
      for (int t = 0; t < kNumTags; ++t) sum[t] += row[t];
    }
    float* out = &scores_[i * kNumTags];
    for (int t = 0; t < kNumTags; ++t) out[t] = sum[t];
  }
}

void EntityRecognizer::TagTokens(absl::string_view text,
                                 absl::Span<const Token> tokens,
                                 std::vector<Tag>* tags) {
  featurizer_.Prepare(text, tokens);
  ComputeScores();
  decoder_.Decode(scores_.data(), featurizer_.size(), tags);
}

void EntityRecognizer::Recognize(absl::string_view text,
                                 absl::Span<const Token> tokens,
                                 std::vector<EntityMention>* mentions) {
  mentions->clear();
  TagTokens(text, tokens, &tags_);
  spans_.clear();
  TagsToSpans(tags_, &spans_);
  ApplyDocumentConsistency(featurizer_, options_.consistency, &spans_);
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
