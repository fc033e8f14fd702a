// EntityLookup and Searcher::ListEntities on real indexes of original
// hand-written articles, indexed with the shipped NER model as `byline
// index` does: listings and completions against brute-force counts over
// the stored records, case and Unicode forms, titles and aliases, ranking
// and limits, one shard against two, and bad requests.
#include "searcher/entity_lookup.h"

#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "indexer/article.h"
#include "indexer/document_builder.h"
#include "indexer/index_writer.h"
#include "ner/entity_key.h"
#include "ner/recognizer.h"
#include "schema/record.h"
#include "schema/schema.h"
#include "searcher/searcher.h"
#include "tests/test_paths.h"
#include "util/temp_dir.h"

namespace byline {

// Readable failures for entity lists.
void PrintTo(const EntityEntry& e, std::ostream* os) {
  *os << "{" << e.display_name << " " << static_cast<int>(e.type) << " " << e.id
      << " " << e.articles << "}";
}

namespace {

using schema::EntityType;
using ::testing::HasSubstr;

// Original articles written for this test (fictional people and firms).
const char* const kBodies[] = {
    "Marieke van Dalen, the chief executive of Halvorsen Maritime, met "
    "leaders of the Maritime Union in Rotterdam on Monday. Van Dalen said "
    "the talks had gone well and that Halvorsen Maritime would keep its "
    "ships in Rotterdam.",

    "The Maritime Union called a strike at the port of Rotterdam on "
    "Tuesday. Union leader Joost Marinus said members would walk out on "
    "Friday unless wages rose. Marinus spoke to reporters outside the "
    "union's office.",

    "Marisol Ortega, a spokeswoman for Nordvik Bank, said the bank would "
    "lend Halvorsen Maritime 200 million euros. Ortega spoke in Oslo after "
    "a meeting of the bank's board.",

    "Lucía Maré, the mayor of Bergen, welcomed the decision on Wednesday. "
    "Maré said Bergen would keep its shipyards open through the winter.",

    "Pieter Grootveld, an analyst at Nordvik Bank in Oslo, said Marieke van "
    "Dalen had a strong hand in the talks. Grootveld expects a deal with the "
    "Maritime Union by June.",

    "Dockers in Oslo joined the strike called by the Maritime Union. Police "
    "in Oslo said the protest outside the harbour was peaceful.",

    "Marieke van Dalen flew to Brussels on Thursday to meet officials of "
    "the European Union. Van Dalen returned to Rotterdam in the evening.",

    "Mare Shipping, a small ferry operator in Bergen, said on Friday that it "
    "would cut two routes. Mare Shipping blamed the strike for lost "
    "bookings.",

    "Marisol Ortega of Nordvik Bank said interest rates would rise. Shares "
    "of Nordvik Bank fell two percent in Oslo.",

    "Dr. Hendrik van der Berg, a port economist in Rotterdam, said the "
    "strike would cost the city millions. Van der Berg urged Marieke van "
    "Dalen and Joost Marinus to talk again.",

    "U.S. officials said the United States was watching the strike in "
    "Rotterdam closely. Washington has asked for calm.",

    "Cargo bound for the U.S. was held in Rotterdam for a week. Buyers in "
    "the U.S. said they would look for other ports.",

    "Grain exports to the U.S. fell in March, traders in Bergen said.",

    "the ferries ran late again on saturday, and passengers waited for "
    "hours in the cold.",
};

struct RecordEntity {
  EntityType type;
  std::string id;
  std::string display;
};

// Counts and forms of an entity over a set of records.
struct Expected {
  EntityType type;
  uint64_t articles = 0;
  std::map<std::string, uint64_t> forms;
  std::string Display() const {
    std::string best;
    uint64_t n = 0;
    for (const auto& [form, count] : forms) {
      if (count > n) best = form, n = count;  // map order: ties go first
    }
    return best;
  }
};

class EntityLookupTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    auto keyer = ner::EntityKeyer::Create();
    ASSERT_TRUE(keyer.ok()) << keyer.status();
    keyer_ = std::shared_ptr<const ner::EntityKeyer>(*std::move(keyer));
    auto resources = ner::LoadNerResources(testing::SourceDir() +
                                           "/ner/model/byline-ner-en.bin");
    ASSERT_TRUE(resources.ok()) << resources.status();
    DocumentBuilderOptions options;
    options.entities.enabled = true;
    options.entities.resources = &*resources;
    options.entities.keyer = keyer_.get();
    auto builder = DocumentBuilder::Create(options);
    ASSERT_TRUE(builder.ok()) << builder.status();

    // One plain database, and the same articles over two shards (a stub
    // listing shard directories, as indexes before generations).
    namespace fs = std::filesystem;
    fs::create_directories(two_path());
    auto one = IndexWriter::Open(one_path());
    auto shard0 = IndexWriter::Open(two_path() + "/shard-000");
    auto shard1 = IndexWriter::Open(two_path() + "/shard-001");
    ASSERT_TRUE(one.ok() && shard0.ok() && shard1.ok());
    std::ofstream(two_path() + "/XAPIANDB")
        << "auto shard-000\nauto shard-001\n";
    records_ = new std::vector<std::vector<RecordEntity>>();
    for (size_t i = 0; i < std::size(kBodies); ++i) {
      Article a;
      a.id = absl::StrCat("el-", i);
      a.title = absl::StrCat("Harbour news ", i);
      a.body = kBodies[i];
      a.source = "Harbour Wire";
      a.published = absl::FromUnixSeconds(1709543700 + 86400 * i);
      auto doc = (*builder)->Build(a);
      ASSERT_TRUE(doc.ok()) << doc.status();
      auto stored = schema::DecodeStoredArticle(doc->get_data());
      ASSERT_TRUE(stored.ok());
      std::vector<RecordEntity>& entities = records_->emplace_back();
      for (const schema::ArticleEntity& e : stored->entities) {
        entities.push_back({e.type, e.id, e.display_name});
      }
      ASSERT_TRUE((*one)->Write(a.id, *doc).ok());
      ASSERT_TRUE((i % 2 == 0 ? *shard0 : *shard1)->Write(a.id, *doc).ok());
    }
    ASSERT_TRUE((*one)->Commit().ok());
    ASSERT_TRUE((*shard0)->Commit().ok());
    ASSERT_TRUE((*shard1)->Commit().ok());
  }
  static void TearDownTestSuite() {
    delete records_;
    delete dir_;
    keyer_.reset();
  }

  static std::string one_path() { return dir_->Sub("one"); }
  static std::string two_path() { return dir_->Sub("two"); }

  // The two-shard database as a stub would open it.
  static Xapian::Database TwoShards() {
    Xapian::Database db(two_path() + "/shard-000");
    db.add_database(Xapian::Database(two_path() + "/shard-001"));
    return db;
  }

  // Every entity of the records of `articles` (all: every article), by
  // type + id, with the forms of the whole index (display names are the
  // form most articles of the index use).
  static std::map<std::string, Expected> BruteForce(
      const std::set<size_t>* articles = nullptr) {
    std::map<std::string, Expected> out;
    for (size_t i = 0; i < records_->size(); ++i) {
      if (articles != nullptr && !articles->count(i)) continue;
      for (const RecordEntity& e : (*records_)[i]) {
        Expected& x = out[absl::StrCat(static_cast<int>(e.type), e.id)];
        x.type = e.type;
        ++x.articles;
      }
    }
    for (size_t i = 0; i < records_->size(); ++i) {
      for (const RecordEntity& e : (*records_)[i]) {
        auto it = out.find(absl::StrCat(static_cast<int>(e.type), e.id));
        if (it != out.end()) ++it->second.forms[e.display];
      }
    }
    return out;
  }

  // Whether `e`'s key (that of its display name) has a word start that
  // begins with `normalized`.
  static bool KeyHasWordStart(const Expected& e,
                              const std::string& normalized) {
    const std::string key = keyer_->Key(
        e.Display(), static_cast<ner::EntityType>(static_cast<int>(e.type)));
    for (size_t start = 0;;) {
      if (absl::StartsWith(absl::string_view(key).substr(start), normalized)) {
        return true;
      }
      const size_t space = key.find(' ', start);
      if (space == std::string::npos) return false;
      start = space + 1;
    }
  }

  // Checks `list` against the brute-force entities `want` (all of them
  // matched): same entities, counts and display names, in rank order.
  static void ExpectSame(const EntityList& list,
                         const std::map<std::string, Expected>& want,
                         uint32_t limit) {
    EXPECT_EQ(list.matched, want.size());
    ASSERT_EQ(list.entities.size(), std::min<size_t>(limit, want.size()));
    for (size_t i = 0; i < list.entities.size(); ++i) {
      const EntityEntry& e = list.entities[i];
      SCOPED_TRACE(e.display_name);
      const auto it = want.find(absl::StrCat(static_cast<int>(e.type), e.id));
      ASSERT_NE(it, want.end());
      EXPECT_EQ(e.articles, it->second.articles);
      EXPECT_EQ(e.display_name, it->second.Display());
      if (i > 0) {
        const EntityEntry& p = list.entities[i - 1];
        EXPECT_TRUE(
            p.articles > e.articles ||
            (p.articles == e.articles && p.display_name <= e.display_name));
      }
    }
    // Nothing left out ranks above the last one returned.
    if (!list.entities.empty()) {
      for (const auto& [key, x] : want) {
        EXPECT_LE(x.articles, list.entities.front().articles);
      }
    }
  }

  static std::vector<std::string> Names(const EntityList& list) {
    std::vector<std::string> names;
    for (const EntityEntry& e : list.entities) names.push_back(e.display_name);
    return names;
  }

  static EntityList Complete(const Xapian::Database& db,
                             const std::string& prefix,
                             std::vector<EntityType> types = {},
                             uint32_t limit = kMaxEntityListLimit) {
    EntityListRequest request;
    request.prefix = prefix;
    request.types = std::move(types);
    request.limit = limit;
    auto list = EntityLookup(keyer_.get()).List(db, request);
    EXPECT_TRUE(list.ok()) << list.status();
    return list.ok() ? *std::move(list) : EntityList();
  }

  static TempDir* dir_;
  static std::shared_ptr<const ner::EntityKeyer> keyer_;
  static std::vector<std::vector<RecordEntity>>* records_;
};

TempDir* EntityLookupTest::dir_ = nullptr;
std::shared_ptr<const ner::EntityKeyer> EntityLookupTest::keyer_;
std::vector<std::vector<RecordEntity>>* EntityLookupTest::records_ = nullptr;

TEST_F(EntityLookupTest, TheArticlesNameTheEntitiesTheTestsExpect) {
  const std::map<std::string, Expected> all = BruteForce();
  std::set<std::string> names;
  for (const auto& [key, e] : all) names.insert(e.Display());
  for (const char* name :
       {"Marieke van Dalen", "Maritime Union", "Halvorsen Maritime",
        "Nordvik Bank", "Marisol Ortega", "Joost Marinus", "Lucía Maré",
        "Mare Shipping", "Rotterdam", "Oslo", "Bergen"}) {
    EXPECT_TRUE(names.count(name)) << name;
  }
  // An entity's id is that of its display name's key (what the completion
  // terms were made of), so the brute force below can key display names.
  for (const auto& [key, e] : all) {
    EXPECT_EQ(
        key.substr(1),
        ner::EntityId(static_cast<ner::EntityType>(static_cast<int>(e.type)),
                      keyer_->Key(e.Display(), static_cast<ner::EntityType>(
                                                   static_cast<int>(e.type)))))
        << e.Display();
  }
}

TEST_F(EntityLookupTest, ListsTheMostNamedEntitiesLikeABruteForceCount) {
  const std::map<std::string, Expected> all = BruteForce();
  for (const bool sharded : {false, true}) {
    SCOPED_TRACE(sharded ? "two shards" : "one shard");
    const Xapian::Database db =
        sharded ? TwoShards() : Xapian::Database(one_path());
    EntityList list = Complete(db, "");
    ExpectSame(list, all, kMaxEntityListLimit);
    EXPECT_EQ(list.term_scans, 1u);  // one scan of the name terms
    // The most named: Rotterdam (5 articles).
    ASSERT_GE(list.entities.size(), 2u);
    EXPECT_EQ(list.entities[0].display_name, "Rotterdam");
    EXPECT_EQ(list.entities[0].type, EntityType::kPlace);
    EXPECT_EQ(list.entities[0].id,
              ner::EntityId(ner::EntityType::kLocation, "rotterdam"));
    // Per type: one scan per type asked for.
    for (int t = 0; t < schema::kEntityTypeCount; ++t) {
      const auto type = static_cast<EntityType>(t);
      std::map<std::string, Expected> of_type;
      for (const auto& [key, e] : all) {
        if (e.type == type) of_type.emplace(key, e);
      }
      list = Complete(db, "", {type}, 3);
      ExpectSame(list, of_type, 3);
      EXPECT_EQ(list.term_scans, 1u);
    }
    list = Complete(db, "", {EntityType::kPerson, EntityType::kMisc}, 5);
    EXPECT_EQ(list.term_scans, 2u);
    for (const EntityEntry& e : list.entities) {
      EXPECT_TRUE(e.type == EntityType::kPerson || e.type == EntityType::kMisc);
    }
  }
}

TEST_F(EntityLookupTest, FormsOfOneEntityAddUpAndTheCommonestNamesIt) {
  // "United States" in one article, "U.S." in two: one entity of three
  // articles, shown as "U.S."; its completion and name terms agree.
  for (const bool sharded : {false, true}) {
    const Xapian::Database db =
        sharded ? TwoShards() : Xapian::Database(one_path());
    for (const char* prefix : {"", "united", "stat", "u.s"}) {
      SCOPED_TRACE(prefix);
      const EntityList list = Complete(db, prefix, {EntityType::kPlace});
      const std::string id =
          ner::EntityId(ner::EntityType::kLocation, "united states");
      const auto it =
          std::find_if(list.entities.begin(), list.entities.end(),
                       [&](const EntityEntry& e) { return e.id == id; });
      ASSERT_NE(it, list.entities.end());
      EXPECT_EQ(it->articles, 3u);
      EXPECT_EQ(it->display_name, "U.S.");
    }
  }
}

TEST_F(EntityLookupTest, CompletesByTheFirstOrALaterWord) {
  const Xapian::Database db(one_path());
  const std::vector<std::string> mari = Names(Complete(db, "mari"));
  EXPECT_THAT(mari,
              ::testing::IsSupersetOf({"Marieke van Dalen", "Maritime Union",
                                       "Marisol Ortega", "Joost Marinus"}));
  // Ranked by articles, as a brute force over the records.
  std::map<std::string, Expected> want;
  for (const auto& [key, e] : BruteForce()) {
    if (KeyHasWordStart(e, "mari")) want.emplace(key, e);
  }
  ExpectSame(Complete(db, "mari"), want, kMaxEntityListLimit);
  EXPECT_THAT(mari, ::testing::Not(::testing::Contains("Lucía Maré")));
  // Later words: "Dalen", "van Da", "Union", "Ortega".
  EXPECT_THAT(Names(Complete(db, "dal")),
              ::testing::ElementsAre("Marieke van Dalen"));
  EXPECT_THAT(Names(Complete(db, "van da")),
              ::testing::ElementsAre("Marieke van Dalen"));
  EXPECT_THAT(Names(Complete(db, "van d")),
              ::testing::UnorderedElementsAre("Marieke van Dalen",
                                              "Hendrik van der Berg"));
  EXPECT_THAT(Names(Complete(db, "uni")),
              ::testing::Contains("Maritime Union"));
  EXPECT_THAT(Names(Complete(db, "orte")),
              ::testing::ElementsAre("Marisol Ortega"));
  // A word inside a word is no word start.
  EXPECT_TRUE(Complete(db, "alen").entities.empty());
  EXPECT_TRUE(Complete(db, "zzz").entities.empty());
  // One scan for all types.
  EXPECT_EQ(Complete(db, "mari").term_scans, 1u);
}

TEST_F(EntityLookupTest, CaseAndUnicodeFormsMeetButAccentsCount) {
  const Xapian::Database db(one_path());
  const std::vector<std::string> lower = Names(Complete(db, "marie"));
  EXPECT_EQ(Names(Complete(db, "MARIE")), lower);
  EXPECT_EQ(Names(Complete(db, "Marie")), lower);
  // Full-width letters are their plain forms (NFKC).
  EXPECT_EQ(Names(Complete(db, "\xEF\xBC\xAD\xEF\xBD\x81rie")), lower);
  // "maré" in any case, precomposed or with a combining accent, finds Lucía
  // Maré and not Mare Shipping; "mare" the other way round (the keyer
  // keeps accents: Jorg is not Jörg).
  for (const char* accented : {"maré", "MARÉ", "Mare\xCC\x81"}) {
    SCOPED_TRACE(accented);
    EXPECT_THAT(Names(Complete(db, accented)),
                ::testing::ElementsAre("Lucía Maré"));
  }
  EXPECT_THAT(Names(Complete(db, "mare")),
              ::testing::ElementsAre("Mare Shipping"));
  EXPECT_THAT(Names(Complete(db, "LUCÍA")),
              ::testing::ElementsAre("Lucía Maré"));
  // Dots and possessives as in keys.
  EXPECT_EQ(Names(Complete(db, "Dalen's")), Names(Complete(db, "dalen")));
}

TEST_F(EntityLookupTest, TitlesAliasesAndWholeWords) {
  const Xapian::Database db(one_path());
  // A title typed before a person's name is dropped for people.
  EXPECT_THAT(Names(Complete(db, "Dr. Hend")),
              ::testing::ElementsAre("Hendrik van der Berg"));
  // Places and organisations complete through the keyer's aliases too.
  for (const char* us : {"US", "U.S.", "united st"}) {
    SCOPED_TRACE(us);
    const EntityList list = Complete(db, us, {EntityType::kPlace});
    ASSERT_EQ(list.entities.size(), 1u);
    EXPECT_EQ(list.entities[0].id,
              ner::EntityId(ner::EntityType::kLocation, "united states"));
  }
  // A trailing space ends the word.
  EXPECT_THAT(Names(Complete(db, "van ")),
              ::testing::UnorderedElementsAre("Marieke van Dalen",
                                              "Hendrik van der Berg"));
  EXPECT_THAT(Names(Complete(db, "marieke ")),
              ::testing::ElementsAre("Marieke van Dalen"));
  EXPECT_TRUE(Complete(db, "mari ").entities.empty());
  // No word: nothing.
  EXPECT_TRUE(Complete(db, "--").entities.empty());
  EXPECT_EQ(Complete(db, "--").term_scans, 0u);
}

TEST_F(EntityLookupTest, CompletionCountsMatchABruteForceForEveryPrefix) {
  const std::map<std::string, Expected> all = BruteForce();
  // Every prefix of 1 to 4 characters of every word start of every key.
  std::set<std::string> prefixes;
  for (const auto& [key, e] : all) {
    const std::string k = keyer_->Key(
        e.Display(), static_cast<ner::EntityType>(static_cast<int>(e.type)));
    for (size_t start = 0; start < k.size();) {
      for (size_t n = 1; n <= 4 && start + n <= k.size(); ++n) {
        prefixes.insert(k.substr(start, n));
      }
      const size_t space = k.find(' ', start);
      if (space == std::string::npos) break;
      start = space + 1;
    }
  }
  ASSERT_GT(prefixes.size(), 50u);
  const Xapian::Database one(one_path());
  const Xapian::Database two = TwoShards();
  for (const std::string& prefix : prefixes) {
    // Prefixes cut inside a UTF-8 character, or of a space, are no input.
    if (prefix.back() == ' ' ||
        (static_cast<unsigned char>(prefix.back()) & 0x80) != 0) {
      continue;
    }
    SCOPED_TRACE(prefix);
    std::map<std::string, Expected> want;
    for (const auto& [key, e] : all) {
      if (KeyHasWordStart(e, prefix)) want.emplace(key, e);
    }
    const EntityList a = Complete(one, prefix);
    const EntityList b = Complete(two, prefix);
    // Aliases may add a place or organisation ("us" -> United States):
    // compare those that the plain normalisation finds.
    std::map<std::string, Expected> found;
    for (const EntityEntry& e : a.entities) {
      found.emplace(absl::StrCat(static_cast<int>(e.type), e.id), Expected());
    }
    for (const auto& [key, e] : want) {
      EXPECT_TRUE(found.count(key)) << e.Display();
    }
    for (const EntityEntry& e : a.entities) {
      const auto it = want.find(absl::StrCat(static_cast<int>(e.type), e.id));
      if (it == want.end()) continue;
      EXPECT_EQ(e.articles, it->second.articles) << e.display_name;
      EXPECT_EQ(e.display_name, it->second.Display());
    }
    // Two shards: the same list.
    ASSERT_EQ(a.entities.size(), b.entities.size());
    for (size_t i = 0; i < a.entities.size(); ++i) {
      EXPECT_EQ(a.entities[i], b.entities[i]);
    }
  }
}

TEST_F(EntityLookupTest, LimitKeepsTheTopOfTheRanking) {
  const Xapian::Database db(one_path());
  const EntityList full = Complete(db, "m");
  ASSERT_GE(full.entities.size(), 4u);
  for (uint32_t limit : {1u, 2u, 3u}) {
    const EntityList cut = Complete(db, "m", {}, limit);
    ASSERT_EQ(cut.entities.size(), limit);
    EXPECT_EQ(cut.matched, full.matched);
    for (uint32_t i = 0; i < limit; ++i) {
      EXPECT_EQ(cut.entities[i], full.entities[i]);
    }
  }
  // The type filter.
  for (const EntityEntry& e :
       Complete(db, "mar", {EntityType::kOrganization}).entities) {
    EXPECT_EQ(e.type, EntityType::kOrganization) << e.display_name;
  }
  EXPECT_THAT(Names(Complete(db, "mar", {EntityType::kOrganization})),
              ::testing::UnorderedElementsAre(
                  "Maritime Union", "Halvorsen Maritime", "Mare Shipping"));
}

TEST_F(EntityLookupTest, BadRequestsNameTheField) {
  const Xapian::Database db(one_path());
  const EntityLookup lookup(keyer_.get());
  EntityListRequest request;
  request.limit = 0;
  auto list = lookup.List(db, request);
  EXPECT_EQ(list.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(list.status().message(), HasSubstr("limit"));
  request.limit = kMaxEntityListLimit + 1;
  EXPECT_THAT(lookup.List(db, request).status().message(), HasSubstr("limit"));
  request.limit = 10;
  request.prefix = std::string(kMaxEntityPrefixBytes + 1, 'a');
  list = lookup.List(db, request);
  EXPECT_EQ(list.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(list.status().message(), HasSubstr("prefix"));
  for (const char* bad :
       {"ma\xC3", "\xFF", "a\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80"}) {
    request.prefix = bad;
    list = lookup.List(db, request);
    EXPECT_EQ(list.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(list.status().message(), HasSubstr("UTF-8"));
  }
  request.prefix = "ma";
  request.types = {EntityType::kPerson, EntityType::kPerson};
  list = lookup.List(db, request);
  EXPECT_EQ(list.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(list.status().message(), HasSubstr("types[1]"));
  request.types = {static_cast<EntityType>(7)};
  EXPECT_THAT(lookup.List(db, request).status().message(),
              HasSubstr("types[0]"));
  // A query needs the searcher (facets).
  request.types.clear();
  request.query = "strike";
  EXPECT_THAT(lookup.List(db, request).status().message(), HasSubstr("query"));
  // No keyer: listings work, completions say what is missing.
  const EntityLookup no_keyer(nullptr);
  request.query.clear();
  EXPECT_EQ(no_keyer.List(db, request).status().code(),
            absl::StatusCode::kFailedPrecondition);
  request.prefix.clear();
  EXPECT_TRUE(no_keyer.List(db, request).ok());
}

TEST_F(EntityLookupTest, SearcherListsTheIndexAndAQuerysEntities) {
  SearcherOptions options;
  options.entity_keyer = keyer_;
  for (const std::string& path : {one_path(), two_path()}) {
    SCOPED_TRACE(path);
    auto searcher = Searcher::Open(path, options);
    ASSERT_TRUE(searcher.ok()) << searcher.status();
    // The whole index: as EntityLookup over the database.
    EntityListRequest request;
    request.limit = kMaxEntityListLimit;
    auto list = (*searcher)->ListEntities(request);
    ASSERT_TRUE(list.ok()) << list.status();
    ExpectSame(*list, BruteForce(), kMaxEntityListLimit);
    request.prefix = "mari";
    list = (*searcher)->ListEntities(request);
    ASSERT_TRUE(list.ok()) << list.status();
    EXPECT_EQ(list->entities,
              Complete(Xapian::Database(one_path()), "mari").entities);

    // A query: the entities of the articles that match it, counted over
    // them (facets), against a brute force over those articles' records.
    SearchRequest search;
    search.query = "strike";
    search.limit = 100;
    auto hits = (*searcher)->Search(search);
    ASSERT_TRUE(hits.ok()) << hits.status();
    std::set<size_t> matching;
    for (const PassageHit& hit : hits->hits) {
      matching.insert(std::stoul(hit.article.id.substr(3)));
    }
    ASSERT_GE(matching.size(), 5u);
    ASSERT_LT(matching.size(), std::size(kBodies));
    request.prefix.clear();
    request.query = "strike";
    list = (*searcher)->ListEntities(request);
    ASSERT_TRUE(list.ok()) << list.status();
    EXPECT_EQ(list->term_scans, 0u);
    ExpectSame(*list, BruteForce(&matching), kMaxEntityListLimit);
    // With a prefix: those of them it completes.
    request.prefix = "mari";
    list = (*searcher)->ListEntities(request);
    ASSERT_TRUE(list.ok()) << list.status();
    std::map<std::string, Expected> want;
    for (const auto& [key, e] : BruteForce(&matching)) {
      if (KeyHasWordStart(e, "mari")) want.emplace(key, e);
    }
    ExpectSame(*list, want, kMaxEntityListLimit);
    EXPECT_FALSE(want.empty());
    // A limit and a type.
    request.prefix.clear();
    request.limit = 2;
    request.types = {EntityType::kPlace};
    list = (*searcher)->ListEntities(request);
    ASSERT_TRUE(list.ok()) << list.status();
    ASSERT_EQ(list->entities.size(), 2u);
    EXPECT_EQ(list->entities[0].display_name, "Rotterdam");
    // Bad input: the query's own errors, and the request's.
    request.query = "(strike";
    EXPECT_EQ((*searcher)->ListEntities(request).status().code(),
              absl::StatusCode::kInvalidArgument);
    request.query.clear();
    request.limit = 0;
    EXPECT_EQ((*searcher)->ListEntities(request).status().code(),
              absl::StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace byline
