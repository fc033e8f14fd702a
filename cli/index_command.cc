// `byline index`: reads JSON Lines articles into an index, reporting every
// rejected record and a summary.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "cli/common_flags.h"
#include "cli/commands.h"
#include "cli/json_writer.h"
#include "indexer/article_parser.h"
#include "indexer/document_builder.h"
#include "indexer/index_writer.h"
#include "indexer/ingest.h"

ABSL_FLAG(uint64_t, max_body_bytes, byline::ArticleLimits().max_body_bytes,
          "Reject articles whose body is longer than this many bytes.");
ABSL_FLAG(int32_t, passage_sentences, byline::PassageOptions().max_sentences,
          "Most sentences in one passage.");
ABSL_FLAG(int32_t, passage_words, byline::PassageOptions().max_words,
          "Most words in one passage; longer sentences are cut.");
ABSL_FLAG(uint32_t, commit_every, byline::IndexWriterOptions().commit_every,
          "Commit the index after this many articles.");
ABSL_FLAG(bool, quiet, false, "Do not list rejected records on stderr.");

namespace byline::cli {
namespace {

void PrintSummaryJson(const IngestCounts& c, double seconds,
                      const std::vector<RejectedRecord>& rejects) {
  JsonWriter json;
  json.BeginObject()
      .Key("index").String(absl::GetFlag(FLAGS_index))
      .Key("read").Uint(c.read)
      .Key("indexed").Uint(c.indexed)
      .Key("replaced").Uint(c.replaced)
      .Key("rejected").Uint(c.rejected)
      .Key("seconds").Double(seconds)
      .Key("rejects").BeginArray();
  for (const RejectedRecord& r : rejects) {
    json.BeginObject()
        .Key("input").String(r.input)
        .Key("line").Uint(r.line)
        .Key("reason").String(r.reason)
        .EndObject();
  }
  json.EndArray().EndObject();
  std::printf("%s\n", json.str().c_str());
}

int RunIndex(const std::vector<std::string>& inputs) {
  if (inputs.empty()) {
    std::fprintf(stderr,
                 "byline index: name at least one JSON Lines file, or - for "
                 "standard input\n");
    return kExitUsage;
  }
  // Open every input first so that a typo fails before anything is written.
  std::vector<std::unique_ptr<std::ifstream>> files;
  for (const std::string& path : inputs) {
    if (path == "-") {
      files.push_back(nullptr);
      continue;
    }
    auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*file) {
      std::fprintf(stderr, "byline index: cannot open %s\n", path.c_str());
      return kExitFailure;
    }
    files.push_back(std::move(file));
  }

  ArticleLimits limits;
  limits.max_body_bytes = absl::GetFlag(FLAGS_max_body_bytes);
  DocumentBuilderOptions builder_options;
  builder_options.passages.max_sentences =
      absl::GetFlag(FLAGS_passage_sentences);
  builder_options.passages.max_words = absl::GetFlag(FLAGS_passage_words);
  auto builder = DocumentBuilder::Create(builder_options);
  if (!builder.ok()) {
    std::fprintf(stderr, "byline index: %s\n",
                 std::string(builder.status().message()).c_str());
    return kExitUsage;
  }
  IndexWriterOptions writer_options;
  writer_options.commit_every = absl::GetFlag(FLAGS_commit_every);
  auto writer = IndexWriter::Open(absl::GetFlag(FLAGS_index), writer_options);
  if (!writer.ok()) {
    std::fprintf(stderr, "byline index: %s\n",
                 std::string(writer.status().message()).c_str());
    return kExitFailure;
  }

  const bool json = absl::GetFlag(FLAGS_json);
  const bool quiet = absl::GetFlag(FLAGS_quiet);
  std::vector<RejectedRecord> rejects;
  auto on_reject = [&](const RejectedRecord& r) {
    if (!quiet && !json) {
      std::fprintf(stderr, "byline index: %s:%llu: rejected: %s\n",
                   r.input.c_str(), static_cast<unsigned long long>(r.line),
                   r.reason.c_str());
    }
    if (json) rejects.push_back(r);
  };
  ArticleParser parser(limits);
  IngestCounts counts;
  const absl::Time start = absl::Now();
  absl::Status status;
  for (size_t i = 0; i < inputs.size() && status.ok(); ++i) {
    std::istream& in = files[i] ? *files[i] : std::cin;
    status = IngestJsonl(in, inputs[i], parser, **builder, **writer, on_reject,
                         &counts);
  }
  if (absl::Status commit = (*writer)->Commit(); status.ok()) status = commit;
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  if (json) {
    PrintSummaryJson(counts, seconds, rejects);
  } else {
    std::fprintf(stderr,
                 "byline index: read %llu, indexed %llu, replaced %llu, "
                 "rejected %llu in %.2f s -> %s\n",
                 static_cast<unsigned long long>(counts.read),
                 static_cast<unsigned long long>(counts.indexed),
                 static_cast<unsigned long long>(counts.replaced),
                 static_cast<unsigned long long>(counts.rejected), seconds,
                 absl::GetFlag(FLAGS_index).c_str());
  }
  if (!status.ok()) {
    std::fprintf(stderr, "byline index: %s\n",
                 std::string(status.message()).c_str());
    return kExitFailure;
  }
  return counts.rejected > 0 ? kExitPartial : kExitOk;
}

}  // namespace

const Command& IndexCommand() {
  static const Command kCommand{
      "index",
      "Add or replace articles from JSON Lines files.",
      "byline index [flags] FILE... (- reads standard input)",
      "Reads one JSON object per line with fields id, title, body (or text,\n"
      "content), source, url, published (or date; RFC 3339 or YYYY-MM-DD)\n"
      "and language (default en). An article whose id is already indexed is\n"
      "replaced. Bad records are reported with their line number and\n"
      "skipped; everything else is indexed.\n",
      {"index", "json", "max_body_bytes", "passage_sentences", "passage_words",
       "commit_every", "quiet"},
      &RunIndex};
  return kCommand;
}

}  // namespace byline::cli
