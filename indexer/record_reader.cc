// Record splitting for JSON Lines, SGML collections and text trees, over
// ByteSource (plain, gzip, zstd). Input is read in 1 MiB chunks into one
// buffer per reader; records are cut from it without per-byte calls.
#include "indexer/record_reader.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "indexer/byte_source.h"
#include "util/status_macros.h"

namespace byline {
namespace {

constexpr size_t kChunk = 1 << 20;
constexpr size_t kMaxRecordBytes = size_t{256} << 20;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

uint64_t CountNewlines(absl::string_view s) {
  return static_cast<uint64_t>(std::count(s.begin(), s.end(), '\n'));
}

absl::Status TooLong(absl::string_view name, uint64_t line) {
  return absl::ResourceExhaustedError(
      absl::StrCat(name, ":", line, ": record longer than ",
                   kMaxRecordBytes >> 20, " MiB"));
}

// Decoded bytes of one ByteSource, addressed by absolute offsets in the
// decoded stream; bytes before a caller-given offset are dropped on refill.
class StreamBuffer {
 public:
  explicit StreamBuffer(std::unique_ptr<ByteSource> source)
      : source_(std::move(source)) {}

  // The bytes from absolute offset `from` (>= begin()) to end().
  absl::string_view From(uint64_t from) const {
    return absl::string_view(data_).substr(from - base_);
  }
  uint64_t end() const { return base_ + data_.size(); }
  bool eof() const { return eof_; }
  ByteSource& source() { return *source_; }
  const ByteSource& source() const { return *source_; }

  // Drops the bytes before `keep_from`, then appends the next chunk.
  // Returns false (and sets eof()) when there is nothing more.
  absl::StatusOr<bool> ReadMore(uint64_t keep_from) {
    if (eof_) return false;
    const size_t drop = static_cast<size_t>(keep_from - base_);
    if (drop > 0) {
      data_.erase(0, drop);
      base_ = keep_from;
    }
    BYLINE_ASSIGN_OR_RETURN(const size_t n, source_->Read(&data_, kChunk));
    if (n == 0) eof_ = true;
    return n > 0;
  }

 private:
  std::unique_ptr<ByteSource> source_;
  std::string data_;
  uint64_t base_ = 0;  // absolute offset of data_[0]
  bool eof_ = false;
};

// Reads a source's first bytes to detect the format from content.
absl::StatusOr<InputFormat> DetectFromContent(StreamBuffer& buffer) {
  while (true) {
    const absl::string_view head = buffer.From(0);
    const InputFormat f = FormatFromContent(head);
    if (f != InputFormat::kAuto) return f;
    // Undecided: only blank so far (or a BOM), or something else.
    absl::string_view rest = head;
    if (absl::StartsWith(rest, "\xEF\xBB\xBF")) rest.remove_prefix(3);
    const bool blank =
        std::all_of(rest.begin(), rest.end(), [](char c) { return IsSpace(c); });
    if (!blank || head.size() > kMaxRecordBytes) {
      return absl::InvalidArgumentError(absl::StrCat(
          buffer.source().name(),
          ": cannot detect the input format (the first character is neither "
          "'{' for JSON Lines nor '<' for SGML); use --format"));
    }
    BYLINE_ASSIGN_OR_RETURN(const bool more, buffer.ReadMore(0));
    if (!more) return InputFormat::kJsonl;  // empty input: no records
  }
}

// What the stream readers (JSON Lines, SGML) share: the buffered input, its
// name, the record count, and progress reporting.
class StreamRecordReader : public RecordReader {
 public:
  std::optional<uint64_t> total_bytes() const override {
    return buffer_->source().raw_total();
  }
  uint64_t consumed_bytes() const override {
    return buffer_->source().raw_consumed();
  }

 protected:
  explicit StreamRecordReader(std::unique_ptr<StreamBuffer> buffer)
      : buffer_(std::move(buffer)), name_(buffer_->source().name()) {}

  // Fills *record with the next record's fields; always returns true.
  bool Emit(absl::string_view text, uint64_t line, uint64_t end_offset,
            RawRecord* record) {
    record->format = format();
    record->number = line;
    record->ordinal = ++ordinal_;
    record->file = name_;
    record->text.assign(text.data(), text.size());
    record->end_offset = end_offset;
    return true;
  }

  uint64_t records() const { return ordinal_; }

  std::unique_ptr<StreamBuffer> buffer_;
  std::string name_;

 private:
  uint64_t ordinal_ = 0;
};

class JsonlReader : public StreamRecordReader {
 public:
  explicit JsonlReader(std::unique_ptr<StreamBuffer> buffer)
      : StreamRecordReader(std::move(buffer)) {}

  absl::StatusOr<bool> Next(RawRecord* record) override {
    while (true) {
      absl::string_view rest = buffer_->From(pos_);
      const size_t scanned = static_cast<size_t>(scanned_ - pos_);
      const void* nl = std::memchr(rest.data() + scanned, '\n',
                                   rest.size() - scanned);
      absl::string_view line;
      if (nl == nullptr) {
        if (rest.size() > kMaxRecordBytes) return TooLong(name_, line_ + 1);
        scanned_ = buffer_->end();
        BYLINE_ASSIGN_OR_RETURN(const bool more, buffer_->ReadMore(pos_));
        if (more) continue;
        if (rest.empty()) return false;
        line = buffer_->From(pos_);  // last line without a newline
        pos_ = buffer_->end();
      } else {
        const size_t len = static_cast<const char*>(nl) - rest.data();
        line = rest.substr(0, len);
        pos_ += len + 1;
      }
      scanned_ = pos_;
      ++line_;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line_ == 1 && absl::StartsWith(line, "\xEF\xBB\xBF")) {
        line.remove_prefix(3);
      }
      if (line.find_first_not_of(" \t") == absl::string_view::npos) continue;
      return Emit(line, line_, pos_, record);
    }
  }

  InputFormat format() const override { return InputFormat::kJsonl; }

 private:
  uint64_t pos_ = 0;      // start of the next line
  uint64_t scanned_ = 0;  // no '\n' in [pos_, scanned_)
  uint64_t line_ = 0;
};

// SGML record boundaries. Tag names are matched ASCII case-insensitively.
enum class Tag { kNone, kReutersOpen, kDocOpen, kReutersClose, kDocClose };

// What the markup starting at s[0] == '<' is. Sets *need_more when `s` is
// too short to tell.
Tag ClassifyTag(absl::string_view s, bool* need_more) {
  *need_more = false;
  auto name_is = [&](size_t at, absl::string_view name) {
    const size_t end = at + name.size();
    if (s.size() <= end) {
      // Could still become a match once more bytes arrive.
      const size_t have = s.size() > at ? s.size() - at : 0;
      if (absl::EqualsIgnoreCase(s.substr(at, have),
                                 name.substr(0, std::min(have, name.size())))) {
        *need_more = true;
      }
      return false;
    }
    if (!absl::EqualsIgnoreCase(s.substr(at, name.size()), name)) return false;
    const char c = s[end];
    return c == '>' || IsSpace(c);
  };
  if (s.size() < 2) {
    *need_more = true;
    return Tag::kNone;
  }
  if (s[1] == '/') {
    if (name_is(2, "REUTERS")) return Tag::kReutersClose;
    if (name_is(2, "DOC")) return Tag::kDocClose;
    return Tag::kNone;
  }
  if (name_is(1, "REUTERS")) return Tag::kReutersOpen;
  if (name_is(1, "DOC")) return Tag::kDocOpen;
  return Tag::kNone;
}

class SgmlReader : public StreamRecordReader {
 public:
  explicit SgmlReader(std::unique_ptr<StreamBuffer> buffer)
      : StreamRecordReader(std::move(buffer)) {}

  absl::StatusOr<bool> Next(RawRecord* record) override {
    // 1. Find the next start tag from pos_ (text before it is skipped).
    uint64_t start = 0;
    Tag open = Tag::kNone;
    while (true) {
      uint64_t at;
      BYLINE_ASSIGN_OR_RETURN(const Tag tag, FindTag(pos_, /*opening=*/true,
                                                     &at));
      if (tag != Tag::kNone) {
        line_ += CountNewlines(buffer_->From(pos_).substr(0, at - pos_));
        start = at;
        open = tag;
        break;
      }
      // End of input: `at` is the end.
      if (records() == 0) {
        const absl::string_view rest = buffer_->From(pos_);
        const bool blank = std::all_of(rest.begin(), rest.end(),
                                       [](char c) { return IsSpace(c); });
        if (!blank || seen_text_) {
          return absl::InvalidArgumentError(absl::StrCat(
              name_, ": no <REUTERS> or <DOC> record in this SGML input"));
        }
      }
      line_ += CountNewlines(buffer_->From(pos_));
      pos_ = buffer_->end();
      return false;
    }
    pos_ = start;
    const uint64_t record_line = line_ + 1;
    // 2. Find its end: the matching close tag, or the next start tag.
    const Tag close =
        open == Tag::kReutersOpen ? Tag::kReutersClose : Tag::kDocClose;
    uint64_t end;
    uint64_t from = start + 1;
    while (true) {
      uint64_t at;
      BYLINE_ASSIGN_OR_RETURN(const Tag tag, FindTag(from, false, &at));
      if (tag == Tag::kNone) {  // end of input: unterminated
        end = at;
        break;
      }
      if (tag == Tag::kReutersOpen || tag == Tag::kDocOpen) {
        end = at;  // unterminated: the next record starts here
        break;
      }
      if (tag == close) {
        const absl::string_view rest = buffer_->From(at);
        end = at + rest.find('>') + 1;  // FindTag made sure '>' is there
        break;
      }
      from = at + 1;  // a close tag of the other kind: part of the text
    }
    const absl::string_view text = buffer_->From(start).substr(0, end - start);
    if (text.size() > kMaxRecordBytes) return TooLong(name_, record_line);
    line_ += CountNewlines(text);
    pos_ = end;
    return Emit(text, record_line, end, record);
  }

  InputFormat format() const override { return InputFormat::kSgml; }

 private:
  // Finds the first record start tag (opening) or record boundary tag (any
  // of the four) at or after `from`, reading more input as needed. Sets
  // *at to its offset; returns kNone with *at = end of input if none.
  // Bytes before pos_ may be dropped. For a close tag, makes sure its '>'
  // has been read.
  absl::StatusOr<Tag> FindTag(uint64_t from, bool opening, uint64_t* at) {
    while (true) {
      const absl::string_view rest = buffer_->From(from);
      size_t i = 0;
      bool need_more = false;
      while (i < rest.size()) {
        const void* lt = std::memchr(rest.data() + i, '<', rest.size() - i);
        if (lt == nullptr) {
          i = rest.size();
          break;
        }
        i = static_cast<const char*>(lt) - rest.data();
        const absl::string_view candidate = rest.substr(i);
        const Tag tag = ClassifyTag(candidate, &need_more);
        if (need_more) break;
        const bool is_close =
            tag == Tag::kReutersClose || tag == Tag::kDocClose;
        if (tag != Tag::kNone && !(opening && is_close)) {
          if (is_close && candidate.find('>') == absl::string_view::npos) {
            need_more = true;
            break;
          }
          *at = from + i;
          return tag;
        }
        ++i;
      }
      if (from + i - pos_ > kMaxRecordBytes + 64) {
        return TooLong(name_, line_ + 1);
      }
      // Keep everything from pos_ (the record being cut) and rescan from
      // the first undecided byte.
      const uint64_t resume = from + i;
      if (opening) {
        // Skipped text between records: count its lines, then drop it.
        const absl::string_view skipped = buffer_->From(pos_).substr(
            0, static_cast<size_t>(resume - pos_));
        line_ += CountNewlines(skipped);
        if (!seen_text_) {
          seen_text_ = !std::all_of(skipped.begin(), skipped.end(),
                                    [](char c) { return IsSpace(c); });
        }
        pos_ = resume;
      }
      BYLINE_ASSIGN_OR_RETURN(const bool more, buffer_->ReadMore(pos_));
      if (!more) {
        if (need_more) {
          // A partial tag at the very end: not a tag after all.
          from = resume + 1;
          if (from > buffer_->end()) from = buffer_->end();
          if (from == buffer_->end()) {
            *at = buffer_->end();
            return Tag::kNone;
          }
          continue;
        }
        *at = buffer_->end();
        return Tag::kNone;
      }
      from = resume;
    }
  }

  uint64_t pos_ = 0;   // bytes before pos_ are consumed
  uint64_t line_ = 0;  // newlines before pos_
  bool seen_text_ = false;  // non-blank text was skipped outside records
};

// Text articles: a list of files, each one record.
class TextReader : public RecordReader {
 public:
  // `root` is prefixed to each name to open it ("" for a single file).
  TextReader(std::string root, std::vector<std::string> files, uint64_t total)
      : root_(std::move(root)), files_(std::move(files)), total_(total) {}

  absl::StatusOr<bool> Next(RawRecord* record) override {
    if (next_ >= files_.size()) return false;
    const std::string& file = files_[next_];
    const std::string path = root_.empty() ? file : root_ + "/" + file;
    BYLINE_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> source,
                            ByteSource::Open(path));
    record->text.clear();
    while (true) {
      BYLINE_ASSIGN_OR_RETURN(const size_t n, source->Read(&record->text,
                                                           kChunk));
      if (n == 0) break;
      if (record->text.size() > kMaxRecordBytes) return TooLong(path, 1);
    }
    ++next_;
    consumed_ += source->raw_consumed();
    decoded_ += source->decoded_bytes();
    record->format = InputFormat::kText;
    record->number = 1;
    record->ordinal = next_;
    record->file = file;
    record->end_offset = decoded_;
    return true;
  }

  InputFormat format() const override { return InputFormat::kText; }
  std::optional<uint64_t> total_bytes() const override { return total_; }
  uint64_t consumed_bytes() const override { return consumed_; }

 private:
  std::string root_;
  std::vector<std::string> files_;
  uint64_t total_;
  size_t next_ = 0;
  uint64_t consumed_ = 0;
  uint64_t decoded_ = 0;
};

// One text article from one file or stream.
class SingleTextReader : public RecordReader {
 public:
  explicit SingleTextReader(std::unique_ptr<StreamBuffer> buffer)
      : buffer_(std::move(buffer)) {}

  absl::StatusOr<bool> Next(RawRecord* record) override {
    if (done_) return false;
    while (true) {
      BYLINE_ASSIGN_OR_RETURN(const bool more, buffer_->ReadMore(0));
      if (!more) break;
      if (buffer_->end() > kMaxRecordBytes) {
        return TooLong(buffer_->source().name(), 1);
      }
    }
    done_ = true;
    const absl::string_view text = buffer_->From(0);
    record->format = InputFormat::kText;
    record->number = 1;
    record->ordinal = 1;
    record->file = buffer_->source().name();
    record->text.assign(text.data(), text.size());
    record->end_offset = buffer_->end();
    return true;
  }

  InputFormat format() const override { return InputFormat::kText; }
  std::optional<uint64_t> total_bytes() const override {
    return buffer_->source().raw_total();
  }
  uint64_t consumed_bytes() const override {
    return buffer_->source().raw_consumed();
  }

 private:
  std::unique_ptr<StreamBuffer> buffer_;
  bool done_ = false;
};

// Text tree: every *.txt below `root`, sorted by relative path.
absl::StatusOr<std::unique_ptr<RecordReader>> OpenTextTree(
    const std::string& root) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<std::string> files;
  uint64_t total = 0;
  const fs::path base(root);
  fs::recursive_directory_iterator it(base, ec), end;
  if (ec) return absl::ErrnoToStatus(ec.value(), root);
  for (; it != end; it.increment(ec)) {
    if (ec) break;
    const fs::directory_entry& entry = *it;
    std::error_code type_ec;
    if (!entry.is_regular_file(type_ec)) continue;  // follows symlinks
    const std::string name = entry.path().filename().string();
    if (name.size() < 4 ||
        !absl::EqualsIgnoreCase(absl::string_view(name).substr(name.size() - 4),
                                ".txt")) {
      continue;
    }
    files.push_back(entry.path().lexically_relative(base).generic_string());
    std::error_code size_ec;
    const uintmax_t size = entry.file_size(size_ec);
    if (!size_ec) total += size;
  }
  if (ec) {
    return absl::ErrnoToStatus(
        ec.value(), absl::StrCat("listing ", root, ": ", ec.message()));
  }
  std::sort(files.begin(), files.end());
  std::string prefix = root;
  while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
  return std::unique_ptr<RecordReader>(
      new TextReader(prefix, std::move(files), total));
}

absl::StatusOr<std::unique_ptr<RecordReader>> OpenSource(
    std::unique_ptr<ByteSource> source, InputFormat format,
    absl::string_view name_for_detection) {
  if (format == InputFormat::kAuto) format = FormatFromName(name_for_detection);
  if (format == InputFormat::kText) {
    return std::unique_ptr<RecordReader>(new SingleTextReader(
        std::make_unique<StreamBuffer>(std::move(source))));
  }
  auto buffer = std::make_unique<StreamBuffer>(std::move(source));
  if (format == InputFormat::kAuto) {
    BYLINE_ASSIGN_OR_RETURN(format, DetectFromContent(*buffer));
  }
  if (format == InputFormat::kSgml) {
    return std::unique_ptr<RecordReader>(new SgmlReader(std::move(buffer)));
  }
  return std::unique_ptr<RecordReader>(new JsonlReader(std::move(buffer)));
}

}  // namespace

absl::StatusOr<InputFormat> ParseInputFormat(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower == "auto") return InputFormat::kAuto;
  if (lower == "jsonl") return InputFormat::kJsonl;
  if (lower == "sgml") return InputFormat::kSgml;
  if (lower == "text") return InputFormat::kText;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown input format '", name, "' (expected auto, jsonl, sgml or text)"));
}

absl::string_view InputFormatName(InputFormat format) {
  switch (format) {
    case InputFormat::kAuto: return "auto";
    case InputFormat::kJsonl: return "jsonl";
    case InputFormat::kSgml: return "sgml";
    case InputFormat::kText: return "text";
  }
  return "auto";
}

InputFormat FormatFromName(absl::string_view path) {
  const size_t slash = path.rfind('/');
  std::string name = absl::AsciiStrToLower(
      slash == absl::string_view::npos ? path : path.substr(slash + 1));
  for (absl::string_view suffix : {".gz", ".gzip", ".zst", ".zstd"}) {
    if (absl::EndsWith(name, suffix)) {
      name.resize(name.size() - suffix.size());
      break;
    }
  }
  for (absl::string_view ext : {".jsonl", ".json", ".ndjson"}) {
    if (absl::EndsWith(name, ext)) return InputFormat::kJsonl;
  }
  for (absl::string_view ext : {".sgm", ".sgml", ".trec"}) {
    if (absl::EndsWith(name, ext)) return InputFormat::kSgml;
  }
  if (absl::EndsWith(name, ".txt")) return InputFormat::kText;
  return InputFormat::kAuto;
}

InputFormat FormatFromContent(absl::string_view head) {
  if (absl::StartsWith(head, "\xEF\xBB\xBF")) head.remove_prefix(3);
  for (char c : head) {
    if (IsSpace(c)) continue;
    if (c == '{') return InputFormat::kJsonl;
    if (c == '<') return InputFormat::kSgml;
    return InputFormat::kAuto;
  }
  return InputFormat::kAuto;
}

absl::StatusOr<std::unique_ptr<RecordReader>> RecordReader::Open(
    const std::string& path, InputFormat format) {
  if (path == "-") return OpenFd(0, "-", format);
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    return absl::ErrnoToStatus(errno, path);
  }
  if (S_ISDIR(st.st_mode)) {
    if (format != InputFormat::kAuto && format != InputFormat::kText) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": is a directory; directories are read as text trees, not ",
          InputFormatName(format)));
    }
    return OpenTextTree(path);
  }
  BYLINE_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> source,
                          ByteSource::Open(path));
  return OpenSource(std::move(source), format, path);
}

absl::StatusOr<std::unique_ptr<RecordReader>> RecordReader::OpenFd(
    int fd, const std::string& name, InputFormat format) {
  BYLINE_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> source,
                          ByteSource::FromFd(fd, name));
  // Detection from the content only: a descriptor has no useful name.
  return OpenSource(std::move(source), format, "");
}

}  // namespace byline
