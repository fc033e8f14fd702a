// The index schema: every term prefix, value slot and metadata key Byline
// writes into Xapian, in one place for the indexer and the searcher.
//
// Layout: one Xapian document per passage. Every passage document carries
//  * its passage words: unprefixed positional terms, plus "Z"+stem terms
//    without positions (Xapian's TermGenerator STEM_SOME layout);
//  * its article's title words: "S"+term positional, "ZS"+stem;
//  * boolean terms: "Q"+article id, "XSRC"+source slug, "L"+language;
//  * values: article id (collapse key), published time, source slug;
//  * data: a StoredPassage record (see record.h).
// The first passage of each article (passage index 0) also carries the
// boolean term kTermArticleHead and the whole article in its data.
#ifndef BYLINE_SCHEMA_SCHEMA_H_
#define BYLINE_SCHEMA_SCHEMA_H_

#include <string>
#include "absl/strings/string_view.h"

#include "absl/time/time.h"

namespace byline::schema {

// Bump when the layout changes; the searcher refuses other versions.
inline constexpr absl::string_view kSchemaVersion = "1";

inline constexpr absl::string_view kPrefixArticleId = "Q";
inline constexpr absl::string_view kPrefixTitle = "S";
inline constexpr absl::string_view kPrefixStem = "Z";
inline constexpr absl::string_view kPrefixSource = "XSRC";
inline constexpr absl::string_view kPrefixLanguage = "L";
inline constexpr absl::string_view kTermArticleHead = "XHEAD";

// Value slots.
inline constexpr unsigned kSlotArticleId = 0;   // raw id; the collapse key
inline constexpr unsigned kSlotPublished = 1;   // SerializeTime(published)
inline constexpr unsigned kSlotSource = 2;      // source slug

// Metadata keys (Xapian user metadata).
inline constexpr absl::string_view kMetaSchemaVersion = "byline.schema";
inline constexpr absl::string_view kMetaBuiltAt = "byline.built_at";
inline constexpr absl::string_view kMetaArticleCount = "byline.articles";
// Sharded indexes: each shard records the shard count and its own number,
// and the input position of the last checkpoint commit.
inline constexpr absl::string_view kMetaShardCount = "byline.shards";
inline constexpr absl::string_view kMetaShardNumber = "byline.shard";
inline constexpr absl::string_view kMetaCheckpoint = "byline.checkpoint";

// Longest article id accepted, in bytes (the "Q" term must fit in Xapian's
// 245-byte term limit).
inline constexpr size_t kMaxIdBytes = 200;

// Terms. `term` and `stem` are already normalised by TextAnalyzer.
std::string ArticleIdTerm(absl::string_view id);
std::string BodyTerm(absl::string_view term);
std::string BodyStemTerm(absl::string_view stem);
std::string TitleTerm(absl::string_view term);
std::string TitleStemTerm(absl::string_view stem);
std::string SourceTerm(absl::string_view source);      // slugs `source`
std::string LanguageTerm(absl::string_view language);  // lowercased

// "Daily Courier" -> "daily-courier": ASCII-lowercased, runs of anything but
// letters and digits become one '-', no leading or trailing '-'. Non-ASCII
// bytes are kept as they are.
std::string SourceSlug(absl::string_view source);

// Order-preserving encodings of a time for the published value slot.
std::string SerializeTime(absl::Time t);
absl::Time DeserializeTime(absl::string_view value);

}  // namespace byline::schema

#endif  // BYLINE_SCHEMA_SCHEMA_H_
