// Turns an Article into its Xapian document, following the layout in
// schema/schema.h: the whole article's terms, and its passages' bounds in the
// stored record.
#ifndef BYLINE_INDEXER_DOCUMENT_BUILDER_H_
#define BYLINE_INDEXER_DOCUMENT_BUILDER_H_

#include <xapian.h>

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "analysis/passage_splitter.h"
#include "analysis/text_analyzer.h"
#include "indexer/article.h"

namespace byline {

struct DocumentBuilderOptions {
  AnalyzerOptions analyzer;
  PassageOptions passages;
};

// Thread safety: not thread-safe (owns a TextAnalyzer and PassageSplitter);
// use one per thread.
class DocumentBuilder {
 public:
  // Fails if the analyzer or splitter cannot be created (bad options, ICU).
  static absl::StatusOr<std::unique_ptr<DocumentBuilder>> Create(
      const DocumentBuilderOptions& options = {});

  // Returns the article's document. Fails with InvalidArgument if the body
  // has no words (nothing to search).
  absl::StatusOr<Xapian::Document> Build(const Article& article);

 private:
  DocumentBuilder(std::unique_ptr<TextAnalyzer> analyzer,
                  std::unique_ptr<PassageSplitter> splitter);

  std::unique_ptr<TextAnalyzer> analyzer_;
  std::unique_ptr<PassageSplitter> splitter_;
  std::vector<Token> body_tokens_;   // reused between articles
  std::vector<Token> title_tokens_;  // reused between articles
};

}  // namespace byline

#endif  // BYLINE_INDEXER_DOCUMENT_BUILDER_H_
