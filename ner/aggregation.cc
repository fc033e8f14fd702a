// Prediction aggregation features (see aggregation.h).
#include "ner/aggregation.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "ner/bilou.h"
#include "ner/featurizer.h"
#include "ner/hashing.h"

namespace byline::ner {
namespace {

// Template seeds, distinct from the featurizer's (which are small integers
// mixed the same way).
enum AggregateTemplate : uint64_t {
  kAType = 0xa99e000000000001ULL,
  kATypeCase,
  kAMajority,
  kAOutside,
  kAUnseen,
};

bool Capitalised(uint8_t c) {
  return c == kCaseTitle || c == kCaseUpper || c == kCaseMixed;
}

}  // namespace

void PredictionAggregator::Prepare(const Featurizer& featurizer,
                                   absl::Span<const Tag> tags) {
  featurizer_ = &featurizer;
  tags_.assign(tags.begin(), tags.end());
  const size_t n = featurizer.size();
  size_t capacity = 64;
  while (capacity < 2 * n) capacity *= 2;
  keys_.assign(capacity, 0);
  counts_.assign(capacity, Counts{});
  slot_of_token_.resize(n);
  const uint64_t mask = capacity - 1;
  for (size_t i = 0; i < n; ++i) {
    const TokenInfo& info = featurizer.info(i);
    const uint64_t key = info.term == 0 ? 1 : info.term;
    uint64_t s = Mix64(key) & mask;
    while (keys_[s] != 0 && keys_[s] != key) s = (s + 1) & mask;
    keys_[s] = key;
    slot_of_token_[i] = static_cast<uint32_t>(s);
    Counts& c = counts_[s];
    c.total = static_cast<uint16_t>(std::min(c.total + 1, 60000));
    if (tags[i] != kOutside) {
      uint16_t& t = c.type[static_cast<int>(TagType(tags[i]))];
      t = static_cast<uint16_t>(std::min(t + 1, 60000));
    } else if (Capitalised(info.case_class) &&
               (info.flags & (kSentenceStart | kCapsLine)) == 0) {
      c.capitalised_outside =
          static_cast<uint16_t>(std::min(c.capitalised_outside + 1, 60000));
    }
  }
}

int PredictionAggregator::Extract(size_t i, uint64_t* out) const {
  const TokenInfo& info = featurizer_->info(i);
  Counts others = counts_[slot_of_token_[i]];
  // Leave the token's own first-pass tag out.
  --others.total;
  if (tags_[i] != kOutside) {
    --others.type[static_cast<int>(TagType(tags_[i]))];
  } else if (Capitalised(info.case_class) &&
             (info.flags & (kSentenceStart | kCapsLine)) == 0) {
    --others.capitalised_outside;
  }
  const uint64_t case_class = info.case_class;
  int k = 0;
  if (others.total == 0) {
    out[k++] = Combine(Mix64(kAUnseen), case_class);
    return k;
  }
  int majority = -1;
  int tagged = 0;
  for (int t = 0; t < kNumEntityTypes; ++t) {
    if (others.type[t] == 0) continue;
    tagged += others.type[t];
    out[k++] = Combine(Mix64(kAType), t * 4 + std::min<int>(others.type[t], 3));
    if (majority < 0 || others.type[t] > others.type[majority]) majority = t;
  }
  if (majority >= 0) {
    out[k++] = Combine(Mix64(kAMajority), majority);
    out[k++] = Combine(Combine(Mix64(kATypeCase), majority), case_class);
  }
  if (others.capitalised_outside > 0) {
    out[k++] = Combine(Mix64(kAOutside), std::min<int>(others.capitalised_outside, 3) +
                                             4 * (tagged > 0));
  }
  return k;
}

}  // namespace byline::ner
