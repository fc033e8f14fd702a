// Word clustering (see cluster_builder.h).
#include "ner/cluster_builder.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "ner/hashing.h"
#include "ner/word_clusters.h"

namespace byline::ner {
namespace {

using Vector = std::vector<float>;

float Dot(const float* a, const float* b, int d) {
  float s = 0;
  for (int i = 0; i < d; ++i) s += a[i] * b[i];
  return s;
}

void Normalise(float* v, int d) {
  const float norm = std::sqrt(Dot(v, v, d));
  if (norm > 0) {
    for (int i = 0; i < d; ++i) v[i] /= norm;
  }
}

// Splits `members` (rows of `vectors`) into up to k groups by spherical
// k-means with k-means++ seeding. Returns the group of each member.
std::vector<int> KMeans(const std::vector<float>& vectors, int d,
                        absl::Span<const uint32_t> members, int k,
                        int iterations, std::mt19937_64* rng) {
  const size_t n = members.size();
  std::vector<int> group(n, 0);
  if (n <= static_cast<size_t>(k)) {
    for (size_t i = 0; i < n; ++i) group[i] = static_cast<int>(i);
    return group;
  }
  std::vector<float> centroids(static_cast<size_t>(k) * d);
  // k-means++ seeding (distance = 1 - cosine).
  std::vector<double> dist(n, 2.0);
  size_t first = std::uniform_int_distribution<size_t>(0, n - 1)(*rng);
  std::copy_n(&vectors[members[first] * d], d, centroids.begin());
  for (int c = 1; c < k; ++c) {
    double total = 0;
    for (size_t i = 0; i < n; ++i) {
      const double dc = 1.0 - Dot(&vectors[members[i] * d],
                                  &centroids[(c - 1) * d], d);
      dist[i] = std::min(dist[i], std::max(dc, 0.0));
      total += dist[i] * dist[i];
    }
    double pick = std::uniform_real_distribution<double>(0, total)(*rng);
    size_t chosen = n - 1;
    for (size_t i = 0; i < n; ++i) {
      pick -= dist[i] * dist[i];
      if (pick <= 0) {
        chosen = i;
        break;
      }
    }
    std::copy_n(&vectors[members[chosen] * d], d, &centroids[c * d]);
  }
  std::vector<float> sums(static_cast<size_t>(k) * d);
  for (int it = 0; it < iterations; ++it) {
    bool changed = false;
    for (size_t i = 0; i < n; ++i) {
      const float* v = &vectors[members[i] * d];
      int best = 0;
      float best_sim = -2;
      for (int c = 0; c < k; ++c) {
        const float sim = Dot(v, &centroids[c * d], d);
        if (sim > best_sim) {
          best_sim = sim;
          best = c;
        }
      }
      changed |= group[i] != best;
      group[i] = best;
    }
    if (!changed && it > 0) break;
    std::fill(sums.begin(), sums.end(), 0.0f);
    for (size_t i = 0; i < n; ++i) {
      const float* v = &vectors[members[i] * d];
      float* s = &sums[group[i] * d];
      for (int j = 0; j < d; ++j) s[j] += v[j];
    }
    for (int c = 0; c < k; ++c) {
      Normalise(&sums[c * d], d);
      // An empty cluster keeps its old centroid.
      if (Dot(&sums[c * d], &sums[c * d], d) > 0) {
        std::copy_n(&sums[c * d], d, &centroids[c * d]);
      }
    }
  }
  return group;
}

}  // namespace

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
    std::vector<std::string>* words_out) const {
  const int d = options_.dimensions;
  // Vocabulary by frequency.
  std::vector<uint32_t> by_count(terms_.size() - 1);
  std::iota(by_count.begin(), by_count.end(), 1);
  std::stable_sort(by_count.begin(), by_count.end(), [&](uint32_t a, uint32_t b) {
    return counts_[a] > counts_[b] ||
           (counts_[a] == counts_[b] && terms_[a] < terms_[b]);
  });
  std::vector<int32_t> word_index(terms_.size(), -1);
  std::vector<uint32_t> words;
  for (uint32_t id : by_count) {
    if (static_cast<int>(counts_[id]) < options_.min_count ||
        static_cast<int>(words.size()) >= options_.max_words) {
      break;
    }
    word_index[id] = static_cast<int32_t>(words.size());
    words.push_back(id);
  }
  // Context vocabulary: the most frequent words plus the boundary (0).
  const int contexts = options_.context_words + 1;
  std::vector<int32_t> context_index(terms_.size(), -1);
  context_index[0] = 0;
  for (int i = 0; i < options_.context_words && i < static_cast<int>(by_count.size()); ++i) {
    context_index[by_count[i]] = i + 1;
  }
  // Co-occurrence pairs: (word, position * contexts + context).
  constexpr int kOffsets[] = {-2, -1, 1, 2};
  const uint64_t dims = 4 * static_cast<uint64_t>(contexts);
  std::vector<uint64_t> pairs;
  pairs.reserve(corpus_.size() * 4);
  for (size_t i = 0; i < corpus_.size(); ++i) {
    const int32_t w = word_index[corpus_[i]];
    if (w < 0 || corpus_[i] == 0) continue;
    for (int o = 0; o < 4; ++o) {
      const int64_t j = static_cast<int64_t>(i) + kOffsets[o];
      if (j < 0 || j >= static_cast<int64_t>(corpus_.size())) continue;
      const int32_t c = context_index[corpus_[j]];
      if (c < 0) continue;
      // Beyond a boundary only the boundary itself counts.
      if (o == 0 && corpus_[i - 1] == 0) continue;
      if (o == 3 && corpus_[i + 1] == 0) continue;
      pairs.push_back(static_cast<uint64_t>(w) * dims + o * contexts + c);
    }
  }
  std::sort(pairs.begin(), pairs.end());
  // Marginals for PPMI.
  std::vector<double> word_total(words.size(), 0), dim_total(dims, 0);
  double total = 0;
  for (size_t i = 0; i < pairs.size();) {
    size_t j = i;
    while (j < pairs.size() && pairs[j] == pairs[i]) ++j;
    word_total[pairs[i] / dims] += j - i;
    dim_total[pairs[i] % dims] += j - i;
    total += j - i;
    i = j;
  }
  double smoothed_total = 0;
  for (double c : dim_total) smoothed_total += std::pow(c, 0.75);
  // Fixed Gaussian projection matrix.
  std::mt19937_64 rng(options_.seed);
  std::normal_distribution<float> gaussian(0.0f, 1.0f);
  std::vector<float> projection(dims * d);
  for (float& x : projection) x = gaussian(rng);
  std::vector<float> vectors(words.size() * d, 0.0f);
  for (size_t i = 0; i < pairs.size();) {
    size_t j = i;
    while (j < pairs.size() && pairs[j] == pairs[i]) ++j;
    const uint64_t w = pairs[i] / dims, dim = pairs[i] % dims;
    // PPMI with context smoothing (alpha = 0.75 as in word2vec):
    // log P(w, c) / (P(w) P_alpha(c)).
    const double pmi =
        std::log((j - i) * smoothed_total /
                 (word_total[w] * std::pow(dim_total[dim], 0.75)));
    if (pmi > 0) {
      float* v = &vectors[w * d];
      const float* r = &projection[dim * d];
      for (int k = 0; k < d; ++k) v[k] += static_cast<float>(pmi) * r[k];
    }
    i = j;
  }
  for (size_t w = 0; w < words.size(); ++w) Normalise(&vectors[w * d], d);

  // Hierarchical k-means, breadth first.
  std::vector<ClusterPath> path(words.size(), 1);
  struct Node {
    ClusterPath path;
    std::vector<uint32_t> members;
  };
  std::vector<Node> level(1);
  level[0].path = 1;
  level[0].members.resize(words.size());
  std::iota(level[0].members.begin(), level[0].members.end(), 0);
  const int bits = std::max(1, static_cast<int>(std::ceil(std::log2(options_.branching))));
  for (int depth = 0; depth < options_.depth; ++depth) {
    std::vector<Node> next;
    for (Node& node : level) {
      if (node.members.size() < 2) continue;
      const std::vector<int> group = KMeans(vectors, d, node.members,
                                            options_.branching,
                                            options_.iterations, &rng);
      std::vector<Node> children(options_.branching);
      for (int c = 0; c < options_.branching; ++c) {
        children[c].path = (node.path << bits) | static_cast<uint32_t>(c);
      }
      for (size_t i = 0; i < node.members.size(); ++i) {
        children[group[i]].members.push_back(node.members[i]);
        path[node.members[i]] = children[group[i]].path;
      }
      for (Node& child : children) {
        if (!child.members.empty()) next.push_back(std::move(child));
      }
    }
    level = std::move(next);
  }
  std::vector<uint32_t> order(words.size());
  std::iota(order.begin(), order.end(), 0);
  std::vector<uint64_t> keys(words.size());
  for (size_t w = 0; w < words.size(); ++w) keys[w] = HashBytes(terms_[words[w]]);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
  std::vector<WordClusters::Entry> entries;
  entries.reserve(words.size());
  if (words_out != nullptr) words_out->clear();
  for (uint32_t w : order) {
    entries.push_back({keys[w], path[w]});
    if (words_out != nullptr) words_out->push_back(terms_[words[w]]);
  }
  return entries;
}

}  // namespace byline::ner
