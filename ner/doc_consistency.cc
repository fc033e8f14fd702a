// Document-level consistency (see doc_consistency.h).
#include "ner/doc_consistency.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/types/span.h"
#include "ner/bilou.h"
#include "ner/featurizer.h"
#include "ner/gazetteer.h"

namespace byline::ner {
namespace {

constexpr uint32_t kMaxPropagatedTokens = 6;

struct NameStats {
  std::array<double, kNumEntityTypes> votes = {};
  int mentions = 0;
  EntityType chosen = EntityType::kPerson;
};

// How strongly the tagger's scores support each type for the tokens of
// `span`: a softmax over the summed scores of the span's BILOU tags for each
// type.
std::array<double, kNumEntityTypes> TypeVotes(absl::Span<const float> scores,
                                              const TokenSpan& span) {
  std::array<double, kNumEntityTypes> sum = {};
  for (int t = 0; t < kNumEntityTypes; ++t) {
    const EntityType type = static_cast<EntityType>(t);
    for (uint32_t i = span.begin; i < span.end; ++i) {
      const TagPart part = span.end - span.begin == 1 ? TagPart::kUnit
                           : i == span.begin         ? TagPart::kBegin
                           : i + 1 == span.end       ? TagPart::kLast
                                                     : TagPart::kInside;
      sum[t] += scores[static_cast<size_t>(i) * kNumTags + MakeTag(type, part)];
    }
  }
  const double best = *std::max_element(sum.begin(), sum.end());
  double total = 0;
  for (double& v : sum) total += (v = std::exp(v - best));
  for (double& v : sum) v /= total;
  return sum;
}

bool Capitalised(const TokenInfo& info) {
  return info.case_class == kCaseTitle || info.case_class == kCaseUpper ||
         info.case_class == kCaseMixed;
}

uint64_t SpanKey(const Featurizer& f, uint32_t begin, uint32_t end) {
  uint64_t key = GazetteerStart(f.info(begin).term);
  for (uint32_t i = begin + 1; i < end; ++i) {
    key = GazetteerExtend(key, f.info(i).term);
  }
  return key;
}

}  // namespace

void ApplyDocumentConsistency(const Featurizer& featurizer,
                              absl::Span<const float> scores,
                              const ConsistencyOptions& options,
                              std::vector<TokenSpan>* spans) {
  if (spans->empty()) return;
  absl::flat_hash_map<uint64_t, NameStats> names;
  uint32_t longest = 0;
  for (const TokenSpan& span : *spans) {
    NameStats& stats = names[SpanKey(featurizer, span.begin, span.end)];
    const auto votes = TypeVotes(scores, span);
    for (int t = 0; t < kNumEntityTypes; ++t) stats.votes[t] += votes[t];
    ++stats.mentions;
    longest = std::max(longest, span.end - span.begin);
  }
  for (auto& [key, stats] : names) {
    stats.chosen = static_cast<EntityType>(
        std::max_element(stats.votes.begin(), stats.votes.end()) -
        stats.votes.begin());
  }
  if (options.unify_types) {
    for (TokenSpan& span : *spans) {
      // Only mentions the tagger is unsure about change type.
      const auto own = TypeVotes(scores, span);
      if (own[static_cast<int>(span.type)] >= options.keep_confidence) continue;
      span.type =
          names.find(SpanKey(featurizer, span.begin, span.end))->second.chosen;
    }
  }
  if (!options.propagate) return;
  longest = std::min(longest, kMaxPropagatedTokens);
  const uint32_t n = static_cast<uint32_t>(featurizer.size());
  std::vector<bool> covered(n, false);
  for (const TokenSpan& span : *spans) {
    for (uint32_t i = span.begin; i < span.end; ++i) covered[i] = true;
  }
  const size_t tagged = spans->size();
  for (uint32_t i = 0; i < n; ++i) {
    if (covered[i] || !Capitalised(featurizer.info(i))) continue;
    // Nor may it start inside a longer capitalised name.
    if (i > 0 && !covered[i - 1] && Capitalised(featurizer.info(i - 1)) &&
        (featurizer.info(i).gap_before & ~(kGapJoin | kGapNone)) == 0 &&
        (featurizer.info(i).flags & (kSentenceStart | kCapsLine)) == 0) {
      continue;
    }
    // Longest untagged run starting at i that is a known name.
    uint32_t limit = i;
    while (limit < n && limit - i < longest && !covered[limit]) ++limit;
    uint64_t key = GazetteerStart(featurizer.info(i).term);
    uint32_t best_end = 0;
    EntityType best_type = EntityType::kPerson;
    for (uint32_t j = i + 1; j <= limit; ++j) {
      if (j > i + 1) key = GazetteerExtend(key, featurizer.info(j - 1).term);
      const auto it = names.find(key);
      // Only names the tagger was sure of, on average, are propagated.
      if (it != names.end() &&
          it->second.votes[static_cast<int>(it->second.chosen)] >=
              options.propagate_confidence * it->second.mentions) {
        best_end = j;
        best_type = it->second.chosen;
      }
    }
    if (best_end == 0) continue;
    // The name must end at a word boundary of the run: the next token must
    // not continue a capitalised name.
    if (best_end < n && !covered[best_end] &&
        Capitalised(featurizer.info(best_end)) &&
        (featurizer.info(best_end).gap_before & ~(kGapJoin | kGapNone)) ==
            0 &&
        (featurizer.info(best_end).flags & kCapsLine) == 0) {
      continue;
    }
    spans->push_back({i, best_end, best_type});
    for (uint32_t k = i; k < best_end; ++k) covered[k] = true;
    i = best_end - 1;
  }
  if (spans->size() != tagged) {
    std::sort(spans->begin(), spans->end(),
              [](const TokenSpan& a, const TokenSpan& b) {
                return a.begin < b.begin;
              });
  }
}

}  // namespace byline::ner
