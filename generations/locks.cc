// flock(2)-based job lock and generation holds.
#include "generations/locks.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "generations/index_directory.h"

namespace byline::generations {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(int fd) {
  std::string text;
  char buffer[512];
  ::lseek(fd, 0, SEEK_SET);
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n <= 0) break;
    text.append(buffer, static_cast<size_t>(n));
  }
  return text;
}

absl::Status Errno(absl::string_view what, const std::string& path) {
  return absl::InternalError(
      absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

}  // namespace

absl::StatusOr<std::unique_ptr<JobLock>> JobLock::Acquire(
    const std::string& dir, absl::string_view job) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  const std::string path = (fs::path(dir) / kJobLockFile).string();
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("cannot open", path);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    std::string holder(absl::StripAsciiWhitespace(ReadAll(fd)));
    ::close(fd);
    if (error == EWOULDBLOCK) {
      return absl::UnavailableError(absl::StrCat(
          "another job is running on ", dir, ": ",
          holder.empty() ? "holder unknown" : holder));
    }
    errno = error;
    return Errno("cannot lock", path);
  }
  const std::string holder = absl::StrCat(
      "pid ", ::getpid(), " (byline ", job, ") since ",
      absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone()),
      "\n");
  if (::ftruncate(fd, 0) != 0 ||
      ::pwrite(fd, holder.data(), holder.size(), 0) !=
          static_cast<ssize_t>(holder.size())) {
    absl::Status s = Errno("cannot record the job in", path);
    ::close(fd);
    return s;
  }
  return std::unique_ptr<JobLock>(new JobLock(fd));
}

JobLock::~JobLock() {
  // Leave the file (and its last holder) in place; the lock goes with fd.
  ::close(fd_);
}

absl::StatusOr<std::unique_ptr<GenerationHold>> GenerationHold::Acquire(
    const std::string& generation_dir) {
  const std::string path =
      (fs::path(generation_dir) / kManifestFile).string();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::NotFoundError(absl::StrCat(generation_dir, " is gone"));
  }
  if (::flock(fd, LOCK_SH | LOCK_NB) != 0) {
    ::close(fd);
    return absl::NotFoundError(
        absl::StrCat(generation_dir, " is being removed"));
  }
  // A remover renames the directory away while holding the lock; if that
  // happened between our open() and flock(), the path no longer leads to
  // the file we locked.
  struct stat held, now;
  if (::fstat(fd, &held) != 0 || ::stat(path.c_str(), &now) != 0 ||
      held.st_ino != now.st_ino || held.st_dev != now.st_dev) {
    ::close(fd);
    return absl::NotFoundError(absl::StrCat(generation_dir, " is gone"));
  }
  return std::unique_ptr<GenerationHold>(new GenerationHold(fd));
}

GenerationHold::~GenerationHold() { ::close(fd_); }

absl::StatusOr<bool> RemoveGenerationIfUnheld(
    const std::string& generation_dir) {
  const fs::path dir(generation_dir);
  const fs::path trash =
      dir.parent_path() / absl::StrCat(".removing-", dir.filename().string());
  std::error_code ec;
  const std::string manifest = (dir / kManifestFile).string();
  const int fd = ::open(manifest.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      return false;  // a reader holds it
    }
  }
  fs::rename(dir, trash, ec);
  if (fd >= 0) ::close(fd);
  if (ec) {
    return absl::InternalError(absl::StrCat(
        "cannot remove ", generation_dir, ": ", ec.message()));
  }
  fs::remove_all(trash, ec);
  if (ec) {
    return absl::InternalError(absl::StrCat("cannot delete ", trash.string(),
                                            ": ", ec.message()));
  }
  return true;
}

}  // namespace byline::generations
