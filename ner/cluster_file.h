// The word-cluster file written by byline_ner_clusters and read by
// byline_ner_train: hashed word keys and cluster paths only, no words.
//   "BYLCLUS1", u32 count, count x (u64 key, u32 path), u64 FNV-1a checksum.
#ifndef BYLINE_NER_CLUSTER_FILE_H_
#define BYLINE_NER_CLUSTER_FILE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ner/word_clusters.h"

namespace byline::ner {

absl::Status WriteClusterFile(const std::vector<WordClusters::Entry>& entries,
                              const std::string& path);
absl::StatusOr<std::vector<WordClusters::Entry>> ReadClusterFile(
    const std::string& path);

}  // namespace byline::ner

#endif  // BYLINE_NER_CLUSTER_FILE_H_
