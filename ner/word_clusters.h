// Word clusters: maps a word (by the stable hash of its normalised term) to
// its classes in clusterings of unlabelled news at a few granularities (see
// cluster_builder.h). The tagger uses the class ids as features, so words
// never seen in annotated data still share weights with similar words. Only
// hashes are stored, never the words.
#ifndef BYLINE_NER_WORD_CLUSTERS_H_
#define BYLINE_NER_WORD_CLUSTERS_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "ner/hashing.h"

namespace byline::ner {

// A word's classes, packed: level l (0 = coarsest) in bits
// [kClusterLevelBits * l, kClusterLevelBits * (l + 1)), each stored as
// class id + 1 so that 0 means "not clustered at this level". A value of 0
// means the word has no clusters at all.
using ClusterPath = uint32_t;
inline constexpr int kClusterLevels = 3;
inline constexpr int kClusterLevelBits = 10;  // Up to 1023 classes a level.

// The class id + 1 of level `level`, 0 if none.
inline uint32_t ClusterLevel(ClusterPath path, int level) {
  return (path >> (kClusterLevelBits * level)) &
         ((1u << kClusterLevelBits) - 1);
}
inline ClusterPath WithClusterLevel(ClusterPath path, int level,
                                    uint32_t class_id) {
  return path | ((class_id + 1) << (kClusterLevelBits * level));
}

class WordClusters {
 public:
  struct Entry {
    uint64_t key = 0;  // HashBytes(normalised term).
    ClusterPath path = 0;
  };

  WordClusters() = default;
  // Entries with path 0 are ignored; a repeated key keeps its first path.
  explicit WordClusters(absl::Span<const Entry> entries);

  // The path of the word with term hash `key`, 0 if it has none.
  ClusterPath Lookup(uint64_t key) const {
    if (slots_.empty()) return 0;
    for (uint64_t i = Mix64(key) & mask_;; i = (i + 1) & mask_) {
      const Entry& slot = slots_[i];
      if (slot.path == 0) return 0;
      if (slot.key == key) return slot.path;
    }
  }

  // The entries, sorted by key (for saving).
  std::vector<Entry> Entries() const;
  size_t size() const { return size_; }

 private:
  // Open addressing with linear probing; load factor at most 1/2.
  std::vector<Entry> slots_;
  uint64_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace byline::ner

#endif  // BYLINE_NER_WORD_CLUSTERS_H_
