// FacetCounter against a brute-force count, on a real Xapian database of
// article documents with entity, source and day values as the indexer
// writes them (schema.h, schema/entity_value.h).
#include "searcher/facet_counter.h"

#include "searcher/entity_counts.h"

#include <xapian.h>

#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "schema/entity_value.h"
#include "schema/schema.h"
#include "searcher/entity_names.h"
#include "util/temp_dir.h"

namespace byline {
namespace {

struct TestArticle {
  std::vector<std::string> words;
  // Per type: (id, display name), most mentioned first.
  std::vector<std::pair<std::string, std::string>> entities[4];
  std::string source;
  std::string day;  // YYYYMMDD or ""
};

Xapian::Document MakeDocument(const TestArticle& a) {
  Xapian::Document doc;
  for (const std::string& w : a.words) doc.add_term(w);
  std::vector<schema::EntityValueEntry> entries;
  for (int t = 0; t < 4; ++t) {
    const auto type = static_cast<schema::EntityType>(t);
    for (const auto& [id, display] : a.entities[t]) {
      doc.add_boolean_term(schema::EntityTerm(type, id));
      doc.add_boolean_term(schema::EntityNameTerm(type, id, display));
      entries.push_back({type, id});
    }
  }
  const std::string value = schema::PackFacetValue(
      a.day, a.source, schema::PackEntityValue(entries));
  if (!value.empty()) doc.add_value(schema::kSlotEntities, value);
  if (!a.source.empty()) doc.add_value(schema::kSlotSource, a.source);
  if (!a.day.empty()) doc.add_value(schema::kSlotPublishedDay, a.day);
  return doc;
}

std::vector<FacetResult> Count(const Xapian::Database& db,
                               const Xapian::Query& query,
                               std::vector<FacetRequest> requests,
                               bool local_shards = true,
                               EntityCounts* entity_counts = nullptr) {
  FacetCounter counter(std::move(requests), local_shards, entity_counts);
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  counter.Attach(enquire);
  enquire.get_mset(0, 10, db.get_doccount());
  EntityNames names;
  return counter.Results(db, &names);
}

class FacetCounterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // 400 articles over 3 words, 30 people with varying display forms, 12
    // organisations, 5 sources, days over 2024.
    std::mt19937 rng(17);
    Xapian::WritableDatabase db(dir_.path() + "/db", Xapian::DB_CREATE);
    for (int n = 0; n < 400; ++n) {
      TestArticle a;
      for (const char* w : {"port", "strike", "bank"}) {
        if (rng() % 3 != 0) a.words.push_back(w);
      }
      a.words.push_back("all");
      std::set<int> people;
      const int count = static_cast<int>(rng() % 11);  // 0..10: some > 8
      while (static_cast<int>(people.size()) < count) {
        people.insert(static_cast<int>(rng() % 30));
      }
      for (int p : people) {
        // Two display forms of each person; the id decides the entity.
        const std::string form = rng() % 4 == 0
                                     ? absl::StrCat("P. Person", p)
                                     : absl::StrCat("Pat Person", p);
        a.entities[0].emplace_back(absl::StrFormat("%016x", 1000 + p), form);
      }
      if (rng() % 2) {
        const int o = static_cast<int>(rng() % 12);
        a.entities[1].emplace_back(absl::StrFormat("%016x", 5000 + o),
                                   absl::StrCat("Org ", o));
      }
      a.source = absl::StrCat("wire-", rng() % 5);
      if (rng() % 10 != 0) {
        const absl::CivilDay day =
            absl::CivilDay(2024, 1, 1) + static_cast<int>(rng() % 366);
        a.day = absl::StrFormat("%04d%02d%02d", day.year(), day.month(),
                                day.day());
      }
      db.add_document(MakeDocument(a));
      articles_.push_back(std::move(a));
    }
    db.commit();
  }

  static bool Matches(const TestArticle& a, const std::string& word) {
    for (const std::string& w : a.words) {
      if (w == word) return true;
    }
    return false;
  }

  TempDir dir_;
  std::vector<TestArticle> articles_;
};

TEST_F(FacetCounterTest, EveryValueOfEveryFacetMatchesABruteForceCount) {
  Xapian::Database db(dir_.path() + "/db");
  // Both entity spies: Byline's own (local shards) and Xapian's
  // ValueCountMatchSpy of whole sets (what remote shards run).
  // One EntityCounts reused by every search, as a Searcher does: counts of
  // one search never leak into the next.
  for (const bool local : {true, false}) {
  EntityCounts reused;
  for (const char* word : {"port", "strike", "bank", "all", "port"}) {
    SCOPED_TRACE(absl::StrCat(word, local ? " local" : " remote-safe"));
    const std::vector<FacetResult> results =
        Count(db, Xapian::Query(word),
              {{FacetField::kPerson, kMaxFacetValues},
               {FacetField::kOrganization, kMaxFacetValues},
               {FacetField::kSource, kMaxFacetValues},
               {FacetField::kDate, 10, DateInterval::kMonth}},
              local, &reused);
    ASSERT_EQ(results.size(), 4u);
    std::map<std::string, uint64_t> people, orgs, sources, months;
    // Display names: the form most articles of the whole index use.
    std::map<std::string, std::map<std::string, uint64_t>> forms;
    for (const TestArticle& a : articles_) {
      for (const auto& [id, display] : a.entities[0]) ++forms[id][display];
    }
    for (const TestArticle& a : articles_) {
      if (!Matches(a, word)) continue;
      for (const auto& [id, display] : a.entities[0]) ++people[id];
      for (const auto& [id, display] : a.entities[1]) ++orgs[id];
      ++sources[a.source];
      if (!a.day.empty()) ++months[a.day.substr(0, 6)];
    }
    ASSERT_EQ(results[0].field, FacetField::kPerson);
    EXPECT_EQ(results[0].distinct_values, people.size());
    ASSERT_EQ(results[0].values.size(), people.size());
    for (size_t i = 0; i < results[0].values.size(); ++i) {
      const FacetValue& v = results[0].values[i];
      EXPECT_EQ(v.articles, people[v.value]) << v.value;
      // The display form most articles use (ties: bytewise first).
      const auto& f = forms[v.value];
      const auto best = std::max_element(
          f.begin(), f.end(),
          [](const auto& a, const auto& b) { return a.second < b.second ||
                 (a.second == b.second && a.first > b.first); });
      EXPECT_EQ(v.display_name, best->first) << v.value;
      if (i > 0) EXPECT_GE(results[0].values[i - 1].articles, v.articles);
    }
    ASSERT_EQ(results[1].values.size(), orgs.size());
    for (const FacetValue& v : results[1].values) {
      EXPECT_EQ(v.articles, orgs[v.value]) << v.value;
    }
    ASSERT_EQ(results[2].values.size(), sources.size());
    for (const FacetValue& v : results[2].values) {
      EXPECT_EQ(v.articles, sources[v.value]) << v.value;
      EXPECT_EQ(v.display_name, v.value);
    }
    // Months in order, every month from the first to the last.
    EXPECT_EQ(results[3].interval, DateInterval::kMonth);
    ASSERT_FALSE(results[3].values.empty());
    uint64_t dated = 0;
    for (const FacetValue& v : results[3].values) {
      const std::string yyyymm =
          absl::StrCat(v.value.substr(0, 4), v.value.substr(5, 2));
      EXPECT_EQ(v.articles, months[yyyymm]) << v.value;
      EXPECT_EQ(v.display_name, v.value.substr(0, 7));
      dated += v.articles;
    }
    uint64_t expected_dated = 0;
    for (const auto& [m, n] : months) expected_dated += n;
    EXPECT_EQ(dated, expected_dated);
  }
  }
}

TEST_F(FacetCounterTest, TopValuesAreCutAndOrdered) {
  Xapian::Database db(dir_.path() + "/db");
  const auto results =
      Count(db, Xapian::Query("all"), {{FacetField::kPerson, 3}});
  ASSERT_EQ(results[0].values.size(), 3u);
  EXPECT_EQ(results[0].distinct_values, 30u);
  EXPECT_GE(results[0].values[0].articles, results[0].values[1].articles);
  EXPECT_GE(results[0].values[1].articles, results[0].values[2].articles);
}

TEST_F(FacetCounterTest, DateIntervalsAreChosenFromTheSpan) {
  Xapian::Database db(dir_.path() + "/db");
  // A whole year of days: weeks (span <= 366 days).
  auto results = Count(db, Xapian::Query("all"), {{FacetField::kDate}});
  EXPECT_EQ(results[0].interval, DateInterval::kWeek);
  ASSERT_FALSE(results[0].values.empty());
  // ISO weeks: 2024-01-01 is a Monday, in week 1 of 2024.
  EXPECT_EQ(results[0].values.front().value, "2024-01-01");
  EXPECT_EQ(results[0].values.front().display_name, "2024-W01");
  // 2024-12-30 (Monday) starts week 1 of 2025.
  EXPECT_EQ(results[0].values.back().display_name, "2025-W01");
  results = Count(db, Xapian::Query("all"),
                  {{FacetField::kDate, 10, DateInterval::kDay}});
  EXPECT_EQ(results[0].interval, DateInterval::kDay);
  EXPECT_LE(results[0].values.size(), 366u);
  results = Count(db, Xapian::Query("all"),
                  {{FacetField::kDate, 10, DateInterval::kYear}});
  ASSERT_EQ(results[0].values.size(), 1u);
  EXPECT_EQ(results[0].values[0].display_name, "2024");
}

TEST(FacetRequestsTest, BadRequestsNameTheField) {
  EXPECT_TRUE(ValidateFacetRequests({{FacetField::kPerson, 10},
                                     {FacetField::kDate, 1,
                                      DateInterval::kMonth}})
                  .ok());
  absl::Status s = ValidateFacetRequests(
      {{FacetField::kPerson, 10}, {FacetField::kPerson, 5}});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("facets[1].field"), std::string::npos) << s;
  s = ValidateFacetRequests({{FacetField::kSource, 0}});
  EXPECT_NE(s.message().find("facets[0].max_values"), std::string::npos) << s;
  s = ValidateFacetRequests({{FacetField::kSource, kMaxFacetValues + 1}});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  s = ValidateFacetRequests({{FacetField::kOrganization, 10,
                              DateInterval::kDay}});
  EXPECT_NE(s.message().find("facets[0].interval"), std::string::npos) << s;
  EXPECT_EQ(ParseFacetField("ORG"), FacetField::kOrganization);
  EXPECT_EQ(ParseFacetField("location"), FacetField::kPlace);
  EXPECT_FALSE(ParseFacetField("colour").has_value());
  EXPECT_EQ(ParseDateInterval("Week"), DateInterval::kWeek);
}

}  // namespace
}  // namespace byline
