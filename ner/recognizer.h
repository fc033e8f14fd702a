// The named-entity recogniser: finds PERSON, ORGANIZATION, LOCATION and MISC
// mentions in an article, working on Byline's own ICU tokens
// (TextAnalyzer::Tokenize), and returns each with its type and exact byte
// offsets into the text.
//
//   ASSIGN_OR_RETURN(auto ner, EntityRecognizer::Create({.model_path = p}));
//   std::vector<Token> tokens;
//   analyzer->Tokenize(body, &tokens);
//   std::vector<EntityMention> mentions = ner->Recognize(body, tokens);
//
// Pipeline: Featurizer (hashed features) -> weights of the averaged
// perceptron model -> Viterbi over BILOU tags -> document-level consistency
// -> byte offsets (a possessive "'s" is left out, the dot of "U.S." kept).
#ifndef BYLINE_NER_RECOGNIZER_H_
#define BYLINE_NER_RECOGNIZER_H_

#include <memory>
#include <string>
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
#include "ner/viterbi.h"

namespace byline::ner {

struct NerOptions {
  // The model file, e.g. "<source tree>/ner/model/byline-ner-en.bin".
  std::string model_path;
  // Document-level consistency (doc_consistency.h).
  ConsistencyOptions consistency;
  // Split "X Bank and Y Sparbank" into two names before consistency
  // (coordination_split.h).
  bool split_coordinated_names = true;
};

// The read-only parts of a recogniser, shareable between threads.
struct NerResources {
  std::shared_ptr<const NerModel> model;
  std::shared_ptr<const Gazetteer> gazetteer;
};

// Loads the model at `model_path` and builds the gazetteer.
absl::StatusOr<NerResources> LoadNerResources(const std::string& model_path);

// Builds the gazetteer (from ICU data and the hand lists).
absl::StatusOr<std::shared_ptr<const Gazetteer>> BuildGazetteer();

// Thread safety: not thread-safe (scratch buffers); create one per thread,
// sharing NerResources.
class EntityRecognizer {
 public:
  // Loads the model; errors name the model file and the problem.
  static absl::StatusOr<std::unique_ptr<EntityRecognizer>> Create(
      const NerOptions& options);
  // Uses already loaded resources (options.model_path is ignored).
  EntityRecognizer(NerResources resources, const NerOptions& options);

  EntityRecognizer(const EntityRecognizer&) = delete;
  EntityRecognizer& operator=(const EntityRecognizer&) = delete;

  // Finds the mentions in `text`, whose words are `tokens` (from
  // TextAnalyzer::Tokenize(text), offsets into text). Mentions are sorted
  // and do not overlap. The text is treated as one document for
  // consistency.
  std::vector<EntityMention> Recognize(absl::string_view text,
                                       absl::Span<const Token> tokens);
  void Recognize(absl::string_view text, absl::Span<const Token> tokens,
                 std::vector<EntityMention>* mentions);

  // The token-level result of the last Recognize(): spans over tokens,
  // after consistency.
  const std::vector<TokenSpan>& last_spans() const { return spans_; }

  // Only the tagging step (features, scores, Viterbi) into `tags`, without
  // consistency or offsets.
  void TagTokens(absl::string_view text, absl::Span<const Token> tokens,
                 std::vector<Tag>* tags);
  // After TagTokens or Recognize: the tag scores of each token (kNumTags per
  // token).
  const std::vector<float>& scores() const { return scores_; }

  const NerResources& resources() const { return resources_; }
  // The featurizer as prepared for the last text.
  const Featurizer& featurizer() const { return featurizer_; }

 private:
  void ComputeScores();

  NerResources resources_;
  NerOptions options_;
  Featurizer featurizer_;
  ViterbiDecoder decoder_;
  std::vector<float> scores_;
  std::vector<Tag> tags_;
  std::vector<TokenSpan> spans_;
};

}  // namespace byline::ner

#endif  // BYLINE_NER_RECOGNIZER_H_
