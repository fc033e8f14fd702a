// Plain, gzip (zlib inflate) and zstd (ZSTD_decompressStream) byte streams.
#include "indexer/byte_source.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "util/status_macros.h"

namespace byline {
namespace {

constexpr size_t kInputChunk = 1 << 20;

}  // namespace

absl::string_view CompressionName(Compression compression) {
  switch (compression) {
    case Compression::kNone: return "plain";
    case Compression::kGzip: return "gzip";
    case Compression::kZstd: return "zstd";
  }
  return "plain";
}

struct ByteSource::Gzip {
  z_stream stream{};
  bool initialised = false;
  bool member_done = false;  // the last member ended cleanly
  ~Gzip() {
    if (initialised) inflateEnd(&stream);
  }
};

struct ByteSource::Zstd {
  ZSTD_DCtx* ctx = nullptr;
  size_t last_result = 0;  // 0 once a frame is complete
  bool output_full = false;  // the decoder may hold more output
  ~Zstd() { ZSTD_freeDCtx(ctx); }
};

ByteSource::ByteSource(int fd, bool owns_fd, std::string name)
    : fd_(fd), owns_fd_(owns_fd), name_(std::move(name)), in_(kInputChunk) {}

ByteSource::~ByteSource() {
  if (owns_fd_ && fd_ >= 0) close(fd_);
}

absl::StatusOr<std::unique_ptr<ByteSource>> ByteSource::Open(
    const std::string& path) {
  if (path == "-") return FromFd(STDIN_FILENO, "-");
  int fd;
  do {
    fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return absl::ErrnoToStatus(errno, path);
  std::unique_ptr<ByteSource> source(new ByteSource(fd, true, path));
  BYLINE_RETURN_IF_ERROR(source->Init());
  return source;
}

absl::StatusOr<std::unique_ptr<ByteSource>> ByteSource::FromFd(
    int fd, std::string name) {
  std::unique_ptr<ByteSource> source(
      new ByteSource(fd, false, std::move(name)));
  BYLINE_RETURN_IF_ERROR(source->Init());
  return source;
}

absl::Status ByteSource::Init() {
  struct stat st;
  if (fstat(fd_, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      return absl::InvalidArgumentError(
          absl::StrCat(name_, ": is a directory"));
    }
    if (S_ISREG(st.st_mode)) raw_total_ = static_cast<uint64_t>(st.st_size);
  }
  // Read until the magic bytes can be checked (pipes may return less).
  while (in_len_ < 4 && !eof_) {
    const ssize_t n = read(fd_, in_.data() + in_len_, in_.size() - in_len_);
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::ErrnoToStatus(errno, absl::StrCat("reading ", name_));
    }
    if (n == 0) eof_ = true;
    in_len_ += static_cast<size_t>(n);
    raw_consumed_ += static_cast<uint64_t>(n);
  }
  const auto* b = reinterpret_cast<const unsigned char*>(in_.data());
  if (in_len_ >= 2 && b[0] == 0x1f && b[1] == 0x8b) {
    compression_ = Compression::kGzip;
    gzip_ = std::make_unique<Gzip>();
    // 16 + MAX_WBITS: gzip wrapper only.
    if (inflateInit2(&gzip_->stream, 16 + MAX_WBITS) != Z_OK) {
      return absl::ResourceExhaustedError(
          absl::StrCat(name_, ": cannot initialise zlib"));
    }
    gzip_->initialised = true;
  } else if (in_len_ >= 4 && b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f &&
             b[3] == 0xfd) {
    compression_ = Compression::kZstd;
    zstd_ = std::make_unique<Zstd>();
    zstd_->ctx = ZSTD_createDCtx();
    if (zstd_->ctx == nullptr) {
      return absl::ResourceExhaustedError(
          absl::StrCat(name_, ": cannot initialise zstd"));
    }
  }
  return absl::OkStatus();
}

absl::Status ByteSource::Fill() {
  if (in_pos_ < in_len_ || eof_) return absl::OkStatus();
  in_pos_ = 0;
  in_len_ = 0;
  while (true) {
    const ssize_t n = read(fd_, in_.data(), in_.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::ErrnoToStatus(
          errno, absl::StrCat("reading ", name_, " at byte ", raw_consumed_));
    }
    if (n == 0) eof_ = true;
    in_len_ = static_cast<size_t>(n);
    raw_consumed_ += static_cast<uint64_t>(n);
    return absl::OkStatus();
  }
}

absl::Status ByteSource::Corrupt(absl::string_view what) const {
  return absl::DataLossError(absl::StrCat(
      name_, ": ", what, " (", CompressionName(compression_),
      " input, near compressed byte ", raw_consumed_ - (in_len_ - in_pos_),
      ")"));
}

absl::StatusOr<size_t> ByteSource::Read(std::string* out, size_t max_bytes) {
  const size_t old_size = out->size();
  out->resize(old_size + max_bytes);
  char* dest = out->data() + old_size;
  absl::StatusOr<size_t> n = 0;
  switch (compression_) {
    case Compression::kNone: n = ReadPlain(dest, max_bytes); break;
    case Compression::kGzip: n = ReadGzip(dest, max_bytes); break;
    case Compression::kZstd: n = ReadZstd(dest, max_bytes); break;
  }
  out->resize(old_size + (n.ok() ? *n : 0));
  if (n.ok()) decoded_bytes_ += *n;
  return n;
}

absl::StatusOr<size_t> ByteSource::ReadPlain(char* out, size_t n) {
  if (in_pos_ < in_len_) {
    const size_t k = std::min(n, in_len_ - in_pos_);
    std::memcpy(out, in_.data() + in_pos_, k);
    in_pos_ += k;
    return k;
  }
  while (!eof_) {
    // Straight into the caller's buffer: no copy for plain input.
    const ssize_t r = read(fd_, out, n);
    if (r < 0) {
      if (errno == EINTR) continue;
      return absl::ErrnoToStatus(
          errno, absl::StrCat("reading ", name_, " at byte ", raw_consumed_));
    }
    if (r == 0) {
      eof_ = true;
      break;
    }
    raw_consumed_ += static_cast<uint64_t>(r);
    return static_cast<size_t>(r);
  }
  return 0;
}

absl::StatusOr<size_t> ByteSource::ReadGzip(char* out, size_t n) {
  z_stream& zs = gzip_->stream;
  while (true) {
    BYLINE_RETURN_IF_ERROR(Fill());
    const size_t available = in_len_ - in_pos_;
    if (gzip_->member_done) {
      if (available == 0) return size_t{0};  // Fill() hit the end: clean end
      // Another member follows (gzip files may be concatenated).
      if (inflateReset(&zs) != Z_OK) return Corrupt("zlib reset failed");
      gzip_->member_done = false;
    }
    zs.next_in = reinterpret_cast<Bytef*>(in_.data() + in_pos_);
    zs.avail_in = static_cast<uInt>(available);
    zs.next_out = reinterpret_cast<Bytef*>(out);
    zs.avail_out = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
    const uInt avail_out_before = zs.avail_out;
    const int ret = inflate(&zs, Z_NO_FLUSH);
    in_pos_ = in_len_ - zs.avail_in;
    const size_t produced = avail_out_before - zs.avail_out;
    if (ret == Z_STREAM_END) {
      gzip_->member_done = true;
    } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
      return Corrupt(absl::StrCat(
          "corrupt gzip data: ", zs.msg != nullptr ? zs.msg : zError(ret)));
    }
    if (produced > 0) return produced;
    if (!gzip_->member_done && in_pos_ == in_len_ && eof_) {
      return Corrupt("truncated gzip data: the input ends inside a member");
    }
  }
}

absl::StatusOr<size_t> ByteSource::ReadZstd(char* out, size_t n) {
  Zstd& z = *zstd_;
  while (true) {
    if (!z.output_full) {
      BYLINE_RETURN_IF_ERROR(Fill());
      if (in_pos_ == in_len_ && eof_) {
        if (z.last_result != 0) {
          return Corrupt("truncated zstd data: the input ends inside a frame");
        }
        return size_t{0};
      }
    }
    ZSTD_inBuffer input{in_.data() + in_pos_, in_len_ - in_pos_, 0};
    ZSTD_outBuffer output{out, n, 0};
    const size_t ret = ZSTD_decompressStream(z.ctx, &output, &input);
    if (ZSTD_isError(ret)) {
      return Corrupt(
          absl::StrCat("corrupt zstd data: ", ZSTD_getErrorName(ret)));
    }
    in_pos_ += input.pos;
    // A call that neither read nor wrote (flushing after a full output)
    // says nothing about whether the frame is complete.
    if (input.pos > 0 || output.pos > 0) z.last_result = ret;
    // Output filled up: the decoder may hold more, so call again first.
    z.output_full = output.pos == output.size;
    if (output.pos > 0) return output.pos;
  }
}

}  // namespace byline
