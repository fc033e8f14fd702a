// Tests of the `byline --version` text.
#include "cli/version_info.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace byline::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

TEST(VersionInfoTest, NamesEveryLibraryWithItsVersion) {
  const VersionInfo info = CurrentVersionInfo();
  EXPECT_THAT(info.version, MatchesRegex("[0-9]+\\.[0-9]+\\.[0-9]+"));
  EXPECT_FALSE(info.git_revision.empty());
  EXPECT_THAT(info.xapian, MatchesRegex("1\\.[0-9]+\\.[0-9]+.*"));
  EXPECT_THAT(info.icu, MatchesRegex("[0-9]+\\.[0-9]+.*"));
  EXPECT_THAT(info.grpc, MatchesRegex("[0-9]+\\.[0-9]+\\.[0-9]+.*"));
  EXPECT_THAT(info.protobuf, MatchesRegex("[0-9]+\\.[0-9]+\\.[0-9]+.*"));
}

TEST(VersionInfoTest, TextHasOneLinePerItem) {
  const VersionInfo info{"0.4.0", "f44be17-dirty", "1.4.22",
                         "72.1",  "1.51.1",        "3.21.12"};
  EXPECT_EQ(VersionText(info, "/usr/share/byline/byline-ner-en.bin", true),
            "byline 0.4.0 (git f44be17-dirty)\n"
            "Xapian 1.4.22\n"
            "ICU 72.1\n"
            "gRPC 1.51.1\n"
            "protobuf 3.21.12\n"
            "NER model /usr/share/byline/byline-ner-en.bin\n");
  EXPECT_THAT(VersionText(info, "/nowhere/model.bin", false),
              HasSubstr("NER model /nowhere/model.bin (missing)\n"));
  EXPECT_THAT(VersionText(info, "/m", true), Not(HasSubstr("missing")));
}

}  // namespace
}  // namespace byline::cli
