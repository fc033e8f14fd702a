// byline_ner_tag: prints the entity mentions of the text on standard input
// (the whole input is one document), one per line: start, end, type,
// surface. For trying a model by hand.
//   echo "Angela Merkel visited Paris." | byline_ner_tag --model m.bin
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_format.h"
#include "analysis/text_analyzer.h"
#include "ner/recognizer.h"

ABSL_FLAG(std::string, model, "", "NER model file");
ABSL_FLAG(bool, no_consistency, false, "Disable document-level consistency");
ABSL_FLAG(bool, no_split, false,
          "Do not split \"X Bank and Y Sparbank\" into two names");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Prints the entity mentions of stdin.");
  absl::ParseCommandLine(argc, argv);
  byline::ner::NerOptions options;
  options.model_path = absl::GetFlag(FLAGS_model);
  if (absl::GetFlag(FLAGS_no_split)) options.split_coordinated_names = false;
  if (absl::GetFlag(FLAGS_no_consistency)) {
    options.consistency.unify_types = false;
    options.consistency.propagate = false;
  }
  auto recognizer = byline::ner::EntityRecognizer::Create(options);
  auto analyzer = byline::TextAnalyzer::Create();
  if (!recognizer.ok() || !analyzer.ok()) {
    std::cerr << "byline_ner_tag: "
              << (recognizer.ok() ? analyzer.status() : recognizer.status())
              << "\n";
    return 1;
  }
  const std::string text(std::istreambuf_iterator<char>(std::cin), {});
  std::vector<byline::Token> tokens;
  (*analyzer)->Tokenize(text, &tokens);
  for (const byline::ner::EntityMention& m :
       (*recognizer)->Recognize(text, tokens)) {
    std::cout << absl::StrFormat("%d\t%d\t%s\t%s\n", m.start, m.end,
                                 byline::ner::EntityTypeName(m.type),
                                 text.substr(m.start, m.end - m.start));
  }
  return 0;
}
