// byline.v1 <-> searcher type conversions: every field survives a round
// trip, timestamps are normalised protobuf Timestamps, and proto Dates are
// validated.
#include "service/proto_convert.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace byline::service {
namespace {

using ::testing::HasSubstr;

absl::Time Utc(int y, int m, int d, int hh = 0, int mm = 0, int ss = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, ss),
                         absl::UTCTimeZone());
}

schema::ArticleMeta SampleMeta() {
  schema::ArticleMeta meta;
  meta.id = "sample-042";
  meta.title = "Zürich Café reopens — «enfin»";
  meta.source = "Harbour Wire";
  meta.url = "https://example.com/a?b=c&d=é";
  meta.language = "fr";
  meta.published = Utc(2024, 4, 24, 5, 30, 0) + absl::Nanoseconds(123456789);
  return meta;
}

void ExpectMetaEq(const schema::ArticleMeta& a, const schema::ArticleMeta& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.url, b.url);
  EXPECT_EQ(a.language, b.language);
  EXPECT_EQ(a.published, b.published);
}

// ---------------------------------------------------------------------------
// Timestamps (through ArticleInfo.published).

TEST(ProtoConvertTest, ArticleInfoRoundTrips) {
  const schema::ArticleMeta meta = SampleMeta();
  byline::v1::ArticleInfo info;
  ToProto(meta, &info);
  EXPECT_EQ(info.id(), meta.id);
  EXPECT_EQ(info.title(), meta.title);
  EXPECT_EQ(info.source(), meta.source);
  EXPECT_EQ(info.url(), meta.url);
  EXPECT_EQ(info.language(), meta.language);
  ASSERT_TRUE(info.has_published());
  EXPECT_EQ(info.published().seconds(),
            absl::ToUnixSeconds(Utc(2024, 4, 24, 5, 30, 0)));
  EXPECT_EQ(info.published().nanos(), 123456789);
  ExpectMetaEq(FromProto(info), meta);
}

TEST(ProtoConvertTest, UndatedArticleHasNoTimestamp) {
  schema::ArticleMeta meta = SampleMeta();
  meta.published.reset();
  byline::v1::ArticleInfo info;
  ToProto(meta, &info);
  EXPECT_FALSE(info.has_published());
  const schema::ArticleMeta back = FromProto(info);
  EXPECT_FALSE(back.published.has_value());
  ExpectMetaEq(back, meta);
}

TEST(ProtoConvertTest, EmptyArticleInfoRoundTrips) {
  const schema::ArticleMeta meta;
  byline::v1::ArticleInfo info;
  ToProto(meta, &info);
  EXPECT_EQ(info.ByteSizeLong(), 0u);
  ExpectMetaEq(FromProto(info), meta);
}

TEST(ProtoConvertTest, TimestampsAreNormalisedAndRoundTrip) {
  const std::vector<absl::Time> times = {
      absl::UnixEpoch(),
      absl::UnixEpoch() + absl::Nanoseconds(1),
      absl::UnixEpoch() - absl::Nanoseconds(1),
      absl::UnixEpoch() - absl::Milliseconds(1500),  // -1.5 s
      Utc(1969, 7, 20, 20, 17, 40) + absl::Microseconds(250),
      Utc(1900, 1, 1),
      Utc(2024, 2, 29, 23, 59, 59) + absl::Nanoseconds(999999999),
      Utc(2038, 1, 19, 3, 14, 8),  // past 32-bit time_t
      Utc(9999, 12, 31, 23, 59, 59),
  };
  for (absl::Time t : times) {
    schema::ArticleMeta meta;
    meta.published = t;
    byline::v1::ArticleInfo info;
    ToProto(meta, &info);
    ASSERT_TRUE(info.has_published());
    const auto& ts = info.published();
    // google.protobuf.Timestamp: nanos in [0, 1e9), even before 1970.
    EXPECT_GE(ts.nanos(), 0) << absl::FormatTime(t);
    EXPECT_LT(ts.nanos(), 1000000000) << absl::FormatTime(t);
    EXPECT_EQ(
        absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos()), t)
        << absl::FormatTime(t);
    EXPECT_EQ(FromProto(info).published, t) << absl::FormatTime(t);
  }
  // -1.5 s is seconds -2, nanos 500000000.
  schema::ArticleMeta meta;
  meta.published = absl::UnixEpoch() - absl::Milliseconds(1500);
  byline::v1::ArticleInfo info;
  ToProto(meta, &info);
  EXPECT_EQ(info.published().seconds(), -2);
  EXPECT_EQ(info.published().nanos(), 500000000);
}

// ---------------------------------------------------------------------------
// Passages.

PassageHit SampleHit() {
  PassageHit hit;
  hit.rank = 7;
  hit.score = 12.345678901234567;
  hit.passage_score = 3.25;
  hit.article = SampleMeta();
  hit.passage_index = 2;
  hit.passage_count = 5;
  hit.start_byte = 1000;
  hit.end_byte = 1042;
  hit.start_char = 990;
  hit.end_char = 1030;
  hit.text = "Café owners in Zürich said the strike ended";
  hit.highlights = {{1001, 1006, 991, 995}, {1033, 1039, 1022, 1028}};
  // "Café" and "Zürich" of the text, as body offsets (bytes and chars).
  hit.entities = {
      {schema::EntityType::kOrganization, "00c0ffee00c0ffee", "Café Central",
       1000, 1005, 990, 994},
      {schema::EntityType::kPlace, "0123456789abcdef", "Zürich", 1016, 1023,
       1005, 1011},
  };
  return hit;
}

void ExpectHitEq(const PassageHit& a, const PassageHit& b) {
  EXPECT_EQ(a.rank, b.rank);
  EXPECT_EQ(a.score, b.score);  // exact: doubles travel as doubles
  EXPECT_EQ(a.passage_score, b.passage_score);
  ExpectMetaEq(a.article, b.article);
  EXPECT_EQ(a.passage_index, b.passage_index);
  EXPECT_EQ(a.passage_count, b.passage_count);
  EXPECT_EQ(a.start_byte, b.start_byte);
  EXPECT_EQ(a.end_byte, b.end_byte);
  EXPECT_EQ(a.start_char, b.start_char);
  EXPECT_EQ(a.end_char, b.end_char);
  EXPECT_EQ(a.text, b.text);
  ASSERT_EQ(a.highlights.size(), b.highlights.size());
  for (size_t i = 0; i < a.highlights.size(); ++i) {
    EXPECT_EQ(a.highlights[i].start_byte, b.highlights[i].start_byte) << i;
    EXPECT_EQ(a.highlights[i].end_byte, b.highlights[i].end_byte) << i;
    EXPECT_EQ(a.highlights[i].start_char, b.highlights[i].start_char) << i;
    EXPECT_EQ(a.highlights[i].end_char, b.highlights[i].end_char) << i;
  }
  ASSERT_EQ(a.entities.size(), b.entities.size());
  for (size_t i = 0; i < a.entities.size(); ++i) {
    EXPECT_EQ(a.entities[i].type, b.entities[i].type) << i;
    EXPECT_EQ(a.entities[i].id, b.entities[i].id) << i;
    EXPECT_EQ(a.entities[i].display_name, b.entities[i].display_name) << i;
    EXPECT_EQ(a.entities[i].start_byte, b.entities[i].start_byte) << i;
    EXPECT_EQ(a.entities[i].end_byte, b.entities[i].end_byte) << i;
    EXPECT_EQ(a.entities[i].start_char, b.entities[i].start_char) << i;
    EXPECT_EQ(a.entities[i].end_char, b.entities[i].end_char) << i;
  }
}

TEST(ProtoConvertTest, PassageRoundTrips) {
  const PassageHit hit = SampleHit();
  byline::v1::Passage p;
  ToProto(hit, &p);
  EXPECT_EQ(p.rank(), 7u);
  EXPECT_EQ(p.score(), hit.score);
  EXPECT_EQ(p.passage_score(), 3.25);
  EXPECT_EQ(p.text(), hit.text);
  EXPECT_EQ(p.range().start_byte(), 1000u);
  EXPECT_EQ(p.range().end_byte(), 1042u);
  EXPECT_EQ(p.range().start_char(), 990u);
  EXPECT_EQ(p.range().end_char(), 1030u);
  ASSERT_EQ(p.highlights_size(), 2);
  EXPECT_EQ(p.highlights(1).start_byte(), 1033u);
  EXPECT_EQ(p.highlights(1).end_byte(), 1039u);
  EXPECT_EQ(p.highlights(1).start_char(), 1022u);
  EXPECT_EQ(p.highlights(1).end_char(), 1028u);
  EXPECT_EQ(p.passage_index(), 2u);
  EXPECT_EQ(p.passage_count(), 5u);
  EXPECT_EQ(p.article().id(), "sample-042");
  ASSERT_EQ(p.entities_size(), 2);
  EXPECT_EQ(p.entities(0).type(), byline::v1::FACET_FIELD_ORGANIZATION);
  EXPECT_EQ(p.entities(0).id(), "00c0ffee00c0ffee");
  EXPECT_EQ(p.entities(0).display_name(), "Café Central");
  EXPECT_EQ(p.entities(1).type(), byline::v1::FACET_FIELD_PLACE);
  EXPECT_EQ(p.entities(1).range().start_byte(), 1016u);
  EXPECT_EQ(p.entities(1).range().end_byte(), 1023u);
  EXPECT_EQ(p.entities(1).range().start_char(), 1005u);
  EXPECT_EQ(p.entities(1).range().end_char(), 1011u);
  // The ranges slice the passage text at the names.
  EXPECT_EQ(p.text().substr(
                p.entities(1).range().start_byte() - p.range().start_byte(),
                p.entities(1).range().end_byte() -
                    p.entities(1).range().start_byte()),
            "Zürich");
  ExpectHitEq(FromProto(p), hit);

  // And through the wire format.
  byline::v1::Passage parsed;
  ASSERT_TRUE(parsed.ParseFromString(p.SerializeAsString()));
  ExpectHitEq(FromProto(parsed), hit);
}

TEST(ProtoConvertTest, PassageWithoutHighlightsOrDateRoundTrips) {
  PassageHit hit = SampleHit();
  hit.highlights.clear();
  hit.article.published.reset();
  hit.score = 0;  // filter-only queries
  hit.passage_score = 0;
  byline::v1::Passage p;
  ToProto(hit, &p);
  EXPECT_EQ(p.highlights_size(), 0);
  EXPECT_FALSE(p.article().has_published());
  ExpectHitEq(FromProto(p), hit);
}

TEST(ProtoConvertTest, PassageEntityTypesRoundTrip) {
  PassageHit hit = SampleHit();
  hit.entities.clear();
  const schema::EntityType types[] = {
      schema::EntityType::kPerson, schema::EntityType::kOrganization,
      schema::EntityType::kPlace, schema::EntityType::kMisc};
  const byline::v1::FacetField fields[] = {
      byline::v1::FACET_FIELD_PERSON, byline::v1::FACET_FIELD_ORGANIZATION,
      byline::v1::FACET_FIELD_PLACE, byline::v1::FACET_FIELD_MISC};
  for (uint32_t i = 0; i < 4; ++i) {
    hit.entities.push_back({types[i], "000000000000000" + std::to_string(i),
                            "name", 1000 + i, 1001 + i, 990 + i, 991 + i});
  }
  byline::v1::Passage p;
  ToProto(hit, &p);
  ASSERT_EQ(p.entities_size(), 4);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(p.entities(i).type(), fields[i]) << i;
  ExpectHitEq(FromProto(p), hit);
}

TEST(ProtoConvertTest, PassageEntitiesOfUnknownTypeAreSkipped) {
  // A newer server may name types this client does not know (or send the
  // non-entity facet fields): they are left out, the others kept.
  byline::v1::Passage p;
  ToProto(SampleHit(), &p);
  p.mutable_entities(0)->set_type(byline::v1::FACET_FIELD_SOURCE);
  byline::v1::PassageEntity* future = p.add_entities();
  future->set_type(static_cast<byline::v1::FacetField>(42));
  future->set_id("ffffffffffffffff");
  p.add_entities()->set_type(byline::v1::FACET_FIELD_UNSPECIFIED);
  const PassageHit hit = FromProto(p);
  ASSERT_EQ(hit.entities.size(), 1u);
  EXPECT_EQ(hit.entities[0].type, schema::EntityType::kPlace);
  EXPECT_EQ(hit.entities[0].display_name, "Zürich");
}

TEST(ProtoConvertTest, PassageWithoutEntitiesHasNone) {
  PassageHit hit = SampleHit();
  hit.entities.clear();
  byline::v1::Passage p;
  ToProto(hit, &p);
  EXPECT_EQ(p.entities_size(), 0);
  EXPECT_TRUE(FromProto(p).entities.empty());
}

// ---------------------------------------------------------------------------
// Sort orders.

TEST(ProtoConvertTest, SortOrders) {
  EXPECT_EQ(ToProto(SortOrder::kRelevance), byline::v1::SORT_ORDER_RELEVANCE);
  EXPECT_EQ(ToProto(SortOrder::kDate), byline::v1::SORT_ORDER_DATE);
  EXPECT_EQ(FromProto(byline::v1::SORT_ORDER_UNSPECIFIED),
            SortOrder::kRelevance);
  EXPECT_EQ(FromProto(byline::v1::SORT_ORDER_RELEVANCE), SortOrder::kRelevance);
  EXPECT_EQ(FromProto(byline::v1::SORT_ORDER_DATE), SortOrder::kDate);
  // An enum value from a newer client (proto3 keeps unknown values).
  EXPECT_EQ(FromProto(static_cast<byline::v1::SortOrder>(42)),
            SortOrder::kRelevance);
  for (SortOrder s : {SortOrder::kRelevance, SortOrder::kDate}) {
    EXPECT_EQ(FromProto(ToProto(s)), s);
  }
}

// ---------------------------------------------------------------------------
// Dates.

byline::v1::Date MakeDate(int y, int m, int d) {
  byline::v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

TEST(ProtoConvertTest, AllZeroDateIsAbsent) {
  auto day = FromProto(byline::v1::Date(), "published_from");
  ASSERT_TRUE(day.ok()) << day.status();
  EXPECT_FALSE(day->has_value());
  day = FromProto(MakeDate(0, 0, 0), "published_to");
  ASSERT_TRUE(day.ok()) << day.status();
  EXPECT_FALSE(day->has_value());
}

TEST(ProtoConvertTest, ValidDatesConvert) {
  struct Case {
    int y, m, d;
  };
  for (const Case& c : {Case{2024, 2, 29}, Case{2024, 1, 1}, Case{2024, 12, 31},
                        Case{2000, 2, 29}, Case{1970, 1, 1}, Case{1, 1, 1},
                        Case{9999, 12, 31}}) {
    auto day = FromProto(MakeDate(c.y, c.m, c.d), "published_from");
    ASSERT_TRUE(day.ok()) << c.y << "-" << c.m << "-" << c.d << ": "
                          << day.status();
    ASSERT_TRUE(day->has_value());
    EXPECT_EQ(**day, absl::CivilDay(c.y, c.m, c.d));
  }
}

TEST(ProtoConvertTest, ImpossibleDatesAreInvalidArgumentNamingTheField) {
  struct Case {
    int y, m, d;
  };
  for (const Case& c :
       {Case{2024, 2, 30}, Case{2023, 2, 29}, Case{1900, 2, 29},
        Case{2024, 4, 31}, Case{2024, 13, 1}, Case{2024, 0, 1},
        Case{2024, 1, 0}, Case{2024, 1, 32}, Case{2024, -1, 10},
        Case{2024, 1, -1}, Case{2024, 0, 0}, Case{0, 0, 1}, Case{0, 1, 0}}) {
    auto day = FromProto(MakeDate(c.y, c.m, c.d), "published_to");
    EXPECT_FALSE(day.ok()) << c.y << "-" << c.m << "-" << c.d << " accepted as "
                           << (day.ok() && day->has_value()
                                   ? absl::FormatCivilTime(**day)
                                   : "absent");
    if (!day.ok()) {
      EXPECT_EQ(day.status().code(), absl::StatusCode::kInvalidArgument);
      EXPECT_THAT(day.status().message(), HasSubstr("published_to"));
      EXPECT_THAT(day.status().message(), HasSubstr("not a valid day"));
    }
  }
  auto day = FromProto(MakeDate(2024, 2, 30), "published_from");
  ASSERT_FALSE(day.ok());
  EXPECT_THAT(day.status().message(), HasSubstr("published_from"));
  EXPECT_THAT(day.status().message(), HasSubstr("2024-02-30"));
}

TEST(ProtoConvertTest, CivilDayRoundTrips) {
  for (absl::CivilDay d :
       {absl::CivilDay(2024, 2, 29), absl::CivilDay(1970, 1, 1),
        absl::CivilDay(1999, 12, 31), absl::CivilDay(2100, 3, 1)}) {
    byline::v1::Date date;
    ToProto(d, &date);
    EXPECT_EQ(date.year(), d.year());
    EXPECT_EQ(date.month(), d.month());
    EXPECT_EQ(date.day(), d.day());
    auto back = FromProto(date, "published_from");
    ASSERT_TRUE(back.ok()) << back.status();
    ASSERT_TRUE(back->has_value());
    EXPECT_EQ(**back, d);
  }
}

// ---------------------------------------------------------------------------
// Index statistics.

IndexStats SampleStats() {
  IndexStats s;
  s.path = "/srv/byline/index";
  s.generation = "gen-000004";
  s.articles = 40;
  s.passages = 213;
  s.undated_articles = 3;
  s.average_passage_words = 41.625;
  s.schema_version = "3";
  // The indexer writes RFC 3339 to the second, in UTC.
  s.built_at = absl::FormatTime(absl::RFC3339_sec, Utc(2024, 7, 30, 8, 15, 2),
                                absl::UTCTimeZone());
  s.oldest_published = Utc(2024, 1, 23, 13, 0, 0);
  s.newest_published = Utc(2024, 7, 24, 9, 0, 0) + absl::Nanoseconds(5);
  // Sorted as the searcher sorts: by count, descending, then by name.
  s.articles_by_source = {{"northern-ledger", 14},
                          {"harbour-wire", 11},
                          {"capital-courier", 9},
                          {"meridian-post", 6}};
  return s;
}

void ExpectStatsEq(const IndexStats& a, const IndexStats& b) {
  EXPECT_EQ(a.path, b.path);
  EXPECT_EQ(a.generation, b.generation);
  EXPECT_EQ(a.articles, b.articles);
  EXPECT_EQ(a.passages, b.passages);
  EXPECT_EQ(a.undated_articles, b.undated_articles);
  EXPECT_EQ(a.average_passage_words, b.average_passage_words);
  EXPECT_EQ(a.schema_version, b.schema_version);
  EXPECT_EQ(a.built_at, b.built_at);
  EXPECT_EQ(a.oldest_published, b.oldest_published);
  EXPECT_EQ(a.newest_published, b.newest_published);
  EXPECT_EQ(a.articles_by_source, b.articles_by_source);
}

TEST(ProtoConvertTest, StatsRoundTrip) {
  const IndexStats stats = SampleStats();
  byline::v1::StatsResponse proto;
  ToProto(stats, &proto);
  EXPECT_EQ(proto.articles(), 40u);
  EXPECT_EQ(proto.undated_articles(), 3u);
  EXPECT_EQ(proto.passages(), 213u);
  EXPECT_EQ(proto.index_path(), "/srv/byline/index");
  EXPECT_EQ(proto.generation(), "gen-000004");
  EXPECT_EQ(proto.schema_version(), "3");
  EXPECT_EQ(proto.average_passage_terms(), 41.625);
  ASSERT_TRUE(proto.has_built_at());
  EXPECT_EQ(proto.built_at().seconds(),
            absl::ToUnixSeconds(Utc(2024, 7, 30, 8, 15, 2)));
  EXPECT_EQ(proto.built_at().nanos(), 0);
  ASSERT_TRUE(proto.has_oldest_published());
  ASSERT_TRUE(proto.has_newest_published());
  EXPECT_EQ(proto.newest_published().nanos(), 5);
  ASSERT_EQ(proto.articles_by_source_size(), 4);
  EXPECT_EQ(proto.articles_by_source().at("harbour-wire"), 11u);
  ExpectStatsEq(FromProto(proto), stats);

  // Through the wire: map order is unspecified, the C++ side re-sorts.
  byline::v1::StatsResponse parsed;
  ASSERT_TRUE(parsed.ParseFromString(proto.SerializeAsString()));
  ExpectStatsEq(FromProto(parsed), stats);
}

TEST(ProtoConvertTest, StatsSourcesTieBreakByName) {
  IndexStats stats = SampleStats();
  stats.articles_by_source = {{"a-source", 5}, {"b-source", 5}, {"c", 1}};
  byline::v1::StatsResponse proto;
  ToProto(stats, &proto);
  EXPECT_EQ(FromProto(proto).articles_by_source, stats.articles_by_source);
}

TEST(ProtoConvertTest, EmptyIndexStatsRoundTrip) {
  IndexStats stats;
  stats.path = "/tmp/empty";
  byline::v1::StatsResponse proto;
  ToProto(stats, &proto);
  EXPECT_FALSE(proto.has_built_at());  // never committed
  EXPECT_FALSE(proto.has_oldest_published());
  EXPECT_FALSE(proto.has_newest_published());
  const IndexStats back = FromProto(proto);
  ExpectStatsEq(back, stats);
  EXPECT_TRUE(back.built_at.empty());
}

TEST(ProtoConvertTest, UnparsableBuiltAtIsLeftUnset) {
  IndexStats stats = SampleStats();
  stats.built_at = "yesterday";
  byline::v1::StatsResponse proto;
  ToProto(stats, &proto);
  EXPECT_FALSE(proto.has_built_at());
  EXPECT_TRUE(FromProto(proto).built_at.empty());
}

TEST(ProtoConvertTest, BuiltAtWithAnOffsetComesBackInUtc) {
  IndexStats stats = SampleStats();
  stats.built_at = "2024-07-30T10:15:02+02:00";
  byline::v1::StatsResponse proto;
  ToProto(stats, &proto);
  ASSERT_TRUE(proto.has_built_at());
  EXPECT_EQ(proto.built_at().seconds(),
            absl::ToUnixSeconds(Utc(2024, 7, 30, 8, 15, 2)));
  EXPECT_EQ(FromProto(proto).built_at,
            absl::FormatTime(absl::RFC3339_sec, Utc(2024, 7, 30, 8, 15, 2),
                             absl::UTCTimeZone()));
}

}  // namespace
}  // namespace byline::service
