// Manifest JSON encoding (util/json_writer) and decoding (simdjson DOM).
#include "generations/manifest.h"

#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "simdjson.h"
#include "util/json_writer.h"
#include "util/status_macros.h"

namespace byline::generations {
namespace {

constexpr uint64_t kMaxTimeoutMs = 3600000;

std::string Rfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", t, absl::UTCTimeZone());
}

bool HostChar(char c) {
  return absl::ascii_isalnum(c) || c == '.' || c == '-' || c == '_';
}

// One "HOST:PORT" or "[V6]:PORT" of a remote location.
absl::StatusOr<RemoteAddress> ParseReplica(absl::string_view text,
                                           absl::string_view location) {
  auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat(
        "shard location '", location, "': replica '", text, "' ", why,
        " (expected HOST:PORT, e.g. 127.0.0.1:7801)"));
  };
  RemoteAddress address;
  absl::string_view host, port;
  if (absl::ConsumePrefix(&text, "[")) {
    const size_t close = text.find(']');
    if (close == absl::string_view::npos || close == 0) {
      return bad("has an unclosed or empty [IPv6] host");
    }
    host = text.substr(0, close);
    for (char c : host) {
      if (!absl::ascii_isxdigit(c) && c != ':' && c != '.') {
        return bad("has a malformed IPv6 host");
      }
    }
    absl::string_view rest = text.substr(close + 1);
    if (!absl::ConsumePrefix(&rest, ":")) return bad("has no port");
    port = rest;
  } else {
    const size_t colon = text.rfind(':');
    if (colon == absl::string_view::npos) return bad("has no port");
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.empty()) return bad("has no host");
    for (char c : host) {
      if (!HostChar(c)) return bad("has a malformed host");
    }
  }
  uint32_t number = 0;
  if (port.empty() || !std::all_of(port.begin(), port.end(),
                                   absl::ascii_isdigit) ||
      !absl::SimpleAtoi(port, &number) || number == 0 || number > 65535) {
    return bad("has a port that is not 1 to 65535");
  }
  address.host = std::string(host);
  address.port = static_cast<uint16_t>(number);
  return address;
}

}  // namespace

std::string RemoteAddress::ToString() const {
  return absl::StrContains(host, ':') ? absl::StrCat("[", host, "]:", port)
                                      : absl::StrCat(host, ":", port);
}

absl::StatusOr<ShardLocation> ParseShardLocation(absl::string_view location) {
  ShardLocation parsed;
  absl::string_view rest = location;
  if (!absl::ConsumePrefix(&rest, kRemoteLocationPrefix)) {
    if (location.empty() || absl::StripAsciiWhitespace(location) == "remote") {
      return absl::InvalidArgumentError(absl::StrCat(
          "shard location '", location,
          "' is neither a shard directory nor 'remote HOST:PORT[,...]'"));
    }
    parsed.local_dir = std::string(location);
    return parsed;
  }
  for (absl::string_view replica : absl::StrSplit(rest, ',')) {
    replica = absl::StripLeadingAsciiWhitespace(replica);
    BYLINE_ASSIGN_OR_RETURN(RemoteAddress address,
                            ParseReplica(replica, location));
    if (std::find(parsed.replicas.begin(), parsed.replicas.end(), address) !=
        parsed.replicas.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("shard location '", location, "' lists replica ",
                       address.ToString(), " twice"));
    }
    parsed.replicas.push_back(std::move(address));
  }
  if (parsed.replicas.size() > kMaxReplicas) {
    return absl::InvalidArgumentError(
        absl::StrCat("shard location '", location, "' lists ",
                     parsed.replicas.size(), " replicas; at most ",
                     kMaxReplicas));
  }
  return parsed;
}

std::string RemoteLocation(const std::vector<RemoteAddress>& replicas) {
  return absl::StrCat(
      kRemoteLocationPrefix,
      absl::StrJoin(replicas, ",",
                    [](std::string* out, const RemoteAddress& a) {
                      out->append(a.ToString());
                    }));
}

RemoteTimeouts Manifest::remote_timeouts() const {
  RemoteTimeouts timeouts;
  if (remote_connect_timeout_ms) {
    timeouts.connect_ms = *remote_connect_timeout_ms;
  }
  if (remote_timeout_ms) timeouts.operation_ms = *remote_timeout_ms;
  return timeouts;
}

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
  if (m.remote_connect_timeout_ms) {
    json.Key("remote_connect_timeout_ms").Uint(*m.remote_connect_timeout_ms);
  }
  if (m.remote_timeout_ms) {
    json.Key("remote_timeout_ms").Uint(*m.remote_timeout_ms);
  }
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
    if (absl::Status location = ParseShardLocation(shard.location).status();
        !location.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(source, ": field 'shards[].location': ",
                       location.message()));
    }
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
  // Optional: absent in manifests of local shards and before issue 11.
  auto get_timeout = [&](const char* field,
                         std::optional<uint32_t>* out) -> bool {
    simdjson::dom::element e;
    if (root[field].get(e)) return true;  // absent
    uint64_t ms = 0;
    if (e.get(ms) || ms == 0 || ms > kMaxTimeoutMs) return false;
    *out = static_cast<uint32_t>(ms);
    return true;
  };
  if (!get_timeout("remote_connect_timeout_ms",
                   &m.remote_connect_timeout_ms)) {
    return bad("remote_connect_timeout_ms");
  }
  if (!get_timeout("remote_timeout_ms", &m.remote_timeout_ms)) {
    return bad("remote_timeout_ms");
  }
  return m;
}

}  // namespace byline::generations
