// Article document construction: terms, positions, values and the stored
// record with its passage bounds and entity mentions.
#include "indexer/document_builder.h"

#include <algorithm>

#include "absl/status/status.h"
#include "analysis/utf8.h"
#include "ner/entity_linker.h"
#include "ner/schema_entity_type.h"
#include "schema/entity_value.h"
#include "schema/record.h"
#include "schema/schema.h"
#include "util/status_macros.h"

namespace byline {
absl::StatusOr<std::unique_ptr<DocumentBuilder>> DocumentBuilder::Create(
    const DocumentBuilderOptions& options) {
  BYLINE_ASSIGN_OR_RETURN(auto analyzer,
                          TextAnalyzer::Create(options.analyzer));
  BYLINE_ASSIGN_OR_RETURN(auto splitter,
                          PassageSplitter::Create(options.passages));
  std::unique_ptr<ner::EntityRecognizer> recognizer;
  if (options.entities.enabled) {
    const EntityOptions& e = options.entities;
    if (e.resources == nullptr || e.resources->model == nullptr ||
        e.resources->gazetteer == nullptr || e.keyer == nullptr) {
      return absl::InvalidArgumentError(
          "entities are enabled but no NER model or entity keyer was given");
    }
    recognizer = std::make_unique<ner::EntityRecognizer>(*e.resources,
                                                         ner::NerOptions());
  }
  return std::unique_ptr<DocumentBuilder>(
      new DocumentBuilder(std::move(analyzer), std::move(splitter),
                          std::move(recognizer), options.entities.keyer));
}

DocumentBuilder::DocumentBuilder(
    std::unique_ptr<TextAnalyzer> analyzer,
    std::unique_ptr<PassageSplitter> splitter,
    std::unique_ptr<ner::EntityRecognizer> recognizer,
    const ner::EntityKeyer* keyer)
    : analyzer_(std::move(analyzer)),
      splitter_(std::move(splitter)),
      recognizer_(std::move(recognizer)),
      keyer_(keyer) {}

absl::Status DocumentBuilder::AddEntities(absl::string_view body,
                                          Xapian::Document& doc,
                                          schema::StoredArticle& record,
                                          std::string* packed) {
  // The body's index tokens, as computed for its terms.
  recognizer_->Recognize(body, body_tokens_, &mentions_);
  if (mentions_.empty()) return absl::OkStatus();
  BYLINE_ASSIGN_OR_RETURN(ner::LinkedEntities linked,
                          ner::LinkEntities(*keyer_, body, mentions_));
  record.entities.reserve(linked.entities.size());
  for (const ner::CanonicalEntity& e : linked.entities) {
    const schema::EntityType type = ner::ToSchemaType(e.type);
    doc.add_boolean_term(schema::EntityTerm(type, e.id));
    // Look-up: the entity lists and prefix completion (schema.h).
    doc.add_boolean_term(schema::EntityNameTerm(type, e.id, e.display_name));
    for (const std::string& term :
         schema::EntityCompletionTerms(e.key, type, e.id, e.display_name)) {
      doc.add_boolean_term(term);
    }
    record.entities.push_back({type, e.id, e.display_name});
  }
  record.mentions.reserve(mentions_.size());
  for (size_t i = 0; i < mentions_.size(); ++i) {
    const int entity = linked.mention_entity[i];
    if (entity == ner::kNoEntity) continue;
    record.mentions.push_back(
        {mentions_[i].start, mentions_[i].end, static_cast<uint32_t>(entity)});
  }
  // The entity value: per type, most mentioned first; entities are in
  // order of first mention, so a stable sort puts the first mentioned
  // first among equals.
  by_mentions_.resize(linked.entities.size());
  for (size_t k = 0; k < by_mentions_.size(); ++k) {
    by_mentions_[k] = static_cast<int>(k);
  }
  std::stable_sort(by_mentions_.begin(), by_mentions_.end(), [&](int a, int b) {
    return linked.entities[a].mention_count > linked.entities[b].mention_count;
  });
  std::vector<schema::EntityValueEntry> entries;
  entries.reserve(by_mentions_.size());
  for (const int k : by_mentions_) {
    const ner::CanonicalEntity& e = linked.entities[k];
    entries.push_back({ner::ToSchemaType(e.type), e.id});
  }
  *packed = schema::PackEntityValue(entries);
  return absl::OkStatus();
}

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
    if (stem.empty()) continue;
    doc.add_term(schema::TitleStemTerm(stem));
    // The title counts in the body's stems too (schema.h, kTitleStemWdf):
    // one posting list per query word ranks title and body together.
    doc.add_term(schema::BodyStemTerm(stem), schema::kTitleStemWdf);
  }
  doc.add_boolean_term(schema::ArticleIdTerm(article.id));
  doc.add_boolean_term(
      schema::SampleTerm(schema::SampleBucketOf(article.id)));
  // The source slug and the day go in their own slots and in the facet
  // value.
  const std::string source_slug =
      article.source.empty() ? "" : schema::SourceSlug(article.source);
  const std::string day =
      article.published ? schema::DayValue(*article.published) : "";
  if (!article.source.empty()) {
    doc.add_boolean_term(schema::SourceTerm(article.source));
    doc.add_value(schema::kSlotSource, source_slug);
  }
  doc.add_boolean_term(schema::LanguageTerm(article.language));
  doc.add_term(std::string(schema::kTermPassages),
               static_cast<Xapian::termcount>(spans.size()));
  doc.add_value(schema::kSlotArticleId, article.id);
  if (article.published) {
    doc.add_value(schema::kSlotPublished,
                  schema::SerializeTime(*article.published));
    doc.add_value(schema::kSlotPublishedDay, day);
  }

  schema::StoredArticle record;
  record.article = article.Meta();
  record.body = article.body;
  record.passages.reserve(spans.size());
  uint32_t chars = 0;  // code points before `counted`
  size_t counted = 0;
  for (const PassageSpan& span : spans) {
    chars += CountCodePoints(article.body, counted, span.start);
    const uint32_t span_chars =
        CountCodePoints(article.body, span.start, span.end);
    record.passages.push_back(
        {span.start, span.end, chars, chars + span_chars});
    chars += span_chars;
    counted = span.end;
  }
  // Entities come from the body only (offsets are into the body; the title
  // is not searched for entities).
  std::string entities;
  if (recognizer_ != nullptr) {
    BYLINE_RETURN_IF_ERROR(AddEntities(article.body, doc, record, &entities));
  }
  // Everything a local facet count reads, in one value.
  const std::string facets = schema::PackFacetValue(day, source_slug, entities);
  if (!facets.empty()) doc.add_value(schema::kSlotEntities, facets);
  doc.set_data(schema::EncodeStoredArticle(record));
  return doc;
}

}  // namespace byline
