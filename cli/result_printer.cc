// Text and JSON rendering of results and statistics.
#include "cli/result_printer.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli/facet_printer.h"
#include "searcher/query_ast.h"
#include "util/json_writer.h"

namespace byline::cli {
namespace {

constexpr absl::string_view kHighlightOn = "\x1b[1;33m";
constexpr absl::string_view kHighlightOff = "\x1b[0m";
constexpr absl::string_view kDimOn = "\x1b[2m";

// The passage on one line (newlines become spaces), highlights coloured.
std::string RenderPassage(const PassageHit& hit, bool color) {
  std::string out;
  uint32_t pos = 0;  // relative to the passage
  auto append_plain = [&](uint32_t from, uint32_t to) {
    for (uint32_t i = from; i < to; ++i) {
      const char c = hit.text[i];
      out.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
    }
  };
  for (const HighlightSpan& span : hit.highlights) {
    const uint32_t start = span.start_byte - hit.start_byte;
    const uint32_t end = span.end_byte - hit.start_byte;
    append_plain(pos, start);
    if (color) absl::StrAppend(&out, kHighlightOn);
    append_plain(start, end);
    if (color) absl::StrAppend(&out, kHighlightOff);
    pos = end;
  }
  append_plain(pos, static_cast<uint32_t>(hit.text.size()));
  return out;
}

// Most distinct entities listed on a passage's "entities:" line.
constexpr size_t kMaxEntitiesShown = 6;

// "Marieke van Dalen (person), Rotterdam (place), +2 more": each entity
// once, in order of first mention; "" for none.
std::string EntityLine(const PassageHit& hit) {
  std::vector<const PassageEntity*> distinct;
  for (const PassageEntity& e : hit.entities) {
    if (std::none_of(distinct.begin(), distinct.end(),
                     [&](const PassageEntity* d) { return d->id == e.id; })) {
      distinct.push_back(&e);
    }
  }
  std::string out;
  for (size_t i = 0; i < distinct.size() && i < kMaxEntitiesShown; ++i) {
    absl::StrAppend(&out, i == 0 ? "" : ", ", distinct[i]->display_name, " (",
                    EntityFieldName(distinct[i]->type), ")");
  }
  if (distinct.size() > kMaxEntitiesShown) {
    absl::StrAppend(&out, ", +", distinct.size() - kMaxEntitiesShown, " more");
  }
  return out;
}

std::string Day(const std::optional<absl::Time>& t) {
  return t ? absl::FormatTime("%Y-%m-%d", *t, absl::UTCTimeZone()) : "undated";
}

}  // namespace

std::string FormatTime(const std::optional<absl::Time>& t) {
  return t ? absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", *t, absl::UTCTimeZone())
           : "";
}

std::string FormatResultText(absl::string_view query,
                             const SearchResult& result, bool color) {
  std::string out;
  if (result.hits.empty()) {
    absl::StrAppend(&out, "No articles match \"", query, "\".\n");
    return out;
  }
  absl::StrAppendFormat(
      &out, "About %d article%s match \"%s\"%s (%.1f ms)\n\n",
      result.estimated_articles, result.estimated_articles == 1 ? "" : "s",
      query, result.sort_used == SortOrder::kDate ? ", newest first" : "",
      absl::ToDoubleMilliseconds(result.elapsed));
  for (const PassageHit& hit : result.hits) {
    absl::StrAppendFormat(
        &out, "%3d. %s\n", hit.rank,
        hit.article.title.empty() ? "(untitled)" : hit.article.title);
    std::string meta = absl::StrFormat(
        "%s | %s | id %s | passage %d/%d | bytes %d-%d | score %.2f",
        hit.article.source.empty() ? "no source" : hit.article.source,
        Day(hit.article.published), hit.article.id, hit.passage_index + 1,
        hit.passage_count, hit.start_byte, hit.end_byte, hit.score);
    absl::StrAppend(&out, "     ", color ? kDimOn : "", meta,
                    color ? kHighlightOff : "", "\n");
    absl::StrAppend(&out, "     ", RenderPassage(hit, color), "\n");
    if (const std::string entities = EntityLine(hit); !entities.empty()) {
      absl::StrAppend(&out, "     ", color ? kDimOn : "",
                      "entities: ", entities, color ? kHighlightOff : "", "\n");
    }
    if (!hit.article.url.empty()) {
      absl::StrAppend(&out, "     ", hit.article.url, "\n");
    }
    out.push_back('\n');
  }
  if (result.has_more) out.append("More results: use --offset.\n");
  if (!result.facets.empty()) {
    out.push_back('\n');
    out.append(FormatFacetsText(result.facets));
  }
  return out;
}

std::string FormatResultJson(absl::string_view query,
                             const SearchResult& result) {
  JsonWriter json;
  json.BeginObject()
      .Key("query")
      .String(query)
      .Key("estimated_articles")
      .Uint(result.estimated_articles)
      .Key("has_more")
      .Bool(result.has_more)
      .Key("sort")
      .String(result.sort_used == SortOrder::kDate ? "date" : "relevance")
      .Key("elapsed_ms")
      .Double(absl::ToDoubleMilliseconds(result.elapsed))
      .Key("hits")
      .BeginArray();
  for (const PassageHit& hit : result.hits) {
    json.BeginObject()
        .Key("rank")
        .Uint(hit.rank)
        .Key("score")
        .Double(hit.score)
        .Key("id")
        .String(hit.article.id)
        .Key("title")
        .String(hit.article.title)
        .Key("source")
        .String(hit.article.source)
        .Key("url")
        .String(hit.article.url)
        .Key("language")
        .String(hit.article.language)
        .Key("published");
    if (hit.article.published) {
      json.String(FormatTime(hit.article.published));
    } else {
      json.Null();
    }
    json.Key("passage")
        .BeginObject()
        .Key("index")
        .Uint(hit.passage_index)
        .Key("count")
        .Uint(hit.passage_count)
        .Key("start_byte")
        .Uint(hit.start_byte)
        .Key("end_byte")
        .Uint(hit.end_byte)
        .Key("start_char")
        .Uint(hit.start_char)
        .Key("end_char")
        .Uint(hit.end_char)
        .Key("text")
        .String(hit.text)
        .Key("highlights")
        .BeginArray();
    for (const HighlightSpan& span : hit.highlights) {
      json.BeginObject()
          .Key("start_byte")
          .Uint(span.start_byte)
          .Key("end_byte")
          .Uint(span.end_byte)
          .Key("start_char")
          .Uint(span.start_char)
          .Key("end_char")
          .Uint(span.end_char)
          .Key("text")
          .String(absl::string_view(hit.text).substr(
              span.start_byte - hit.start_byte,
              span.end_byte - span.start_byte))
          .EndObject();
    }
    json.EndArray().Key("entities").BeginArray();
    for (const PassageEntity& e : hit.entities) {
      json.BeginObject()
          .Key("type")
          .String(EntityFieldName(e.type))
          .Key("id")
          .String(e.id)
          .Key("display_name")
          .String(e.display_name)
          .Key("start_byte")
          .Uint(e.start_byte)
          .Key("end_byte")
          .Uint(e.end_byte)
          .Key("start_char")
          .Uint(e.start_char)
          .Key("end_char")
          .Uint(e.end_char)
          .Key("text")
          .String(absl::string_view(hit.text).substr(
              e.start_byte - hit.start_byte, e.end_byte - e.start_byte))
          .EndObject();
    }
    json.EndArray().EndObject().EndObject();
  }
  json.EndArray();
  if (!result.facets.empty()) AppendFacetsJson(result.facets, &json);
  json.EndObject();
  return json.str() + "\n";
}

std::string FormatStatsText(const IndexStats& s) {
  std::string out = absl::StrFormat(
      "index:          %s\n"
      "generation:     %s\n"
      "articles:       %d (%d undated)\n"
      "passages:       %d (%.1f terms each on average)\n"
      "published:      %s\n"
      "last commit:    %s\n"
      "schema version: %s\n",
      s.path,
      s.generation.empty() ? "none (an index from before generations)"
                           : s.generation,
      s.articles, s.undated_articles, s.passages, s.average_passage_words,
      s.oldest_published ? absl::StrCat(Day(s.oldest_published), " .. ",
                                        Day(s.newest_published))
                         : "no dated articles",
      s.built_at.empty() ? "never" : s.built_at, s.schema_version);
  if (!s.articles_by_source.empty()) out.append("sources:\n");
  for (const auto& [source, count] : s.articles_by_source) {
    absl::StrAppendFormat(&out, "  %-20s %d\n", source, count);
  }
  return out;
}

std::string FormatStatsJson(const IndexStats& s) {
  JsonWriter json;
  json.BeginObject()
      .Key("index")
      .String(s.path)
      .Key("generation")
      .String(s.generation)
      .Key("articles")
      .Uint(s.articles)
      .Key("undated_articles")
      .Uint(s.undated_articles)
      .Key("passages")
      .Uint(s.passages)
      .Key("average_passage_terms")
      .Double(s.average_passage_words)
      .Key("oldest_published")
      .String(FormatTime(s.oldest_published))
      .Key("newest_published")
      .String(FormatTime(s.newest_published))
      .Key("built_at")
      .String(s.built_at)
      .Key("schema_version")
      .String(s.schema_version)
      .Key("sources")
      .BeginObject();
  for (const auto& [source, count] : s.articles_by_source) {
    json.Key(source).Uint(count);
  }
  json.EndObject().EndObject();
  return json.str() + "\n";
}

}  // namespace byline::cli
