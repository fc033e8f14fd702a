// Tests for article document construction.
#include "indexer/document_builder.h"

#include <map>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ner/entity_key.h"
#include "ner/recognizer.h"
#include "schema/entity_value.h"
#include "schema/record.h"
#include "schema/schema.h"
#include "tests/test_paths.h"

namespace byline {
namespace {

std::set<std::string> Terms(const Xapian::Document& doc) {
  std::set<std::string> terms;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    terms.insert(*it);
  }
  return terms;
}

// The entities part of a document's facet value (schema::PackFacetValue).
std::string EntityPart(const Xapian::Document& doc) {
  const std::string value = doc.get_value(schema::kSlotEntities);
  schema::FacetValueParts parts;
  EXPECT_TRUE(schema::SplitFacetValue(value, &parts));
  return std::string(parts.entities);
}

Article SampleArticle() {
  Article a;
  a.id = "zz-1";
  a.title = "Ports reopen";
  a.body =
      "Café owners in Zürich cheered. The ports reopened on Monday.\n\n"
      "Officials said traffic would recover. Ships queued overnight.";
  a.source = "Harbour Wire";
  a.url = "https://x.test/zz-1";
  a.published = absl::FromUnixSeconds(1709543700);
  return a;
}

std::unique_ptr<DocumentBuilder> NewBuilder() {
  auto builder = DocumentBuilder::Create();
  EXPECT_TRUE(builder.ok()) << builder.status();
  return *std::move(builder);
}

TEST(DocumentBuilderTest, OneDocumentPerArticleWithExactPassageOffsets) {
  auto builder = NewBuilder();
  const Article article = SampleArticle();
  auto doc = builder->Build(article);
  ASSERT_TRUE(doc.ok()) << doc.status();
  auto stored = schema::DecodeStoredArticle(doc->get_data());
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->article.id, "zz-1");
  EXPECT_EQ(stored->article.published, article.published);
  EXPECT_EQ(stored->body, article.body);  // the only copy of the text
  // The first paragraph is short, so the second joins it.
  ASSERT_EQ(stored->passages.size(), 2u);
  uint32_t previous_end = 0;
  for (size_t i = 0; i < stored->passages.size(); ++i) {
    const schema::PassageBounds& p = stored->passages[i];
    EXPECT_GE(p.start_byte, previous_end);
    EXPECT_LT(p.start_byte, p.end_byte);
    previous_end = p.end_byte;
    // Code point offsets: the body has two 2-byte characters (é, ü) in the
    // first passage.
    const uint32_t expected_char_shift = i == 0 ? 0 : 2;
    EXPECT_EQ(p.start_char, p.start_byte - expected_char_shift);
  }
  EXPECT_EQ(article.body.substr(
                stored->passages[1].start_byte,
                stored->passages[1].end_byte - stored->passages[1].start_byte),
            "Ships queued overnight.");  // three sentences at most
  EXPECT_EQ(stored->passages[1].end_byte, article.body.size());
  // The passage count is the wdf of kTermPassages, so that collection
  // frequency counts passages.
  for (auto it = doc->termlist_begin(); it != doc->termlist_end(); ++it) {
    if (*it == schema::kTermPassages) {
      EXPECT_EQ(it.get_wdf(), 2u);
    }
  }
}

TEST(DocumentBuilderTest, TermsFollowTheSchema) {
  auto builder = NewBuilder();
  auto doc = builder->Build(SampleArticle());
  ASSERT_TRUE(doc.ok());
  const std::set<std::string> terms = Terms(*doc);
  EXPECT_TRUE(terms.count("Qzz-1"));
  EXPECT_TRUE(terms.count("XSRCharbour-wire"));
  EXPECT_TRUE(terms.count("Len"));
  EXPECT_TRUE(terms.count("Sports"));  // title word
  EXPECT_TRUE(terms.count("ZSport"));  // title stem
  EXPECT_TRUE(terms.count(std::string(schema::kTermPassages)));
  EXPECT_TRUE(terms.count("zürich"));
  EXPECT_TRUE(terms.count("reopened"));
  EXPECT_TRUE(terms.count("Zreopen"));
  EXPECT_TRUE(terms.count("ships"));  // words of every passage
  EXPECT_EQ(doc->get_value(schema::kSlotArticleId), "zz-1");
  EXPECT_EQ(doc->get_value(schema::kSlotSource), "harbour-wire");
  EXPECT_EQ(schema::DeserializeTime(doc->get_value(schema::kSlotPublished)),
            absl::FromUnixSeconds(1709543700));
  EXPECT_EQ(doc->get_value(schema::kSlotPublishedDay), "20240304");
}

// Schema 6: a title word adds kTitleStemWdf to its body stem term, so one
// posting list per query word ranks title and body together.
TEST(DocumentBuilderTest, TitleWordsCountInTheBodyStems) {
  auto builder = NewBuilder();
  Article article = SampleArticle();
  article.title = "Ports reopen after the gale";
  auto doc = builder->Build(article);
  ASSERT_TRUE(doc.ok()) << doc.status();
  std::map<std::string, Xapian::termcount> wdf;
  for (auto it = doc->termlist_begin(); it != doc->termlist_end(); ++it) {
    wdf[*it] = it.get_wdf();
  }
  const Xapian::termcount title = schema::kTitleStemWdf;
  ASSERT_GT(title, 0u);
  EXPECT_EQ(wdf["Zport"], 1 + title);    // "ports" in body and title
  EXPECT_EQ(wdf["Zreopen"], 1 + title);  // "reopened" / "reopen"
  EXPECT_EQ(wdf["Zgale"], title);        // the title only
  EXPECT_EQ(wdf.count("gale"), 0u);      // no exact body term, no position
  EXPECT_EQ(wdf["ZSgale"], 1u);          // and its own title stem
  EXPECT_EQ(wdf["Sgale"], 1u);
  EXPECT_EQ(wdf["Zship"], 1u);  // body only
}

TEST(DocumentBuilderTest, PositionsAreConsecutiveForPhrases) {
  auto builder = NewBuilder();
  auto built = builder->Build(SampleArticle());
  ASSERT_TRUE(built.ok());
  const Xapian::Document& doc = *built;
  auto position_of = [&](const std::string& term) {
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
      if (*it == term) return *it.positionlist_begin();
    }
    return Xapian::termpos(0);
  };
  EXPECT_EQ(position_of("ports") + 1, position_of("reopened"));
  EXPECT_EQ(position_of("café") + 1, position_of("owners"));
  EXPECT_LT(position_of("reopened"), position_of("ships"));
}

TEST(DocumentBuilderTest, UndatedArticleHasNoDateValue) {
  auto builder = NewBuilder();
  Article article = SampleArticle();
  article.published.reset();
  article.source.clear();
  auto doc = builder->Build(article);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->get_value(schema::kSlotPublished), "");
  EXPECT_EQ(doc->get_value(schema::kSlotPublishedDay), "");
  EXPECT_EQ(doc->get_value(schema::kSlotSource), "");
  // Nothing to count either (no entities without a recogniser).
  EXPECT_EQ(doc->get_value(schema::kSlotEntities), "");
}

// Schema 5: the facet value holds the day and source, the same as their own
// slots, with or without entities, so that facet counts read one value.
TEST(DocumentBuilderTest, FacetValueHoldsDayAndSource) {
  auto builder = NewBuilder();  // no recogniser
  auto doc = builder->Build(SampleArticle());
  ASSERT_TRUE(doc.ok());
  const std::string value = doc->get_value(schema::kSlotEntities);
  schema::FacetValueParts parts;
  ASSERT_TRUE(schema::SplitFacetValue(value, &parts));
  EXPECT_EQ(parts.day, doc->get_value(schema::kSlotPublishedDay));
  EXPECT_EQ(parts.day, "20240304");
  EXPECT_EQ(parts.source, doc->get_value(schema::kSlotSource));
  EXPECT_EQ(parts.source, "harbour-wire");
  EXPECT_EQ(parts.entities, "");
  // A malformed value is refused, not read past its end.
  EXPECT_FALSE(schema::SplitFacetValue(value.substr(0, 3), &parts));
  EXPECT_FALSE(schema::SplitFacetValue("\x7f", &parts));
}

TEST(DocumentBuilderTest, BodyWithoutWordsIsRejected) {
  auto builder = NewBuilder();
  Article article = SampleArticle();
  article.body = "... --- !!!";
  auto docs = builder->Build(article);
  ASSERT_FALSE(docs.ok());
  EXPECT_THAT(std::string(docs.status().message()),
              ::testing::HasSubstr("field 'body'"));
}

TEST(DocumentBuilderTest, OverlongWordIsSkippedNotFatal) {
  auto builder = NewBuilder();
  Article article = SampleArticle();
  article.body = "Before " + std::string(300, 'x') + " after.";
  auto docs = builder->Build(article);
  ASSERT_TRUE(docs.ok()) << docs.status();
  const std::set<std::string> terms = Terms(*docs);
  EXPECT_TRUE(terms.count("before"));
  EXPECT_TRUE(terms.count("after"));
  for (const std::string& t : terms) EXPECT_LE(t.size(), 245u) << t;
}

// Entities at index time: the shipped model, shared by the builders of one
// test suite as it is by the workers of a job.
class DocumentBuilderEntityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto resources = ner::LoadNerResources(testing::SourceDir() +
                                           "/ner/model/byline-ner-en.bin");
    ASSERT_TRUE(resources.ok()) << resources.status();
    resources_ = new ner::NerResources(*std::move(resources));
    auto keyer = ner::EntityKeyer::Create();
    ASSERT_TRUE(keyer.ok()) << keyer.status();
    keyer_ = keyer->release();
  }
  static void TearDownTestSuite() {
    delete resources_;
    delete keyer_;
  }

  static std::unique_ptr<DocumentBuilder> NewEntityBuilder() {
    DocumentBuilderOptions options;
    options.entities.enabled = true;
    options.entities.resources = resources_;
    options.entities.keyer = keyer_;
    auto builder = DocumentBuilder::Create(options);
    EXPECT_TRUE(builder.ok()) << builder.status();
    return builder.ok() ? *std::move(builder) : nullptr;
  }

  static Article EntityArticle() {
    Article a;
    a.id = "ent-1";
    a.title = "Halvorsen Maritime leaves Bergen";  // not searched
    a.body =
        "Marieke van Dalen, the chief executive of Halvorsen Maritime, said "
        "on Tuesday that the company would move its headquarters from Bergen "
        "to Rotterdam. Van Dalen told reporters in Oslo that Halvorsen "
        "Maritime had agreed terms with the Maritime Union.\n\n"
        "Pieter Grootveld, an analyst at Nordvik Bank in Oslo, said the move "
        "made sense. \"Rotterdam is the bigger port,\" Grootveld said. Ms. "
        "van Dalen's plan still needs approval from the European Union, and "
        "Grootveld expects a decision in Brussels by June. Shares rose 4 "
        "percent in Oslo, Grootveld noted.";
    a.source = "Harbour Wire";
    a.published = absl::FromUnixSeconds(1709543700);
    return a;
  }

  static std::string Id(ner::EntityType type, absl::string_view key) {
    return ner::EntityId(type, key);
  }

  static ner::NerResources* resources_;
  static ner::EntityKeyer* keyer_;
};

ner::NerResources* DocumentBuilderEntityTest::resources_ = nullptr;
ner::EntityKeyer* DocumentBuilderEntityTest::keyer_ = nullptr;

TEST_F(DocumentBuilderEntityTest, CreateNeedsResourcesAndKeyer) {
  DocumentBuilderOptions options;
  options.entities.enabled = true;
  options.entities.keyer = keyer_;
  auto builder = DocumentBuilder::Create(options);
  EXPECT_EQ(builder.status().code(), absl::StatusCode::kInvalidArgument);
  options.entities.resources = resources_;
  options.entities.keyer = nullptr;
  EXPECT_EQ(DocumentBuilder::Create(options).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(DocumentBuilderEntityTest, TermsValuesAndMentionsFollowTheContract) {
  auto builder = NewEntityBuilder();
  ASSERT_NE(builder, nullptr);
  const Article article = EntityArticle();
  auto doc = builder->Build(article);
  ASSERT_TRUE(doc.ok()) << doc.status();
  using ner::EntityType;
  const std::string van_dalen = Id(EntityType::kPerson, "marieke van dalen");
  const std::string grootveld = Id(EntityType::kPerson, "pieter grootveld");
  const std::string halvorsen =
      Id(EntityType::kOrganization, "halvorsen maritime");
  const std::string union_id = Id(EntityType::kOrganization, "maritime union");
  const std::string nordvik = Id(EntityType::kOrganization, "nordvik bank");
  const std::string eu = Id(EntityType::kOrganization, "european union");
  const std::string oslo = Id(EntityType::kLocation, "oslo");
  const std::string rotterdam = Id(EntityType::kLocation, "rotterdam");
  const std::string bergen = Id(EntityType::kLocation, "bergen");
  const std::string brussels = Id(EntityType::kLocation, "brussels");
  EXPECT_EQ(van_dalen.size(), 16u);

  // One boolean term (wdf 0) per canonical entity, and no other X...
  // entity term: short forms joined their full names.
  std::set<std::string> entity_terms;
  for (auto it = doc->termlist_begin(); it != doc->termlist_end(); ++it) {
    for (absl::string_view prefix : schema::kEntityPrefixes) {
      const std::string term = *it;
      if (absl::StartsWith(term, prefix) && term.size() == prefix.size() + 16) {
        entity_terms.insert(term);
        EXPECT_EQ(it.get_wdf(), 0u) << term;
        EXPECT_EQ(it.positionlist_count(), 0u) << term;
      }
    }
  }
  using schema::EntityTerm;
  const schema::EntityType kPer = schema::EntityType::kPerson;
  const schema::EntityType kOrg = schema::EntityType::kOrganization;
  const schema::EntityType kLoc = schema::EntityType::kPlace;
  EXPECT_EQ(entity_terms,
            (std::set<std::string>{
                EntityTerm(kPer, van_dalen), EntityTerm(kPer, grootveld),
                EntityTerm(kOrg, halvorsen), EntityTerm(kOrg, union_id),
                EntityTerm(kOrg, nordvik), EntityTerm(kOrg, eu),
                EntityTerm(kLoc, oslo), EntityTerm(kLoc, rotterdam),
                EntityTerm(kLoc, bergen), EntityTerm(kLoc, brussels)}));
  EXPECT_EQ(EntityTerm(kPer, van_dalen), "XPER" + van_dalen);

  // The entity value: per type most mentioned first, ties in order of
  // first mention.
  std::vector<schema::PackedEntity> packed;
  const std::string value = EntityPart(*doc);
  ASSERT_TRUE(
      schema::UnpackEntityValue(value, schema::kAllEntityTypes, &packed));
  std::vector<std::pair<schema::EntityType, std::string>> got;
  for (const schema::PackedEntity& e : packed) {
    got.emplace_back(e.type, schema::EntityIdHex(e.id));
  }
  using Entry = std::pair<schema::EntityType, std::string>;
  EXPECT_EQ(got, (std::vector<Entry>{
                     // Grootveld (4 mentions) before van Dalen (3), though
                     // named later.
                     {kPer, grootveld},
                     {kPer, van_dalen},
                     {kOrg, halvorsen},  // 2
                     {kOrg, union_id},
                     {kOrg, nordvik},
                     {kOrg, eu},
                     // Oslo 3, Rotterdam 2, then Bergen and Brussels once.
                     {kLoc, oslo},
                     {kLoc, rotterdam},
                     {kLoc, bergen},
                     {kLoc, brussels},
                 }));
  // Only the types asked for.
  packed.clear();
  ASSERT_TRUE(schema::UnpackEntityValue(
      value, schema::EntityTypeBit(kOrg) | schema::EntityTypeBit(kLoc),
      &packed));
  ASSERT_EQ(packed.size(), 8u);
  EXPECT_EQ(schema::EntityIdHex(packed.front().id), halvorsen);

  // The record: entities in order of first mention, mentions in body order
  // slicing the names exactly as written (no title, no possessive).
  auto stored = schema::DecodeStoredArticle(doc->get_data());
  ASSERT_TRUE(stored.ok()) << stored.status();
  ASSERT_EQ(stored->entities.size(), 10u);
  EXPECT_EQ(stored->entities[0],
            (schema::ArticleEntity{kPer, van_dalen, "Marieke van Dalen"}));
  EXPECT_EQ(stored->entities[1],
            (schema::ArticleEntity{kOrg, halvorsen, "Halvorsen Maritime"}));
  EXPECT_EQ(stored->entities[2],
            (schema::ArticleEntity{kLoc, bergen, "Bergen"}));
  std::vector<std::pair<std::string, std::string>> mentions;
  uint32_t previous = 0;
  for (const schema::EntityMention& m : stored->mentions) {
    EXPECT_GE(m.start_byte, previous);
    previous = m.end_byte;
    ASSERT_LT(m.entity, stored->entities.size());
    mentions.emplace_back(
        article.body.substr(m.start_byte, m.end_byte - m.start_byte),
        stored->entities[m.entity].display_name);
  }
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(mentions, (std::vector<P>{
                          P{"Marieke van Dalen", "Marieke van Dalen"},
                          P{"Halvorsen Maritime", "Halvorsen Maritime"},
                          P{"Bergen", "Bergen"},
                          P{"Rotterdam", "Rotterdam"},
                          P{"Van Dalen", "Marieke van Dalen"},
                          P{"Oslo", "Oslo"},
                          P{"Halvorsen Maritime", "Halvorsen Maritime"},
                          P{"Maritime Union", "Maritime Union"},
                          P{"Pieter Grootveld", "Pieter Grootveld"},
                          P{"Nordvik Bank", "Nordvik Bank"},
                          P{"Oslo", "Oslo"},
                          P{"Rotterdam", "Rotterdam"},
                          P{"Grootveld", "Pieter Grootveld"},
                          P{"van Dalen", "Marieke van Dalen"},  // Ms. ...'s
                          P{"European Union", "European Union"},
                          P{"Grootveld", "Pieter Grootveld"},
                          P{"Brussels", "Brussels"},
                          P{"Oslo", "Oslo"},
                          P{"Grootveld", "Pieter Grootveld"},
                      }));
  // The short forms point at the full names' entities.
  EXPECT_EQ(stored->mentions[4].entity, stored->mentions[0].entity);
  EXPECT_EQ(stored->mentions[13].entity, stored->mentions[0].entity);
  EXPECT_EQ(stored->mentions[12].entity, stored->mentions[8].entity);
  // The title's words are indexed as before.
  EXPECT_TRUE(Terms(*doc).count("Shalvorsen"));
}

TEST_F(DocumentBuilderEntityTest, EntitiesOnlyAddToTheDocument) {
  auto with = NewEntityBuilder();
  ASSERT_NE(with, nullptr);
  auto without = NewBuilder();
  const Article article = EntityArticle();
  auto a = with->Build(article);
  auto b = without->Build(article);
  ASSERT_TRUE(a.ok() && b.ok());
  std::set<std::string> extra = Terms(*a);
  for (const std::string& t : Terms(*b)) EXPECT_EQ(extra.erase(t), 1u) << t;
  // Per entity: its filter term, its name term and one completion term
  // per word of its key (10 entities, 17 key words).
  EXPECT_EQ(extra.size(), 10u + 10u + 17u);
  for (const std::string& t : extra) EXPECT_EQ(t[0], 'X') << t;
  auto stored = schema::DecodeStoredArticle(b->get_data());
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(stored->entities.empty());
  EXPECT_TRUE(stored->mentions.empty());
  EXPECT_EQ(EntityPart(*b), "");
}

TEST_F(DocumentBuilderEntityTest, NameAndCompletionTermsForLookUp) {
  auto builder = NewEntityBuilder();
  ASSERT_NE(builder, nullptr);
  auto doc = builder->Build(EntityArticle());
  ASSERT_TRUE(doc.ok()) << doc.status();
  using ner::EntityType;
  const schema::EntityType kPer = schema::EntityType::kPerson;
  const schema::EntityType kOrg = schema::EntityType::kOrganization;
  const std::string van_dalen = Id(EntityType::kPerson, "marieke van dalen");
  const std::string union_id = Id(EntityType::kOrganization, "maritime union");
  std::set<std::string> names, completions;
  for (auto it = doc->termlist_begin(); it != doc->termlist_end(); ++it) {
    const std::string term = *it;
    schema::EntityTermParts parts;
    if (schema::ParseEntityNameTerm(term, &parts)) {
      names.insert(term);
    } else if (schema::ParseEntityCompletionTerm(term, &parts)) {
      completions.insert(term);
    } else {
      continue;
    }
    // Boolean terms: frequencies count articles, no positions.
    EXPECT_EQ(it.get_wdf(), 0u) << term;
    EXPECT_EQ(it.positionlist_count(), 0u) << term;
    EXPECT_LE(term.size(), 245u);
  }
  // One name term per entity, with the article's display name.
  EXPECT_EQ(names.size(), 10u);
  EXPECT_TRUE(names.count(
      schema::EntityNameTerm(kPer, van_dalen, "Marieke van Dalen")));
  EXPECT_TRUE(
      names.count(schema::EntityNameTerm(kOrg, union_id, "Maritime Union")));
  // A completion term per word start of the key: "van Dalen" and "Ms. van
  // Dalen's" add nothing of their own (they joined the full name).
  const std::string tail =
      std::string("\x1fP") + van_dalen + "\x1fMarieke van Dalen";
  EXPECT_TRUE(completions.count("XECmarieke van dalen" + tail));
  EXPECT_TRUE(completions.count("XECvan dalen" + tail));
  EXPECT_TRUE(completions.count("XECdalen" + tail));
  for (const std::string& t : schema::EntityCompletionTerms(
           "maritime union", kOrg, union_id, "Maritime Union")) {
    EXPECT_TRUE(completions.count(t)) << t;
  }
  EXPECT_EQ(completions.size(), 17u);  // 3 + 2 + 2 + 2 + 2 + 2 + 4 × 1
  for (const std::string& t : completions) {
    EXPECT_EQ(t.find("ms "), std::string::npos) << t;  // no titles
  }
}

TEST_F(DocumentBuilderEntityTest, ArticleWithoutNamesHasNoEntities) {
  auto builder = NewEntityBuilder();
  ASSERT_NE(builder, nullptr);
  Article article = SampleArticle();
  article.body =
      "the ports reopened on monday after a long strike. ships queued "
      "overnight and officials said traffic would recover.";
  // Reused builder: nothing carries over from a previous article.
  ASSERT_TRUE(builder->Build(EntityArticle()).ok());
  auto doc = builder->Build(article);
  ASSERT_TRUE(doc.ok()) << doc.status();
  for (const std::string& t : Terms(*doc)) {
    for (absl::string_view prefix : schema::kEntityPrefixes) {
      EXPECT_FALSE(absl::StartsWith(t, prefix)) << t;
    }
    EXPECT_FALSE(absl::StartsWith(t, schema::kPrefixEntityName)) << t;
    EXPECT_FALSE(absl::StartsWith(t, schema::kPrefixEntityCompletion)) << t;
  }
  EXPECT_EQ(EntityPart(*doc), "");
  auto stored = schema::DecodeStoredArticle(doc->get_data());
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(stored->entities.empty());
  EXPECT_TRUE(stored->mentions.empty());
}

TEST_F(DocumentBuilderEntityTest, EveryEntityHasATermAndAPlaceInTheValue) {
  auto builder = NewEntityBuilder();
  ASSERT_NE(builder, nullptr);
  Article article = SampleArticle();
  const char* cities[] = {"Oslo",   "Bergen", "Rotterdam", "Brussels",
                          "Paris",  "Berlin", "Madrid",    "Vienna",
                          "Prague", "Warsaw"};
  article.body = "Ferries sailed from";
  for (const char* city : cities) article.body += std::string(" ") + city + ",";
  article.body += " and Lisbon on Monday, the port authority said.";
  auto doc = builder->Build(article);
  ASSERT_TRUE(doc.ok()) << doc.status();
  auto stored = schema::DecodeStoredArticle(doc->get_data());
  ASSERT_TRUE(stored.ok());
  size_t places = 0;
  for (const schema::ArticleEntity& e : stored->entities) {
    if (e.type != schema::EntityType::kPlace) continue;
    ++places;
    EXPECT_TRUE(Terms(*doc).count(schema::EntityTerm(e.type, e.id))) << e.id;
  }
  // Every place is in the entity value, in the order of the record's
  // entities among equals (one mention each), and nothing else is.
  ASSERT_GT(places, 8u);
  std::vector<schema::PackedEntity> packed;
  const std::string value = EntityPart(*doc);
  ASSERT_TRUE(
      schema::UnpackEntityValue(value, schema::kAllEntityTypes, &packed));
  ASSERT_EQ(packed.size(), places);
  size_t i = 0;
  for (const schema::ArticleEntity& e : stored->entities) {
    if (e.type != schema::EntityType::kPlace) continue;
    EXPECT_EQ(packed[i].type, schema::EntityType::kPlace);
    EXPECT_EQ(schema::EntityIdHex(packed[i].id), e.id);
    ++i;
  }
}

}  // namespace
}  // namespace byline
