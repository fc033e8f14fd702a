// Turns an Article into its Xapian document, following the layout in
// schema/schema.h: the whole article's terms, its passages' bounds in the
// stored record and, when enabled, its named entities (boolean terms, value
// slots and mentions in the record).
#ifndef BYLINE_INDEXER_DOCUMENT_BUILDER_H_
#define BYLINE_INDEXER_DOCUMENT_BUILDER_H_

#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "analysis/passage_splitter.h"
#include "analysis/text_analyzer.h"
#include "indexer/article.h"
#include "ner/entity.h"
#include "ner/entity_key.h"
#include "ner/recognizer.h"
#include "schema/record.h"

namespace byline {

// Named entities at index time (ner/). When enabled, each article's BODY
// goes through the recogniser on the body's own index tokens (no second
// tokenisation) and the linker (ner/entity_linker.h); the title is not
// searched for entities, so that every mention offset is into the body.
struct EntityOptions {
  bool enabled = false;
  // Required when enabled. Shared and immutable: one NerResources (from
  // ner::LoadNerResources) and one EntityKeyer (ner::EntityKeyer::Create)
  // per process, used by every builder; not owned, and must outlive every
  // DocumentBuilder created with these options. Each builder creates its own
  // ner::EntityRecognizer from `resources`.
  const ner::NerResources* resources = nullptr;
  const ner::EntityKeyer* keyer = nullptr;
  // Identifies the model for the manifest's analyzer settings (e.g. the
  // model file's checksum); not used by the builder.
  std::string model_id;
};

struct DocumentBuilderOptions {
  AnalyzerOptions analyzer;
  PassageOptions passages;
  EntityOptions entities;
};

// Thread safety: not thread-safe (owns a TextAnalyzer, a PassageSplitter
// and, with entities, an EntityRecognizer); use one per thread.
class DocumentBuilder {
 public:
  // Fails if the analyzer or splitter cannot be created (bad options, ICU),
  // or with InvalidArgument if entities are enabled without resources or
  // keyer.
  static absl::StatusOr<std::unique_ptr<DocumentBuilder>> Create(
      const DocumentBuilderOptions& options = {});

  // Returns the article's document. Fails with InvalidArgument if the body
  // has no words (nothing to search).
  //
  // With entities, for every canonical entity of the body: the boolean
  // terms schema::EntityTerm(type, id), schema::EntityNameTerm and
  // schema::EntityCompletionTerms (of its key); all of their ids, per type
  // most mentioned first (PackEntityValue: at most
  // schema::kMaxPackedEntitiesPerType per type), in the article's facet
  // value; and in the stored record every entity (in order of first
  // mention) and every mention (body byte offsets, in body order, index of
  // its entity). With or without entities, the facet value
  // (schema::PackFacetValue: day, source and entities) goes in
  // schema::kSlotEntities unless all three are empty.
  absl::StatusOr<Xapian::Document> Build(const Article& article);

 private:
  DocumentBuilder(std::unique_ptr<TextAnalyzer> analyzer,
                  std::unique_ptr<PassageSplitter> splitter,
                  std::unique_ptr<ner::EntityRecognizer> recognizer,
                  const ner::EntityKeyer* keyer);

  // Recognises and links the body's entities (body_tokens_ must hold its
  // tokens) and adds them to `doc` and `record`; their packed ids
  // (PackEntityValue) to `*packed`.
  absl::Status AddEntities(absl::string_view body, Xapian::Document& doc,
                           schema::StoredArticle& record, std::string* packed);

  std::unique_ptr<TextAnalyzer> analyzer_;
  std::unique_ptr<PassageSplitter> splitter_;
  std::unique_ptr<ner::EntityRecognizer> recognizer_;  // null: no entities
  const ner::EntityKeyer* keyer_ = nullptr;            // not owned
  std::vector<Token> body_tokens_;            // reused between articles
  std::vector<Token> title_tokens_;           // reused between articles
  std::vector<ner::EntityMention> mentions_;  // reused between articles
  std::vector<int> by_mentions_;              // reused between articles
};

}  // namespace byline

#endif  // BYLINE_INDEXER_DOCUMENT_BUILDER_H_
