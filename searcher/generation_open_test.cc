// Searcher over index generations: which databases it opens (the manifest's
// shards, not a stub's lines), the generation it reports, the hold it keeps
// while open, opening a non-live generation, and indexes from before
// generations. The generations are laid out by hand with the
// generations library (no jobs), with bare documents.
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "generations/index_directory.h"
#include "generations/locks.h"
#include "generations/manifest.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "schema/schema.h"
#include "searcher/searcher.h"
#include "util/temp_dir.h"

namespace byline {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// A shard database at `path` with `docs` bare documents (ids `prefix`N).
void MakeShard(const std::string& path, int docs, const std::string& prefix) {
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
  db.set_metadata(std::string(schema::kMetaSchemaVersion),
                  std::string(schema::kSchemaVersion));
  for (int i = 0; i < docs; ++i) {
    Xapian::Document doc;
    doc.add_term(schema::ArticleIdTerm(prefix + std::to_string(i)));
    db.add_document(doc);
  }
  db.commit();
}

// Generation `number` of `dir` with shards of `docs[i]` documents.
std::string MakeGeneration(const std::string& dir, uint64_t number,
                           const std::vector<int>& docs) {
  generations::Manifest manifest;
  manifest.number = number;
  manifest.name = generations::GenerationName(number);
  manifest.job = "rebuild";
  manifest.schema_version = std::string(schema::kSchemaVersion);
  const fs::path gen_dir = fs::path(dir) / manifest.name;
  fs::create_directories(gen_dir);
  for (uint32_t i = 0; i < docs.size(); ++i) {
    generations::ManifestShard shard;
    shard.number = i;
    shard.location = "shard-00" + std::to_string(i);
    shard.articles = docs[i];
    MakeShard((gen_dir / shard.location).string(), docs[i],
              manifest.name + "-s" + std::to_string(i) + "-");
    manifest.articles += docs[i];
    manifest.shards.push_back(shard);
  }
  absl::Status status = generations::WriteManifest(dir, manifest);
  EXPECT_TRUE(status.ok()) << status;
  return manifest.name;
}

TEST(GenerationOpenTest, OpensTheLiveGenerationsShardsAndNamesIt) {
  TempDir tmp;
  const std::string dir = tmp.Sub("index");
  const std::string gen = MakeGeneration(dir, 1, {2, 3});
  ASSERT_TRUE(generations::SwitchLive(dir, gen).ok());
  // The generation's own stub is not what routes: without it, the
  // manifest still names the shards.
  fs::remove(fs::path(dir) / gen / "XAPIANDB");

  auto searcher = Searcher::Open(dir);
  ASSERT_TRUE(searcher.ok()) << searcher.status();
  EXPECT_EQ((*searcher)->generation(), gen);
  auto stats = (*searcher)->Stats();
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->generation, gen);
  EXPECT_EQ(stats->articles, 5u);
  EXPECT_EQ(stats->path, dir);
}

TEST(GenerationOpenTest, HoldsTheGenerationWhileOpen) {
  TempDir tmp;
  const std::string dir = tmp.Sub("index");
  const std::string gen = MakeGeneration(dir, 1, {1});
  ASSERT_TRUE(generations::SwitchLive(dir, gen).ok());
  const std::string gen_dir = (fs::path(dir) / gen).string();
  {
    auto searcher = Searcher::Open(dir);
    ASSERT_TRUE(searcher.ok()) << searcher.status();
    auto removed = generations::RemoveGenerationIfUnheld(gen_dir);
    ASSERT_TRUE(removed.ok()) << removed.status();
    EXPECT_FALSE(*removed);
    EXPECT_TRUE(fs::exists(gen_dir));
  }
  auto removed = generations::RemoveGenerationIfUnheld(gen_dir);
  ASSERT_TRUE(removed.ok()) << removed.status();
  EXPECT_TRUE(*removed);
}

TEST(GenerationOpenTest, OpensANonLiveGenerationUntilItIsRemoved) {
  TempDir tmp;
  const std::string dir = tmp.Sub("index");
  const std::string old_gen = MakeGeneration(dir, 1, {1});
  const std::string new_gen = MakeGeneration(dir, 2, {4});
  ASSERT_TRUE(generations::SwitchLive(dir, new_gen).ok());

  auto live = Searcher::Open(dir);
  ASSERT_TRUE(live.ok()) << live.status();
  EXPECT_EQ((*live)->generation(), new_gen);
  auto old = Searcher::OpenGeneration(dir, old_gen);
  ASSERT_TRUE(old.ok()) << old.status();
  EXPECT_EQ((*old)->generation(), old_gen);
  auto article = (*old)->GetArticle(old_gen + "-s0-0");
  // Bare documents have no stored record: found, but not decodable.
  EXPECT_NE(article.status().code(), absl::StatusCode::kNotFound)
      << article.status();
  old->reset();

  auto removed =
      generations::RemoveGenerationIfUnheld((fs::path(dir) / old_gen).string());
  ASSERT_TRUE(removed.ok() && *removed);
  auto gone = Searcher::OpenGeneration(dir, old_gen);
  EXPECT_EQ(gone.status().code(), absl::StatusCode::kNotFound) << gone.status();
  auto bad = Searcher::OpenGeneration(dir, "../elsewhere");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(GenerationOpenTest, AMissingShardIsDataLoss) {
  TempDir tmp;
  const std::string dir = tmp.Sub("index");
  const std::string gen = MakeGeneration(dir, 1, {1, 1});
  ASSERT_TRUE(generations::SwitchLive(dir, gen).ok());
  fs::remove_all(fs::path(dir) / gen / "shard-001");
  auto searcher = Searcher::Open(dir);
  ASSERT_FALSE(searcher.ok());
  EXPECT_EQ(searcher.status().code(), absl::StatusCode::kDataLoss)
      << searcher.status();
  EXPECT_THAT(searcher.status().message(), HasSubstr("shard-001"));
}

TEST(GenerationOpenTest, IndexesFromBeforeGenerationsStillOpen) {
  TempDir tmp;
  // A plain database.
  const std::string plain = tmp.Sub("plain");
  MakeShard(plain, 2, "p");
  auto searcher = Searcher::Open(plain);
  ASSERT_TRUE(searcher.ok()) << searcher.status();
  EXPECT_EQ((*searcher)->generation(), "");
  auto stats = (*searcher)->Stats();
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->generation, "");
  EXPECT_EQ(stats->articles, 2u);

  // A stub listing shard directories.
  const std::string legacy = tmp.Sub("legacy");
  fs::create_directories(legacy);
  MakeShard(legacy + "/shard-000", 1, "a");
  MakeShard(legacy + "/shard-001", 2, "b");
  std::ofstream(legacy + "/XAPIANDB") << "auto shard-000\nauto shard-001\n";
  searcher = Searcher::Open(legacy);
  ASSERT_TRUE(searcher.ok()) << searcher.status();
  EXPECT_EQ((*searcher)->generation(), "");
  stats = (*searcher)->Stats();
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->articles, 3u);

  auto none = Searcher::Open(tmp.Sub("nothing"));
  EXPECT_EQ(none.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace byline
