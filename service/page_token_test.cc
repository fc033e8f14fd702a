// Page tokens: round trips, what the request fingerprint covers and what it
// ignores, and rejection of malformed and foreign tokens.
#include "service/page_token.h"

#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace byline::service {
namespace {

using ::testing::HasSubstr;

byline::v1::SearchRequest BaseRequest() {
  byline::v1::SearchRequest r;
  r.set_query("port strike rotterdam");
  r.set_sort(byline::v1::SORT_ORDER_RELEVANCE);
  r.set_passages_per_article(2);
  r.add_sources("harbour-wire");
  r.mutable_published_from()->set_year(2024);
  r.mutable_published_from()->set_month(1);
  r.mutable_published_from()->set_day(1);
  r.mutable_published_to()->set_year(2024);
  r.mutable_published_to()->set_month(12);
  r.mutable_published_to()->set_day(31);
  return r;
}

TEST(PageTokenTest, RoundTrips) {
  const uint64_t fp = RequestFingerprint(BaseRequest());
  for (uint32_t offset : {0u, 1u, 10u, 99u, 100000u,
                          std::numeric_limits<uint32_t>::max()}) {
    const std::string token = EncodePageToken({offset, "gen-000004"}, fp);
    EXPECT_FALSE(token.empty());
    auto decoded = DecodePageToken(token, fp);
    ASSERT_TRUE(decoded.ok()) << offset << ": " << decoded.status();
    EXPECT_EQ(decoded->offset, offset);
    EXPECT_EQ(decoded->generation, "gen-000004");
  }
}

TEST(PageTokenTest, RoundTripsExtremeFingerprints) {
  for (uint64_t fp : {uint64_t{0}, uint64_t{1}, uint64_t{0xabcdef},
                      std::numeric_limits<uint64_t>::max()}) {
    auto decoded = DecodePageToken(EncodePageToken({42, "gen-000004"}, fp), fp);
    ASSERT_TRUE(decoded.ok()) << fp << ": " << decoded.status();
    EXPECT_EQ(decoded->offset, 42u);
  }
}

TEST(PageTokenTest, TokenIsWebSafeAndOpaque) {
  const std::string token =
      EncodePageToken({12345, "gen-000004"}, RequestFingerprint(BaseRequest()));
  for (char c : token) {
    EXPECT_TRUE(absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
                c == '-' || c == '_')
        << "character '" << c << "' in " << token;
  }
  // Not the bare offset.
  EXPECT_FALSE(absl::StrContains(token, "12345")) << token;
}

TEST(PageTokenTest, FingerprintIsDeterministic) {
  EXPECT_EQ(RequestFingerprint(BaseRequest()),
            RequestFingerprint(BaseRequest()));
  // Known values (FNV-1a computed independently of this code) pin the
  // fingerprint across builds and processes: a token handed out by one
  // server replica or version must be accepted by another.
  EXPECT_EQ(RequestFingerprint(byline::v1::SearchRequest()),
            0x87fe45661539df16ull);
  EXPECT_EQ(RequestFingerprint(BaseRequest()), 0xf904a6e5b0f46433ull);
}

TEST(PageTokenTest, FingerprintIgnoresPageSizeAndToken) {
  const byline::v1::SearchRequest base = BaseRequest();
  const uint64_t fp = RequestFingerprint(base);
  byline::v1::SearchRequest r = base;
  r.set_page_size(7);
  EXPECT_EQ(RequestFingerprint(r), fp);
  r.set_page_size(100);
  EXPECT_EQ(RequestFingerprint(r), fp);
  r.set_page_token(EncodePageToken({10, "gen-000004"}, fp));
  EXPECT_EQ(RequestFingerprint(r), fp);
  r.set_page_token("garbage");
  EXPECT_EQ(RequestFingerprint(r), fp);
}

TEST(PageTokenTest, FingerprintChangesWithEverythingThatShapesResults) {
  const byline::v1::SearchRequest base = BaseRequest();
  std::vector<std::pair<std::string, byline::v1::SearchRequest>> variants;
  auto add = [&](const std::string& name, auto change) {
    byline::v1::SearchRequest r = base;
    change(r);
    variants.emplace_back(name, r);
  };
  add("query", [](auto& r) { r.set_query("port strike hamburg"); });
  add("query case", [](auto& r) { r.set_query("Port strike rotterdam"); });
  add("query empty", [](auto& r) { r.clear_query(); });
  add("sort date", [](auto& r) { r.set_sort(byline::v1::SORT_ORDER_DATE); });
  add("passages_per_article", [](auto& r) { r.set_passages_per_article(3); });
  add("passages_per_article 0", [](auto& r) { r.set_passages_per_article(0); });
  add("no sources", [](auto& r) { r.clear_sources(); });
  add("another source", [](auto& r) { r.set_sources(0, "capital-courier"); });
  add("extra source", [](auto& r) { r.add_sources("capital-courier"); });
  add("published_from year",
      [](auto& r) { r.mutable_published_from()->set_year(2023); });
  add("published_from month",
      [](auto& r) { r.mutable_published_from()->set_month(2); });
  add("published_from day",
      [](auto& r) { r.mutable_published_from()->set_day(2); });
  add("published_from cleared", [](auto& r) { r.clear_published_from(); });
  add("published_to year",
      [](auto& r) { r.mutable_published_to()->set_year(2025); });
  add("published_to month",
      [](auto& r) { r.mutable_published_to()->set_month(11); });
  add("published_to day",
      [](auto& r) { r.mutable_published_to()->set_day(30); });
  add("published_to cleared", [](auto& r) { r.clear_published_to(); });
  add("from and to swapped", [](auto& r) {
    std::swap(*r.mutable_published_from(), *r.mutable_published_to());
  });

  const uint64_t base_fp = RequestFingerprint(base);
  std::set<uint64_t> seen = {base_fp};
  for (const auto& [name, r] : variants) {
    const uint64_t fp = RequestFingerprint(r);
    EXPECT_NE(fp, base_fp) << name;
    EXPECT_TRUE(seen.insert(fp).second) << name << " collides";
  }
}

TEST(PageTokenTest, FingerprintSeparatesFieldBoundaries) {
  // Sources ["ab", "c"] and ["a", "bc"] must not collide, nor a source
  // moving into the query.
  byline::v1::SearchRequest a, b, c;
  a.add_sources("ab");
  a.add_sources("c");
  b.add_sources("a");
  b.add_sources("bc");
  c.add_sources("abc");
  EXPECT_NE(RequestFingerprint(a), RequestFingerprint(b));
  EXPECT_NE(RequestFingerprint(a), RequestFingerprint(c));
  EXPECT_NE(RequestFingerprint(b), RequestFingerprint(c));
}

TEST(PageTokenTest, EquivalentRequestsShareAFingerprint) {
  const byline::v1::SearchRequest base = BaseRequest();  // sort RELEVANCE
  byline::v1::SearchRequest r = base;
  r.set_sort(byline::v1::SORT_ORDER_UNSPECIFIED);  // means relevance
  EXPECT_EQ(RequestFingerprint(r), RequestFingerprint(base));

  byline::v1::SearchRequest one = base, zero = base;
  one.set_passages_per_article(1);
  zero.set_passages_per_article(0);  // means 1
  EXPECT_EQ(RequestFingerprint(zero), RequestFingerprint(one));

  // Sources are a set: order and repeats do not matter.
  byline::v1::SearchRequest ab = base, ba = base;
  ab.clear_sources();
  ab.add_sources("harbour-wire");
  ab.add_sources("capital-courier");
  ba.clear_sources();
  ba.add_sources("capital-courier");
  ba.add_sources("harbour-wire");
  ba.add_sources("capital-courier");
  EXPECT_EQ(RequestFingerprint(ab), RequestFingerprint(ba));

  // A token from one form is accepted with the other.
  auto decoded = DecodePageToken(
      EncodePageToken({10, "gen-000004"}, RequestFingerprint(ab)),
      RequestFingerprint(ba));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->offset, 10u);
}

TEST(PageTokenTest, ForeignTokenIsInvalidArgument) {
  const byline::v1::SearchRequest base = BaseRequest();
  const std::string token =
      EncodePageToken({20, "gen-000004"}, RequestFingerprint(base));
  byline::v1::SearchRequest other = base;
  other.set_query("central bank");
  auto decoded = DecodePageToken(token, RequestFingerprint(other));
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(decoded.status().message(), HasSubstr("different"));

  other = base;
  other.set_passages_per_article(1);
  decoded = DecodePageToken(token, RequestFingerprint(other));
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(PageTokenTest, MalformedTokensAreInvalidArgument) {
  const uint64_t fp = RequestFingerprint(BaseRequest());
  const std::string hex = absl::StrCat(absl::Hex(fp));
  const std::vector<std::string> bad = {
      "not base64 !!!",
      "====",
      "\xff\xfe",
      absl::WebSafeBase64Escape(""),
      absl::WebSafeBase64Escape("v3"),
      absl::WebSafeBase64Escape("v3:10"),
      absl::WebSafeBase64Escape(absl::StrCat("v3:10:", hex)),
      absl::WebSafeBase64Escape(absl::StrCat("v4:10::", hex)),
      absl::WebSafeBase64Escape(absl::StrCat("V3:10::", hex)),
      absl::WebSafeBase64Escape(absl::StrCat("v3:::", hex)),
      absl::WebSafeBase64Escape(absl::StrCat("v3:-1::", hex)),
      absl::WebSafeBase64Escape(absl::StrCat("v3:ten::", hex)),
      absl::WebSafeBase64Escape(absl::StrCat("v3:4294967296::", hex)),
      absl::WebSafeBase64Escape(absl::StrCat("v3:10:gen-000004:", hex, ":x")),
      absl::WebSafeBase64Escape(absl::StrCat("v3:10:gen-4:", hex)),
      absl::WebSafeBase64Escape(absl::StrCat("v3:10:../etc:", hex)),
      absl::WebSafeBase64Escape(absl::StrCat("v3:10:gen-000000:", hex)),
      absl::WebSafeBase64Escape("v3:10:gen-000004:"),
      absl::WebSafeBase64Escape("v3:10::xyz"),
      absl::WebSafeBase64Escape("v3:10::123456789abcdef01"),  // > 64 bits
      // The token's text without the base64 wrapping.
      absl::StrCat("v3:10:gen-000004:", hex),
  };
  for (const std::string& token : bad) {
    auto decoded = DecodePageToken(token, fp);
    EXPECT_FALSE(decoded.ok()) << "accepted '" << token << "' as offset "
                               << (decoded.ok() ? decoded->offset : 0);
    if (!decoded.ok()) {
      EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument)
          << token << ": " << decoded.status();
    }
  }
}

TEST(PageTokenTest, TokensWithoutAGenerationRoundTrip) {
  const uint64_t fp = RequestFingerprint(BaseRequest());
  auto decoded = DecodePageToken(EncodePageToken({7, ""}, fp), fp);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, (PageToken{7, ""}));
}

TEST(PageTokenTest, OlderVersionsAreRefusedWithAClearMessage) {
  const uint64_t fp = RequestFingerprint(BaseRequest());
  const std::string hex = absl::StrCat(absl::Hex(fp));
  for (const std::string& raw :
       {absl::StrCat("v1:10:", hex), absl::StrCat("v2:10:", hex)}) {
    auto decoded = DecodePageToken(absl::WebSafeBase64Escape(raw), fp);
    ASSERT_FALSE(decoded.ok()) << raw;
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(decoded.status().message(), HasSubstr("older Byline server"));
    EXPECT_THAT(decoded.status().message(), HasSubstr("first page again"));
  }
}

TEST(PageTokenTest, TruncatedTokensNeverDecodeToAnotherOffset) {
  const uint64_t fp = RequestFingerprint(BaseRequest());
  const std::string token = EncodePageToken({30, "gen-000004"}, fp);
  for (size_t n = 0; n < token.size(); ++n) {
    auto decoded = DecodePageToken(token.substr(0, n), fp);
    if (decoded.ok()) {
      // Only a cut that drops nothing meaningful may pass, and it must
      // still mean offset 30 of the same generation.
      EXPECT_EQ(decoded->offset, 30u) << token.substr(0, n);
      EXPECT_EQ(decoded->generation, "gen-000004") << token.substr(0, n);
    } else {
      EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
}

}  // namespace
}  // namespace byline::service
