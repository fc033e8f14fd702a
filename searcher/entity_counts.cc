// EntityCounts: reusable per-type counting tables (see entity_counts.h).
#include "searcher/entity_counts.h"

#include <algorithm>

#include "schema/entity_value.h"

namespace byline {
namespace {

constexpr size_t kFirstSlots = 64;
// Tables up to this many slots (16 bytes each: 4 MB) are kept between
// searches whatever the search needed.
constexpr size_t kKeptSlots = size_t{1} << 18;

}  // namespace

void EntityCounts::Add(schema::EntityType type, uint64_t id,
                       uint64_t articles) {
  Table& t = tables_[static_cast<int>(type)];
  if (articles != 1) {  // a distinct set of several articles (remote spy)
    Insert(t, id, articles);
    return;
  }
  if (t.pending.capacity() == 0) t.pending.reserve(kFoldEvery);
  t.pending.push_back(id);
  if (t.pending.size() == kFoldEvery) Fold(t);
}

void EntityCounts::Fold(Table& t) {
  // Room for the whole batch first, so that the slots do not move under the
  // prefetches; then each look-up's slot is fetched kAhead look-ups early,
  // so that the cache misses of a large table overlap instead of queueing.
  while (2 * (t.ids.size() + t.pending.size()) > t.slots.size()) Grow(t);
  constexpr size_t kAhead = 16;
  const size_t mask = t.slots.size() - 1;
  const size_t n = t.pending.size();
  for (size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) {
      __builtin_prefetch(&t.slots[Home(t.pending[i + kAhead], mask)]);
    }
    Insert(t, t.pending[i], 1);
  }
  t.pending.clear();
}

const EntityCounts::Table& EntityCounts::Folded(schema::EntityType type) {
  Table& t = tables_[static_cast<int>(type)];
  if (!t.pending.empty()) Fold(t);
  return t;
}

void EntityCounts::Insert(Table& t, uint64_t id, uint64_t articles) {
  if (2 * (t.ids.size() + 1) > t.slots.size()) Grow(t);
  const size_t mask = t.slots.size() - 1;
  size_t i = Home(id, mask);
  while (t.slots[i].search == search_ && t.slots[i].id != id) {
    i = (i + 1) & mask;
  }
  Slot& slot = t.slots[i];
  if (slot.search != search_) {
    slot = {id, static_cast<uint32_t>(t.ids.size()), search_};
    t.ids.push_back(id);
    t.articles.push_back(0);
  }
  t.articles[slot.entry] += articles;
}

void EntityCounts::Grow(Table& t) {
  t.slots.assign(t.slots.empty() ? kFirstSlots : 2 * t.slots.size(), Slot());
  const size_t mask = t.slots.size() - 1;
  for (uint32_t entry = 0; entry < t.ids.size(); ++entry) {
    size_t i = Home(t.ids[entry], mask);
    while (t.slots[i].search == search_) i = (i + 1) & mask;
    t.slots[i] = {t.ids[entry], entry, search_};
  }
}

bool EntityCounts::AddValue(absl::string_view value, uint32_t type_mask,
                            uint64_t articles) {
  return schema::ForEachPackedEntity(
      value, type_mask, [this, articles](schema::EntityType type, uint64_t id) {
        Add(type, id, articles);
      });
}

size_t EntityCounts::Distinct(schema::EntityType type) {
  return Folded(type).ids.size();
}

std::vector<std::pair<uint64_t, uint64_t>> EntityCounts::Top(
    schema::EntityType type, size_t n) {
  using Entry = std::pair<uint64_t, uint64_t>;  // (id, articles)
  const auto before = [](const Entry& a, const Entry& b) {
    if (a.second != b.second) return a.second > b.second;
    return a.first < b.first;
  };
  // A heap of the best n so far, its worst on top: one pass, no copy of
  // every entity.
  std::vector<Entry> best;
  const Table& t = Folded(type);
  if (n == 0 || t.ids.empty()) return best;
  best.reserve(n + 1);
  for (size_t entry = 0; entry < t.ids.size(); ++entry) {
    const Entry e{t.ids[entry], t.articles[entry]};
    if (best.size() < n) {
      best.push_back(e);
      std::push_heap(best.begin(), best.end(), before);
    } else if (e.second >= best.front().second && before(e, best.front())) {
      std::pop_heap(best.begin(), best.end(), before);
      best.back() = e;
      std::push_heap(best.begin(), best.end(), before);
    }
  }
  std::sort_heap(best.begin(), best.end(), before);
  return best;
}

void EntityCounts::Clear() {
  // A new mark empties every slot; when the mark wraps, the tables are
  // zeroed once.
  if (++search_ == 0) {
    search_ = 1;
    for (Table& t : tables_) std::fill(t.slots.begin(), t.slots.end(), Slot());
  }
  for (Table& t : tables_) {
    t.pending.clear();
    // Only a table far larger than this search needed and larger than
    // kKeptSlots is released: a narrow search between two broad ones must
    // not make the next broad one grow its table again from 64 slots (the
    // doublings cost a tenth of a facet count at 100k articles).
    if (t.slots.size() > kKeptSlots && t.slots.size() > 64 * t.ids.size()) {
      t.slots = std::vector<Slot>();
    }
    t.ids.clear();
    t.articles.clear();
  }
}

}  // namespace byline
