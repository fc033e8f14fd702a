// Generation directories, the live pointer and the generation sequence.
#include "generations/index_directory.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "util/disk_usage.h"
#include "util/durable_file.h"
#include "util/status_macros.h"

namespace byline::generations {
namespace {

namespace fs = std::filesystem;

constexpr absl::string_view kGenerationPrefix = "gen-";

// The entries ("auto shard-000" -> "shard-000") of a stub file's text.
absl::StatusOr<std::vector<std::string>> StubEntries(
    absl::string_view text, const std::string& source) {
  std::vector<std::string> entries;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> words =
        absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (words.size() != 2 || (words[0] != "auto" && words[0] != "glass")) {
      return absl::FailedPreconditionError(absl::StrCat(
          source, ": Byline cannot use the stub line '", line, "'"));
    }
    entries.push_back(words[1]);
  }
  if (entries.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat(source, " lists no databases"));
  }
  return entries;
}

fs::path Absolute(const std::string& dir) {
  std::error_code ec;
  fs::path p = fs::absolute(dir, ec);
  return ec ? fs::path(dir) : p.lexically_normal();
}

absl::StatusOr<ResolvedIndex> FromGenerationDir(const std::string& dir,
                                                absl::string_view name,
                                                RemoteShards remote) {
  const fs::path gen_dir = Absolute(dir) / std::string(name);
  const fs::path manifest_path = gen_dir / std::string(kManifestFile);
  std::error_code ec;
  if (!fs::exists(manifest_path, ec)) {
    return absl::NotFoundError(absl::StrCat(
        "generation ", name, " of ", dir, " does not exist (any more)"));
  }
  BYLINE_ASSIGN_OR_RETURN(Manifest manifest, ReadManifest(gen_dir.string()));
  ResolvedIndex index;
  index.kind = IndexKind::kGenerations;
  index.dir = dir;
  index.generation = std::string(name);
  index.generation_dir = gen_dir.string();
  index.remote_timeouts = manifest.remote_timeouts();
  for (const ManifestShard& shard : manifest.shards) {
    // DecodeManifest checked every location already.
    BYLINE_ASSIGN_OR_RETURN(ShardLocation location,
                            ParseShardLocation(shard.location));
    ResolvedShard resolved;
    resolved.number = shard.number;
    if (location.remote()) {
      if (remote == RemoteShards::kRefuse) {
        return absl::FailedPreconditionError(absl::StrCat(
            manifest_path.string(), ": shard ", shard.number, " is remote ('",
            shard.location, "'); this needs local shard directories: run it "
            "on the index the shard servers serve"));
      }
      resolved.replicas = std::move(location.replicas);
    } else {
      resolved.path = (gen_dir / location.local_dir).string();
      index.shard_paths.push_back(resolved.path);
    }
    index.shards.push_back(std::move(resolved));
  }
  index.manifest = std::move(manifest);
  return index;
}

// The shards of an index without generations: all local.
void LocalShards(ResolvedIndex* index) {
  for (size_t i = 0; i < index->shard_paths.size(); ++i) {
    index->shards.push_back(
        {static_cast<uint32_t>(i), index->shard_paths[i], {}});
  }
}

}  // namespace

bool ResolvedIndex::has_remote_shards() const {
  return std::any_of(shards.begin(), shards.end(),
                     [](const ResolvedShard& s) { return s.remote(); });
}

std::string GenerationName(uint64_t number) {
  return absl::StrFormat("%s%06d", kGenerationPrefix, number);
}

std::optional<uint64_t> ParseGenerationName(absl::string_view name) {
  if (!absl::ConsumePrefix(&name, kGenerationPrefix) || name.size() < 6) {
    return std::nullopt;
  }
  uint64_t number = 0;
  if (!std::all_of(name.begin(), name.end(), absl::ascii_isdigit) ||
      !absl::SimpleAtoi(name, &number) || number == 0) {
    return std::nullopt;
  }
  return number;
}

absl::StatusOr<std::string> ReadLiveGeneration(const std::string& dir) {
  const std::string pointer = (fs::path(dir) / kPointerFile).string();
  absl::StatusOr<std::string> text = ReadSmallFile(pointer);
  if (!text.ok()) {
    std::error_code ec;
    if (text.status().code() == absl::StatusCode::kNotFound &&
        fs::exists(fs::path(dir) / "iamglass", ec)) {
      return std::string();  // a plain database
    }
    if (text.status().code() == absl::StatusCode::kNotFound) {
      return absl::NotFoundError(absl::StrCat("no index at ", dir));
    }
    return text.status();
  }
  BYLINE_ASSIGN_OR_RETURN(std::vector<std::string> entries,
                          StubEntries(*text, pointer));
  if (entries.size() == 1 && ParseGenerationName(entries[0])) {
    return entries[0];
  }
  return std::string();  // a stub from before generations
}

absl::StatusOr<ResolvedIndex> ResolveLive(const std::string& dir,
                                          RemoteShards remote) {
  BYLINE_ASSIGN_OR_RETURN(std::string live, ReadLiveGeneration(dir));
  if (!live.empty()) {
    absl::StatusOr<ResolvedIndex> index = FromGenerationDir(dir, live, remote);
    if (index.status().code() == absl::StatusCode::kNotFound) {
      return absl::FailedPreconditionError(absl::StrCat(
          dir, ": the live generation ", live,
          " is missing; roll back with `byline rollback --index ", dir, "`"));
    }
    return index;
  }
  ResolvedIndex index;
  index.dir = dir;
  const fs::path pointer = fs::path(dir) / kPointerFile;
  std::error_code ec;
  if (!fs::exists(pointer, ec)) {
    index.kind = IndexKind::kPlainDatabase;
    index.shard_paths.push_back(Absolute(dir).string());
    LocalShards(&index);
    return index;
  }
  index.kind = IndexKind::kLegacyStub;
  BYLINE_ASSIGN_OR_RETURN(std::string text, ReadSmallFile(pointer.string()));
  BYLINE_ASSIGN_OR_RETURN(std::vector<std::string> entries,
                          StubEntries(text, pointer.string()));
  for (const std::string& entry : entries) {
    const fs::path shard = fs::path(entry).is_absolute()
                               ? fs::path(entry)
                               : Absolute(dir) / entry;
    index.shard_paths.push_back(shard.string());
  }
  LocalShards(&index);
  return index;
}

absl::StatusOr<ResolvedIndex> ResolveGeneration(const std::string& dir,
                                                absl::string_view name,
                                                RemoteShards remote) {
  if (!ParseGenerationName(name)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", name, "' is not a generation name (gen-NNNNNN)"));
  }
  return FromGenerationDir(dir, name, remote);
}

absl::StatusOr<PointerStamp> StatPointer(const std::string& dir) {
  const std::string pointer = (fs::path(dir) / kPointerFile).string();
  struct stat st;
  if (::stat(pointer.c_str(), &st) != 0) {
    return absl::NotFoundError(absl::StrCat("no index pointer at ", pointer));
  }
  PointerStamp stamp;
  stamp.inode = st.st_ino;
  stamp.size = static_cast<uint64_t>(st.st_size);
  stamp.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 +
                   st.st_mtim.tv_nsec;
  return stamp;
}

absl::Status SwitchLive(const std::string& dir, absl::string_view name) {
  const fs::path manifest =
      fs::path(dir) / std::string(name) / std::string(kManifestFile);
  std::error_code ec;
  if (!ParseGenerationName(name) || !fs::exists(manifest, ec)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "generation ", name, " of ", dir, " is not complete; not switching"));
  }
  return WriteFileDurably(
      (fs::path(dir) / kPointerFile).string(),
      absl::StrCat("# Byline index: the live generation (see ", name, "/",
                   kManifestFile, "). Switched atomically; do not edit.\n",
                   "auto ", name, "\n"));
}

absl::Status WriteManifest(const std::string& dir, const Manifest& manifest) {
  const fs::path gen_dir = fs::path(dir) / manifest.name;
  std::string stub = absl::StrCat("# Byline generation ", manifest.name,
                                  ": its shards, in shard order.\n");
  for (const ManifestShard& shard : manifest.shards) {
    BYLINE_ASSIGN_OR_RETURN(ShardLocation location,
                            ParseShardLocation(shard.location));
    if (location.remote()) {
      absl::StrAppend(&stub, "remote ", location.replicas[0].ToString(), "\n");
    } else {
      absl::StrAppend(&stub, "auto ", location.local_dir, "\n");
    }
  }
  BYLINE_RETURN_IF_ERROR(
      WriteFileDurably((gen_dir / kPointerFile).string(), stub));
  return WriteFileDurably((gen_dir / kManifestFile).string(),
                          EncodeManifest(manifest));
}

absl::StatusOr<Manifest> ReadManifest(const std::string& generation_dir) {
  const std::string path =
      (fs::path(generation_dir) / kManifestFile).string();
  BYLINE_ASSIGN_OR_RETURN(std::string text, ReadSmallFile(path));
  return DecodeManifest(text, path);
}

absl::StatusOr<uint64_t> IssueGenerationNumber(const std::string& dir) {
  uint64_t highest = 0;
  const std::string seq = (fs::path(dir) / kSequenceFile).string();
  absl::StatusOr<std::string> text = ReadSmallFile(seq);
  if (text.ok()) {
    uint64_t n = 0;
    if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(*text), &n)) {
      return absl::FailedPreconditionError(
          absl::StrCat(seq, " does not hold a number"));
    }
    highest = n;
  } else if (text.status().code() != absl::StatusCode::kNotFound) {
    return text.status();
  }
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (auto n = ParseGenerationName(it->path().filename().string())) {
      highest = std::max(highest, *n);
    }
  }
  const uint64_t next = highest + 1;
  BYLINE_RETURN_IF_ERROR(WriteFileDurably(seq, absl::StrCat(next, "\n")));
  return next;
}

absl::StatusOr<std::vector<GenerationEntry>> ListGenerations(
    const std::string& dir) {
  absl::StatusOr<std::string> live = ReadLiveGeneration(dir);
  if (!live.ok() && live.status().code() != absl::StatusCode::kNotFound) {
    return live.status();
  }
  std::vector<GenerationEntry> entries;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    std::optional<uint64_t> number = ParseGenerationName(name);
    if (!number || !it->is_directory(ec)) continue;
    GenerationEntry entry;
    entry.name = name;
    entry.number = *number;
    entry.path = Absolute(it->path().string()).string();
    entry.live = live.ok() && *live == name;
    entry.bytes = DirectoryBytes(it->path().string());
    absl::StatusOr<Manifest> manifest = ReadManifest(entry.path);
    entry.complete = manifest.ok();
    if (manifest.ok()) entry.manifest = std::move(*manifest);
    entries.push_back(std::move(entry));
  }
  if (ec) {
    return absl::InternalError(
        absl::StrCat("cannot list ", dir, ": ", ec.message()));
  }
  std::sort(entries.begin(), entries.end(),
            [](const GenerationEntry& a, const GenerationEntry& b) {
              return a.number < b.number;
            });
  return entries;
}

}  // namespace byline::generations
