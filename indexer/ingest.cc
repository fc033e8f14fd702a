// The JSON Lines ingestion loop.
#include "indexer/ingest.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace byline {

IngestCounts& IngestCounts::operator+=(const IngestCounts& other) {
  read += other.read;
  indexed += other.indexed;
  replaced += other.replaced;
  rejected += other.rejected;
  return *this;
}

absl::Status IngestJsonl(std::istream& in, absl::string_view input_name,
                         ArticleParser& parser, DocumentBuilder& builder,
                         IndexWriter& writer, const RejectCallback& on_reject,
                         IngestCounts* counts) {
  std::string line;
  uint64_t line_number = 0;
  auto reject = [&](absl::string_view reason) {
    ++counts->rejected;
    if (on_reject) {
      on_reject(RejectedRecord{std::string(input_name), line_number,
                               std::string(reason)});
    }
  };
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    ++counts->read;
    absl::StatusOr<Article> article = parser.ParseJsonLine(line);
    if (!article.ok()) {
      reject(article.status().message());
      continue;
    }
    auto docs = builder.Build(*article);
    if (!docs.ok()) {
      reject(docs.status().message());
      continue;
    }
    auto outcome = writer.Write(article->id, *std::move(docs));
    if (!outcome.ok()) return outcome.status();
    if (*outcome == IndexWriter::Outcome::kReplaced) {
      ++counts->replaced;
    } else {
      ++counts->indexed;
    }
  }
  if (in.bad()) {
    return absl::DataLossError(
        absl::StrCat("reading ", input_name, " failed after line ", line_number));
  }
  return absl::OkStatus();
}

}  // namespace byline
