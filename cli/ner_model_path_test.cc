// Tests of where the default NER model is looked for.
#include "cli/ner_model_path.h"

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "util/temp_dir.h"

namespace byline::cli {
namespace {

void Touch(const std::string& path) {
  std::filesystem::create_directories(
      std::filesystem::path(path).parent_path());
  std::ofstream(path) << "model";
}

constexpr char kRelative[] = "../share/byline/byline-ner-en.bin";

TEST(NerModelPathTest, InstalledModelBesideTheBinaryWins) {
  TempDir root;
  Touch(root.Sub("usr/bin/byline"));
  Touch(root.Sub("usr/share/byline/byline-ner-en.bin"));
  Touch(root.Sub("src/ner/model/byline-ner-en.bin"));
  EXPECT_EQ(ResolveNerModelPath(root.Sub("usr/bin/byline"), kRelative,
                                root.Sub("src/ner/model/byline-ner-en.bin")),
            root.Sub("usr/share/byline/byline-ner-en.bin"));
}

TEST(NerModelPathTest, BuildTreeBinaryUsesTheSourceTree) {
  TempDir root;
  Touch(root.Sub("build/cli/byline"));
  Touch(root.Sub("src/ner/model/byline-ner-en.bin"));
  EXPECT_EQ(ResolveNerModelPath(root.Sub("build/cli/byline"), kRelative,
                                root.Sub("src/ner/model/byline-ner-en.bin")),
            root.Sub("src/ner/model/byline-ner-en.bin"));
  // Unknown executable: the source tree too.
  EXPECT_EQ(ResolveNerModelPath("", kRelative,
                                root.Sub("src/ner/model/byline-ner-en.bin")),
            root.Sub("src/ner/model/byline-ner-en.bin"));
}

TEST(NerModelPathTest, NeitherFoundNamesTheInstalledLocation) {
  TempDir root;
  Touch(root.Sub("opt/byline/bin/byline"));
  EXPECT_EQ(ResolveNerModelPath(root.Sub("opt/byline/bin/byline"), kRelative,
                                root.Sub("gone/byline-ner-en.bin")),
            root.Sub("opt/byline/share/byline/byline-ner-en.bin"));
}

TEST(NerModelPathTest, TheRunningTestBinaryFindsAModel) {
  // This test runs from the build tree: the source tree's model, unless an
  // installed one sits beside it.
  const std::string path = DefaultNerModelPath();
  EXPECT_TRUE(std::filesystem::is_regular_file(path)) << path;
  EXPECT_NE(path.find("byline-ner-en.bin"), std::string::npos) << path;
}

}  // namespace
}  // namespace byline::cli
