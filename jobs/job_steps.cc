// Shared job steps: cleanup, copy, validation, guards, retention.
#include "jobs/job_steps.h"

#include <xapian.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "generations/locks.h"
#include "schema/record.h"
#include "schema/schema.h"
#include "util/disk_usage.h"
#include "util/fault_point.h"
#include "util/status_macros.h"
#include "util/xapian_status.h"

namespace byline::jobs {
namespace {

namespace fs = std::filesystem;

std::string ShardDirName(uint32_t i) { return absl::StrFormat("shard-%03d", i); }

}  // namespace

UnfinishedGeneration::~UnfinishedGeneration() {
  if (path_.empty()) return;
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

absl::StatusOr<std::vector<std::string>> CleanUpLeftovers(
    const std::string& dir) {
  std::vector<std::string> removed;
  BYLINE_ASSIGN_OR_RETURN(auto entries, generations::ListGenerations(dir));
  for (const generations::GenerationEntry& e : entries) {
    if (e.complete || e.live) continue;
    BYLINE_ASSIGN_OR_RETURN(bool gone,
                            generations::RemoveGenerationIfUnheld(e.path));
    if (gone) removed.push_back(e.name);
  }
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (absl::StartsWith(name, ".removing-gen-") ||
        absl::StartsWith(name, std::string(generations::kPointerFile) +
                                   ".tmp.") ||
        absl::StartsWith(name, std::string(generations::kSequenceFile) +
                                   ".tmp.")) {
      std::error_code ignored;
      fs::remove_all(it->path(), ignored);
      removed.push_back(name);
    }
  }
  return removed;
}

absl::StatusOr<IndexLayout> CopyShards(const generations::ResolvedIndex& live,
                                       const std::string& generation_dir) {
  IndexLayout layout;
  layout.dir = generation_dir;
  std::error_code ec;
  fs::create_directories(generation_dir, ec);
  for (uint32_t i = 0; i < live.shard_paths.size(); ++i) {
    const fs::path to = fs::path(generation_dir) / ShardDirName(i);
    fs::create_directories(to, ec);
    for (fs::directory_iterator it(live.shard_paths[i], ec), end;
         !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      // The lock file belongs to the live shard's (absent) writer.
      if (!it->is_regular_file() || name == "flintlock") continue;
      fs::copy_file(it->path(), to / name, fs::copy_options::overwrite_existing,
                    ec);
      if (ec) break;
    }
    if (ec) {
      return absl::InternalError(absl::StrCat("cannot copy shard ",
                                              live.shard_paths[i], " to ",
                                              to.string(), ": ", ec.message()));
    }
    layout.shard_paths.push_back(to.string());
  }
  return layout;
}

absl::Status StampShards(const IndexLayout& layout,
                         const std::string& generation) {
  for (const std::string& path : layout.shard_paths) {
    try {
      Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
      db.set_metadata(std::string(schema::kMetaGeneration), generation);
      db.commit();
    } catch (const Xapian::Error& e) {
      return XapianStatus(e, absl::StrCat("stamping shard ", path, " with ",
                                          generation));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckGenerationSchema(absl::string_view name,
                                   const generations::Manifest& manifest,
                                   absl::string_view remedy) {
  if (manifest.schema_version == schema::kSchemaVersion) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      name, " has index schema ", manifest.schema_version,
      "; this Byline reads schema ", schema::kSchemaVersion, remedy));
}

absl::StatusOr<ValidatedCounts> ValidateShards(
    const IndexLayout& layout, uint64_t expected_articles,
    const std::vector<uint64_t>& expected_shard_articles) {
  ValidatedCounts counts;
  try {
    Xapian::Database all;
    for (size_t i = 0; i < layout.shard_paths.size(); ++i) {
      Xapian::Database shard(layout.shard_paths[i]);
      const std::string version =
          shard.get_metadata(std::string(schema::kMetaSchemaVersion));
      if (version != schema::kSchemaVersion) {
        return absl::FailedPreconditionError(absl::StrCat(
            "validation: shard ", i, " has schema '", version,
            "', expected '", schema::kSchemaVersion, "'"));
      }
      const uint64_t docs = shard.get_doccount();
      if (i < expected_shard_articles.size() &&
          docs != expected_shard_articles[i]) {
        return absl::FailedPreconditionError(absl::StrCat(
            "validation: shard ", i, " holds ", docs,
            " articles but the job wrote ", expected_shard_articles[i]));
      }
      counts.shard_articles.push_back(docs);
      counts.articles += docs;
      all.add_database(shard);
    }
    if (counts.articles != expected_articles) {
      return absl::FailedPreconditionError(absl::StrCat(
          "validation: the new generation holds ", counts.articles,
          " articles but the job's counts say ", expected_articles));
    }
    if (counts.articles > 0) {
      // Smoke query: the first article, found by its id term and by one
      // of its body words, with a stored record that decodes.
      const Xapian::docid docid = *all.postlist_begin("");
      const Xapian::Document doc = all.get_document(docid);
      absl::StatusOr<schema::StoredArticle> record =
          schema::DecodeStoredArticle(doc.get_data());
      if (!record.ok()) {
        return absl::FailedPreconditionError(absl::StrCat(
            "validation: a stored article does not decode: ",
            record.status().message()));
      }
      std::string word;
      for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string term = *t;
        if (!term.empty() && !(term[0] >= 'A' && term[0] <= 'Z')) {
          word = term;
          break;
        }
      }
      Xapian::Enquire enquire(all);
      enquire.set_query(Xapian::Query(
          Xapian::Query::OP_AND,
          Xapian::Query(schema::ArticleIdTerm(record->article.id)),
          Xapian::Query(word)));
      const Xapian::MSet mset = enquire.get_mset(0, 2);
      if (word.empty() || mset.size() != 1 || *mset.begin() != docid) {
        return absl::FailedPreconditionError(absl::StrCat(
            "validation: a smoke query for article '", record->article.id,
            "' and its word '", word, "' did not find it"));
      }
    }
  } catch (const Xapian::Error& e) {
    absl::Status s = XapianStatus(e, "validation: opening the new generation");
    return absl::FailedPreconditionError(s.message());
  }
  for (const std::string& path : layout.shard_paths) {
    counts.shard_bytes.push_back(DirectoryBytes(path));
  }
  return counts;
}

absl::StatusOr<uint64_t> CountArticles(
    const std::vector<std::string>& shard_paths) {
  uint64_t total = 0;
  try {
    for (const std::string& path : shard_paths) {
      total += Xapian::Database(path).get_doccount();
    }
  } catch (const Xapian::Error& e) {
    return XapianStatus(e, "counting the live generation's articles");
  }
  return total;
}

std::string CheckGuards(uint64_t before, uint64_t after, double max_shrink,
                        uint64_t min_articles, bool has_live) {
  if (after < min_articles) {
    return absl::StrCat("the new generation would hold ", after,
                        " articles, fewer than --min_articles ", min_articles);
  }
  if (has_live && before > 0) {
    const double floor = std::ceil(static_cast<double>(before) *
                                   (1.0 - std::clamp(max_shrink, 0.0, 1.0)));
    if (static_cast<double>(after) < floor) {
      return absl::StrFormat(
          "the new generation would hold %d articles, %.1f%% fewer than the "
          "live generation's %d (--max_shrink %.0f%%); if that is intended, "
          "rerun with a larger --max_shrink",
          after, 100.0 * (before - after) / before, before, 100.0 * max_shrink);
    }
  }
  return "";
}

std::vector<std::pair<std::string, std::string>> AnalyzerSettings(
    const DocumentBuilderOptions& options) {
  return {
      {"max_term_bytes", absl::StrCat(options.analyzer.max_term_bytes)},
      {"passage_max_sentences", absl::StrCat(options.passages.max_sentences)},
      {"passage_max_words", absl::StrCat(options.passages.max_words)},
      {"passage_min_words", absl::StrCat(options.passages.min_words)},
      {"entities", options.entities.enabled ? "on" : "off"},
      {"ner_model",
       options.entities.enabled ? options.entities.model_id : "none"},
  };
}

std::string AnalyzerSettingDefault(absl::string_view key) {
  if (key == "entities") return "off";
  if (key == "ner_model") return "none";
  return "";
}

absl::StatusOr<std::string> ModelFileId(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return absl::NotFoundError(
        absl::StrCat("cannot read the NER model ", path));
  }
  std::vector<char> buffer(1 << 20);
  uLong crc = crc32(0L, Z_NULL, 0);
  while (file) {
    file.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const std::streamsize n = file.gcount();
    if (n <= 0) break;
    crc = crc32_z(crc, reinterpret_cast<const Bytef*>(buffer.data()),
                  static_cast<z_size_t>(n));
  }
  if (file.bad()) {
    return absl::DataLossError(
        absl::StrCat("error reading the NER model ", path));
  }
  return absl::StrFormat("crc32:%08x", crc);
}

absl::StatusOr<std::vector<generations::ManifestInput>> DescribeInputs(
    const std::vector<std::string>& inputs) {
  std::vector<generations::ManifestInput> described;
  std::vector<char> buffer(1 << 20);
  for (const std::string& path : inputs) {
    generations::ManifestInput in;
    std::error_code ec;
    in.path = path == "-" ? path : fs::absolute(path, ec).string();
    if (path != "-" && fs::is_regular_file(path, ec)) {
      std::ifstream file(path, std::ios::binary);
      uLong crc = crc32(0L, Z_NULL, 0);
      while (file) {
        file.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const std::streamsize n = file.gcount();
        if (n <= 0) break;
        crc = crc32_z(crc, reinterpret_cast<const Bytef*>(buffer.data()),
                      static_cast<z_size_t>(n));
        in.bytes += static_cast<uint64_t>(n);
      }
      in.crc32 = static_cast<uint32_t>(crc);
    } else if (path != "-") {
      in.bytes = DirectoryBytes(path);  // a text tree
    }
    described.push_back(std::move(in));
  }
  return described;
}

absl::Status SwapIn(const std::string& dir,
                    const generations::ResolvedIndex* previous, uint32_t keep,
                    UnfinishedGeneration& unfinished, JobReport* report) {
  FaultPoint("before-pointer-switch");
  BYLINE_RETURN_IF_ERROR(generations::SwitchLive(dir, report->generation));
  unfinished.Keep();
  FaultPoint("after-pointer-switch");
  if (previous != nullptr &&
      previous->kind == generations::IndexKind::kLegacyStub) {
    // The pre-generation shards are unreachable now that the pointer names
    // a generation.
    std::error_code ignored;
    for (const std::string& path : previous->shard_paths) {
      fs::remove_all(path, ignored);
    }
    report->removed_generations.push_back(
        "the pre-generation shard directories (the index now uses "
        "generations)");
  }
  BYLINE_ASSIGN_OR_RETURN(std::vector<std::string> removed,
                          ApplyRetention(dir, keep));
  for (std::string& name : removed) {
    report->removed_generations.push_back(std::move(name));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> ApplyRetention(const std::string& dir,
                                                        uint32_t keep) {
  BYLINE_ASSIGN_OR_RETURN(auto entries, generations::ListGenerations(dir));
  std::vector<std::string> removed;
  uint32_t kept = 0;
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    if (it->live) continue;
    if (it->complete && kept < keep) {
      ++kept;
      continue;
    }
    FaultPoint("during-cleanup");
    BYLINE_ASSIGN_OR_RETURN(bool gone,
                            generations::RemoveGenerationIfUnheld(it->path));
    if (gone) removed.push_back(it->name);
  }
  return removed;
}

}  // namespace byline::jobs
