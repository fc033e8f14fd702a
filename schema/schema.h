// The index schema: every term prefix, value slot and metadata key Byline
// writes into Xapian, in one place for the indexer and the searcher.
//
// Layout (schema 6): one Xapian document per article.
//  * body words: unprefixed terms with positions (phrases), plus "Z"+stem
//    terms without positions (Xapian's TermGenerator STEM_SOME layout);
//  * title words: "S"+term with positions, "ZS"+stem (title: searches),
//    and their stems again in the body's "Z"+stem terms, with wdf
//    kTitleStemWdf per title word (ranking of words searched anywhere);
//  * boolean terms: "Q"+article id, "XSRC"+source slug, "L"+language, and
//    one term per canonical entity the article names ("XPER", "XORG",
//    "XLOC", "XMISC" + entity id: drill-down filters), and per canonical
//    entity one name term ("XEN": whole-index entity lists) and one
//    completion term per word start of its key ("XEC": prefix completion);
//    see EntityNameTerm and EntityCompletionTerms. Their term frequencies
//    are article counts, also over a stub of shards, local or remote;
//  * kTermPassages with wdf = the article's passage count, so that the
//    collection frequency of that term is the index's passage count (also
//    over a stub of shards, local or remote);
//  * values: article id, published time, source slug, published UTC day,
//    and the article's entities packed into one value (entity_value.h:
//    facet counting with one Xapian ValueCountMatchSpy, which counts one
//    value per slot per document, so an article counts once per entity);
//  * data: a StoredArticle record (see record.h): the article's fields, its
//    body (stored once), the byte and code-point bounds of its passages and
//    its entity mentions.
// Passages are not documents: the searcher ranks articles in Xapian, then
// chooses each shown article's passages from the stored passage bounds.
#ifndef BYLINE_SCHEMA_SCHEMA_H_
#define BYLINE_SCHEMA_SCHEMA_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace byline::schema {

// Bump when the layout changes; readers and writers refuse other versions
// with a message that says how to rebuild (SchemaMismatchMessage).
// Schema 3 added the entity name and completion terms ("XEN", "XEC");
// schema 4 packs an article's entities into one value (kSlotEntities)
// instead of one slot per entity; schema 5 puts the article's day and
// source before them (entity_value.h, PackFacetValue), so that a local
// facet count reads one value per matching article instead of three;
// schema 6 counts title words in the body stem terms (kTitleStemWdf), so
// that a query word is one posting list instead of a body and a title one.
inline constexpr absl::string_view kSchemaVersion = "6";

// Title words count in the body's stem terms as well as in their own:
// each title word adds kTitleStemWdf to the wdf of "Z"+its stem (schema 6),
// so that a query word is one posting list that ranks title and body
// together (BM25 over wdf), instead of a body list and a title list.
// bench/relevance.sh: any wdf from 1 to 5 ranks the judged queries as the
// separate title terms did (MRR 0.978); 0 loses one question (0.969).
inline constexpr uint32_t kTitleStemWdf = 2;

inline constexpr absl::string_view kPrefixArticleId = "Q";
inline constexpr absl::string_view kPrefixTitle = "S";
inline constexpr absl::string_view kPrefixStem = "Z";
inline constexpr absl::string_view kPrefixSource = "XSRC";
inline constexpr absl::string_view kPrefixLanguage = "L";
inline constexpr absl::string_view kTermPassages = "XPASSAGES";
// Sampled facet counts: every article has one boolean term kPrefixSample +
// its bucket ("XSMP17"), the bucket being SampleBucketOf(id): a uniform,
// stable split of the articles into kSampleBuckets parts, so that a facet
// count over buckets 0..k-1 counts about k / kSampleBuckets of the
// matching articles, the same ones every time, on every shard and replica.
// Indexes that have the terms say so in kMetaSampleBuckets.
inline constexpr absl::string_view kPrefixSample = "XSMP";
inline constexpr uint32_t kSampleBuckets = 64;

// Entity types, in the order of their groups in the entity value.
enum class EntityType : uint8_t { kPerson = 0, kOrganization, kPlace, kMisc };
inline constexpr int kEntityTypeCount = 4;
inline constexpr absl::string_view kEntityPrefixes[kEntityTypeCount] = {
    "XPER", "XORG", "XLOC", "XMISC"};
// One letter per type inside the name and completion terms.
inline constexpr char kEntityTypeLetters[kEntityTypeCount] = {'P', 'O', 'L',
                                                              'M'};

// Entity look-up (searcher/entity_lookup.h), boolean terms (wdf 0), so that
// Database::allterms_begin(prefix) lists them with their term frequency
// (= articles naming the entity in that form: Xapian sums it over shards):
//  * name terms: "XEN" + type letter + entity id + kEntityValueSeparator +
//    display name. One per canonical entity of an article, with the
//    article's display name: the entities of a type, most named first,
//    are one allterms scan of "XEN" + letter.
//  * completion terms: "XEC" + word start + kEntityValueSeparator + type
//    letter + entity id + kEntityValueSeparator + display name, where the
//    word starts of a canonical key (ner::EntityKeyer::Key, words joined by
//    single spaces) are the key and each of its suffixes that begins at a
//    word ("marieke van dalen", "van dalen", "dalen"): a typed prefix,
//    normalised as keys are, completes a name by any of its words. All
//    types share one scan; the type follows the word start.
// Display names longer than kMaxEntityTermNameBytes and word starts longer
// than kMaxEntityTermKeyBytes are cut at a UTF-8 character boundary, so
// that every term fits Xapian's 245-byte limit.
inline constexpr absl::string_view kPrefixEntityName = "XEN";
inline constexpr absl::string_view kPrefixEntityCompletion = "XEC";
inline constexpr size_t kMaxEntityTermNameBytes = 120;
inline constexpr size_t kMaxEntityTermKeyBytes = 100;

// Value slots.
inline constexpr unsigned kSlotArticleId = 0;     // raw id (sort tie-break)
inline constexpr unsigned kSlotPublished = 1;     // SerializeTime(published)
inline constexpr unsigned kSlotSource = 2;        // source slug
inline constexpr unsigned kSlotPublishedDay = 3;  // "YYYYMMDD", UTC
// The article's facet value: its day, source and all of its canonical
// entities, packed into one value (entity_value.h, PackFacetValue: one
// value read per article counts every facet; one ValueCountMatchSpy every
// entity facet over remote shards).
inline constexpr unsigned kSlotEntities = 4;

// Metadata keys (Xapian user metadata).
inline constexpr absl::string_view kMetaSchemaVersion = "byline.schema";
inline constexpr absl::string_view kMetaBuiltAt = "byline.built_at";
inline constexpr absl::string_view kMetaArticleCount = "byline.articles";
// Sharded indexes: each shard records the shard count and its own number,
// and the input position of the last checkpoint commit.
inline constexpr absl::string_view kMetaShardCount = "byline.shards";
inline constexpr absl::string_view kMetaShardNumber = "byline.shard";
inline constexpr absl::string_view kMetaCheckpoint = "byline.checkpoint";
// The generation a shard belongs to ("gen-000043"), written by every job
// that makes one. Replicas keep it, so a front end checks that a remote
// shard serves the generation its manifest names (see jobs/publish_job.h).
inline constexpr absl::string_view kMetaGeneration = "byline.generation";
// kSampleBuckets, written when a shard is created by a build that adds the
// sample terms to every article; absent from older shards (their facets
// are then always counted exactly).
inline constexpr absl::string_view kMetaSampleBuckets = "byline.sample_buckets";

// Longest article id accepted, in bytes (the "Q" term must fit in Xapian's
// 245-byte term limit).
inline constexpr size_t kMaxIdBytes = 200;

// The message for an index whose schema version is `found` ("" for a
// database Byline did not build), naming `path` and what to do.
std::string SchemaMismatchMessage(absl::string_view path,
                                  absl::string_view found);

// Terms. `term` and `stem` are already normalised by TextAnalyzer.
std::string ArticleIdTerm(absl::string_view id);
// The sample bucket of an article: StableIdHash (schema/routing.h, FNV-1a
// 64) of its id, modulo kSampleBuckets (stable across builds and
// machines); and its term.
uint32_t SampleBucketOf(absl::string_view id);
std::string SampleTerm(uint32_t bucket);
std::string BodyTerm(absl::string_view term);
std::string BodyStemTerm(absl::string_view stem);
std::string TitleTerm(absl::string_view term);
std::string TitleStemTerm(absl::string_view stem);
std::string SourceTerm(absl::string_view source);      // slugs `source`
std::string LanguageTerm(absl::string_view language);  // lowercased
// `entity_id` is the entity's stable id (ner::EntityId: 16 lowercase hex
// digits): "XPER" + id, "XORG" + id, ... Indexed as a boolean term (wdf 0).
std::string EntityTerm(EntityType type, absl::string_view entity_id);

// Separates the parts of entity name and completion terms.
inline constexpr char kEntityValueSeparator = '\x1f';

// The name term of an entity (see kPrefixEntityName): "XEN" + type letter +
// `entity_id` + separator + `display_name` (cut to
// kMaxEntityTermNameBytes).
std::string EntityNameTerm(EntityType type, absl::string_view entity_id,
                           absl::string_view display_name);

// The completion terms of an entity whose canonical key is `key` (see
// kPrefixEntityCompletion): one per word start of `key`, first the whole
// key; none for an empty key. Word starts equal after cutting appear once.
std::vector<std::string> EntityCompletionTerms(absl::string_view key,
                                               EntityType type,
                                               absl::string_view entity_id,
                                               absl::string_view display_name);

// The allterms prefix that finds the completion terms of every word start
// beginning with `normalized_prefix` (a typed prefix normalised like keys;
// cut to kMaxEntityTermKeyBytes like word starts). "" lists every
// completion term.
std::string EntityCompletionPrefix(absl::string_view normalized_prefix);

// The parts of an entity name or completion term, as views into the term.
struct EntityTermParts {
  EntityType type = EntityType::kPerson;
  absl::string_view id;
  absl::string_view display_name;
  absl::string_view word_start;  // completion terms only
};

// Splits a term written by EntityNameTerm / EntityCompletionTerms. Returns
// false for any other term (wrong prefix, unknown type letter, no
// separator, an id that is not 16 characters).
bool ParseEntityNameTerm(absl::string_view term, EntityTermParts* parts);
bool ParseEntityCompletionTerm(absl::string_view term, EntityTermParts* parts);

// The longest prefix of `text` of at most `max_bytes` bytes that does not
// end inside a UTF-8 character (of valid UTF-8).
absl::string_view TruncateUtf8(absl::string_view text, size_t max_bytes);

// "Daily Courier" -> "daily-courier": ASCII-lowercased, runs of anything but
// letters and digits become one '-', no leading or trailing '-'. Non-ASCII
// bytes are kept as they are.
std::string SourceSlug(absl::string_view source);

// Order-preserving encodings of a time for the published value slot.
std::string SerializeTime(absl::Time t);
absl::Time DeserializeTime(absl::string_view value);
// "YYYYMMDD" of `t`'s UTC day, for kSlotPublishedDay.
std::string DayValue(absl::Time t);

}  // namespace byline::schema

#endif  // BYLINE_SCHEMA_SCHEMA_H_
