// Test helper: builds a real on-disk index from Article values.
#ifndef BYLINE_SEARCHER_TEST_INDEX_H_
#define BYLINE_SEARCHER_TEST_INDEX_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "indexer/article.h"
#include "indexer/document_builder.h"
#include "indexer/index_writer.h"
#include "util/status_macros.h"

namespace byline {

// Indexes `articles` into a new or existing index at `path` and commits.
inline absl::Status BuildTestIndex(const std::string& path,
                                   const std::vector<Article>& articles) {
  BYLINE_ASSIGN_OR_RETURN(auto builder, DocumentBuilder::Create());
  BYLINE_ASSIGN_OR_RETURN(auto writer, IndexWriter::Open(path));
  for (const Article& a : articles) {
    BYLINE_ASSIGN_OR_RETURN(auto docs, builder->Build(a));
    BYLINE_ASSIGN_OR_RETURN(auto outcome, writer->Write(a.id, std::move(docs)));
    (void)outcome;
  }
  return writer->Commit();
}

}  // namespace byline

#endif  // BYLINE_SEARCHER_TEST_INDEX_H_
