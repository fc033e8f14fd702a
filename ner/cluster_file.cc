// Word-cluster files (see cluster_file.h).
#include "ner/cluster_file.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "ner/hashing.h"

namespace byline::ner {
namespace {
constexpr absl::string_view kMagic = "BYLCLUS1";

template <typename T>
void Put(std::string* out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out->append(bytes, sizeof(T));
}
}  // namespace

absl::Status WriteClusterFile(const std::vector<WordClusters::Entry>& entries,
                              const std::string& path) {
  std::string out(kMagic);
  Put<uint32_t>(&out, static_cast<uint32_t>(entries.size()));
  for (const WordClusters::Entry& e : entries) {
    Put<uint64_t>(&out, e.key);
    Put<uint32_t>(&out, e.path);
  }
  Put<uint64_t>(&out, HashBytes(out));
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(out.data(), static_cast<std::streamsize>(out.size()));
  file.close();
  if (!file) {
    return absl::PermissionDeniedError(absl::StrCat(
        "cannot write cluster file ", path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<WordClusters::Entry>> ReadClusterFile(
    const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return absl::NotFoundError(absl::StrCat("cannot open cluster file ", path,
                                            ": ", std::strerror(errno)));
  }
  std::ostringstream contents;
  contents << file.rdbuf();
  const std::string bytes = contents.str();
  auto error = [&](absl::string_view problem) {
    return absl::DataLossError(
        absl::StrCat("cluster file ", path, ": ", problem));
  };
  if (bytes.size() < kMagic.size() + 12 ||
      absl::string_view(bytes).substr(0, kMagic.size()) != kMagic) {
    return error("not a cluster file");
  }
  uint64_t checksum;
  std::memcpy(&checksum, bytes.data() + bytes.size() - 8, 8);
  if (HashBytes(absl::string_view(bytes).substr(0, bytes.size() - 8)) !=
      checksum) {
    return error("checksum mismatch");
  }
  uint32_t count;
  std::memcpy(&count, bytes.data() + kMagic.size(), 4);
  if ((bytes.size() - kMagic.size() - 12) != uint64_t{count} * 12) {
    return error("wrong size");
  }
  std::vector<WordClusters::Entry> entries(count);
  const char* p = bytes.data() + kMagic.size() + 4;
  for (WordClusters::Entry& e : entries) {
    std::memcpy(&e.key, p, 8);
    std::memcpy(&e.path, p + 8, 4);
    p += 12;
  }
  return entries;
}

}  // namespace byline::ner
