// Manifest JSON encoding (util/json_writer) and decoding (simdjson DOM).
#include "generations/manifest.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "simdjson.h"
#include "util/json_writer.h"

namespace byline::generations {
namespace {

std::string Rfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", t, absl::UTCTimeZone());
}

}  // namespace

std::string EncodeManifest(const Manifest& m) {
  JsonWriter json;
  json.BeginObject();
  json.Key("format").Int(m.format);
  json.Key("name").String(m.name);
  json.Key("number").Uint(m.number);
  json.Key("parent").String(m.parent);
  json.Key("job").String(m.job);
  json.Key("schema_version").String(m.schema_version);
  json.Key("created").String(Rfc3339(m.created));
  json.Key("routing").String(m.routing);
  json.Key("shards").BeginArray();
  for (const ManifestShard& s : m.shards) {
    json.BeginObject()
        .Key("number").Uint(s.number)
        .Key("location").String(s.location)
        .Key("articles").Uint(s.articles)
        .Key("bytes").Uint(s.bytes)
        .EndObject();
  }
  json.EndArray();
  json.Key("analyzer").BeginObject();
  for (const auto& [key, value] : m.analyzer) json.Key(key).String(value);
  json.EndObject();
  json.Key("inputs").BeginArray();
  for (const ManifestInput& in : m.inputs) {
    json.BeginObject()
        .Key("path").String(in.path)
        .Key("bytes").Uint(in.bytes)
        .Key("crc32").Uint(in.crc32)
        .Key("records").Uint(in.records)
        .EndObject();
  }
  json.EndArray();
  json.Key("articles").Uint(m.articles);
  json.Key("upserted").Uint(m.upserted);
  json.Key("deleted").Uint(m.deleted);
  json.Key("rejected").Uint(m.rejected);
  json.EndObject();
  return json.str() + "\n";
}

absl::StatusOr<Manifest> DecodeManifest(absl::string_view text,
                                        absl::string_view source) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(text.data(), text.size()).get(root)) {
    return absl::InvalidArgumentError(absl::StrCat(
        source, ": not valid JSON: ", simdjson::error_message(error)));
  }
  auto bad = [&](absl::string_view field) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": field '", field, "' is missing or malformed"));
  };
  auto get_string = [&](simdjson::dom::element e, const char* field,
                        std::string* out) -> bool {
    std::string_view v;
    if (e[field].get(v)) return false;
    *out = std::string(v);
    return true;
  };
  auto get_uint = [&](simdjson::dom::element e, const char* field,
                      uint64_t* out) -> bool {
    return !e[field].get(*out);
  };
  Manifest m;
  uint64_t format = 0;
  if (!get_uint(root, "format", &format)) return bad("format");
  if (format != 1) {
    return absl::FailedPreconditionError(absl::StrCat(
        source, ": manifest format ", format,
        " is newer than this Byline understands; upgrade Byline"));
  }
  m.format = static_cast<int>(format);
  if (!get_string(root, "name", &m.name)) return bad("name");
  if (!get_uint(root, "number", &m.number)) return bad("number");
  if (!get_string(root, "parent", &m.parent)) return bad("parent");
  if (!get_string(root, "job", &m.job)) return bad("job");
  if (!get_string(root, "schema_version", &m.schema_version)) {
    return bad("schema_version");
  }
  std::string created, error;
  if (!get_string(root, "created", &created) ||
      !absl::ParseTime(absl::RFC3339_full, created, &m.created, &error)) {
    return bad("created");
  }
  if (!get_string(root, "routing", &m.routing)) return bad("routing");
  simdjson::dom::array shards;
  if (root["shards"].get(shards)) return bad("shards");
  for (simdjson::dom::element s : shards) {
    ManifestShard shard;
    uint64_t number = 0;
    if (!get_uint(s, "number", &number) ||
        !get_string(s, "location", &shard.location) ||
        !get_uint(s, "articles", &shard.articles) ||
        !get_uint(s, "bytes", &shard.bytes)) {
      return bad("shards[]");
    }
    if (number != m.shards.size()) return bad("shards[].number");
    shard.number = static_cast<uint32_t>(number);
    m.shards.push_back(std::move(shard));
  }
  if (m.shards.empty()) return bad("shards");
  simdjson::dom::object analyzer;
  if (root["analyzer"].get(analyzer)) return bad("analyzer");
  for (auto field : analyzer) {
    std::string_view value;
    if (field.value.get(value)) return bad("analyzer");
    m.analyzer.emplace_back(std::string(field.key), std::string(value));
  }
  simdjson::dom::array inputs;
  if (root["inputs"].get(inputs)) return bad("inputs");
  for (simdjson::dom::element e : inputs) {
    ManifestInput in;
    uint64_t crc = 0;
    if (!get_string(e, "path", &in.path) || !get_uint(e, "bytes", &in.bytes) ||
        !get_uint(e, "crc32", &crc) || !get_uint(e, "records", &in.records)) {
      return bad("inputs[]");
    }
    in.crc32 = static_cast<uint32_t>(crc);
    m.inputs.push_back(std::move(in));
  }
  if (!get_uint(root, "articles", &m.articles)) return bad("articles");
  if (!get_uint(root, "upserted", &m.upserted)) return bad("upserted");
  if (!get_uint(root, "deleted", &m.deleted)) return bad("deleted");
  if (!get_uint(root, "rejected", &m.rejected)) return bad("rejected");
  return m;
}

}  // namespace byline::generations
