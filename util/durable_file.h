// Crash-safe file replacement: write a temporary file beside the target,
// fsync it, rename it over the target and fsync the directory, so that after
// a crash (even kill -9 or power loss) a reader sees the old contents or the
// new ones, never a mix or an empty file.
#ifndef BYLINE_UTIL_DURABLE_FILE_H_
#define BYLINE_UTIL_DURABLE_FILE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace byline {

// Replaces `path` with `contents` atomically and durably. Errors: Internal,
// naming the path and the system error; the target is then unchanged (a
// stray `path.tmp.<pid>` may remain and is safe to delete).
absl::Status WriteFileDurably(const std::string& path,
                              absl::string_view contents);

// fsyncs the directory `dir`, making renames and creations in it durable.
absl::Status SyncDirectory(const std::string& dir);

// Reads a whole (small) file. NotFound if it does not exist.
absl::StatusOr<std::string> ReadSmallFile(const std::string& path);

}  // namespace byline

#endif  // BYLINE_UTIL_DURABLE_FILE_H_
