// Tests for generation directories, the live pointer and numbering.
#include "generations/index_directory.h"

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "util/temp_dir.h"

namespace byline::generations {
namespace {

namespace fs = std::filesystem;

Manifest MakeGeneration(const std::string& dir, uint64_t number,
                        uint32_t shards = 2) {
  Manifest m;
  m.number = number;
  m.name = GenerationName(number);
  m.job = "rebuild";
  m.schema_version = "2";
  for (uint32_t i = 0; i < shards; ++i) {
    const std::string location = "shard-00" + std::to_string(i);
    fs::create_directories(fs::path(dir) / m.name / location);
    m.shards.push_back({i, location, 1, 1});
  }
  EXPECT_TRUE(WriteManifest(dir, m).ok());
  return m;
}

TEST(IndexDirectoryTest, NamesRoundTripAndRejectOthers) {
  EXPECT_EQ(GenerationName(4), "gen-000004");
  EXPECT_EQ(ParseGenerationName("gen-000004"), 4u);
  EXPECT_EQ(ParseGenerationName("gen-1234567"), 1234567u);
  EXPECT_FALSE(ParseGenerationName("gen-12"));
  EXPECT_FALSE(ParseGenerationName("gen-000000"));
  EXPECT_FALSE(ParseGenerationName("shard-000"));
  EXPECT_FALSE(ParseGenerationName("gen-00000x"));
}

TEST(IndexDirectoryTest, SwitchResolvesTheLiveGenerationFromItsManifest) {
  TempDir dir;
  EXPECT_EQ(ResolveLive(dir.path()).status().code(),
            absl::StatusCode::kNotFound);
  MakeGeneration(dir.path(), 1, 2);
  MakeGeneration(dir.path(), 2, 3);
  ASSERT_TRUE(SwitchLive(dir.path(), "gen-000001").ok());
  auto stamp1 = StatPointer(dir.path());
  ASSERT_TRUE(stamp1.ok());
  auto live = ResolveLive(dir.path());
  ASSERT_TRUE(live.ok()) << live.status();
  EXPECT_EQ(live->kind, IndexKind::kGenerations);
  EXPECT_EQ(live->generation, "gen-000001");
  EXPECT_EQ(live->shard_paths.size(), 2u);

  ASSERT_TRUE(SwitchLive(dir.path(), "gen-000002").ok());
  auto stamp2 = StatPointer(dir.path());
  ASSERT_TRUE(stamp2.ok());
  EXPECT_FALSE(*stamp1 == *stamp2);
  live = ResolveLive(dir.path());
  ASSERT_TRUE(live.ok());
  EXPECT_EQ(live->generation, "gen-000002");
  ASSERT_EQ(live->shard_paths.size(), 3u);
  EXPECT_EQ(fs::path(live->shard_paths[2]).filename(), "shard-002");
  // The older one can still be resolved by name (pinned page tokens).
  auto old = ResolveGeneration(dir.path(), "gen-000001");
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->shard_paths.size(), 2u);
  EXPECT_EQ(ResolveGeneration(dir.path(), "gen-000009").status().code(),
            absl::StatusCode::kNotFound);
}

TEST(IndexDirectoryTest, RefusesToSwitchToAnUnfinishedGeneration) {
  TempDir dir;
  fs::create_directories(fs::path(dir.path()) / "gen-000003" / "shard-000");
  const absl::Status s = SwitchLive(dir.path(), "gen-000003");
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_FALSE(fs::exists(fs::path(dir.path()) / "XAPIANDB"));
}

TEST(IndexDirectoryTest, NumbersNeverRepeat) {
  TempDir dir;
  auto first = IssueGenerationNumber(dir.path());
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, 1u);
  // A directory left by someone else counts, and so do numbers issued but
  // never built (their directory removed).
  fs::create_directories(fs::path(dir.path()) / "gen-000005");
  EXPECT_EQ(*IssueGenerationNumber(dir.path()), 6u);
  fs::remove_all(fs::path(dir.path()) / "gen-000005");
  EXPECT_EQ(*IssueGenerationNumber(dir.path()), 7u);
}

TEST(IndexDirectoryTest, ListsCompleteAndUnfinishedGenerations) {
  TempDir dir;
  MakeGeneration(dir.path(), 1);
  MakeGeneration(dir.path(), 3);
  fs::create_directories(fs::path(dir.path()) / "gen-000004");
  ASSERT_TRUE(SwitchLive(dir.path(), "gen-000003").ok());
  auto list = ListGenerations(dir.path());
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].name, "gen-000001");
  EXPECT_TRUE((*list)[0].complete);
  EXPECT_FALSE((*list)[0].live);
  EXPECT_TRUE((*list)[1].live);
  EXPECT_FALSE((*list)[2].complete);
  ASSERT_TRUE((*list)[1].manifest.has_value());
  EXPECT_EQ((*list)[1].manifest->shards.size(), 2u);
}

TEST(IndexDirectoryTest, OpensIndexesFromBeforeGenerations) {
  TempDir dir;
  fs::create_directories(fs::path(dir.path()) / "shard-000");
  fs::create_directories(fs::path(dir.path()) / "shard-001");
  std::ofstream(fs::path(dir.path()) / "XAPIANDB")
      << "# old\nauto shard-000\nauto shard-001\n";
  auto live = ResolveLive(dir.path());
  ASSERT_TRUE(live.ok()) << live.status();
  EXPECT_EQ(live->kind, IndexKind::kLegacyStub);
  EXPECT_EQ(live->generation, "");
  EXPECT_EQ(live->shard_paths.size(), 2u);

  TempDir plain;
  std::ofstream(fs::path(plain.path()) / "iamglass") << "";
  live = ResolveLive(plain.path());
  ASSERT_TRUE(live.ok()) << live.status();
  EXPECT_EQ(live->kind, IndexKind::kPlainDatabase);
}

TEST(IndexDirectoryTest, MissingLiveGenerationSaysHowToRecover) {
  TempDir dir;
  MakeGeneration(dir.path(), 1);
  ASSERT_TRUE(SwitchLive(dir.path(), "gen-000001").ok());
  fs::remove_all(fs::path(dir.path()) / "gen-000001");
  auto live = ResolveLive(dir.path());
  EXPECT_EQ(live.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(live.status().message().find("rollback"), std::string::npos);
}

}  // namespace
}  // namespace byline::generations
