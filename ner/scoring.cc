// Entity scoring (see scoring.h).
#include "ner/scoring.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/types/span.h"

namespace byline::ner {
namespace {
auto Key(const TokenSpan& s) {
  return std::make_tuple(s.begin, s.end, static_cast<int>(s.type));
}
}  // namespace

void ScoreEntities(absl::Span<const TokenSpan> gold,
                   absl::Span<const TokenSpan> predicted,
                   EntityScores* scores) {
  std::vector<TokenSpan> remaining(gold.begin(), gold.end());
  std::sort(
      remaining.begin(), remaining.end(),
      [](const TokenSpan& a, const TokenSpan& b) { return Key(a) < Key(b); });
  std::vector<bool> used(remaining.size(), false);
  for (const TokenSpan& g : gold) {
    ++scores->by_type[static_cast<int>(g.type)].gold;
    ++scores->overall.gold;
  }
  for (const TokenSpan& p : predicted) {
    EntityCounts& type = scores->by_type[static_cast<int>(p.type)];
    ++type.predicted;
    ++scores->overall.predicted;
    auto it = std::lower_bound(
        remaining.begin(), remaining.end(), p,
        [](const TokenSpan& a, const TokenSpan& b) { return Key(a) < Key(b); });
    while (it != remaining.end() && Key(*it) == Key(p) &&
           used[it - remaining.begin()]) {
      ++it;
    }
    if (it != remaining.end() && Key(*it) == Key(p)) {
      used[it - remaining.begin()] = true;
      ++type.correct;
      ++scores->overall.correct;
    }
  }
}

std::string FormatScores(const EntityScores& scores) {
  std::string out = absl::StrFormat("%-8s %6s %6s %6s %7s %7s %7s\n", "type",
                                    "gold", "pred", "right", "P", "R", "F1");
  auto line = [&](absl::string_view name, const EntityCounts& c) {
    absl::StrAppend(
        &out,
        absl::StrFormat("%-8s %6d %6d %6d %6.2f%% %6.2f%% %6.2f%%\n", name,
                        c.gold, c.predicted, c.correct, 100 * c.precision(),
                        100 * c.recall(), 100 * c.f1()));
  };
  for (int t = 0; t < kNumEntityTypes; ++t) {
    line(EntityTypeName(static_cast<EntityType>(t)), scores.by_type[t]);
  }
  line("overall", scores.overall);
  return out;
}

}  // namespace byline::ner
