// Reading inputs as a stream of raw records, one per article, without
// parsing them: JSON Lines (plain, .gz, .zst), SGML news collections
// (Reuters-21578 <REUTERS>, TREC <DOC>), a directory tree of plain-text
// articles, or standard input. Splitting is cheap so that one reader thread
// can feed many parsing workers (see record_parser.h for parsing).
#ifndef BYLINE_INDEXER_RECORD_READER_H_
#define BYLINE_INDEXER_RECORD_READER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace byline {

enum class InputFormat {
  kAuto,   // detect from the name, then from the first bytes
  kJsonl,  // one JSON object per line
  kSgml,   // <REUTERS ...>...</REUTERS> or <DOC>...</DOC> records
  kText,   // a directory tree of .txt files: first line title, rest body
};

// "auto", "jsonl", "sgml", "text". InvalidArgument otherwise.
absl::StatusOr<InputFormat> ParseInputFormat(absl::string_view name);
absl::string_view InputFormatName(InputFormat format);

// Format detection for kAuto, exposed for tests and tools.
// By name (ASCII case-insensitive, after dropping a compression suffix
// .gz / .gzip / .zst / .zstd): .jsonl .json .ndjson -> kJsonl; .sgm .sgml
// .trec -> kSgml; .txt -> kText (the one file is one article). kAuto when
// the name says nothing.
InputFormat FormatFromName(absl::string_view path);
// By content (decoded bytes), skipping a UTF-8 byte order mark and
// whitespace: '{' -> kJsonl, '<' -> kSgml, else kAuto (unknown).
InputFormat FormatFromContent(absl::string_view head);

// One article's worth of input, as read.
struct RawRecord {
  InputFormat format = InputFormat::kJsonl;  // never kAuto
  // 1-based position for messages, always a LINE number in `file`, so that
  // "FILE:NUMBER" takes an editor to the record: the line (JSON Lines), the
  // line where the record's start tag <REUTERS / <DOC is (SGML), or 1
  // (text: the record is the whole file).
  uint64_t number = 0;
  // 1-based ordinal of the record within `file`: the n-th non-blank line
  // (JSON Lines), the n-th <REUTERS>/<DOC> record (SGML), the n-th file of
  // the sorted directory walk (text).
  uint64_t ordinal = 0;
  // The file the record came from ("-" for standard input): for SGML and
  // text trees this names the file inside the input. For a directory it is
  // the path relative to the directory ("2024/03/a.txt"), which is also the
  // text article's id; otherwise the path as given to Open.
  std::string file;
  std::string text;  // the record's bytes (one line, one <DOC>, one file)
  // Bytes of the input consumed once this record is read (decompressed
  // bytes for compressed input; bytes of files for a directory).
  uint64_t end_offset = 0;
};

// Thread safety: not thread-safe; one reader per input, one thread.
class RecordReader {
 public:
  // Opens `path` ("-" reads standard input; a directory reads the text
  // tree). Compression (gzip, zstd) is detected from the magic bytes.
  // Errors: NotFound / PermissionDenied naming the path; InvalidArgument if
  // the format cannot be detected.
  //
  // kAuto: a directory is a text tree (every *.txt file below it, the
  // extension in any case, recursively, in byte order of the relative
  // paths; symlinked files are read, symlinked directories are not
  // entered); a file is detected
  // by FormatFromName, then by FormatFromContent on its first decoded
  // bytes; an empty input is JSON Lines with no records. A directory can
  // only be read as kText.
  //
  // Splitting: JSON Lines records are lines (a trailing \r is dropped;
  // lines of only spaces and tabs are skipped but counted). SGML records
  // run from "<REUTERS" or "<DOC" (followed by '>' or whitespace; tag names
  // ASCII case-insensitive) to the matching "</REUTERS>" or "</DOC>";
  // anything between records (the DOCTYPE line) is ignored. A record whose
  // end tag is missing ends where the next record starts (or at the end of
  // input) and is still returned, for the parser to reject. An SGML input
  // with no record at all is an InvalidArgument error from Next. A record
  // longer than 256 MiB is an error (ResourceExhausted).
  static absl::StatusOr<std::unique_ptr<RecordReader>> Open(
      const std::string& path, InputFormat format = InputFormat::kAuto);

  // Reads records from an open descriptor (not closed by the reader), as
  // for standard input; `name` is used as RawRecord::file and in messages.
  // The format is detected from the content only.
  static absl::StatusOr<std::unique_ptr<RecordReader>> OpenFd(
      int fd, const std::string& name,
      InputFormat format = InputFormat::kAuto);

  virtual ~RecordReader() = default;

  // Reads the next record into *record. Returns false at the end of input;
  // an error for I/O or decompression failures (naming the path and offset).
  virtual absl::StatusOr<bool> Next(RawRecord* record) = 0;

  virtual InputFormat format() const = 0;
  // Total size of the input on disk (compressed size for compressed files),
  // when known, and how much of it has been consumed: for progress and ETA.
  virtual std::optional<uint64_t> total_bytes() const = 0;
  virtual uint64_t consumed_bytes() const = 0;
};

}  // namespace byline

#endif  // BYLINE_INDEXER_RECORD_READER_H_
