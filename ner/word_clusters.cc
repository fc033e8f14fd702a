// WordClusters (see word_clusters.h): an open-addressing table keyed by term
// hash.
#include "ner/word_clusters.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "ner/hashing.h"

namespace byline::ner {

WordClusters::WordClusters(absl::Span<const Entry> entries) {
  size_t capacity = 16;
  while (capacity < 2 * entries.size()) capacity *= 2;
  slots_.assign(capacity, Entry{});
  mask_ = capacity - 1;
  for (const Entry& entry : entries) {
    if (entry.path == 0) continue;
    for (uint64_t i = Mix64(entry.key) & mask_;; i = (i + 1) & mask_) {
      Entry& slot = slots_[i];
      if (slot.path == 0) {
        slot = entry;
        ++size_;
        break;
      }
      if (slot.key == entry.key) break;
    }
  }
}

std::vector<WordClusters::Entry> WordClusters::Entries() const {
  std::vector<Entry> entries;
  entries.reserve(size_);
  for (const Entry& slot : slots_) {
    if (slot.path != 0) entries.push_back(slot);
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.key < b.key; });
  return entries;
}

}  // namespace byline::ner
