// Tests for the atomic, durable file replacement.
#include "util/durable_file.h"

#include <filesystem>

#include "gtest/gtest.h"
#include "util/temp_dir.h"

namespace byline {
namespace {

TEST(DurableFileTest, ReplacesWholeContentsAndLeavesNoTemporary) {
  TempDir dir;
  const std::string path = dir.path() + "/POINTER";
  ASSERT_TRUE(WriteFileDurably(path, "first, longer contents\n").ok());
  ASSERT_TRUE(WriteFileDurably(path, "second\n").ok());
  auto text = ReadSmallFile(path);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, "second\n");
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1);
}

TEST(DurableFileTest, MissingFileIsNotFoundAndBadDirectoryIsAnError) {
  TempDir dir;
  EXPECT_EQ(ReadSmallFile(dir.path() + "/none").status().code(),
            absl::StatusCode::kNotFound);
  const absl::Status s = WriteFileDurably(dir.path() + "/no/such/dir/f", "x");
  EXPECT_EQ(s.code(), absl::StatusCode::kInternal);
  EXPECT_NE(s.message().find("no/such/dir"), std::string::npos) << s;
}

}  // namespace
}  // namespace byline
