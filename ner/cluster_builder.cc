// Exchange-algorithm word clustering (see cluster_builder.h).
#include "ner/cluster_builder.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/types/span.h"
#include "ner/hashing.h"
#include "ner/word_clusters.h"

namespace byline::ner {
namespace {

// x log x, tabulated for small counts.
class XLogX {
 public:
  XLogX() : table_(kSize) {
    for (size_t i = 1; i < kSize; ++i) table_[i] = i * std::log(double(i));
  }
  double operator()(int64_t x) const {
    return x < static_cast<int64_t>(kSize)
               ? table_[x]
               : static_cast<double>(x) * std::log(static_cast<double>(x));
  }

 private:
  static constexpr size_t kSize = 1 << 20;
  std::vector<double> table_;
};

}  // namespace

size_t ExchangeClustering(const BigramGraph& graph, uint32_t num_movable,
                          int num_classes, int iterations,
                          std::vector<uint32_t>* classes_ptr,
                          std::ostream* log) {
  std::vector<uint32_t>& cls = *classes_ptr;
  const uint32_t num_words = static_cast<uint32_t>(cls.size());
  uint32_t total_classes = 0;
  for (uint32_t c : cls) total_classes = std::max(total_classes, c + 1);
  total_classes = std::max<uint32_t>(total_classes, num_classes);
  const uint32_t K = total_classes;
  // Class bigram counts and class totals as predecessor / successor.
  std::vector<int64_t> pair(static_cast<size_t>(K) * K, 0);
  std::vector<int64_t> as_left(K, 0), as_right(K, 0);
  std::vector<int64_t> word_right_total(num_words, 0),
      word_left_total(num_words, 0);
  for (uint32_t w = 0; w < num_words; ++w) {
    for (uint64_t e = graph.right_start[w]; e < graph.right_start[w + 1]; ++e) {
      pair[static_cast<size_t>(cls[w]) * K + cls[graph.right_word[e]]] +=
          graph.right_count[e];
      word_right_total[w] += graph.right_count[e];
    }
    for (uint64_t e = graph.left_start[w]; e < graph.left_start[w + 1]; ++e) {
      word_left_total[w] += graph.left_count[e];
    }
    as_left[cls[w]] += word_right_total[w];
    as_right[cls[w]] += word_left_total[w];
  }
  const XLogX f;
  std::vector<int64_t> r(K, 0), l(K, 0);
  std::vector<uint32_t> touched_r, touched_l;
  size_t moves = 0;
  for (int it = 0; it < iterations; ++it) {
    const auto started = std::chrono::steady_clock::now();
    moves = 0;
    for (uint32_t w = 0; w < num_movable; ++w) {
      // Neighbour classes of w, without the bigram (w, w).
      int64_t self = 0;
      touched_r.clear();
      touched_l.clear();
      for (uint64_t e = graph.right_start[w]; e < graph.right_start[w + 1];
           ++e) {
        const uint32_t v = graph.right_word[e];
        if (v == w) {
          self += graph.right_count[e];
          continue;
        }
        if (r[cls[v]] == 0) touched_r.push_back(cls[v]);
        r[cls[v]] += graph.right_count[e];
      }
      for (uint64_t e = graph.left_start[w]; e < graph.left_start[w + 1]; ++e) {
        const uint32_t v = graph.left_word[e];
        if (v == w) continue;
        if (l[cls[v]] == 0) touched_l.push_back(cls[v]);
        l[cls[v]] += graph.left_count[e];
      }
      const int64_t rw = word_right_total[w], lw = word_left_total[w];
      // Take w out of its class.
      const uint32_t a = cls[w];
      for (uint32_t c : touched_r) pair[static_cast<size_t>(a) * K + c] -= r[c];
      for (uint32_t c : touched_l) pair[static_cast<size_t>(c) * K + a] -= l[c];
      pair[static_cast<size_t>(a) * K + a] -= self;
      as_left[a] -= rw;
      as_right[a] -= lw;
      // Gain of putting it in class b.
      uint32_t best = a;
      double best_gain = -1e300;
      for (uint32_t b = 0; b < static_cast<uint32_t>(num_classes); ++b) {
        double gain = 0;
        const int64_t* row = &pair[static_cast<size_t>(b) * K];
        for (uint32_t c : touched_r) {
          if (c != b) gain += f(row[c] + r[c]) - f(row[c]);
        }
        for (uint32_t c : touched_l) {
          if (c != b) {
            const int64_t n = pair[static_cast<size_t>(c) * K + b];
            gain += f(n + l[c]) - f(n);
          }
        }
        gain += f(row[b] + r[b] + l[b] + self) - f(row[b]);
        gain -= f(as_left[b] + rw) - f(as_left[b]);
        gain -= f(as_right[b] + lw) - f(as_right[b]);
        if (gain > best_gain + 1e-9 || (b == a && gain >= best_gain - 1e-9)) {
          best_gain = gain;
          best = b;
        }
      }
      // Put it there.
      for (uint32_t c : touched_r)
        pair[static_cast<size_t>(best) * K + c] += r[c];
      for (uint32_t c : touched_l)
        pair[static_cast<size_t>(c) * K + best] += l[c];
      pair[static_cast<size_t>(best) * K + best] += self;
      as_left[best] += rw;
      as_right[best] += lw;
      if (best != a) {
        cls[w] = best;
        ++moves;
      }
      for (uint32_t c : touched_r) r[c] = 0;
      for (uint32_t c : touched_l) l[c] = 0;
    }
    if (log != nullptr) {
      double objective = 0;
      for (int64_t n : pair) objective += f(n);
      for (uint32_t c = 0; c < K; ++c)
        objective -= f(as_left[c]) + f(as_right[c]);
      *log << absl::StrFormat(
          "  %d classes, pass %d: %d moves, objective %.6g [%.1f s]\n",
          num_classes, it + 1, moves, objective,
          std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                        started)
              .count());
    }
    if (moves * 1000 < num_movable) break;
  }
  return moves;
}

ClusterBuilder::ClusterBuilder(const ClusterBuilderOptions& options)
    : options_(options) {
  terms_.emplace_back();  // Id 0: document boundary.
  counts_.push_back(0);
}

void ClusterBuilder::AddDocument(absl::Span<const Token> tokens) {
  corpus_.push_back(0);
  for (const Token& token : tokens) {
    auto [it, inserted] =
        ids_.try_emplace(token.term, static_cast<uint32_t>(terms_.size()));
    if (inserted) {
      terms_.push_back(token.term);
      counts_.push_back(0);
    }
    ++counts_[it->second];
    corpus_.push_back(it->second);
  }
  corpus_.push_back(0);
}

std::vector<WordClusters::Entry> ClusterBuilder::Build(
    std::vector<std::string>* words_out, std::ostream* log) const {
  // Vocabulary: frequent words by decreasing count, then one word for all
  // the rare ones and one for the document boundary.
  std::vector<uint32_t> by_count(terms_.size() - 1);
  std::iota(by_count.begin(), by_count.end(), 1);
  std::stable_sort(by_count.begin(), by_count.end(),
                   [&](uint32_t a, uint32_t b) {
                     return counts_[a] > counts_[b] ||
                            (counts_[a] == counts_[b] && terms_[a] < terms_[b]);
                   });
  std::vector<uint32_t> words;
  for (uint32_t id : by_count) {
    if (static_cast<int>(counts_[id]) < options_.min_count ||
        static_cast<int>(words.size()) >= options_.max_words) {
      break;
    }
    words.push_back(id);
  }
  const uint32_t V = static_cast<uint32_t>(words.size());
  const uint32_t kRare = V, kBoundary = V + 1, num_words = V + 2;
  std::vector<uint32_t> index(terms_.size(), kRare);
  index[0] = kBoundary;
  for (uint32_t i = 0; i < V; ++i) index[words[i]] = i;
  // Bigram graph.
  std::vector<uint64_t> bigrams;
  bigrams.reserve(corpus_.size());
  for (size_t i = 0; i + 1 < corpus_.size(); ++i) {
    const uint32_t a = index[corpus_[i]], b = index[corpus_[i + 1]];
    if (a == kBoundary && b == kBoundary) continue;
    bigrams.push_back(static_cast<uint64_t>(a) << 32 | b);
  }
  std::sort(bigrams.begin(), bigrams.end());
  BigramGraph graph;
  std::vector<std::pair<uint64_t, uint32_t>> unique;  // (a << 32 | b, count)
  for (size_t i = 0; i < bigrams.size();) {
    size_t j = i;
    while (j < bigrams.size() && bigrams[j] == bigrams[i]) ++j;
    unique.emplace_back(bigrams[i], static_cast<uint32_t>(j - i));
    i = j;
  }
  bigrams.clear();
  bigrams.shrink_to_fit();
  graph.right_start.assign(num_words + 1, 0);
  graph.left_start.assign(num_words + 1, 0);
  for (const auto& [key, count] : unique) {
    ++graph.right_start[(key >> 32) + 1];
    ++graph.left_start[(key & 0xffffffffu) + 1];
  }
  for (uint32_t w = 0; w < num_words; ++w) {
    graph.right_start[w + 1] += graph.right_start[w];
    graph.left_start[w + 1] += graph.left_start[w];
  }
  graph.right_word.resize(unique.size());
  graph.right_count.resize(unique.size());
  graph.left_word.resize(unique.size());
  graph.left_count.resize(unique.size());
  {
    std::vector<uint64_t> r_fill(graph.right_start.begin(),
                                 graph.right_start.end() - 1);
    std::vector<uint64_t> l_fill(graph.left_start.begin(),
                                 graph.left_start.end() - 1);
    for (const auto& [key, count] : unique) {
      const uint32_t a = static_cast<uint32_t>(key >> 32);
      const uint32_t b = static_cast<uint32_t>(key & 0xffffffffu);
      graph.right_word[r_fill[a]] = b;
      graph.right_count[r_fill[a]++] = count;
      graph.left_word[l_fill[b]] = a;
      graph.left_count[l_fill[b]++] = count;
    }
  }
  if (log != nullptr) {
    *log << absl::StrFormat("%d words clustered, %d distinct bigrams\n", V,
                            unique.size());
  }
  std::vector<ClusterPath> paths(V, 0);
  const int levels =
      std::min<int>(kClusterLevels, static_cast<int>(options_.classes.size()));
  for (int level = 0; level < levels; ++level) {
    const int C =
        std::min(options_.classes[level], (1 << kClusterLevelBits) - 1);
    // Start: words dealt round-robin by frequency; the rare-word and
    // boundary words get classes of their own.
    std::vector<uint32_t> cls(num_words);
    for (uint32_t i = 0; i < V; ++i) cls[i] = i % C;
    cls[kRare] = C;
    cls[kBoundary] = C + 1;
    ExchangeClustering(graph, V, C, options_.iterations, &cls, log);
    for (uint32_t i = 0; i < V; ++i) {
      paths[i] = WithClusterLevel(paths[i], level, cls[i]);
    }
  }
  std::vector<uint32_t> order(V);
  std::iota(order.begin(), order.end(), 0);
  std::vector<uint64_t> keys(V);
  for (uint32_t w = 0; w < V; ++w) keys[w] = HashBytes(terms_[words[w]]);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
  std::vector<WordClusters::Entry> entries;
  entries.reserve(V);
  if (words_out != nullptr) words_out->clear();
  for (uint32_t w : order) {
    entries.push_back({keys[w], paths[w]});
    if (words_out != nullptr) words_out->push_back(terms_[words[w]]);
  }
  return entries;
}

}  // namespace byline::ner
