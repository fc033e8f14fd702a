// Entity fields of the query language (person:, org:, place:, misc:) and
// the entities of each returned passage, over a real index built with the
// shipped NER model from hand-written articles (fictional people and
// companies). What the recogniser found is read back from the stored
// records, so the expectations are brute-force counts over the index.
#include <xapian.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "indexer/article.h"
#include "indexer/document_builder.h"
#include "indexer/index_writer.h"
#include "ner/entity_key.h"
#include "ner/recognizer.h"
#include "schema/record.h"
#include "schema/schema.h"
#include "searcher/query_builder.h"
#include "searcher/query_parser.h"
#include "searcher/searcher.h"
#include "searcher/test_index.h"
#include "tests/test_paths.h"
#include "util/temp_dir.h"

namespace byline {
namespace {

using schema::EntityType;

Article MakeArticle(std::string id, std::string title, std::string body) {
  Article a;
  a.id = std::move(id);
  a.title = std::move(title);
  a.body = std::move(body);
  a.source = "Harbour Wire";
  a.published = absl::FromUnixSeconds(1709543700);
  return a;
}

// Every article says "harbour", so that query matches them all.
std::vector<Article> Articles() {
  return {
      MakeArticle(
          "art-1", "Halvorsen Maritime moves south",
          "Marieke van Dalen, the chief executive of Halvorsen Maritime, "
          "said on Tuesday that the company would move its harbour "
          "operations from Tromsø to Rotterdam. Ms. van Dalen told "
          "reporters that the Maritime Union had backed the plan.\n\n"
          "The move follows a strike that closed the harbour for two weeks "
          "in March, van Dalen said."),
      MakeArticle(
          "art-2", "Dockworkers accept pay offer",
          "Dockworkers in Rotterdam ended their strike on Friday after the "
          "Maritime Union accepted a pay offer from Halvorsen Maritime. "
          "Dr. Marieke van Dalen's company will raise wages by 6 percent. "
          "The harbour reopened at noon.\n\n"
          "Union leader Pieter Grootveld said members voted 412 to 96 for "
          "the deal."),
      MakeArticle(
          "art-3", "Union warns of new strike",
          "Pieter Grootveld, who leads the Maritime Union, warned that "
          "another strike could follow in Oslo. The harbour authority in "
          "Oslo said talks would resume next week.\n\n"
          "Grootveld said the union had no quarrel with Halvorsen Maritime."),
      MakeArticle(
          "art-4", "Shipping agreement signed",
          "The United States and Norway signed a shipping agreement in "
          "Washington on Monday. Officials said harbour fees would fall for "
          "Norwegian ferries sailing to the U.S. next year.\n\n"
          "The deal was welcomed in Bergen, where Marieke van Dalen said it "
          "would help Halvorsen Maritime expand."),
      MakeArticle(
          "art-5", "Storm damage in Genoa",
          "Zürich insurer Helvetia Re said storm damage at the harbour in "
          "Genoa cost it 40 million francs. Chief executive Anna Brenner "
          "said claims were still arriving.\n\n"
          "Brenner expects the harbour to reopen by June."),
      MakeArticle(
          "art-6", "Harbour life on show",
          "A small exhibition about harbour life opened at the museum in "
          "Tromsø. Curator Sigrid Aune said the photographs, taken between "
          "1950 and 1970, had never been shown before."),
  };
}

SearchRequest Request(std::string query, uint32_t limit = 10) {
  SearchRequest request;
  request.query = std::move(query);
  request.limit = limit;
  return request;
}

std::set<std::string> Ids(const SearchResult& r) {
  std::set<std::string> ids;
  for (const PassageHit& h : r.hits) ids.insert(h.article.id);
  return ids;
}

class EntityQueryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto resources = ner::LoadNerResources(testing::SourceDir() +
                                           "/ner/model/byline-ner-en.bin");
    ASSERT_TRUE(resources.ok()) << resources.status();
    resources_ = new ner::NerResources(*std::move(resources));
    auto keyer = ner::EntityKeyer::Create();
    ASSERT_TRUE(keyer.ok()) << keyer.status();
    keyer_ = new std::shared_ptr<const ner::EntityKeyer>(*std::move(keyer));
    dir_ = new TempDir();

    DocumentBuilderOptions options;
    options.entities.enabled = true;
    options.entities.resources = resources_;
    options.entities.keyer = keyer_->get();
    auto builder = DocumentBuilder::Create(options);
    ASSERT_TRUE(builder.ok()) << builder.status();
    auto writer = IndexWriter::Open(Path());
    ASSERT_TRUE(writer.ok()) << writer.status();
    for (const Article& a : Articles()) {
      auto doc = (*builder)->Build(a);
      ASSERT_TRUE(doc.ok()) << doc.status();
      ASSERT_TRUE((*writer)->Write(a.id, std::move(*doc)).ok());
    }
    ASSERT_TRUE((*writer)->Commit().ok());

    // What the recogniser and the linker stored, per article.
    records_ = new std::map<std::string, schema::StoredArticle>();
    Xapian::Database db(Path());
    for (Xapian::PostingIterator it = db.postlist_begin("");
         it != db.postlist_end(""); ++it) {
      auto stored =
          schema::DecodeStoredArticle(db.get_document(*it).get_data());
      ASSERT_TRUE(stored.ok()) << stored.status();
      const std::string id = stored->article.id;
      (*records_)[id] = *std::move(stored);
    }
    ASSERT_EQ(records_->size(), Articles().size());
  }
  static void TearDownTestSuite() {
    delete records_;
    delete dir_;
    delete keyer_;
    delete resources_;
  }

  void SetUp() override {
    SearcherOptions options;
    options.entity_keyer = *keyer_;  // shared, as a server would
    auto s = Searcher::Open(Path(), options);
    ASSERT_TRUE(s.ok()) << s.status();
    searcher_ = *std::move(s);
  }

  static std::string Path() { return dir_->Sub("index"); }

  static std::string Id(ner::EntityType type, absl::string_view key) {
    return ner::EntityId(type, key);
  }
  static std::string VanDalen() {
    return Id(ner::EntityType::kPerson, "marieke van dalen");
  }
  static std::string UnitedStates() {
    return Id(ner::EntityType::kLocation, "united states");
  }

  // The articles whose record names entity `id` of `type`.
  static std::set<std::string> Naming(EntityType type, const std::string& id) {
    std::set<std::string> out;
    for (const auto& [article, record] : *records_) {
      for (const schema::ArticleEntity& e : record.entities) {
        if (e.type == type && e.id == id) out.insert(article);
      }
    }
    return out;
  }
  static std::set<std::string> All() {
    std::set<std::string> out;
    for (const auto& [article, record] : *records_) out.insert(article);
    return out;
  }

  SearchResult Run(SearchRequest request) {
    if (request.limit == 10) request.limit = 100;
    auto result = searcher_->Search(request);
    EXPECT_TRUE(result.ok()) << request.query << ": " << result.status();
    return result.ok() ? *std::move(result) : SearchResult{};
  }
  SearchResult Run(std::string query) {
    SearchRequest request;
    request.query = std::move(query);
    return Run(std::move(request));
  }
  std::set<std::string> Found(std::string query) {
    return Ids(Run(std::move(query)));
  }

  static ner::NerResources* resources_;
  static std::shared_ptr<const ner::EntityKeyer>* keyer_;
  static TempDir* dir_;
  static std::map<std::string, schema::StoredArticle>* records_;
  std::unique_ptr<Searcher> searcher_;
};

ner::NerResources* EntityQueryTest::resources_ = nullptr;
std::shared_ptr<const ner::EntityKeyer>* EntityQueryTest::keyer_ = nullptr;
TempDir* EntityQueryTest::dir_ = nullptr;
std::map<std::string, schema::StoredArticle>* EntityQueryTest::records_ =
    nullptr;

TEST_F(EntityQueryTest, NameVariantsFindTheSameArticlesAsTheIdFilter) {
  const std::set<std::string> expected =
      Naming(EntityType::kPerson, VanDalen());
  // The recogniser found her in the three articles that name her in full.
  EXPECT_EQ(expected, (std::set<std::string>{"art-1", "art-2", "art-4"}));

  SearchRequest by_id;
  by_id.query = "harbour";
  by_id.entity_filters.push_back({FacetField::kPerson, {VanDalen()}});
  const SearchResult filtered = Run(by_id);
  EXPECT_EQ(Ids(filtered), expected);
  EXPECT_EQ(Found("person:" + VanDalen()), expected);
  for (const char* variant :
       {R"("Marieke van Dalen")", R"("Ms. Marieke van Dalen's")",
        R"("MARIEKE VAN DALEN")", "“Dr. Marieke van Dalen’s”",
        R"("marieke   van dalen")", R"("Ｍａｒｉｅｋｅ van Dalen")",
        R"("Prime Minister Marieke van-Dalen")"}) {
    SCOPED_TRACE(variant);
    const std::string name = absl::StrCat("person:", variant);
    EXPECT_EQ(Found(name), expected);
    // With words, the same hits in the same order as the request filter.
    const SearchResult r = Run("harbour " + name);
    EXPECT_EQ(r.estimated_articles, filtered.estimated_articles);
    ASSERT_EQ(r.hits.size(), filtered.hits.size());
    for (size_t i = 0; i < r.hits.size(); ++i) {
      EXPECT_EQ(r.hits[i].article.id, filtered.hits[i].article.id) << i;
      EXPECT_EQ(r.hits[i].score, filtered.hits[i].score) << i;
    }
  }
  // A short form is its own key across articles (ner/README.md): only an
  // article naming her by it alone would match; none does.
  EXPECT_TRUE(Found(R"(person:"Ms. van Dalen")").empty());
  // A one-word name needs no quotes; a field name in any case.
  const std::set<std::string> grootveld = Naming(
      EntityType::kPerson, Id(ner::EntityType::kPerson, "pieter grootveld"));
  EXPECT_EQ(grootveld, (std::set<std::string>{"art-2", "art-3"}));
  EXPECT_EQ(Found(R"(PERSON:"pieter grootveld")"), grootveld);
  const std::set<std::string> oslo =
      Naming(EntityType::kPlace, Id(ner::EntityType::kLocation, "oslo"));
  EXPECT_FALSE(oslo.empty());
  EXPECT_EQ(Found("place:OSLO"), oslo);
}

TEST_F(EntityQueryTest, CountryNamesMeetAcrossTheirVariants) {
  const std::set<std::string> expected =
      Naming(EntityType::kPlace, UnitedStates());
  EXPECT_EQ(expected, (std::set<std::string>{"art-4"}));
  for (const char* q :
       {"place:U.S.", "place:US", "place:USA", R"(place:"United States")",
        R"(place:"the United States")", R"(place:"United States of America")",
        "place:u.s."}) {
    EXPECT_EQ(Found(q), expected) << q;
  }
  // The same name as another type is another entity.
  EXPECT_TRUE(Found(R"(person:"United States")").empty());
}

TEST_F(EntityQueryTest, EntityFiltersCombineWithWordsFieldsAndNot) {
  const std::set<std::string> her = Naming(EntityType::kPerson, VanDalen());
  const std::string union_id =
      Id(ner::EntityType::kOrganization, "maritime union");
  const std::set<std::string> union_articles =
      Naming(EntityType::kOrganization, union_id);
  EXPECT_EQ(union_articles, (std::set<std::string>{"art-1", "art-2", "art-3"}));
  const std::set<std::string> strike = Found("strike");
  EXPECT_EQ(strike, (std::set<std::string>{"art-1", "art-2", "art-3"}));
  auto intersect = [](const std::set<std::string>& a,
                      const std::set<std::string>& b) {
    std::set<std::string> out;
    for (const std::string& x : a) {
      if (b.count(x)) out.insert(x);
    }
    return out;
  };
  auto minus = [](const std::set<std::string>& a,
                  const std::set<std::string>& b) {
    std::set<std::string> out;
    for (const std::string& x : a) {
      if (!b.count(x)) out.insert(x);
    }
    return out;
  };
  auto unite = [](std::set<std::string> a, const std::set<std::string>& b) {
    a.insert(b.begin(), b.end());
    return a;
  };
  const std::string her_name = R"(person:"Marieke van Dalen")";
  EXPECT_EQ(Found("strike " + her_name), intersect(strike, her));
  EXPECT_EQ(Found("strike AND " + her_name), intersect(strike, her));
  EXPECT_EQ(Found("harbour NOT " + her_name), minus(All(), her));
  EXPECT_EQ(Found("harbour -" + her_name), minus(All(), her));
  EXPECT_EQ(Found("strike -" + her_name), minus(strike, her));
  EXPECT_EQ(Found(her_name + R"( -org:"Maritime Union")"),
            minus(her, union_articles));
  EXPECT_EQ(Found(her_name + R"( OR org:"maritime union")"),
            unite(her, union_articles));
  EXPECT_EQ(Found(her_name + R"( OR person:"Pieter Grootveld")"),
            unite(her, Naming(EntityType::kPerson, Id(ner::EntityType::kPerson,
                                                      "pieter grootveld"))));
  EXPECT_EQ(Found("(" + her_name + R"( OR org:"Maritime Union") AND strike)"),
            intersect(unite(her, union_articles), strike));
  EXPECT_EQ(Found(her_name + " source:\"Harbour Wire\" date:2024-03"), her);
  EXPECT_TRUE(Found(her_name + " date:2023").empty());
  EXPECT_EQ(Found("title:strike " + her_name), std::set<std::string>{});
  EXPECT_EQ(Found(R"(title:(strike OR offer) org:"Maritime Union")"),
            (std::set<std::string>{"art-2", "art-3"}));

  // A filter carries no weight: with words, the words alone rank.
  SearchRequest plain;
  plain.query = "strike";
  plain.entity_filters.push_back({FacetField::kPerson, {VanDalen()}});
  const SearchResult a = Run(plain);
  const SearchResult b = Run("strike " + her_name);
  ASSERT_EQ(a.hits.size(), b.hits.size());
  for (size_t i = 0; i < a.hits.size(); ++i) {
    EXPECT_EQ(a.hits[i].score, b.hits[i].score) << i;
  }
  // Alone, filters sort by date (no relevance).
  EXPECT_EQ(Run(her_name).sort_used, SortOrder::kDate);
  EXPECT_EQ(Run("strike " + her_name).sort_used, SortOrder::kRelevance);
}

TEST_F(EntityQueryTest, CountsAndFacetsAgreeWithRequestEntityFilters) {
  const std::vector<FacetRequest> facets = {
      {FacetField::kOrganization, 20},
      {FacetField::kPlace, 20},
      {FacetField::kSource, 20},
  };
  struct Case {
    std::string query;  // with the filter in the query language
    std::string words;  // the same without it
    FacetField field;
    std::string id;
  };
  const std::vector<Case> cases = {
      {R"(harbour person:"Dr. Marieke van Dalen")", "harbour",
       FacetField::kPerson, VanDalen()},
      {R"(strike org:"MARITIME UNION")", "strike", FacetField::kOrganization,
       Id(ner::EntityType::kOrganization, "maritime union")},
      {"harbour place:U.S.", "harbour", FacetField::kPlace, UnitedStates()},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.query);
    SearchRequest in_query;
    in_query.query = c.query;
    in_query.facets = facets;
    SearchRequest as_filter;
    as_filter.query = c.words;
    as_filter.facets = facets;
    as_filter.entity_filters.push_back({c.field, {c.id}});
    const SearchResult q = Run(in_query);
    const SearchResult f = Run(as_filter);
    EXPECT_GT(q.estimated_articles, 0u);
    EXPECT_EQ(q.estimated_articles, f.estimated_articles);
    EXPECT_EQ(Ids(q), Ids(f));
    ASSERT_EQ(q.facets.size(), f.facets.size());
    for (size_t i = 0; i < facets.size(); ++i) {
      // A filter in the query narrows every facet (it is part of the
      // query); a request filter leaves its own field's facet disjunctive.
      if (facets[i].field == c.field) continue;
      SCOPED_TRACE(FacetFieldName(facets[i].field));
      EXPECT_EQ(q.facets[i].distinct_values, f.facets[i].distinct_values);
      ASSERT_EQ(q.facets[i].values.size(), f.facets[i].values.size());
      for (size_t v = 0; v < q.facets[i].values.size(); ++v) {
        EXPECT_EQ(q.facets[i].values[v].value, f.facets[i].values[v].value);
        EXPECT_EQ(q.facets[i].values[v].articles,
                  f.facets[i].values[v].articles);
      }
    }
  }
}

TEST_F(EntityQueryTest, UnknownOrWordlessNamesMatchNothing) {
  const std::set<std::string> harbour = Found("harbour");
  EXPECT_EQ(harbour, All());
  for (const char* q : {R"(person:"Nobody Atall")", R"(person:"...")",
                        "org:Acme", "misc:--", "place:ffffffffffffffff"}) {
    SCOPED_TRACE(q);
    auto result = searcher_->Search(Request(q));
    ASSERT_TRUE(result.ok()) << result.status();  // not an error
    EXPECT_TRUE(result->hits.empty());
    EXPECT_EQ(result->estimated_articles, 0u);
    EXPECT_TRUE(Found(absl::StrCat("harbour ", q)).empty());
    EXPECT_TRUE(Found(absl::StrCat("harbour AND ", q)).empty());
    EXPECT_EQ(Found(absl::StrCat("harbour OR ", q)), harbour);
    EXPECT_EQ(Found(absl::StrCat("harbour -", q)), harbour);
    EXPECT_EQ(Found(absl::StrCat("harbour NOT ", q)), harbour);
  }
  // Malformed entity syntax is the parser's usual error.
  auto bad = searcher_->Search(Request("harbour person:"));
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(),
            "at character 9: missing value after 'person:'");
  bad = searcher_->Search(Request("person:Mari*"));
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(EntityQueryTest, SixteenLowercaseHexDigitsAreAnIdAsItIs) {
  const std::string id = VanDalen();
  EXPECT_EQ(Found("person:" + id), Naming(EntityType::kPerson, id));
  // In upper case it is a name (its key hashes to another id).
  std::string upper = id;
  for (char& c : upper) c = absl::ascii_toupper(static_cast<unsigned char>(c));
  if (upper != id) {
    EXPECT_TRUE(Found("person:" + upper).empty());
  }
  // An id of another field's entity names nothing in this one.
  EXPECT_TRUE(Found("org:" + id).empty());
  EXPECT_TRUE(Found("person:" + id.substr(1)).empty());
}

TEST_F(EntityQueryTest, ASearcherWithoutAGivenKeyerBuildsItsOwn) {
  auto own = Searcher::Open(Path());
  ASSERT_TRUE(own.ok()) << own.status();
  auto result = (*own)->Search(Request(R"(person:"Ms. Marieke van Dalen")"));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(Ids(*result), Naming(EntityType::kPerson, VanDalen()));
}

// Code points of body[0, byte).
uint32_t CharsBefore(const std::string& body, uint32_t byte) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < byte; ++i) {
    n += (static_cast<unsigned char>(body[i]) & 0xC0) != 0x80;
  }
  return n;
}

TEST_F(EntityQueryTest, PassagesListTheirMentionsWithExactOffsets) {
  SearchRequest request;
  request.query = "harbour";
  request.limit = 100;
  request.passages_per_article = 100;  // every passage that says "harbour"
  const SearchResult result = Run(request);
  ASSERT_EQ(Ids(result), All());
  size_t mentions_seen = 0, mentions_in_passages = 0;
  for (const PassageHit& hit : result.hits) {
    SCOPED_TRACE(absl::StrCat(hit.article.id, " passage ", hit.passage_index));
    const schema::StoredArticle& record = records_->at(hit.article.id);
    const std::string& body = record.body;
    // Exactly the record's mentions that lie inside the passage, in order.
    std::vector<const schema::EntityMention*> inside;
    for (const schema::EntityMention& m : record.mentions) {
      if (m.start_byte >= hit.start_byte && m.end_byte <= hit.end_byte) {
        inside.push_back(&m);
      }
    }
    ASSERT_EQ(hit.entities.size(), inside.size());
    for (size_t i = 0; i < inside.size(); ++i) {
      const PassageEntity& e = hit.entities[i];
      const schema::ArticleEntity& entity = record.entities[inside[i]->entity];
      EXPECT_EQ(e.start_byte, inside[i]->start_byte);
      EXPECT_EQ(e.end_byte, inside[i]->end_byte);
      EXPECT_EQ(e.type, entity.type);
      EXPECT_EQ(e.id, entity.id);
      EXPECT_EQ(e.display_name, entity.display_name);
      EXPECT_LE(hit.start_byte, e.start_byte);
      EXPECT_LT(e.start_byte, e.end_byte);
      EXPECT_LE(e.end_byte, hit.end_byte);
      // Bytes slice the body and the passage text alike; chars count code
      // points from the body's start.
      const std::string surface =
          body.substr(e.start_byte, e.end_byte - e.start_byte);
      EXPECT_EQ(hit.text.substr(e.start_byte - hit.start_byte,
                                e.end_byte - e.start_byte),
                surface);
      EXPECT_EQ(e.start_char, CharsBefore(body, e.start_byte)) << surface;
      EXPECT_EQ(e.end_char, CharsBefore(body, e.end_byte)) << surface;
      EXPECT_EQ(e.end_char - e.start_char,
                CharsBefore(surface, static_cast<uint32_t>(surface.size())));
    }
    mentions_in_passages += inside.size();
  }
  // Most mentions are in passages that say "harbour" (a passage without
  // a query word is not returned).
  for (const auto& [id, record] : *records_) {
    mentions_seen += record.mentions.size();
  }
  EXPECT_GE(mentions_seen, 30u);
  EXPECT_GE(mentions_in_passages, mentions_seen * 3 / 4);

  // Short forms link to the full name; names after "ø" and "ü" have char
  // offsets behind their byte offsets.
  bool short_form = false, after_non_ascii = false;
  for (const PassageHit& hit : result.hits) {
    for (const PassageEntity& e : hit.entities) {
      const std::string surface = hit.text.substr(e.start_byte - hit.start_byte,
                                                  e.end_byte - e.start_byte);
      if (hit.article.id == "art-1" && surface == "van Dalen") {
        short_form = true;
        EXPECT_EQ(e.display_name, "Marieke van Dalen");
        EXPECT_EQ(e.id, VanDalen());
        EXPECT_EQ(e.type, EntityType::kPerson);
      }
      if (e.start_char < e.start_byte) after_non_ascii = true;
    }
  }
  EXPECT_TRUE(short_form);
  EXPECT_TRUE(after_non_ascii);
}

TEST(EntityPassagesWithoutEntitiesTest,
     PassagesOfAnIndexWithoutEntitiesHaveNone) {
  TempDir dir;
  ASSERT_TRUE(BuildTestIndex(dir.Sub("index"), Articles()).ok());
  auto searcher = Searcher::Open(dir.Sub("index"));
  ASSERT_TRUE(searcher.ok()) << searcher.status();
  auto result = (*searcher)->Search(Request("harbour", 100));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->hits.size(), Articles().size());
  for (const PassageHit& hit : result->hits) EXPECT_TRUE(hit.entities.empty());
  // Entity filters parse and match nothing there.
  result = (*searcher)->Search(Request(R"(person:"Marieke van Dalen")"));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->hits.empty());
}

// QueryBuilder on its own: terms, weights and the keyer option.
class EntityQueryBuilderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    analyzer_ = TextAnalyzer::Create()->release();
    keyer_ = ner::EntityKeyer::Create()->release();
  }
  static void TearDownTestSuite() {
    delete analyzer_;
    delete keyer_;
  }
  static absl::StatusOr<BuiltQuery> Build(absl::string_view query,
                                          const ner::EntityKeyer* keyer) {
    absl::StatusOr<QueryNode> root = ParseQuery(query);
    if (!root.ok()) return root.status();
    QueryBuilderOptions options;
    options.entity_keyer = keyer;
    QueryBuilder builder(analyzer_, options);
    return builder.Build(*root, query);
  }
  static TextAnalyzer* analyzer_;
  static ner::EntityKeyer* keyer_;
};

TextAnalyzer* EntityQueryBuilderTest::analyzer_ = nullptr;
ner::EntityKeyer* EntityQueryBuilderTest::keyer_ = nullptr;

TEST_F(EntityQueryBuilderTest, EntityFiltersAreWeightlessEntityTerms) {
  const std::string id =
      ner::EntityId(ner::EntityType::kPerson, "marieke van dalen");
  auto built = Build(R"(person:"Ms. Marieke van Dalen's")", keyer_);
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_FALSE(built->weighted);
  EXPECT_EQ(built->query.get_description(),
            absl::StrCat("Query(XPER", id, ")"));
  EXPECT_TRUE(built->terms.terms.empty());  // nothing to highlight
  built = Build("port place:US", keyer_);
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_TRUE(built->weighted);
  EXPECT_NE(
      built->query.get_description().find(
          "XLOC" + ner::EntityId(ner::EntityType::kLocation, "united states")),
      std::string::npos);
  built = Build("misc:Olympics org:x", keyer_);
  ASSERT_TRUE(built.ok()) << built.status();
  const std::string description = built->query.get_description();
  EXPECT_NE(description.find("XMISC" +
                             ner::EntityId(ner::EntityType::kMisc, "olympics")),
            std::string::npos);
  EXPECT_NE(description.find(
                "XORG" + ner::EntityId(ner::EntityType::kOrganization, "x")),
            std::string::npos);
}

TEST_F(EntityQueryBuilderTest, WithoutAKeyerOnlyIdsAreTaken) {
  auto built = Build("person:0123456789abcdef", nullptr);
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_EQ(built->query.get_description(), "Query(XPER0123456789abcdef)");
  built = Build(R"(port org:"Maritime Union")", nullptr);
  EXPECT_EQ(built.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(built.status().message(),
            "at character 6: 'org:' takes only entity ids (16 hex digits) "
            "here: this searcher cannot look up names");
}

TEST_F(EntityQueryBuilderTest, AWordlessNameMatchesNothing) {
  auto built = Build(R"(person:"...")", keyer_);
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_TRUE(built->query.empty());  // Xapian::Query::MatchNothing
  built = Build(R"(port -person:"...")", keyer_);
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_FALSE(built->query.empty());
}

}  // namespace
}  // namespace byline
