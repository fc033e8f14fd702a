// `byline entities`: the most-named entities of an index or of a query,
// or the completions of a prefix (Searcher::ListEntities, locally or over
// gRPC with --server).
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "cli/commands.h"
#include "cli/common_flags.h"
#include "searcher/entity_lookup.h"
#include "searcher/searcher.h"
#include "service/client.h"
#include "util/json_writer.h"

ABSL_FLAG(std::string, prefix, "",
          "Complete this prefix of an entity name: entities one of whose "
          "words starts with it, in any case (\"mari\" finds Marieke van "
          "Dalen and Joost Marinus; accents count). A trailing space "
          "completes whole words only.");
ABSL_FLAG(std::string, type, "",
          "Only these entity types (comma-separated): person, org, place, "
          "misc. Default: all.");
// Defined by `byline search` (results per page); here: entities listed.
ABSL_DECLARE_FLAG(uint32_t, limit);

namespace byline::cli {
namespace {

constexpr char kName[] = "byline entities";

// --type into `*types`; false (after saying why) for an unknown name.
bool ParseTypes(const std::string& flag,
                std::vector<schema::EntityType>* types) {
  for (absl::string_view name :
       absl::StrSplit(flag, ',', absl::SkipWhitespace())) {
    const std::optional<schema::EntityType> type = ParseEntityType(name);
    if (!type) {
      std::fprintf(stderr,
                   "%s: --type: '%.*s' is not an entity type (person, org, "
                   "place, misc)\n",
                   kName, static_cast<int>(name.size()), name.data());
      return false;
    }
    types->push_back(*type);
  }
  return true;
}

// Code points of `s` (valid UTF-8), for aligning columns.
size_t Width(absl::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string FormatText(const EntityListRequest& request,
                       const EntityList& list) {
  if (list.entities.empty()) return "";
  size_t name_width = 4;
  for (const EntityEntry& e : list.entities) {
    name_width = std::max(name_width, Width(e.display_name));
  }
  std::string out =
      absl::StrFormat("%-*s  %-6s  %8s  %s\n", static_cast<int>(name_width),
                      "NAME", "TYPE", "ARTICLES", "ID");
  for (const EntityEntry& e : list.entities) {
    const size_t pad = name_width - Width(e.display_name);
    absl::StrAppend(&out, e.display_name, std::string(pad, ' '), "  ",
                    absl::StrFormat("%-6s  %8d  %s\n", EntityTypeLabel(e.type),
                                    e.articles, e.id));
  }
  if (list.matched > list.entities.size()) {
    absl::StrAppend(&out, list.entities.size(), " of ", list.matched,
                    " entities", request.query.empty() ? "" : " (of the query)",
                    "; --limit shows more\n");
  }
  return out;
}

std::string FormatJson(const EntityListRequest& request,
                       const EntityList& list) {
  JsonWriter json;
  json.BeginObject()
      .Key("prefix")
      .String(request.prefix)
      .Key("query")
      .String(request.query)
      .Key("types")
      .BeginArray();
  for (schema::EntityType type : request.types) {
    json.String(EntityTypeLabel(type));
  }
  json.EndArray()
      .Key("matched")
      .Uint(list.matched)
      .Key("entities")
      .BeginArray();
  for (const EntityEntry& e : list.entities) {
    json.BeginObject()
        .Key("id")
        .String(e.id)
        .Key("type")
        .String(EntityTypeLabel(e.type))
        .Key("display_name")
        .String(e.display_name)
        .Key("articles")
        .Uint(e.articles)
        .EndObject();
  }
  json.EndArray().EndObject();
  return json.str() + "\n";
}

int RunEntities(const std::vector<std::string>& args) {
  EntityListRequest request;
  request.query = absl::StrJoin(args, " ");
  request.prefix = absl::GetFlag(FLAGS_prefix);
  request.limit = absl::GetFlag(FLAGS_limit);
  if (!ParseTypes(absl::GetFlag(FLAGS_type), &request.types)) {
    return kExitUsage;
  }
  if (absl::Status valid = ValidateEntityListRequest(request); !valid.ok()) {
    std::fprintf(stderr, "%s: %s\n", kName,
                 std::string(valid.message()).c_str());
    return kExitUsage;
  }
  absl::StatusOr<EntityList> list;
  if (const std::string server = absl::GetFlag(FLAGS_server); !server.empty()) {
    auto remote =
        service::RemoteSearcher::Create(server, RemoteOptionsFromFlags());
    list = remote.ok() ? (*remote)->ListEntities(request) : remote.status();
  } else if (auto searcher = Searcher::Open(absl::GetFlag(FLAGS_index));
             searcher.ok()) {
    list = (*searcher)->ListEntities(request);
  } else {
    list = searcher.status();
  }
  if (!list.ok()) {
    std::fprintf(stderr, "%s: %s\n", kName,
                 std::string(list.status().message()).c_str());
    return list.status().code() == absl::StatusCode::kInvalidArgument
               ? kExitUsage
               : kExitFailure;
  }
  const std::string out = absl::GetFlag(FLAGS_json)
                              ? FormatJson(request, *list)
                              : FormatText(request, *list);
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (list->entities.empty() && !absl::GetFlag(FLAGS_json)) {
    std::fprintf(stderr, "%s: no entities%s\n", kName,
                 request.prefix.empty() ? "" : " with that prefix");
  }
  return list->entities.empty() ? kExitPartial : kExitOk;
}

}  // namespace

const Command& EntitiesCommand() {
  static const Command kCommand{
      "entities",
      "List the most-named people, organisations, places; complete names.",
      "byline entities [flags] [QUERY...]",
      "Lists the entities the index's articles name (people, organisations,\n"
      "places, misc), most articles first, each with its id (for --person\n"
      "ID and the like in byline search) and its exact article count.\n"
      "With --prefix, only the names one of whose words starts with it\n"
      "(for search boxes). With a QUERY, only the entities of the articles\n"
      "matching it, counted over those articles (with --prefix: among the\n"
      "100 most-named of each type there). --limit is the number of\n"
      "entities listed here (1 to 100). Needs an index built with\n"
      "--entities (the default). Exit 1 when nothing is listed.\n"
      "Examples:\n"
      "  byline entities --index idx --type person --limit 20\n"
      "  byline entities --index idx --prefix mari\n"
      "  byline entities --index idx --type org port strike\n",
      {"index", "server", "timeout_seconds", "tls_ca", "tls_client_cert",
       "tls_client_key", "token_file", "json", "prefix", "type", "limit"},
      &RunEntities};
  return kCommand;
}

}  // namespace byline::cli
