// Pipeline evaluation helpers (see evaluation.h).
#include "ner/evaluation.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ner/bilou.h"
#include "ner/conll.h"

namespace byline::ner {
namespace {
std::vector<TokenSpan> AsSpans(absl::Span<const EntityMention> mentions) {
  std::vector<TokenSpan> spans;
  spans.reserve(mentions.size());
  for (const EntityMention& m : mentions) {
    spans.push_back({m.start, m.end, m.type});
  }
  return spans;
}
}  // namespace

EntityScores EvaluateConll(absl::Span<const ConllDocument> docs,
                           TextAnalyzer* analyzer,
                           EntityRecognizer* recognizer) {
  EntityScores scores;
  std::vector<Token> tokens;
  std::vector<EntityMention> mentions;
  for (const ConllDocument& doc : docs) {
    const RenderedDocument rendered = RenderDocument(doc);
    tokens.clear();
    analyzer->Tokenize(rendered.text, &tokens);
    recognizer->Recognize(rendered.text, tokens, &mentions);
    ScoreEntities(
        DocumentChunks(doc),
        ProjectMentionsToWords(mentions, rendered.word_spans, rendered.text),
        &scores);
  }
  return scores;
}

TrainingExample MakeTrainingExample(const ConllDocument& doc,
                                    TextAnalyzer* analyzer) {
  TrainingExample example;
  RenderedDocument rendered = RenderDocument(doc);
  analyzer->Tokenize(rendered.text, &example.tokens);
  const std::vector<TokenSpan> spans = ProjectChunksToTokens(
      DocumentChunks(doc), rendered.word_spans, example.tokens);
  SpansToTags(spans, static_cast<uint32_t>(example.tokens.size()),
              &example.gold);
  example.text = std::move(rendered.text);
  return example;
}

absl::StatusOr<std::vector<AnnotatedMention>> ReadMentionTsv(
    const std::string& path) {
  std::ifstream file(path);
  if (!file) {
    return absl::NotFoundError(
        absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
  }
  std::vector<AnnotatedMention> mentions;
  std::string line;
  int line_number = 0;
  while (std::getline(file, line)) {
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    if (line_number == 1 && absl::StartsWith(line, "id\t")) continue;
    std::vector<absl::string_view> fields = absl::StrSplit(line, '\t');
    auto error = [&](absl::string_view problem) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", line_number, ": ", problem));
    };
    if (fields.size() != 5) return error("expected 5 tab-separated fields");
    AnnotatedMention m;
    m.id = std::string(fields[0]);
    if (!absl::SimpleAtoi(fields[1], &m.mention.start) ||
        !absl::SimpleAtoi(fields[2], &m.mention.end) ||
        m.mention.end <= m.mention.start) {
      return error("bad start/end offsets");
    }
    const auto type = ParseEntityType(fields[3]);
    if (!type.has_value()) return error("bad entity type");
    m.mention.type = *type;
    m.surface = std::string(fields[4]);
    mentions.push_back(std::move(m));
  }
  return mentions;
}

void ScoreMentions(absl::Span<const EntityMention> gold,
                   absl::Span<const EntityMention> predicted,
                   EntityScores* scores) {
  ScoreEntities(AsSpans(gold), AsSpans(predicted), scores);
}

}  // namespace byline::ner
