// byline_ner_clusters: builds word clusters for the NER tagger from
// unlabelled news text and writes them as hashed keys (cluster_file.h).
// Reads Reuters-21578 SGML (*.sgm: TITLE and BODY), JSON Lines (title and
// body/text fields), AG News CSV (title and description) and CoNLL files
// (the words only, never the tags). Run by hand; see ner/README.md.
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
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "analysis/text_analyzer.h"
#include "ner/cluster_builder.h"
#include "ner/cluster_file.h"
#include "ner/conll.h"
#include "simdjson.h"
#include "util/status_macros.h"

ABSL_FLAG(std::vector<std::string>, input, {},
          "Input files: *.sgm, *.jsonl, *.csv, or CoNLL (anything else)");
ABSL_FLAG(std::string, output, "", "Cluster file to write");
ABSL_FLAG(int, min_count, 2, "Minimum word count");
ABSL_FLAG(std::vector<std::string>, classes,
          std::vector<std::string>({"32", "128", "512"}),
          "Classes at each granularity, coarsest first");
ABSL_FLAG(int, iterations, 10, "Exchange passes per granularity");
ABSL_FLAG(std::string, dump, "",
          "Also write the clusters with their words to this file, for "
          "inspection (do not ship it)");

namespace byline::ner {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::ostringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

// Decodes SGML character references: &lt; &gt; &amp; &#N;.
std::string Unescape(absl::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    const size_t semi = s.find(';', i);
    if (semi == absl::string_view::npos || semi - i > 8) {
      out += s[i];
      continue;
    }
    const absl::string_view entity = s.substr(i + 1, semi - i - 1);
    int code = 0;
    if (entity == "lt") {
      out += '<';
    } else if (entity == "gt") {
      out += '>';
    } else if (entity == "amp") {
      out += '&';
    } else if (!entity.empty() && entity[0] == '#' &&
               absl::SimpleAtoi(entity.substr(1), &code)) {
      if (code >= 32 && code < 127)
        out += static_cast<char>(code);
      else
        out += ' ';
    } else {
      out += s[i];
      continue;
    }
    i = semi;
  }
  return out;
}

// Texts between <tag> and </tag> (attributes allowed on the open tag).
void Elements(absl::string_view sgml, absl::string_view tag,
              std::vector<std::string>* out) {
  const std::string open = absl::StrCat("<", tag);
  const std::string close = absl::StrCat("</", tag, ">");
  size_t pos = 0;
  while ((pos = sgml.find(open, pos)) != absl::string_view::npos) {
    const size_t start = sgml.find('>', pos);
    if (start == absl::string_view::npos) break;
    const size_t end = sgml.find(close, start);
    if (end == absl::string_view::npos) break;
    out->push_back(Unescape(sgml.substr(start + 1, end - start - 1)));
    pos = end + close.size();
  }
}

// Splits a CSV line with quoted fields ("" escapes a quote).
std::vector<std::string> CsvFields(absl::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c == '\\' ? ' ' : c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

absl::Status AddFile(const std::string& path, TextAnalyzer* analyzer,
                     ClusterBuilder* builder, size_t* documents) {
  BYLINE_ASSIGN_OR_RETURN(std::string contents, ReadFile(path));
  std::vector<Token> tokens;
  auto add = [&](absl::string_view text) {
    tokens.clear();
    analyzer->Tokenize(text, &tokens);
    builder->AddDocument(tokens);
    ++*documents;
  };
  if (absl::EndsWith(path, ".sgm")) {
    std::vector<std::string> texts;
    Elements(contents, "TITLE", &texts);
    Elements(contents, "BODY", &texts);
    for (const std::string& t : texts) add(t);
  } else if (absl::EndsWith(path, ".jsonl") || absl::EndsWith(path, ".json")) {
    simdjson::dom::parser parser;
    std::istringstream lines(contents);
    std::string line;
    while (std::getline(lines, line)) {
      simdjson::dom::element doc;
      if (parser.parse(line).get(doc)) continue;
      for (const char* field : {"title", "body", "text"}) {
        std::string_view value;
        if (!doc[field].get(value))
          add(absl::string_view(value.data(), value.size()));
      }
    }
  } else if (absl::EndsWith(path, ".csv")) {
    std::istringstream lines(contents);
    std::string line;
    while (std::getline(lines, line)) {
      const std::vector<std::string> fields = CsvFields(line);
      for (size_t f = 1; f < fields.size(); ++f) add(fields[f]);
    }
  } else {
    BYLINE_ASSIGN_OR_RETURN(std::vector<ConllDocument> docs,
                            ParseConll(contents, path));
    for (const ConllDocument& doc : docs) add(RenderDocument(doc).text);
  }
  return absl::OkStatus();
}

absl::Status Run() {
  const auto started = std::chrono::steady_clock::now();
  if (absl::GetFlag(FLAGS_input).empty() ||
      absl::GetFlag(FLAGS_output).empty()) {
    return absl::InvalidArgumentError("--input and --output are required");
  }
  BYLINE_ASSIGN_OR_RETURN(std::unique_ptr<TextAnalyzer> analyzer,
                          TextAnalyzer::Create());
  ClusterBuilderOptions options;
  options.min_count = absl::GetFlag(FLAGS_min_count);
  options.iterations = absl::GetFlag(FLAGS_iterations);
  options.classes.clear();
  for (const std::string& c : absl::GetFlag(FLAGS_classes)) {
    int classes = 0;
    if (!absl::SimpleAtoi(c, &classes) || classes < 2 || classes > 1000) {
      return absl::InvalidArgumentError(absl::StrCat("bad --classes ", c));
    }
    options.classes.push_back(classes);
  }
  ClusterBuilder builder(options);
  size_t documents = 0;
  for (const std::string& path : absl::GetFlag(FLAGS_input)) {
    BYLINE_RETURN_IF_ERROR(AddFile(path, analyzer.get(), &builder, &documents));
  }
  std::cerr << absl::StrFormat("read %d documents, %d words\n", documents,
                               builder.num_tokens());
  std::vector<std::string> words;
  const std::vector<WordClusters::Entry> entries = builder.Build(
      absl::GetFlag(FLAGS_dump).empty() ? nullptr : &words, &std::cerr);
  BYLINE_RETURN_IF_ERROR(
      WriteClusterFile(entries, absl::GetFlag(FLAGS_output)));
  if (!absl::GetFlag(FLAGS_dump).empty()) {
    // Grouped by the finest level.
    std::map<uint32_t, std::vector<std::string>> clusters;
    for (size_t i = 0; i < entries.size(); ++i) {
      clusters[ClusterLevel(entries[i].path, kClusterLevels - 1)].push_back(
          words[i]);
    }
    std::ofstream dump(absl::GetFlag(FLAGS_dump));
    for (const auto& [path, members] : clusters) {
      dump << path << "\t" << members.size() << "\t";
      for (size_t i = 0; i < members.size() && i < 40; ++i) {
        dump << members[i] << " ";
      }
      dump << "\n";
    }
  }
  std::cerr << absl::StrFormat(
      "wrote %d clustered words to %s in %.1f s\n", entries.size(),
      absl::GetFlag(FLAGS_output),
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count());
  return absl::OkStatus();
}

}  // namespace
}  // namespace byline::ner

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Builds hashed word clusters for byline_ner_train from unlabelled text.");
  absl::ParseCommandLine(argc, argv);
  const absl::Status status = byline::ner::Run();
  if (!status.ok()) {
    std::cerr << "byline_ner_clusters: " << status << "\n";
    return 1;
  }
  return 0;
}
