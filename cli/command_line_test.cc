// Tests for subcommand flag parsing and help.
#include "cli/command_line.h"

#include "absl/flags/flag.h"
#include "cli/common_flags.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

ABSL_FLAG(int32_t, test_limit, 10, "A number flag for the test.");
ABSL_FLAG(bool, test_verbose, false, "A boolean flag for the test.");
ABSL_FLAG(int32_t, test_other, 0, "A flag the test command does not take.");

namespace byline::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

int Run(const std::vector<std::string>&) { return 0; }

const Command kCommand{"demo", "Demo.", "byline demo [flags] WORDS...",
                       "Details.\n", {"test_limit", "test_verbose"}, &Run};

absl::StatusOr<std::vector<std::string>> Parse(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  return ParseCommandArgs(kCommand, static_cast<int>(argv.size()), argv.data());
}

class CommandLineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::SetFlag(&FLAGS_test_limit, 10);
    absl::SetFlag(&FLAGS_test_verbose, false);
  }
};

TEST_F(CommandLineTest, SeparatesFlagsFromWords) {
  auto words = Parse({"port", "--test_limit=3", "-hamburg", "--test_verbose",
                      "strike"});
  ASSERT_TRUE(words.ok()) << words.status();
  EXPECT_THAT(*words, ElementsAre("port", "-hamburg", "strike"));
  EXPECT_EQ(absl::GetFlag(FLAGS_test_limit), 3);
  EXPECT_TRUE(absl::GetFlag(FLAGS_test_verbose));
}

TEST_F(CommandLineTest, ValueMayFollowAsTheNextArgument) {
  auto words = Parse({"--test_limit", "7", "x"});
  ASSERT_TRUE(words.ok());
  EXPECT_THAT(*words, ElementsAre("x"));
  EXPECT_EQ(absl::GetFlag(FLAGS_test_limit), 7);
}

TEST_F(CommandLineTest, NoPrefixNegatesBooleans) {
  absl::SetFlag(&FLAGS_test_verbose, true);
  ASSERT_TRUE(Parse({"--notest_verbose"}).ok());
  EXPECT_FALSE(absl::GetFlag(FLAGS_test_verbose));
}

TEST_F(CommandLineTest, DoubleDashEndsFlags) {
  auto words = Parse({"--", "--test_limit=3", "-x"});
  ASSERT_TRUE(words.ok());
  EXPECT_THAT(*words, ElementsAre("--test_limit=3", "-x"));
  EXPECT_EQ(absl::GetFlag(FLAGS_test_limit), 10);
}

TEST_F(CommandLineTest, SingleDashWordsAreNeverFlags) {
  // A query may start with a negation, even one that spells a flag's name.
  auto words = Parse({"-test_verbose", "oil"});
  ASSERT_TRUE(words.ok()) << words.status();
  EXPECT_THAT(*words, ElementsAre("-test_verbose", "oil"));
  EXPECT_FALSE(absl::GetFlag(FLAGS_test_verbose));
  words = Parse({"--test_limit=4", "-test_limit=5", "-x", "-", "--", "-y"});
  ASSERT_TRUE(words.ok()) << words.status();
  EXPECT_THAT(*words, ElementsAre("-test_limit=5", "-x", "-", "-y"));
  EXPECT_EQ(absl::GetFlag(FLAGS_test_limit), 4);
  // `byline search --index X -json oil`: the query is "-json oil".
  words = Parse({"--test_limit", "3", "-test_verbose", "oil"});
  ASSERT_TRUE(words.ok()) << words.status();
  EXPECT_THAT(*words, ElementsAre("-test_verbose", "oil"));
  EXPECT_EQ(absl::GetFlag(FLAGS_test_limit), 3);
  EXPECT_FALSE(absl::GetFlag(FLAGS_test_verbose));
}

TEST_F(CommandLineTest, DoubleDashKeepsLeadingDashWords) {
  // `byline search -- -json oil` still works, as do double-dash words.
  auto words = Parse({"--", "-test_verbose", "oil", "--test_limit=2"});
  ASSERT_TRUE(words.ok()) << words.status();
  EXPECT_THAT(*words, ElementsAre("-test_verbose", "oil", "--test_limit=2"));
  EXPECT_EQ(absl::GetFlag(FLAGS_test_limit), 10);
  EXPECT_FALSE(absl::GetFlag(FLAGS_test_verbose));
}

TEST_F(CommandLineTest, TypoInAFlagIsAnErrorWherever) {
  // Before the query, after it, next to a single-dash word: always named.
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"--test_limt=3", "oil"},
           {"--test_limt", "3", "-json", "oil"},
           {"oil", "-json", "--test_limt=3"}}) {
    auto words = Parse(args);
    ASSERT_FALSE(words.ok()) << args.front();
    EXPECT_THAT(std::string(words.status().message()),
                HasSubstr("unknown flag '--test_limt"));
  }
}

TEST_F(CommandLineTest, HelpIsAskedForBeforeDoubleDashOnly) {
  auto wants = [](std::vector<std::string> args) {
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    return WantsHelp(static_cast<int>(argv.size()), argv.data());
  };
  EXPECT_TRUE(wants({"--help"}));
  EXPECT_TRUE(wants({"-h"}));
  EXPECT_TRUE(wants({"-help"}));
  EXPECT_TRUE(wants({"oil", "--help"}));
  EXPECT_FALSE(wants({"oil", "-h"}));  // a query word
  EXPECT_FALSE(wants({"--", "--help"}));
  EXPECT_FALSE(wants({"oil"}));
}

TEST(DefaultIndexPathTest, FallsBackToTheEnvironmentThenTheDefault) {
  EXPECT_EQ(DefaultIndexPath("/srv/news"), "/srv/news");
  EXPECT_EQ(DefaultIndexPath(""), "byline-index");
  EXPECT_EQ(DefaultIndexPath(nullptr), "byline-index");
}

TEST_F(CommandLineTest, ErrorsNameTheFlag) {
  EXPECT_THAT(std::string(Parse({"--nope"}).status().message()),
              HasSubstr("unknown flag '--nope' for 'byline demo'"));
  // A real flag that belongs to another command is unknown here.
  EXPECT_THAT(std::string(Parse({"--test_other=1"}).status().message()),
              HasSubstr("unknown flag"));
  EXPECT_THAT(std::string(Parse({"--test_limit=abc"}).status().message()),
              HasSubstr("--test_limit"));
  EXPECT_THAT(std::string(Parse({"--test_limit"}).status().message()),
              HasSubstr("needs a value"));
}

TEST_F(CommandLineTest, HelpListsFlagsDefaultsAndExitCodes) {
  const std::string help = CommandHelp(kCommand);
  EXPECT_THAT(help, HasSubstr("Usage: byline demo [flags] WORDS..."));
  EXPECT_THAT(help, HasSubstr("--test_limit=VALUE"));
  EXPECT_THAT(help, HasSubstr("A number flag for the test. (default: 10)"));
  EXPECT_THAT(help, HasSubstr("--test_verbose\n"));
  EXPECT_THAT(help, ::testing::Not(HasSubstr("test_other")));
  EXPECT_THAT(help, HasSubstr("Exit codes"));
  // Every command's help says how arguments starting with a dash behave.
  EXPECT_THAT(help, HasSubstr("A word with one dash is never a flag"));
  EXPECT_THAT(help, HasSubstr("Everything after -- is an"));
  EXPECT_THAT(help, HasSubstr("$BYLINE_INDEX"));
}

}  // namespace
}  // namespace byline::cli
