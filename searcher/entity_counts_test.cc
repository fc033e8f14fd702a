// EntityCounts: counting, the top-n order and cut, clearing between
// searches, the bound on the numbering, and packed values.
#include "searcher/entity_counts.h"

#include <map>
#include <random>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "schema/entity_value.h"

namespace byline {
namespace {

using schema::EntityType;
using Top = std::vector<std::pair<uint64_t, uint64_t>>;

TEST(EntityCountsTest, CountsPerTypeAndOrdersMostFirstThenLowerId) {
  EntityCounts counts;
  counts.Add(EntityType::kPerson, 7, 1);
  counts.Add(EntityType::kPerson, 3, 2);
  counts.Add(EntityType::kPerson, 9, 2);
  counts.Add(EntityType::kPerson, 7, 4);
  counts.Add(EntityType::kPlace, 7, 1);  // another type, another counter
  EXPECT_EQ(counts.Distinct(EntityType::kPerson), 3u);
  EXPECT_EQ(counts.Distinct(EntityType::kPlace), 1u);
  EXPECT_EQ(counts.Distinct(EntityType::kMisc), 0u);
  EXPECT_EQ(counts.Top(EntityType::kPerson, 10), (Top{{7, 5}, {3, 2}, {9, 2}}));
  EXPECT_EQ(counts.Top(EntityType::kPerson, 2), (Top{{7, 5}, {3, 2}}));
  EXPECT_EQ(counts.Top(EntityType::kPerson, 0), Top{});
  EXPECT_EQ(counts.Top(EntityType::kPlace, 10), (Top{{7, 1}}));
}

TEST(EntityCountsTest, TopMatchesAFullSortOnRandomCounts) {
  std::mt19937_64 random(42);
  EntityCounts counts;
  std::map<uint64_t, uint64_t> expected;
  for (int i = 0; i < 50000; ++i) {
    // Ids spread over every partition, repeating.
    const uint64_t id = (random() % 700) * 0x9e3779b97f4a7c15ull;
    const uint64_t n = 1 + random() % 3;
    counts.Add(EntityType::kOrganization, id, n);
    expected[id] += n;
  }
  Top all(expected.begin(), expected.end());
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  for (size_t n : {size_t{1}, size_t{10}, size_t{100}, all.size() + 5}) {
    const Top top = counts.Top(EntityType::kOrganization, n);
    ASSERT_EQ(top.size(), std::min(n, all.size()));
    EXPECT_TRUE(std::equal(top.begin(), top.end(), all.begin())) << n;
  }
}

TEST(EntityCountsTest, ClearStartsTheNextSearchFromZero) {
  EntityCounts counts;
  counts.Add(EntityType::kPerson, 1, 3);
  counts.Add(EntityType::kPerson, 2, 1);  // still pending (not folded)
  counts.Clear();
  EXPECT_EQ(counts.Distinct(EntityType::kPerson), 0u);
  EXPECT_EQ(counts.Top(EntityType::kPerson, 10), Top{});
  counts.Add(EntityType::kPerson, 2, 1);
  counts.Add(EntityType::kPerson, 5, 2);
  EXPECT_EQ(counts.Top(EntityType::kPerson, 10), (Top{{5, 2}, {2, 1}}));
}

TEST(EntityCountsTest, ManyAdditionsOfFewIdsAreAllCounted) {
  // Many batches of the same few ids (ids sharing their top byte); a
  // weighted addition goes straight to the table.
  EntityCounts counts;
  const uint64_t base = uint64_t{0xab} << 56;
  for (int i = 0; i < 10000; ++i) {
    counts.Add(EntityType::kMisc, base + i % 3, 1);
  }
  counts.Add(EntityType::kMisc, base + 2, 100);
  EXPECT_EQ(counts.Distinct(EntityType::kMisc), 3u);
  EXPECT_EQ(counts.Top(EntityType::kMisc, 3),
            (Top{{base + 2, 3433}, {base, 3334}, {base + 1, 3333}}));
}

TEST(EntityCountsTest, AddValueCountsTheRequestedTypesOfAPackedValue) {
  const std::string value = schema::PackEntityValue({
      {EntityType::kPerson, "00000000000000aa"},
      {EntityType::kPlace, "00000000000000bb"},
      {EntityType::kPerson, "00000000000000cc"},
  });
  EntityCounts counts;
  EXPECT_TRUE(counts.AddValue(value, schema::EntityTypeBit(EntityType::kPerson),
                              2));
  EXPECT_EQ(counts.Top(EntityType::kPerson, 10),
            (Top{{0xaa, 2}, {0xcc, 2}}));
  EXPECT_EQ(counts.Distinct(EntityType::kPlace), 0u);  // not asked for
  EXPECT_TRUE(counts.AddValue("", schema::kAllEntityTypes, 1));
  // Cut inside the place id: the people before the fault count, and it
  // says so.
  EXPECT_FALSE(counts.AddValue(value.substr(0, value.size() - 6),
                               schema::kAllEntityTypes,
                               1));
  EXPECT_EQ(counts.Top(EntityType::kPerson, 1), (Top{{0xaa, 3}}));
}

}  // namespace
}  // namespace byline
