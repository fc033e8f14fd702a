// Article document construction: terms, positions, values and the stored
// record with its passage bounds.
#include "indexer/document_builder.h"

#include "absl/status/status.h"
#include "analysis/utf8.h"
#include "schema/record.h"
#include "schema/schema.h"
#include "util/status_macros.h"

namespace byline {

absl::StatusOr<std::unique_ptr<DocumentBuilder>> DocumentBuilder::Create(
    const DocumentBuilderOptions& options) {
  BYLINE_ASSIGN_OR_RETURN(auto analyzer, TextAnalyzer::Create(options.analyzer));
  BYLINE_ASSIGN_OR_RETURN(auto splitter,
                          PassageSplitter::Create(options.passages));
  return std::unique_ptr<DocumentBuilder>(
      new DocumentBuilder(std::move(analyzer), std::move(splitter)));
}

DocumentBuilder::DocumentBuilder(std::unique_ptr<TextAnalyzer> analyzer,
                                 std::unique_ptr<PassageSplitter> splitter)
    : analyzer_(std::move(analyzer)), splitter_(std::move(splitter)) {}

absl::StatusOr<Xapian::Document> DocumentBuilder::Build(
    const Article& article) {
  body_tokens_.clear();
  title_tokens_.clear();
  analyzer_->Tokenize(article.body, &body_tokens_);
  analyzer_->Tokenize(article.title, &title_tokens_);
  const std::vector<PassageSpan> spans =
      splitter_->Split(article.body, body_tokens_);
  if (spans.empty()) {
    return absl::InvalidArgumentError("field 'body': has no words to index");
  }

  Xapian::Document doc;
  for (const Token& t : body_tokens_) {
    doc.add_posting(schema::BodyTerm(t.term), t.position + 1);
    const std::string stem = analyzer_->Stem(t.term, article.language);
    if (!stem.empty()) doc.add_term(schema::BodyStemTerm(stem));
  }
  for (const Token& t : title_tokens_) {
    doc.add_posting(schema::TitleTerm(t.term), t.position + 1);
    const std::string stem = analyzer_->Stem(t.term, article.language);
    if (!stem.empty()) doc.add_term(schema::TitleStemTerm(stem));
  }
  doc.add_boolean_term(schema::ArticleIdTerm(article.id));
  if (!article.source.empty()) {
    doc.add_boolean_term(schema::SourceTerm(article.source));
    doc.add_value(schema::kSlotSource, schema::SourceSlug(article.source));
  }
  doc.add_boolean_term(schema::LanguageTerm(article.language));
  doc.add_term(std::string(schema::kTermPassages),
               static_cast<Xapian::termcount>(spans.size()));
  doc.add_value(schema::kSlotArticleId, article.id);
  if (article.published) {
    doc.add_value(schema::kSlotPublished,
                  schema::SerializeTime(*article.published));
    doc.add_value(schema::kSlotPublishedDay,
                  schema::DayValue(*article.published));
  }

  schema::StoredArticle record;
  record.article = article.Meta();
  record.body = article.body;
  record.passages.reserve(spans.size());
  uint32_t chars = 0;  // code points before `counted`
  size_t counted = 0;
  for (const PassageSpan& span : spans) {
    chars += CountCodePoints(article.body, counted, span.start);
    const uint32_t span_chars = CountCodePoints(article.body, span.start, span.end);
    record.passages.push_back(
        {span.start, span.end, chars, chars + span_chars});
    chars += span_chars;
    counted = span.end;
  }
  doc.set_data(schema::EncodeStoredArticle(record));
  return doc;
}

}  // namespace byline
