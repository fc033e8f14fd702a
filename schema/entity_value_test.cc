// Tests of the packed entity value (entity_value.h).
#include "schema/entity_value.h"

#include <cstdio>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace byline::schema {
namespace {

std::vector<PackedEntity> Unpack(absl::string_view value,
                                 uint32_t mask = kAllEntityTypes) {
  std::vector<PackedEntity> out;
  EXPECT_TRUE(UnpackEntityValue(value, mask, &out));
  return out;
}

TEST(EntityValueTest, RoundTripsGroupedByTypeInGivenOrder) {
  const std::vector<EntityValueEntry> entries = {
      {EntityType::kPlace, "ef14b74eda9e57cc"},
      {EntityType::kPerson, "0123456789abcdef"},
      {EntityType::kPlace, "00000000000000ff"},
      {EntityType::kMisc, "fedcba9876543210"},
      {EntityType::kPerson, "1111111111111111"},
  };
  const std::string value = PackEntityValue(entries);
  // Four counts and five ids of 8 bytes.
  EXPECT_EQ(value.size(), 4 + 5 * kEntityIdRawBytes);
  const std::vector<PackedEntity> got = Unpack(value);
  ASSERT_EQ(got.size(), 5u);
  EXPECT_EQ(got[0].type, EntityType::kPerson);
  EXPECT_EQ(EntityIdHex(got[0].id), "0123456789abcdef");
  EXPECT_EQ(got[0].id, 0x0123456789abcdefu);
  EXPECT_EQ(EntityIdHex(got[1].id), "1111111111111111");
  EXPECT_EQ(got[2].type, EntityType::kPlace);
  EXPECT_EQ(EntityIdHex(got[2].id), "ef14b74eda9e57cc");
  EXPECT_EQ(EntityIdHex(got[3].id), "00000000000000ff");
  EXPECT_EQ(got[4].type, EntityType::kMisc);
  EXPECT_EQ(EntityIdHex(got[4].id), "fedcba9876543210");
  // Numeric order is hex order.
  EXPECT_LT(got[3].id, got[2].id);
}

TEST(EntityValueTest, UnpacksOnlyTheTypesAsked) {
  const std::string value = PackEntityValue({
      {EntityType::kPerson, "0123456789abcdef"},
      {EntityType::kOrganization, "1123456789abcdef"},
      {EntityType::kPlace, "2123456789abcdef"},
  });
  const auto orgs = Unpack(value, EntityTypeBit(EntityType::kOrganization));
  ASSERT_EQ(orgs.size(), 1u);
  EXPECT_EQ(EntityIdHex(orgs[0].id), "1123456789abcdef");
  EXPECT_TRUE(Unpack(value, EntityTypeBit(EntityType::kMisc)).empty());
  EXPECT_TRUE(Unpack(value, 0).empty());
}

TEST(EntityValueTest, NothingToPackIsAnEmptyValue) {
  EXPECT_EQ(PackEntityValue({}), "");
  // Ids that are not 16 lowercase hex digits are left out.
  EXPECT_EQ(PackEntityValue({{EntityType::kPerson, "xyz"},
                             {EntityType::kPerson, "0123456789ABCDEF"},
                             {EntityType::kPerson, "0123456789abcde"}}),
            "");
  EXPECT_TRUE(Unpack("").empty());
}

TEST(EntityValueTest, CapsEntitiesPerType) {
  std::vector<EntityValueEntry> entries;
  for (size_t i = 0; i < kMaxPackedEntitiesPerType + 10; ++i) {
    char id[17];
    std::snprintf(id, sizeof(id), "%016zx", i);
    entries.push_back({EntityType::kOrganization, id});
  }
  entries.push_back({EntityType::kPerson, "ffffffffffffffff"});
  const auto got = Unpack(PackEntityValue(entries));
  ASSERT_EQ(got.size(), kMaxPackedEntitiesPerType + 1);
  EXPECT_EQ(got[0].type, EntityType::kPerson);
  // The first ones given are the ones kept.
  EXPECT_EQ(EntityIdHex(got[1].id), "0000000000000000");
  EXPECT_EQ(EntityIdHex(got.back().id),
            entries[kMaxPackedEntitiesPerType - 1].id);
}

TEST(EntityValueTest, MalformedValuesAreRefused) {
  const std::string value =
      PackEntityValue({{EntityType::kPerson, "0123456789abcdef"},
                       {EntityType::kMisc, "0123456789abcdef"}});
  std::vector<PackedEntity> out;
  // Every cut of a good value is malformed, and so is trailing junk.
  for (size_t n = 1; n < value.size(); ++n) {
    out.clear();
    EXPECT_FALSE(UnpackEntityValue(value.substr(0, n), kAllEntityTypes, &out))
        << n;
  }
  EXPECT_FALSE(UnpackEntityValue(value + "x", kAllEntityTypes, &out));
  // A count far larger than the value.
  EXPECT_FALSE(UnpackEntityValue("\xff\xff\xff\x0f", kAllEntityTypes, &out));
  // An overlong varint.
  EXPECT_FALSE(
      UnpackEntityValue("\x80\x80\x80\x80\x80\x01", kAllEntityTypes, &out));
}

}  // namespace
}  // namespace byline::schema
