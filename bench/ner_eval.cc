// byline_ner_eval: measures the named-entity recogniser (ner/).
//  * CoNLL-format files: precision, recall and F1 per type and overall with
//    conlleval's exact-match entity scoring, through the real pipeline
//    (rendered text -> ICU tokens -> recogniser -> byte offsets -> words).
//  * Speed on one core: tokens per second for tagging alone (excluding ICU
//    tokenisation) and with tokenisation.
//  * Mention level on hand-annotated articles (JSON Lines + a TSV of
//    id/start/end/type/surface): exact byte offsets and type.
// Run by bench/ner_eval.sh; never by ctest.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "analysis/text_analyzer.h"
#include "ner/conll.h"
#include "ner/evaluation.h"
#include "ner/featurizer.h"
#include "ner/recognizer.h"
#include "ner/scoring.h"
#include "simdjson.h"
#include "util/status_macros.h"

ABSL_FLAG(std::string, model, "", "NER model file");
ABSL_FLAG(std::vector<std::string>, conll, {}, "CoNLL-format files to score");
ABSL_FLAG(std::string, articles, "", "Articles (JSON Lines with id and body)");
ABSL_FLAG(std::string, gold, "", "Hand-annotated mentions of --articles (TSV)");
ABSL_FLAG(double, speed_seconds, 3.0,
          "Minimum time for each speed measurement (0: skip)");
ABSL_FLAG(bool, oracle, false,
          "Score the gold annotation carried through the pipeline instead of "
          "the model: the ceiling that tokenisation allows");
ABSL_FLAG(bool, no_consistency, false, "Disable document-level consistency");
ABSL_FLAG(bool, no_split, false,
          "Do not split \"X Bank and Y Sparbank\" into two names");
ABSL_FLAG(bool, show_errors, false, "List mention-level errors");

namespace byline::ner {
namespace {

// CPU time of this thread: speeds are per core, and the machine may be
// busy with other work.
double ThreadSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::ostringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

// Gold chunks carried through rendering and ICU tokens, as mentions.
std::vector<EntityMention> OracleMentions(const ConllDocument& doc,
                                          const RenderedDocument& rendered,
                                          absl::Span<const Token> tokens,
                                          Featurizer* featurizer) {
  featurizer->Prepare(rendered.text, tokens);
  std::vector<EntityMention> mentions;
  for (const TokenSpan& s : ProjectChunksToTokens(
           DocumentChunks(doc), rendered.word_spans, tokens)) {
    mentions.push_back({tokens[s.begin].start,
                        featurizer->info(s.end - 1).mention_end, s.type});
  }
  return mentions;
}

void EvaluateConllFile(const std::string& path,
                       const std::vector<ConllDocument>& docs,
                       TextAnalyzer* analyzer, EntityRecognizer* recognizer) {
  std::vector<RenderedDocument> rendered;
  std::vector<std::vector<Token>> tokens(docs.size());
  size_t words = 0, icu_tokens = 0, bytes = 0;
  for (size_t d = 0; d < docs.size(); ++d) {
    rendered.push_back(RenderDocument(docs[d]));
    analyzer->Tokenize(rendered[d].text, &tokens[d]);
    words += docs[d].words.size();
    icu_tokens += tokens[d].size();
    bytes += rendered[d].text.size();
  }
  EntityScores scores;
  Featurizer featurizer(recognizer->resources().gazetteer.get(),
                        &recognizer->resources().model->clusters());
  std::vector<EntityMention> mentions;
  for (size_t d = 0; d < docs.size(); ++d) {
    if (absl::GetFlag(FLAGS_oracle)) {
      mentions = OracleMentions(docs[d], rendered[d], tokens[d], &featurizer);
    } else {
      recognizer->Recognize(rendered[d].text, tokens[d], &mentions);
    }
    const std::vector<TokenSpan> gold = DocumentChunks(docs[d]);
    const std::vector<TokenSpan> predicted = ProjectMentionsToWords(
        mentions, rendered[d].word_spans, rendered[d].text);
    ScoreEntities(gold, predicted, &scores);
    if (absl::GetFlag(FLAGS_show_errors)) {
      auto words_of = [&](const TokenSpan& s) {
        std::string out;
        for (uint32_t w = s.begin; w < s.end; ++w) {
          absl::StrAppend(&out, w > s.begin ? " " : "", docs[d].words[w]);
        }
        return out;
      };
      auto show = [&](const char* what, const std::vector<TokenSpan>& a,
                      const std::vector<TokenSpan>& b) {
        for (const TokenSpan& s : a) {
          if (std::find(b.begin(), b.end(), s) == b.end()) {
            std::cout << absl::StrFormat("  %s doc %d %s \"%s\"\n", what, d,
                                         EntityTypeName(s.type), words_of(s));
          }
        }
      };
      show("missed  ", gold, predicted);
      show("spurious", predicted, gold);
    }
  }
  std::cout << absl::StrFormat(
      "== %s%s: %d documents, %d CoNLL words, %d ICU tokens\n", path,
      absl::GetFlag(FLAGS_oracle) ? " (oracle)" : "", docs.size(), words,
      icu_tokens);
  std::cout << FormatScores(scores);

  const double min_seconds = absl::GetFlag(FLAGS_speed_seconds);
  if (min_seconds <= 0 || absl::GetFlag(FLAGS_oracle)) return;
  // Speeds are measured in several slices; the fastest and the median slice
  // are reported, since a shared machine (or a hypervisor's stolen time)
  // slows some slices down.
  constexpr int kSlices = 9;
  size_t found = 0;
  std::vector<Token> scratch;
  auto measure = [&](bool tokenize) {
    std::vector<double> per_round;
    for (int slice = 0; slice < kSlices; ++slice) {
      size_t rounds = 0;
      const double t0 = ThreadSeconds();
      do {
        for (size_t d = 0; d < docs.size(); ++d) {
          if (tokenize) {
            scratch.clear();
            analyzer->Tokenize(rendered[d].text, &scratch);
            recognizer->Recognize(rendered[d].text, scratch, &mentions);
          } else {
            recognizer->Recognize(rendered[d].text, tokens[d], &mentions);
          }
          found += mentions.size();
        }
        ++rounds;
      } while (ThreadSeconds() - t0 < min_seconds / kSlices);
      per_round.push_back((ThreadSeconds() - t0) / rounds);
    }
    std::sort(per_round.begin(), per_round.end());
    return std::make_pair(per_round.front(), per_round[kSlices / 2]);
  };
  // Tagging only (features, scores, Viterbi, consistency, offsets).
  const auto [tag_best, tag_median] = measure(false);
  // ICU tokenisation plus tagging.
  const auto [all_best, all_median] = measure(true);
  std::cout << absl::StrFormat(
      "speed (one core, thread CPU time, best / median of %d slices):\n"
      "  tagging, excluding tokenisation: %.0f / %.0f ICU tokens/s "
      "(%.0f / %.0f CoNLL words/s, %.1f MB/s)\n"
      "  including ICU tokenisation:      %.0f / %.0f ICU tokens/s "
      "(%.1f MB/s) [%d]\n",
      kSlices, icu_tokens / tag_best, icu_tokens / tag_median, words / tag_best,
      words / tag_median, bytes / tag_best / 1e6, icu_tokens / all_best,
      icu_tokens / all_median, bytes / all_best / 1e6, found % 10);
}

absl::Status EvaluateArticles(TextAnalyzer* analyzer,
                              EntityRecognizer* recognizer) {
  BYLINE_ASSIGN_OR_RETURN(std::vector<AnnotatedMention> gold_list,
                          ReadMentionTsv(absl::GetFlag(FLAGS_gold)));
  std::map<std::string, std::vector<AnnotatedMention>> gold;
  for (AnnotatedMention& m : gold_list) gold[m.id].push_back(std::move(m));
  BYLINE_ASSIGN_OR_RETURN(std::string jsonl,
                          ReadFile(absl::GetFlag(FLAGS_articles)));
  simdjson::dom::parser parser;
  std::istringstream lines(jsonl);
  std::string line;
  EntityScores scores;
  size_t articles = 0;
  std::vector<Token> tokens;
  std::vector<EntityMention> predicted;
  while (std::getline(lines, line)) {
    simdjson::dom::element doc;
    if (parser.parse(line).get(doc)) continue;
    std::string_view id, body;
    if (doc["id"].get(id) || doc["body"].get(body)) continue;
    const auto it = gold.find(std::string(id));
    if (it == gold.end()) continue;
    ++articles;
    const absl::string_view text(body.data(), body.size());
    std::vector<EntityMention> expected;
    for (const AnnotatedMention& m : it->second) {
      if (m.mention.end > text.size() ||
          text.substr(m.mention.start, m.mention.end - m.mention.start) !=
              m.surface) {
        return absl::InvalidArgumentError(absl::StrCat(
            absl::GetFlag(FLAGS_gold), ": ", m.id, " ", m.mention.start, "-",
            m.mention.end, " is not \"", m.surface, "\""));
      }
      expected.push_back(m.mention);
    }
    tokens.clear();
    analyzer->Tokenize(text, &tokens);
    recognizer->Recognize(text, tokens, &predicted);
    ScoreMentions(expected, predicted, &scores);
    if (absl::GetFlag(FLAGS_show_errors)) {
      auto show = [&](const char* what, const std::vector<EntityMention>& a,
                      const std::vector<EntityMention>& b) {
        for (const EntityMention& m : a) {
          if (std::find(b.begin(), b.end(), m) == b.end()) {
            std::cout << absl::StrFormat("  %s %s %d-%d %s \"%s\"\n", what, id,
                                         m.start, m.end, EntityTypeName(m.type),
                                         text.substr(m.start, m.end - m.start));
          }
        }
      };
      show("missed  ", expected, predicted);
      show("spurious", predicted, expected);
    }
  }
  std::cout << absl::StrFormat(
      "== %s: mention level (exact byte offsets and type), %d annotated "
      "articles\n",
      absl::GetFlag(FLAGS_articles), articles);
  std::cout << FormatScores(scores);
  return absl::OkStatus();
}

absl::Status Run() {
  if (absl::GetFlag(FLAGS_model).empty()) {
    return absl::InvalidArgumentError("--model is required");
  }
  NerOptions options;
  options.model_path = absl::GetFlag(FLAGS_model);
  if (absl::GetFlag(FLAGS_no_consistency)) {
    options.consistency.unify_types = false;
    options.consistency.propagate = false;
  }
  if (absl::GetFlag(FLAGS_no_split)) options.split_coordinated_names = false;
  BYLINE_ASSIGN_OR_RETURN(std::unique_ptr<EntityRecognizer> recognizer,
                          EntityRecognizer::Create(options));
  BYLINE_ASSIGN_OR_RETURN(std::unique_ptr<TextAnalyzer> analyzer,
                          TextAnalyzer::Create());
  std::cout << "model: " << options.model_path << " ("
            << recognizer->resources().model->description() << ")\n";
  for (const std::string& path : absl::GetFlag(FLAGS_conll)) {
    BYLINE_ASSIGN_OR_RETURN(std::vector<ConllDocument> docs,
                            ReadConllFile(path));
    EvaluateConllFile(path, docs, analyzer.get(), recognizer.get());
  }
  if (!absl::GetFlag(FLAGS_gold).empty()) {
    BYLINE_RETURN_IF_ERROR(EvaluateArticles(analyzer.get(), recognizer.get()));
  }
  return absl::OkStatus();
}

}  // namespace
}  // namespace byline::ner

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Scores the Byline NER model on CoNLL files and annotated articles.");
  absl::ParseCommandLine(argc, argv);
  const absl::Status status = byline::ner::Run();
  if (!status.ok()) {
    std::cerr << "byline_ner_eval: " << status << "\n";
    return 1;
  }
  return 0;
}
