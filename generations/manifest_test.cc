// Tests for the generation manifest's JSON form.
#include "generations/manifest.h"

#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace byline::generations {
namespace {

Manifest Sample() {
  Manifest m;
  m.name = "gen-000007";
  m.number = 7;
  m.parent = "gen-000006";
  m.job = "update";
  m.schema_version = "2";
  m.created = absl::FromUnixMicros(1764646800123456);
  m.shards = {{0, "shard-000", 10, 4096}, {1, "shard-001", 12, 8192}};
  m.analyzer = {{"language", "en"}, {"passage_words", "80"}};
  m.inputs = {{"/data/feed \"today\".jsonl", 1234, 0xdeadbeef, 22}};
  m.articles = 22;
  m.upserted = 3;
  m.deleted = 1;
  m.rejected = 2;
  return m;
}

TEST(ManifestTest, RoundTripsEveryField) {
  const Manifest m = Sample();
  auto back = DecodeManifest(EncodeManifest(m), "test");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->name, m.name);
  EXPECT_EQ(back->number, 7u);
  EXPECT_EQ(back->parent, m.parent);
  EXPECT_EQ(back->job, "update");
  EXPECT_EQ(back->schema_version, "2");
  EXPECT_EQ(back->created, m.created);
  EXPECT_EQ(back->routing, kRoutingFnv1aModulo);
  ASSERT_EQ(back->shards.size(), 2u);
  EXPECT_EQ(back->shards[1].location, "shard-001");
  EXPECT_EQ(back->shards[1].articles, 12u);
  EXPECT_EQ(back->shards[1].bytes, 8192u);
  EXPECT_EQ(back->analyzer, m.analyzer);
  ASSERT_EQ(back->inputs.size(), 1u);
  EXPECT_EQ(back->inputs[0].path, m.inputs[0].path);
  EXPECT_EQ(back->inputs[0].crc32, 0xdeadbeefu);
  EXPECT_EQ(back->inputs[0].records, 22u);
  EXPECT_EQ(back->articles, 22u);
  EXPECT_EQ(back->upserted, 3u);
  EXPECT_EQ(back->deleted, 1u);
  EXPECT_EQ(back->rejected, 2u);
}

TEST(ManifestTest, BadManifestsNameTheField) {
  std::string json = EncodeManifest(Sample());
  auto broken = DecodeManifest(json.substr(0, json.size() / 2), "m.json");
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("m.json"), std::string::npos);

  std::string no_shards = json;
  no_shards.replace(no_shards.find("\"shards\""), 8, "\"shardz\"");
  auto missing = DecodeManifest(no_shards, "m.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("'shards'"), std::string::npos)
      << missing.status();

  std::string future = json;
  future.replace(future.find("\"format\":1"), 10, "\"format\":9");
  auto newer = DecodeManifest(future, "m.json");
  ASSERT_FALSE(newer.ok());
  EXPECT_EQ(newer.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(newer.status().message().find("upgrade"), std::string::npos);
}

}  // namespace
}  // namespace byline::generations
