// byline_ner_train: trains the named-entity tagger on CoNLL-format data and
// writes a model file. Run by hand (never by ctest); deterministic for a
// given seed. See ner/README.md for the exact command behind the shipped
// model.
//
//   byline_ner_train --train eng.train --dev_fraction 0.1
//       --clusters clusters.bin --epochs 12 [--lexical_dropout P]
//       --output model.bin
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "analysis/text_analyzer.h"
#include "ner/cluster_file.h"
#include "ner/conll.h"
#include "ner/evaluation.h"
#include "ner/model.h"
#include "ner/recognizer.h"
#include "ner/scoring.h"
#include "ner/trainer.h"
#include "util/status_macros.h"

ABSL_FLAG(std::vector<std::string>, train, {},
          "CoNLL-format training files (comma-separated)");
ABSL_FLAG(double, dev_fraction, 0.1,
          "Hold out this fraction of the training documents (the last ones) "
          "for tuning; 0 trains on everything");
ABSL_FLAG(std::vector<std::string>, eval, {},
          "CoNLL files to score the final model on (reporting only)");
ABSL_FLAG(std::string, clusters, "", "Word cluster file (byline_ner_clusters)");
ABSL_FLAG(int, epochs, 12, "Training epochs");
ABSL_FLAG(int, bucket_bits, 20, "log2 of the weight table rows");
ABSL_FLAG(uint64_t, seed, 20240601, "Shuffling seed");
ABSL_FLAG(double, lexical_dropout, 0,
          "Word-identity dropout: the probability, per token and epoch, that "
          "a training token's own word features are left out (0 to 1; "
          "see TrainerOptions)");
ABSL_FLAG(std::string, output, "", "Model file to write");
ABSL_FLAG(std::string, description, "", "Free text stored in the model");
ABSL_FLAG(bool, unify_types, true,
          "Evaluate with document-level type unification");
ABSL_FLAG(double, keep_confidence, 0.9, "See ConsistencyOptions");
ABSL_FLAG(double, temperature, 20, "See ConsistencyOptions");
ABSL_FLAG(double, short_form_weight, 1.0, "See ConsistencyOptions");
ABSL_FLAG(double, propagate_confidence, 0.9, "See ConsistencyOptions");
ABSL_FLAG(bool, propagate, true,
          "Evaluate with document-level propagation of names");
ABSL_FLAG(bool, split_coordinated_names, true,
          "See NerOptions (evaluation only: the split runs after tagging)");
ABSL_FLAG(int, cv, 0,
          "If > 0: no model is written; instead report cross-validated "
          "scores over the --train documents with this many folds");

namespace byline::ner {
namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since)
      .count();
}

// What every training run shares.
struct Setup {
  std::unique_ptr<TextAnalyzer> analyzer;
  std::shared_ptr<const Gazetteer> gazetteer;
  std::vector<WordClusters::Entry> clusters;
  std::string description;
  std::chrono::steady_clock::time_point started;
};

EntityScores Evaluate(const Setup& setup, const ModelParameters& params,
                      const std::vector<ConllDocument>& docs) {
  NerOptions options;
  options.consistency.unify_types = absl::GetFlag(FLAGS_unify_types);
  options.consistency.propagate = absl::GetFlag(FLAGS_propagate);
  options.consistency.keep_confidence = absl::GetFlag(FLAGS_keep_confidence);
  options.consistency.temperature = absl::GetFlag(FLAGS_temperature);
  options.consistency.short_form_weight =
      absl::GetFlag(FLAGS_short_form_weight);
  options.consistency.propagate_confidence =
      absl::GetFlag(FLAGS_propagate_confidence);
  options.split_coordinated_names =
      absl::GetFlag(FLAGS_split_coordinated_names);
  EntityRecognizer recognizer(
      NerResources{NerModel::FromParameters(params), setup.gazetteer}, options);
  return EvaluateConll(docs, setup.analyzer.get(), &recognizer);
}

std::string Summary(const EntityScores& scores) {
  return absl::StrFormat("F1 %.2f (P %.2f R %.2f)", 100 * scores.overall.f1(),
                         100 * scores.overall.precision(),
                         100 * scores.overall.recall());
}

// Trains a model; with `dev`, reports its F1 after each epoch.
ModelParameters Train(const Setup& setup,
                      const std::vector<TrainingExample>& examples,
                      const std::vector<ConllDocument>* dev) {
  TrainerOptions options;
  options.bucket_bits = absl::GetFlag(FLAGS_bucket_bits);
  options.lexical_dropout = absl::GetFlag(FLAGS_lexical_dropout);
  PerceptronTrainer trainer(options, setup.gazetteer.get(), setup.clusters);
  trainer.AddExamples(examples);
  std::mt19937_64 rng(absl::GetFlag(FLAGS_seed));
  for (int epoch = 1; epoch <= absl::GetFlag(FLAGS_epochs); ++epoch) {
    const size_t errors = trainer.RunEpoch(&rng);
    if (dev == nullptr) continue;
    std::string line =
        absl::StrFormat("epoch %2d: %6d token errors", epoch, errors);
    if (!dev->empty()) {
      absl::StrAppend(&line, ", held-out ",
                      Summary(Evaluate(setup, trainer.Averaged(""), *dev)));
    }
    std::cerr << line << absl::StrFormat(" [%.1f s]\n", Seconds(setup.started));
  }
  return trainer.Averaged(setup.description);
}

void AddScores(const EntityScores& from, EntityScores* to) {
  auto add = [](const EntityCounts& a, EntityCounts* b) {
    b->gold += a.gold;
    b->predicted += a.predicted;
    b->correct += a.correct;
  };
  for (int t = 0; t < kNumEntityTypes; ++t)
    add(from.by_type[t], &to->by_type[t]);
  add(from.overall, &to->overall);
}

absl::Status Run() {
  Setup setup;
  setup.started = std::chrono::steady_clock::now();
  const int cv = absl::GetFlag(FLAGS_cv);
  if (absl::GetFlag(FLAGS_train).empty() ||
      (absl::GetFlag(FLAGS_output).empty() && cv == 0)) {
    return absl::InvalidArgumentError(
        "--train and --output (or --cv) are required");
  }
  const double dropout = absl::GetFlag(FLAGS_lexical_dropout);
  if (!(dropout >= 0 && dropout <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--lexical_dropout must be in [0, 1], not ", dropout));
  }
  std::vector<ConllDocument> docs;
  for (const std::string& path : absl::GetFlag(FLAGS_train)) {
    BYLINE_ASSIGN_OR_RETURN(std::vector<ConllDocument> more,
                            ReadConllFile(path));
    docs.insert(docs.end(), std::make_move_iterator(more.begin()),
                std::make_move_iterator(more.end()));
  }
  BYLINE_ASSIGN_OR_RETURN(setup.analyzer, TextAnalyzer::Create());
  BYLINE_ASSIGN_OR_RETURN(setup.gazetteer, BuildGazetteer());
  if (!absl::GetFlag(FLAGS_clusters).empty()) {
    BYLINE_ASSIGN_OR_RETURN(setup.clusters,
                            ReadClusterFile(absl::GetFlag(FLAGS_clusters)));
  }
  setup.description = absl::GetFlag(FLAGS_description);
  if (setup.description.empty()) {
    setup.description =
        absl::StrCat("averaged perceptron, ", absl::GetFlag(FLAGS_epochs),
                     " epochs, seed ", absl::GetFlag(FLAGS_seed));
    if (dropout > 0) {
      absl::StrAppend(&setup.description, ", word dropout ", dropout);
    }
  }
  std::cerr << absl::StrFormat("gazetteer: %d entries, clusters: %d words\n",
                               setup.gazetteer->size(), setup.clusters.size());

  if (cv > 0) {
    // Cross-validation over the documents of --train: a steadier signal for
    // tuning than a small held-out part.
    EntityScores pooled;
    for (int fold = 0; fold < cv; ++fold) {
      std::vector<TrainingExample> train;
      std::vector<ConllDocument> test;
      for (size_t i = 0; i < docs.size(); ++i) {
        // Contiguous blocks: documents are in time order, and neighbours
        // often share stories, so interleaved folds would be optimistic.
        if (static_cast<int>(i * cv / docs.size()) == fold) {
          test.push_back(docs[i]);
        } else {
          train.push_back(MakeTrainingExample(docs[i], setup.analyzer.get()));
        }
      }
      const EntityScores scores =
          Evaluate(setup, Train(setup, train, nullptr), test);
      AddScores(scores, &pooled);
      std::cerr << absl::StrFormat("cv fold %d/%d: %s [%.1f s]\n", fold + 1, cv,
                                   Summary(scores), Seconds(setup.started));
    }
    std::cout << "cross-validation over " << docs.size() << " documents:\n"
              << FormatScores(pooled);
    return absl::OkStatus();
  }

  const size_t dev_size =
      static_cast<size_t>(docs.size() * absl::GetFlag(FLAGS_dev_fraction));
  std::vector<ConllDocument> dev(docs.end() - dev_size, docs.end());
  docs.resize(docs.size() - dev_size);
  std::cerr << absl::StrFormat("train: %d documents, held out: %d\n",
                               docs.size(), dev.size());
  std::vector<TrainingExample> examples;
  for (const ConllDocument& doc : docs) {
    examples.push_back(MakeTrainingExample(doc, setup.analyzer.get()));
  }
  const ModelParameters params = Train(setup, examples, &dev);
  BYLINE_RETURN_IF_ERROR(SaveModel(params, absl::GetFlag(FLAGS_output)));
  std::cerr << "wrote " << absl::GetFlag(FLAGS_output) << "\n";

  // Report on the saved (quantised) model.
  BYLINE_ASSIGN_OR_RETURN(std::shared_ptr<const NerModel> saved,
                          NerModel::Load(absl::GetFlag(FLAGS_output)));
  EntityRecognizer recognizer(NerResources{saved, setup.gazetteer},
                              NerOptions());
  if (!dev.empty()) {
    std::cout << "held-out part of the training data (saved model):\n"
              << FormatScores(
                     EvaluateConll(dev, setup.analyzer.get(), &recognizer));
  }
  for (const std::string& path : absl::GetFlag(FLAGS_eval)) {
    BYLINE_ASSIGN_OR_RETURN(std::vector<ConllDocument> eval,
                            ReadConllFile(path));
    std::cout << path << ":\n"
              << FormatScores(
                     EvaluateConll(eval, setup.analyzer.get(), &recognizer));
  }
  return absl::OkStatus();
}

}  // namespace
}  // namespace byline::ner

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Trains the Byline NER tagger on CoNLL-format files.");
  absl::ParseCommandLine(argc, argv);
  const absl::Status status = byline::ner::Run();
  if (!status.ok()) {
    std::cerr << "byline_ner_train: " << status << "\n";
    return 1;
  }
  return 0;
}
