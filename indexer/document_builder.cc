// Passage document construction: terms, positions, values and stored data.
#include "indexer/document_builder.h"

#include "absl/status/status.h"
#include "schema/record.h"
#include "schema/schema.h"
#include "util/status_macros.h"

namespace byline {
namespace {

// Counts the code points in text[from, to), given valid UTF-8.
uint32_t CountChars(absl::string_view text, size_t from, size_t to) {
  uint32_t n = 0;
  for (size_t i = from; i < to; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace

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

absl::StatusOr<std::vector<Xapian::Document>> DocumentBuilder::Build(
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

  // Terms shared by every passage: boolean filters, values, title words.
  const std::string id_term = schema::ArticleIdTerm(article.id);
  const std::string source_term =
      article.source.empty() ? "" : schema::SourceTerm(article.source);
  const std::string published_value =
      article.published ? schema::SerializeTime(*article.published) : "";
  std::vector<std::pair<std::string, std::string>> title_terms;  // term, stem
  title_terms.reserve(title_tokens_.size());
  for (const Token& t : title_tokens_) {
    const std::string stem = analyzer_->Stem(t.term, article.language);
    title_terms.emplace_back(schema::TitleTerm(t.term),
                             stem.empty() ? "" : schema::TitleStemTerm(stem));
  }

  schema::StoredPassage record;
  record.article = article.Meta();
  record.passage_count = static_cast<uint32_t>(spans.size());
  std::vector<Xapian::Document> docs;
  docs.reserve(spans.size());
  uint32_t char_offset = 0;  // code points before spans[i].start
  size_t char_counted_to = 0;
  for (size_t i = 0; i < spans.size(); ++i) {
    const PassageSpan& span = spans[i];
    Xapian::Document doc;
    for (uint32_t k = span.first_token; k < span.end_token; ++k) {
      const Token& t = body_tokens_[k];
      doc.add_posting(schema::BodyTerm(t.term), t.position + 1);
      const std::string stem = analyzer_->Stem(t.term, article.language);
      if (!stem.empty()) doc.add_term(schema::BodyStemTerm(stem));
    }
    for (size_t k = 0; k < title_terms.size(); ++k) {
      doc.add_posting(title_terms[k].first, title_tokens_[k].position + 1);
      if (!title_terms[k].second.empty()) doc.add_term(title_terms[k].second);
    }
    doc.add_boolean_term(id_term);
    if (!source_term.empty()) doc.add_boolean_term(source_term);
    doc.add_boolean_term(schema::LanguageTerm(article.language));
    if (i == 0) doc.add_boolean_term(std::string(schema::kTermArticleHead));
    doc.add_value(schema::kSlotArticleId, article.id);
    if (!published_value.empty()) {
      doc.add_value(schema::kSlotPublished, published_value);
    }
    if (!article.source.empty()) {
      doc.add_value(schema::kSlotSource, schema::SourceSlug(article.source));
    }

    char_offset += CountChars(article.body, char_counted_to, span.start);
    const uint32_t span_chars =
        CountChars(article.body, span.start, span.end);
    char_counted_to = span.end;
    record.passage_index = static_cast<uint32_t>(i);
    record.start_byte = span.start;
    record.end_byte = span.end;
    record.start_char = char_offset;
    record.end_char = char_offset + span_chars;
    char_offset += span_chars;
    record.text.assign(article.body, span.start, span.end - span.start);
    if (i == 0) {
      record.body = article.body;
    } else {
      record.body.reset();
    }
    doc.set_data(schema::EncodeStoredPassage(record));
    docs.push_back(std::move(doc));
  }
  return docs;
}

}  // namespace byline
