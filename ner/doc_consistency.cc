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

using TypeArray = std::array<double, kNumEntityTypes>;

struct NameStats {
  TypeArray votes = {};
  double weight = 0;  // Sum of the votes' weights.
  EntityType chosen = EntityType::kPerson;
  double share = 0;  // Chosen type's share of the votes.
};

// The tagger's confidence in each type for the tokens of `span`: a softmax
// over the summed scores of the span's BILOU tags for each type.
TypeArray TypeVotes(absl::Span<const float> scores, const TokenSpan& span,
                    double temperature) {
  TypeArray sum = {};
  for (int t = 0; t < kNumEntityTypes; ++t) {
    const EntityType type = static_cast<EntityType>(t);
    for (uint32_t i = span.begin; i < span.end; ++i) {
      const TagPart part = span.end - span.begin == 1 ? TagPart::kUnit
                           : i == span.begin          ? TagPart::kBegin
                           : i + 1 == span.end        ? TagPart::kLast
                                                      : TagPart::kInside;
      sum[t] += scores[static_cast<size_t>(i) * kNumTags + MakeTag(type, part)];
    }
  }
  const double best = *std::max_element(sum.begin(), sum.end());
  double total = 0;
  for (double& v : sum) total += (v = std::exp((v - best) / temperature));
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

// Whether token `i` can stand for a whole name on its own: capitalised,
// never written in lower case in the article, and not a cue word.
bool CanBeShortForm(const TokenInfo& info) {
  constexpr GazetteerBits kCueWords =
      (GazetteerBits{0xf} << (4 * kGazPersonTitle)) |
      (GazetteerBits{0xf} << (4 * kGazOrgWord)) |
      (GazetteerBits{0xf} << (4 * kGazClubWord)) |
      (GazetteerBits{0xf} << (4 * kGazLocWord)) |
      (GazetteerBits{0xf} << (4 * kGazEventWord)) |
      (GazetteerBits{0xf} << (4 * kGazTime)) |
      (GazetteerBits{0xf} << (4 * kGazAbbreviation));
  return Capitalised(info) && (info.doc_flags & kDocSeenLower) == 0 &&
         (info.gazetteer & kCueWords) == 0 && info.length > 1;
}

// Whether tokens i - 1 and i look like parts of one capitalised name (so
// that a name found ending at i - 1 or starting at i would only be part of a
// longer one). A capitalised first word of a sentence does not count.
bool JoinedToPrevious(const Featurizer& f, uint32_t i) {
  if (i == 0) return false;
  const TokenInfo& info = f.info(i);
  const TokenInfo& prev = f.info(i - 1);
  return Capitalised(info) && Capitalised(prev) &&
         (prev.flags & kSentenceStart) == 0 &&
         (info.flags & (kSentenceStart | kCapsLine)) == 0 &&
         (info.gap_before & ~(kGapJoin | kGapNone)) == 0;
}

}  // namespace

void ApplyDocumentConsistency(const Featurizer& featurizer,
                              absl::Span<const float> scores,
                              const ConsistencyOptions& options,
                              std::vector<TokenSpan>* spans) {
  if (spans->empty() || (!options.unify_types && !options.propagate)) return;
  absl::flat_hash_map<uint64_t, NameStats> names;
  std::vector<TypeArray> own(spans->size());
  uint32_t longest = 0;
  auto vote = [&](uint64_t key, const TypeArray& votes, double weight) {
    NameStats& stats = names[key];
    for (int t = 0; t < kNumEntityTypes; ++t)
      stats.votes[t] += weight * votes[t];
    stats.weight += weight;
  };
  for (size_t s = 0; s < spans->size(); ++s) {
    const TokenSpan& span = (*spans)[s];
    own[s] = TypeVotes(scores, span, options.temperature);
    vote(SpanKey(featurizer, span.begin, span.end), own[s], 1.0);
    longest = std::max(longest, span.end - span.begin);
    if (span.end - span.begin > 1) {
      const uint32_t word =
          span.type == EntityType::kPerson ? span.end - 1 : span.begin;
      if (CanBeShortForm(featurizer.info(word))) {
        vote(SpanKey(featurizer, word, word + 1), own[s],
             options.short_form_weight);
      }
    }
  }
  for (auto& [key, stats] : names) {
    const auto best = std::max_element(stats.votes.begin(), stats.votes.end());
    stats.chosen = static_cast<EntityType>(best - stats.votes.begin());
    stats.share = *best / stats.weight;
  }
  if (options.unify_types) {
    for (size_t s = 0; s < spans->size(); ++s) {
      TokenSpan& span = (*spans)[s];
      if (own[s][static_cast<int>(span.type)] >= options.keep_confidence) {
        continue;
      }
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
    if (!covered[i - (i > 0)] && JoinedToPrevious(featurizer, i)) continue;
    // The longest untagged run starting at i that is a confident name.
    uint32_t limit = i;
    while (limit < n && limit - i < longest && !covered[limit]) ++limit;
    uint64_t key = GazetteerStart(featurizer.info(i).term);
    uint32_t best_end = 0;
    EntityType best_type = EntityType::kPerson;
    for (uint32_t j = i + 1; j <= limit; ++j) {
      if (j > i + 1) key = GazetteerExtend(key, featurizer.info(j - 1).term);
      const auto it = names.find(key);
      if (it != names.end() &&
          it->second.share >= options.propagate_confidence) {
        best_end = j;
        best_type = it->second.chosen;
      }
    }
    if (best_end == 0) continue;
    // The name must not go on into the next word.
    if (best_end < n && !covered[best_end] &&
        JoinedToPrevious(featurizer, best_end)) {
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
