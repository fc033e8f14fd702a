// Tests for the job lock and generation holds (flock within one process
// behaves as between processes: each open file description locks apart).
#include "generations/locks.h"

#include <filesystem>

#include "generations/index_directory.h"
#include "gtest/gtest.h"
#include "util/temp_dir.h"

namespace byline::generations {
namespace {

namespace fs = std::filesystem;

TEST(JobLockTest, SecondJobIsRefusedNamingTheHolder) {
  TempDir dir;
  auto first = JobLock::Acquire(dir.path(), "update");
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = JobLock::Acquire(dir.path(), "rebuild");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(second.status().message().find("pid "), std::string::npos)
      << second.status();
  EXPECT_NE(second.status().message().find("byline update"),
            std::string::npos);
  first->reset();
  EXPECT_TRUE(JobLock::Acquire(dir.path(), "rebuild").ok());
}

TEST(GenerationHoldTest, HeldGenerationIsKeptAndReleasedOneIsRemoved) {
  TempDir dir;
  Manifest m;
  m.number = 1;
  m.name = GenerationName(1);
  m.schema_version = "2";
  m.shards = {{0, "shard-000", 0, 0}};
  fs::create_directories(fs::path(dir.path()) / m.name / "shard-000");
  ASSERT_TRUE(WriteManifest(dir.path(), m).ok());
  const std::string gen = (fs::path(dir.path()) / m.name).string();

  auto hold = GenerationHold::Acquire(gen);
  ASSERT_TRUE(hold.ok()) << hold.status();
  auto second_reader = GenerationHold::Acquire(gen);  // shared
  ASSERT_TRUE(second_reader.ok());
  auto removed = RemoveGenerationIfUnheld(gen);
  ASSERT_TRUE(removed.ok());
  EXPECT_FALSE(*removed);
  EXPECT_TRUE(fs::exists(gen));

  hold->reset();
  EXPECT_FALSE(*RemoveGenerationIfUnheld(gen));  // one reader left
  second_reader->reset();
  removed = RemoveGenerationIfUnheld(gen);
  ASSERT_TRUE(removed.ok());
  EXPECT_TRUE(*removed);
  EXPECT_FALSE(fs::exists(gen));
  EXPECT_EQ(GenerationHold::Acquire(gen).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(GenerationHoldTest, UnfinishedGenerationIsRemovedOutright) {
  TempDir dir;
  const std::string gen = (fs::path(dir.path()) / "gen-000002").string();
  fs::create_directories(fs::path(gen) / "shard-000");
  auto removed = RemoveGenerationIfUnheld(gen);
  ASSERT_TRUE(removed.ok());
  EXPECT_TRUE(*removed);
  EXPECT_FALSE(fs::exists(gen));
}

}  // namespace
}  // namespace byline::generations
