// Shard directories of one generation: creation and stub files.
#include "indexer/index_layout.h"

#include <xapian.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "schema/schema.h"
#include "util/xapian_status.h"

namespace byline {
namespace {

namespace fs = std::filesystem;

constexpr char kStubName[] = "XAPIANDB";

std::string ShardName(absl::string_view generation, uint32_t i) {
  return absl::StrFormat("%s-%03d", generation, i);
}

}  // namespace

absl::StatusOr<IndexLayout> ReadIndexLayout(const std::string& dir) {
  IndexLayout layout;
  layout.dir = dir;
  const fs::path stub = fs::path(dir) / kStubName;
  std::error_code ec;
  if (fs::is_regular_file(stub, ec)) {
    std::ifstream in(stub);
    std::string line;
    while (std::getline(in, line)) {
      const absl::string_view text = absl::StripAsciiWhitespace(line);
      if (text.empty() || text[0] == '#') continue;
      std::vector<std::string> words =
          absl::StrSplit(text, ' ', absl::SkipEmpty());
      if (words.size() != 2 || (words[0] != "auto" && words[0] != "glass")) {
        return absl::FailedPreconditionError(absl::StrCat(
            stub.string(), ": Byline writes only local shards; cannot use '",
            text, "'"));
      }
      const fs::path shard = fs::path(words[1]).is_absolute()
                                 ? fs::path(words[1])
                                 : fs::path(dir) / words[1];
      layout.shard_paths.push_back(shard.string());
    }
    if (layout.shard_paths.empty()) {
      return absl::FailedPreconditionError(
          absl::StrCat(stub.string(), " lists no shards"));
    }
    return layout;
  }
  if (fs::exists(fs::path(dir) / "iamglass", ec)) {
    layout.shard_paths.push_back(dir);  // a plain one-shard database
    return layout;
  }
  return absl::NotFoundError(absl::StrCat("no index at ", dir));
}

absl::Status WriteStub(const std::string& dir,
                       const std::vector<std::string>& shard_names) {
  const fs::path stub = fs::path(dir) / kStubName;
  const fs::path temp = fs::path(dir) / absl::StrCat(kStubName, ".tmp");
  {
    std::ofstream out(temp, std::ios::trunc);
    out << "# Byline index: one Xapian database per shard.\n";
    for (const std::string& name : shard_names) out << "auto " << name << "\n";
    out.flush();
    if (!out) {
      return absl::InternalError(absl::StrCat("cannot write ", temp.string()));
    }
  }
  std::error_code ec;
  fs::rename(temp, stub, ec);
  if (ec) {
    return absl::InternalError(absl::StrCat("cannot replace ", stub.string(),
                                            ": ", ec.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<IndexLayout> OpenOrCreateIndexLayout(
    const std::string& dir, std::optional<uint32_t> shards_if_new) {
  absl::StatusOr<IndexLayout> existing = ReadIndexLayout(dir);
  if (existing.ok()) {
    if (shards_if_new && *shards_if_new != existing->shards()) {
      return absl::FailedPreconditionError(absl::StrCat(
          dir, " has ", existing->shards(), " shards; --shards ",
          *shards_if_new,
          " applies only to a new index (use `byline compact` to merge)"));
    }
    return existing;
  }
  if (existing.status().code() != absl::StatusCode::kNotFound) {
    return existing.status();
  }
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    return absl::FailedPreconditionError(absl::StrCat(
        dir, " exists and is not a Byline index; choose an empty directory"));
  }
  fs::create_directories(dir, ec);
  if (ec) {
    return absl::InternalError(
        absl::StrCat("cannot create ", dir, ": ", ec.message()));
  }
  const uint32_t shards = shards_if_new.value_or(1);
  if (shards < 1 || shards > 1024) {
    return absl::InvalidArgumentError(
        absl::StrCat("shard count must be 1 to 1024, not ", shards));
  }
  IndexLayout layout;
  layout.dir = dir;
  std::vector<std::string> names;
  try {
    for (uint32_t i = 0; i < shards; ++i) {
      names.push_back(ShardName("shard", i));
      layout.shard_paths.push_back((fs::path(dir) / names.back()).string());
      Xapian::WritableDatabase db(layout.shard_paths.back(), Xapian::DB_CREATE);
      db.set_metadata(std::string(schema::kMetaSchemaVersion),
                      std::string(schema::kSchemaVersion));
      db.set_metadata(std::string(schema::kMetaShardCount),
                      absl::StrCat(shards));
      db.set_metadata(std::string(schema::kMetaShardNumber), absl::StrCat(i));
      db.set_metadata(std::string(schema::kMetaSampleBuckets),
                      absl::StrCat(schema::kSampleBuckets));
      db.commit();
    }
  } catch (const Xapian::Error& e) {
    return XapianStatus(e, absl::StrCat("creating index ", dir));
  }
  if (absl::Status s = WriteStub(dir, names); !s.ok()) return s;
  return layout;
}

}  // namespace byline
