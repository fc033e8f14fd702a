// Word clusters: maps a word (by the stable hash of its normalised term) to
// its path in a binary cluster hierarchy learnt from unlabelled news (see
// cluster_builder.h). The tagger uses path prefixes as features, so words
// never seen in annotated data still share weights with similar words. Only
// hashes are stored, never the words.
#ifndef BYLINE_NER_WORD_CLUSTERS_H_
#define BYLINE_NER_WORD_CLUSTERS_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "ner/hashing.h"

namespace byline::ner {

// A cluster path: the root is 1, and each level appends one bit below it
// (like a heap index), so the depth is the position of the highest set bit.
// 0 means "no cluster".
using ClusterPath = uint32_t;

// The first `bits` levels of `path` (the whole path if it is shorter).
inline ClusterPath PathPrefix(ClusterPath path, int bits) {
  if (path == 0) return 0;
  const int depth = 31 - __builtin_clz(path);
  return depth <= bits ? path : path >> (depth - bits);
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
