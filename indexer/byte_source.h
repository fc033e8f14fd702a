// A byte stream from a file or file descriptor, transparently decompressed:
// gzip (magic 1f 8b; concatenated members are read one after another, as
// gzip(1) does) and zstd (magic 28 b5 2f fd; concatenated frames likewise)
// are recognised from their first bytes, anything else is read as is. Used
// by RecordReader; reads are in large chunks.
#ifndef BYLINE_INDEXER_BYTE_SOURCE_H_
#define BYLINE_INDEXER_BYTE_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace byline {

enum class Compression { kNone, kGzip, kZstd };

absl::string_view CompressionName(Compression compression);

// Thread safety: not thread-safe; one reader thread.
class ByteSource {
 public:
  // Opens the file at `path` ("-" is standard input). Errors: NotFound,
  // PermissionDenied, ... (from errno) naming the path.
  static absl::StatusOr<std::unique_ptr<ByteSource>> Open(
      const std::string& path);
  // Reads from `fd`, which stays open (the caller owns it). `name` is used
  // in messages. Reads the first bytes to detect compression, so this can
  // fail on I/O errors.
  static absl::StatusOr<std::unique_ptr<ByteSource>> FromFd(int fd,
                                                            std::string name);

  ~ByteSource();
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  // Appends up to `max_bytes` (> 0) decoded bytes to *out. Returns how many
  // were appended: 0 only at the end of input. Errors (DataLoss for corrupt
  // or truncated compressed data, errno-based for I/O) name the input and
  // the offset; after an error the source should not be read again.
  absl::StatusOr<size_t> Read(std::string* out, size_t max_bytes);

  const std::string& name() const { return name_; }
  Compression compression() const { return compression_; }
  // Bytes read from the file so far (compressed bytes for compressed input).
  uint64_t raw_consumed() const { return raw_consumed_; }
  // The file's size when it is a regular file; unknown for pipes.
  std::optional<uint64_t> raw_total() const { return raw_total_; }
  // Decoded bytes returned by Read so far.
  uint64_t decoded_bytes() const { return decoded_bytes_; }

 private:
  ByteSource(int fd, bool owns_fd, std::string name);

  absl::Status Init();
  // Refills the input buffer when it is empty; sets eof_ at end of file.
  absl::Status Fill();
  absl::StatusOr<size_t> ReadPlain(char* out, size_t n);
  absl::StatusOr<size_t> ReadGzip(char* out, size_t n);
  absl::StatusOr<size_t> ReadZstd(char* out, size_t n);
  absl::Status Corrupt(absl::string_view what) const;

  int fd_;
  bool owns_fd_;
  std::string name_;
  Compression compression_ = Compression::kNone;
  std::optional<uint64_t> raw_total_;
  uint64_t raw_consumed_ = 0;
  uint64_t decoded_bytes_ = 0;

  std::vector<char> in_;  // raw bytes read but not yet decoded
  size_t in_pos_ = 0;
  size_t in_len_ = 0;
  bool eof_ = false;

  // Decoder state (only the one for compression_ is used).
  struct Gzip;
  struct Zstd;
  std::unique_ptr<Gzip> gzip_;
  std::unique_ptr<Zstd> zstd_;
};

}  // namespace byline

#endif  // BYLINE_INDEXER_BYTE_SOURCE_H_
