// byline_ner_train: trains the named-entity tagger on CoNLL-format data and
// writes a model file. Run by hand (never by ctest); deterministic for a
// given seed. See ner/README.md for the exact command behind the shipped
// model.
//
//   byline_ner_train --train eng.train --dev_fraction 0.1
//       --clusters clusters.bin --epochs 12 --output model.bin
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
ABSL_FLAG(bool, keep_best, false,
          "Keep the epoch with the best held-out F1 instead of the last");
ABSL_FLAG(std::string, output, "", "Model file to write");
ABSL_FLAG(std::string, description, "", "Free text stored in the model");

namespace byline::ner {
namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       since)
      .count();
}

absl::Status Run() {
  const auto started = std::chrono::steady_clock::now();
  if (absl::GetFlag(FLAGS_train).empty() || absl::GetFlag(FLAGS_output).empty()) {
    return absl::InvalidArgumentError("--train and --output are required");
  }
  std::vector<ConllDocument> docs;
  for (const std::string& path : absl::GetFlag(FLAGS_train)) {
    BYLINE_ASSIGN_OR_RETURN(std::vector<ConllDocument> more,
                            ReadConllFile(path));
    docs.insert(docs.end(), std::make_move_iterator(more.begin()),
                std::make_move_iterator(more.end()));
  }
  const double dev_fraction = absl::GetFlag(FLAGS_dev_fraction);
  const size_t dev_size = static_cast<size_t>(docs.size() * dev_fraction);
  std::vector<ConllDocument> dev(docs.end() - dev_size, docs.end());
  docs.resize(docs.size() - dev_size);
  std::cerr << absl::StrFormat("train: %d documents, held out: %d\n",
                               docs.size(), dev.size());

  BYLINE_ASSIGN_OR_RETURN(std::unique_ptr<TextAnalyzer> analyzer,
                          TextAnalyzer::Create());
  BYLINE_ASSIGN_OR_RETURN(std::shared_ptr<const Gazetteer> gazetteer,
                          BuildGazetteer());
  std::vector<WordClusters::Entry> clusters;
  if (!absl::GetFlag(FLAGS_clusters).empty()) {
    BYLINE_ASSIGN_OR_RETURN(clusters,
                            ReadClusterFile(absl::GetFlag(FLAGS_clusters)));
  }
  std::cerr << absl::StrFormat("gazetteer: %d entries, clusters: %d words\n",
                               gazetteer->size(), clusters.size());

  std::vector<TrainingExample> examples;
  for (const ConllDocument& doc : docs) {
    examples.push_back(MakeTrainingExample(doc, analyzer.get()));
  }
  TrainerOptions options;
  options.bucket_bits = absl::GetFlag(FLAGS_bucket_bits);
  PerceptronTrainer trainer(options, gazetteer.get(), clusters);
  trainer.AddExamples(examples);
  examples.clear();
  std::cerr << absl::StrFormat("features ready: %d tokens, %.1f s\n",
                               trainer.num_tokens(), Seconds(started));

  const std::string description =
      absl::GetFlag(FLAGS_description).empty()
          ? absl::StrCat("averaged perceptron, ", absl::GetFlag(FLAGS_epochs),
                         " epochs, seed ", absl::GetFlag(FLAGS_seed))
          : absl::GetFlag(FLAGS_description);
  std::mt19937_64 rng(absl::GetFlag(FLAGS_seed));
  ModelParameters best;
  double best_f1 = -1;
  for (int epoch = 1; epoch <= absl::GetFlag(FLAGS_epochs); ++epoch) {
    const size_t errors = trainer.RunEpoch(&rng);
    std::string line = absl::StrFormat("epoch %2d: %6d token errors", epoch,
                                       errors);
    const bool last = epoch == absl::GetFlag(FLAGS_epochs);
    if (!dev.empty() || last) {
      ModelParameters params = trainer.Averaged(description);
      if (!dev.empty()) {
        NerResources resources{NerModel::FromParameters(params), gazetteer};
        EntityRecognizer recognizer(resources, NerOptions());
        const EntityScores scores =
            EvaluateConll(dev, analyzer.get(), &recognizer);
        absl::StrAppend(&line, absl::StrFormat(
                                   ", held-out F1 %.2f (P %.2f R %.2f)",
                                   100 * scores.overall.f1(),
                                   100 * scores.overall.precision(),
                                   100 * scores.overall.recall()));
        if (scores.overall.f1() > best_f1 || !absl::GetFlag(FLAGS_keep_best)) {
          best_f1 = scores.overall.f1();
          best = std::move(params);
        }
      } else {
        best = std::move(params);
      }
    }
    std::cerr << line << absl::StrFormat(" [%.1f s]\n", Seconds(started));
  }
  BYLINE_RETURN_IF_ERROR(SaveModel(best, absl::GetFlag(FLAGS_output)));
  std::cerr << "wrote " << absl::GetFlag(FLAGS_output) << "\n";

  // Report on the saved (quantised) model.
  BYLINE_ASSIGN_OR_RETURN(std::shared_ptr<const NerModel> saved,
                          NerModel::Load(absl::GetFlag(FLAGS_output)));
  EntityRecognizer recognizer(NerResources{saved, gazetteer}, NerOptions());
  if (!dev.empty()) {
    std::cout << "held-out part of the training data (saved model):\n"
              << FormatScores(EvaluateConll(dev, analyzer.get(), &recognizer));
  }
  for (const std::string& path : absl::GetFlag(FLAGS_eval)) {
    BYLINE_ASSIGN_OR_RETURN(std::vector<ConllDocument> eval,
                            ReadConllFile(path));
    std::cout << path << ":\n"
              << FormatScores(EvaluateConll(eval, analyzer.get(), &recognizer));
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
