// RecordParser: JSON Lines through ArticleParser, SGML through
// sgml_parser.h, text files here; every article then goes through
// ValidateArticle.
#include "indexer/record_parser.h"

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "indexer/sgml_parser.h"

namespace byline {
namespace {

bool IsBlankLine(absl::string_view line) {
  for (char c : line) {
    if (!absl::ascii_isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// First non-blank line the title, the rest the body.
Article ParseText(const RawRecord& record) {
  Article article;
  article.id = record.file;
  std::string text;
  {
    std::string utf8 = sgml::ToUtf8(record.text);
    absl::string_view view = utf8;
    if (absl::StartsWith(view, "\xEF\xBB\xBF")) view.remove_prefix(3);
    sgml::AppendWithoutControls(view, &text);
  }
  absl::string_view rest = text;
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    const absl::string_view line = rest.substr(0, nl);
    rest = nl == absl::string_view::npos ? absl::string_view()
                                         : rest.substr(nl + 1);
    if (!IsBlankLine(line)) {
      article.title = std::string(absl::StripAsciiWhitespace(line));
      break;
    }
  }
  article.body = std::string(absl::StripAsciiWhitespace(rest));
  return article;
}

}  // namespace

RecordParser::RecordParser(ArticleLimits limits)
    : limits_(limits), json_(limits) {}

absl::StatusOr<Article> RecordParser::Parse(const RawRecord& record) {
  Article article;
  switch (record.format) {
    case InputFormat::kJsonl:
      return json_.ParseJsonLine(record.text);  // validated there
    case InputFormat::kSgml: {
      absl::StatusOr<Article> parsed = sgml::ParseSgmlRecord(record.text);
      if (!parsed.ok()) return parsed.status();
      article = *std::move(parsed);
      break;
    }
    case InputFormat::kText:
      article = ParseText(record);
      break;
    case InputFormat::kAuto:
      return absl::InvalidArgumentError("record without a format");
  }
  if (absl::Status status = ValidateArticle(article, limits_); !status.ok()) {
    return status;
  }
  return article;
}

}  // namespace byline
