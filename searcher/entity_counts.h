// EntityCounts: how many matching articles name each entity, per entity
// type, for the entity facets of one search at a time.
//
// A broad search at 100k articles adds ~500k entity ids of some 200k
// distinct entities. A fresh hash map per search spends much of that in
// growing and rehashing and then copying itself out for the top values
// (measured on the 100k corpus's entity values, 48k articles: 1.6x the
// time of this class, and that is most of a facet count). So each type has
// one open-addressing table that stays allocated from search to search, and a
// slot counts only if it was filled by the current search: clearing is a
// new mark, not a pass over the table. Ids are buffered per type and
// folded in batches of kFoldEvery: a tight loop of independent look-ups
// whose cache misses overlap (measured somewhat faster than adding each id
// as it is decoded, on this noisy machine). Partitioning the ids into
// cache-sized tables first measured no faster.
#ifndef BYLINE_SEARCHER_ENTITY_COUNTS_H_
#define BYLINE_SEARCHER_ENTITY_COUNTS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "schema/schema.h"

namespace byline {

// Thread safety: not thread-safe; owned by one Searcher (one thread) and
// used by one facet count at a time (Clear() between them). Memory: 32 to
// 64 bytes per distinct entity of the largest recent search, and at least
// that of the largest search so far up to 4 MB per entity type (kept, so
// that broad searches after narrow ones need not grow their tables again).
class EntityCounts {
 public:
  EntityCounts() = default;
  EntityCounts(const EntityCounts&) = delete;
  EntityCounts& operator=(const EntityCounts&) = delete;

  // Adds `articles` to entity `id` of `type`.
  void Add(schema::EntityType type, uint64_t id, uint64_t articles);

  // Adds `articles` to every entity of the packed entity value `value`
  // (schema/entity_value.h) whose type bit is in `type_mask`. A malformed
  // value (not written by Byline) adds what could be read; returns false.
  bool AddValue(absl::string_view value, uint32_t type_mask, uint64_t articles);

  // Entities of `type` with at least one article since the last Clear().
  size_t Distinct(schema::EntityType type);

  // The `n` entities of `type` with most articles, as (id, articles), most
  // first, ties by lower id (a stable choice at the cut).
  std::vector<std::pair<uint64_t, uint64_t>> Top(schema::EntityType type,
                                                 size_t n);

  // Forgets every count, for the next search.
  void Clear();

 private:
  // Linear probing, at most half full. A slot is in use only if its
  // `search` is the current mark; it points at the entity's entry in the
  // dense arrays, which Top() reads without a pass over the whole table
  // (a table sized by a broad search is mostly empty in a narrow one).
  struct Slot {
    uint64_t id = 0;
    uint32_t entry = 0;   // index into Table::ids and Table::articles
    uint32_t search = 0;  // the search that filled it (0: none)
  };
  struct Table {
    std::vector<Slot> slots;         // empty, or a power of two of them
    std::vector<uint64_t> ids;       // entry -> id, this search
    std::vector<uint64_t> articles;  // entry -> articles, this search
    std::vector<uint64_t> pending;   // ids of one article each, not folded
  };
  static constexpr size_t kFoldEvery = 256;

  // Spreads ids whatever their distribution (they are hashes already).
  static size_t Home(uint64_t id, size_t mask) {
    return static_cast<size_t>((id * 0x9e3779b97f4a7c15ull) >> 20) & mask;
  }
  void Insert(Table& t, uint64_t id, uint64_t articles);
  void Grow(Table& t);
  // Folds `t`'s pending ids into its slots.
  void Fold(Table& t);
  const Table& Folded(schema::EntityType type);

  std::array<Table, schema::kEntityTypeCount> tables_;
  uint32_t search_ = 1;  // the current search's mark
};

}  // namespace byline

#endif  // BYLINE_SEARCHER_ENTITY_COUNTS_H_
