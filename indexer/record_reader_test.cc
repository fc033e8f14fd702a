// RecordReader: JSON Lines (plain, gzip, zstd, a pipe), SGML and text trees;
// records across the 1 MiB read chunks; format detection; corrupt input.
#include "indexer/record_reader.h"

#include <signal.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "util/temp_dir.h"

namespace byline {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr size_t kChunk = 1 << 20;  // the reader's chunk size

void WriteFile(const std::string& path, const std::string& bytes) {
  std::filesystem::create_directories(
      std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good()) << path;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Writes `members` as concatenated gzip members (gzopen "ab" starts a new
// member each time).
void WriteGzip(const std::string& path,
               const std::vector<std::string>& members) {
  std::filesystem::remove(path);
  for (const std::string& m : members) {
    gzFile f = gzopen(path.c_str(), "ab");
    ASSERT_NE(f, nullptr);
    if (!m.empty()) {
      ASSERT_EQ(gzwrite(f, m.data(), static_cast<unsigned>(m.size())),
                static_cast<int>(m.size()));
    }
    ASSERT_EQ(gzclose(f), Z_OK);
  }
}

std::string Zstd(const std::string& data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const size_t n =
      ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
  EXPECT_FALSE(ZSTD_isError(n)) << ZSTD_getErrorName(n);
  out.resize(ZSTD_isError(n) ? 0 : n);
  return out;
}

std::string Gzip(const std::string& data) {
  TempDir dir;
  WriteGzip(dir.Sub("x.gz"), {data});
  return ReadFile(dir.Sub("x.gz"));
}

struct ReadResult {
  std::vector<RawRecord> records;
  absl::Status status;  // of the first failing Next
};

ReadResult ReadAll(RecordReader& reader) {
  ReadResult result;
  RawRecord record;
  while (true) {
    absl::StatusOr<bool> more = reader.Next(&record);
    if (!more.ok()) {
      result.status = more.status();
      break;
    }
    if (!*more) break;
    result.records.push_back(record);
  }
  return result;
}

ReadResult ReadPath(const std::string& path,
                    InputFormat format = InputFormat::kAuto) {
  auto reader = RecordReader::Open(path, format);
  if (!reader.ok()) return ReadResult{{}, reader.status()};
  return ReadAll(**reader);
}

std::vector<std::string> Texts(const ReadResult& r) {
  std::vector<std::string> out;
  for (const RawRecord& rec : r.records) out.push_back(rec.text);
  return out;
}

std::vector<uint64_t> Numbers(const ReadResult& r) {
  std::vector<uint64_t> out;
  for (const RawRecord& rec : r.records) out.push_back(rec.number);
  return out;
}

TEST(InputFormatTest, NamesRoundTrip) {
  for (InputFormat f : {InputFormat::kAuto, InputFormat::kJsonl,
                        InputFormat::kSgml, InputFormat::kText}) {
    auto parsed = ParseInputFormat(InputFormatName(f));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, f);
  }
  EXPECT_EQ(*ParseInputFormat("JSONL"), InputFormat::kJsonl);
  auto bad = ParseInputFormat("xml");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("'xml'"));
}

TEST(FormatDetectionTest, ByName) {
  EXPECT_EQ(FormatFromName("a.jsonl"), InputFormat::kJsonl);
  EXPECT_EQ(FormatFromName("dir.x/a.JSON"), InputFormat::kJsonl);
  EXPECT_EQ(FormatFromName("a.ndjson.gz"), InputFormat::kJsonl);
  EXPECT_EQ(FormatFromName("a.jsonl.zst"), InputFormat::kJsonl);
  EXPECT_EQ(FormatFromName("reut2-000.sgm"), InputFormat::kSgml);
  EXPECT_EQ(FormatFromName("x.SGML.gz"), InputFormat::kSgml);
  EXPECT_EQ(FormatFromName("ap880212.trec.zstd"), InputFormat::kSgml);
  EXPECT_EQ(FormatFromName("notes.txt"), InputFormat::kText);
  EXPECT_EQ(FormatFromName("data.gz"), InputFormat::kAuto);
  EXPECT_EQ(FormatFromName("la010189"), InputFormat::kAuto);
  EXPECT_EQ(FormatFromName("a.jsonl/b"), InputFormat::kAuto);
}

TEST(FormatDetectionTest, ByContent) {
  EXPECT_EQ(FormatFromContent("{\"id\":1}"), InputFormat::kJsonl);
  EXPECT_EQ(FormatFromContent(" \r\n\t{"), InputFormat::kJsonl);
  EXPECT_EQ(FormatFromContent("\xEF\xBB\xBF{"), InputFormat::kJsonl);
  EXPECT_EQ(FormatFromContent("<!DOCTYPE lewis>"), InputFormat::kSgml);
  EXPECT_EQ(FormatFromContent("\n<DOC>"), InputFormat::kSgml);
  EXPECT_EQ(FormatFromContent("hello"), InputFormat::kAuto);
  EXPECT_EQ(FormatFromContent("  "), InputFormat::kAuto);
}

TEST(FormatDetectionTest, OpenDetectsFromNameThenContent) {
  TempDir dir;
  const std::string jsonl = "{\"id\":\"a\",\"body\":\"x\"}\n";
  const std::string sgml = "<DOC>\n<DOCNO>d1</DOCNO>\n</DOC>\n";
  WriteFile(dir.Sub("noext1"), jsonl);
  WriteFile(dir.Sub("noext2"), "\n\n" + sgml);
  WriteFile(dir.Sub("named.sgm"), jsonl);  // the name wins
  WriteFile(dir.Sub("content.gz"), Gzip(sgml));
  WriteFile(dir.Sub("prose"), "Just words.\n");
  WriteFile(dir.Sub("empty"), "");
  WriteFile(dir.Sub("blank"), " \n\n ");
  auto format_of = [&](const std::string& name) {
    auto r = RecordReader::Open(dir.Sub(name));
    EXPECT_TRUE(r.ok()) << name << ": " << r.status();
    return r.ok() ? (*r)->format() : InputFormat::kAuto;
  };
  EXPECT_EQ(format_of("noext1"), InputFormat::kJsonl);
  EXPECT_EQ(format_of("noext2"), InputFormat::kSgml);
  EXPECT_EQ(format_of("named.sgm"), InputFormat::kSgml);
  EXPECT_EQ(format_of("content.gz"), InputFormat::kSgml);
  EXPECT_EQ(format_of("empty"), InputFormat::kJsonl);
  EXPECT_EQ(format_of("blank"), InputFormat::kJsonl);
  EXPECT_TRUE(ReadPath(dir.Sub("empty")).records.empty());
  EXPECT_TRUE(ReadPath(dir.Sub("blank")).records.empty());

  auto prose = RecordReader::Open(dir.Sub("prose"));
  ASSERT_FALSE(prose.ok());
  EXPECT_EQ(prose.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(prose.status().message(), HasSubstr(dir.Sub("prose")));
  // An explicit format needs no detection.
  auto explicit_jsonl = RecordReader::Open(dir.Sub("prose"),
                                           InputFormat::kJsonl);
  ASSERT_TRUE(explicit_jsonl.ok());
  EXPECT_EQ((*explicit_jsonl)->format(), InputFormat::kJsonl);
  EXPECT_EQ((*RecordReader::Open(dir.path()))->format(), InputFormat::kText);
}

TEST(RecordReaderTest, MissingFileIsNotFound) {
  TempDir dir;
  auto r = RecordReader::Open(dir.Sub("nope.jsonl"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(r.status().message(), HasSubstr(dir.Sub("nope.jsonl")));
}

TEST(RecordReaderTest, DirectoryOnlyAsText) {
  TempDir dir;
  auto r = RecordReader::Open(dir.path(), InputFormat::kJsonl);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(RecordReader::Open(dir.path(), InputFormat::kText).ok());
}

TEST(JsonlReaderTest, LinesCrlfAndBlankLinesKeepNumbering) {
  TempDir dir;
  const std::string content =
      "{\"a\":1}\r\n"
      "\n"
      "   \t \r\n"
      "{\"a\":2}\n"
      "\r\n"
      "{\"a\":3}";  // no final newline
  WriteFile(dir.Sub("in.jsonl"), content);
  auto reader = RecordReader::Open(dir.Sub("in.jsonl"));
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->format(), InputFormat::kJsonl);
  ASSERT_EQ((*reader)->total_bytes(), content.size());
  const ReadResult r = ReadAll(**reader);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_THAT(Texts(r), ElementsAre("{\"a\":1}", "{\"a\":2}", "{\"a\":3}"));
  EXPECT_THAT(Numbers(r), ElementsAre(1u, 4u, 6u));
  EXPECT_EQ(r.records[1].ordinal, 2u);
  EXPECT_EQ(r.records[0].file, dir.Sub("in.jsonl"));
  EXPECT_EQ(r.records[0].format, InputFormat::kJsonl);
  EXPECT_EQ(r.records[0].end_offset, 9u);
  EXPECT_EQ(r.records[2].end_offset, content.size());
  EXPECT_EQ((*reader)->consumed_bytes(), content.size());
}

TEST(JsonlReaderTest, ByteOrderMarkIsSkipped) {
  TempDir dir;
  WriteFile(dir.Sub("bom.jsonl"), "\xEF\xBB\xBF{\"a\":1}\n");
  EXPECT_THAT(Texts(ReadPath(dir.Sub("bom.jsonl"))), ElementsAre("{\"a\":1}"));
}

// Lines of many lengths, one several chunks long, so that line ends and
// starts fall on and around every chunk boundary.
std::string LongLines(std::vector<std::string>* lines) {
  std::string content;
  size_t i = 0;
  while (content.size() < 5 * kChunk) {
    size_t len = (i * 7919) % 300000 + (i % 3 == 0 ? 1 : 200000);
    if (i == 5) len = 2 * kChunk + 17;  // longer than a chunk
    std::string line = absl::StrCat("{\"n\":", i, ",\"pad\":\"");
    line.append(len, static_cast<char>('a' + i % 26));
    line.append("\"}");
    content.append(line).append(i % 4 == 0 ? "\r\n" : "\n");
    lines->push_back(std::move(line));
    ++i;
  }
  return content;
}

TEST(JsonlReaderTest, RecordsAcrossChunkBoundaries) {
  TempDir dir;
  std::vector<std::string> lines;
  const std::string content = LongLines(&lines);
  WriteFile(dir.Sub("big.jsonl"), content);
  WriteFile(dir.Sub("big.jsonl.gz"), Gzip(content));
  WriteFile(dir.Sub("big.jsonl.zst"), Zstd(content));
  for (const char* name : {"big.jsonl", "big.jsonl.gz", "big.jsonl.zst"}) {
    SCOPED_TRACE(name);
    auto reader = RecordReader::Open(dir.Sub(name));
    ASSERT_TRUE(reader.ok()) << reader.status();
    const ReadResult r = ReadAll(**reader);
    ASSERT_TRUE(r.status.ok()) << r.status;
    ASSERT_EQ(r.records.size(), lines.size());
    for (size_t i = 0; i < lines.size(); ++i) {
      ASSERT_EQ(r.records[i].text, lines[i]) << "record " << i;
      ASSERT_EQ(r.records[i].number, i + 1);
    }
    EXPECT_EQ(r.records.back().end_offset, content.size());
    // Progress counts bytes on disk, compressed or not.
    const uint64_t on_disk = std::filesystem::file_size(dir.Sub(name));
    EXPECT_EQ((*reader)->total_bytes(), on_disk);
    EXPECT_EQ((*reader)->consumed_bytes(), on_disk);
  }
}

TEST(JsonlReaderTest, ConcatenatedGzipMembersAndZstdFrames) {
  TempDir dir;
  WriteGzip(dir.Sub("two.jsonl.gz"),
            {"{\"m\":1}\n{\"m\":2", "}\n{\"m\":3}\n", ""});
  EXPECT_THAT(Texts(ReadPath(dir.Sub("two.jsonl.gz"))),
              ElementsAre("{\"m\":1}", "{\"m\":2}", "{\"m\":3}"));
  WriteFile(dir.Sub("two.jsonl.zst"),
            Zstd("{\"f\":1}\n{\"f\"") + Zstd(":2}\n"));
  EXPECT_THAT(Texts(ReadPath(dir.Sub("two.jsonl.zst"))),
              ElementsAre("{\"f\":1}", "{\"f\":2}"));
}

TEST(JsonlReaderTest, CorruptOrTruncatedCompressionIsAClearError) {
  TempDir dir;
  std::string content;
  for (int i = 0; i < 2000; ++i) {
    absl::StrAppend(&content, "{\"id\":", i, ",\"body\":\"word ", i * 31,
                    "\"}\n");
  }
  const std::string gz = Gzip(content);
  const std::string zst = Zstd(content);
  std::string bad_gz = gz;
  for (size_t i = 20; i < 60; ++i) bad_gz[i] = static_cast<char>(~bad_gz[i]);
  std::string bad_zst = zst;
  bad_zst[4] = static_cast<char>(bad_zst[4] | 0x08);  // reserved header bit
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"bad.jsonl.gz", bad_gz},
      {"cut.jsonl.gz", gz.substr(0, gz.size() - 12)},
      {"tail.jsonl.gz", gz + "\x1f\x8bgarbage"},
      {"bad.jsonl.zst", bad_zst},
      {"cut.jsonl.zst", zst.substr(0, zst.size() / 2)},
      {"tiny.gz", std::string("\x1f\x8b", 2)},
  };
  for (const auto& [name, bytes] : cases) {
    SCOPED_TRACE(name);
    WriteFile(dir.Sub(name), bytes);
    ReadResult r = ReadPath(dir.Sub(name), InputFormat::kJsonl);
    ASSERT_FALSE(r.status.ok());
    EXPECT_EQ(r.status.code(), absl::StatusCode::kDataLoss) << r.status;
    EXPECT_THAT(r.status.message(), HasSubstr(dir.Sub(name)));
    EXPECT_THAT(r.status.message(),
                ::testing::AnyOf(HasSubstr("corrupt"), HasSubstr("truncated")));
  }
}

TEST(JsonlReaderTest, ReadsAPipe) {
  signal(SIGPIPE, SIG_IGN);  // a failing reader must not kill the writer
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  std::string content;
  for (int i = 0; i < 50000; ++i) absl::StrAppend(&content, "{\"i\":", i, "}\n");
  const std::string gz = Gzip(content);
  std::thread writer([&] {
    size_t done = 0;
    while (done < gz.size()) {
      // Small writes: the reader sees short reads.
      const ssize_t n = write(fds[1], gz.data() + done,
                              std::min<size_t>(4093, gz.size() - done));
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    close(fds[1]);
  });
  auto reader = RecordReader::OpenFd(fds[0], "-");
  ReadResult r;
  if (reader.ok()) r = ReadAll(**reader);
  writer.join();
  close(fds[0]);
  ASSERT_TRUE(reader.ok()) << reader.status();
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ((*reader)->format(), InputFormat::kJsonl);
  EXPECT_EQ((*reader)->total_bytes(), std::nullopt);
  EXPECT_EQ((*reader)->consumed_bytes(), gz.size());
  ASSERT_EQ(r.records.size(), 50000u);
  EXPECT_EQ(r.records.back().text, "{\"i\":49999}");
  EXPECT_EQ(r.records.back().file, "-");
}

TEST(SgmlReaderTest, SplitsRecordsAndReportsStartLines) {
  TempDir dir;
  const std::string content =
      "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n"                 // 1
      "<REUTERS NEWID=\"1\">\n<TITLE>One</TITLE>\n</REUTERS>\n"  // 2-4
      "<REUTERS NEWID=\"2\">\n"                                  // 5
      "<BODY>a &lt;b&gt; </DOC> c</BODY>\n"                      // 6
      "</REUTERS>"                                               // 7
      "<reuters NEWID=\"3\"><BODY>same line</BODY></reuters >\n"  // 7
      "junk between records\n"                                   // 8
      "<DOC>\n<DOCNO> T-1 </DOCNO>\n<TEXT>x</TEXT>\n</DOC>\n";   // 9-12
  WriteFile(dir.Sub("a.sgm"), content);
  const ReadResult r = ReadPath(dir.Sub("a.sgm"));
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.records.size(), 4u);
  EXPECT_THAT(Numbers(r), ElementsAre(2u, 5u, 7u, 9u));
  EXPECT_EQ(r.records[0].text,
            "<REUTERS NEWID=\"1\">\n<TITLE>One</TITLE>\n</REUTERS>");
  EXPECT_EQ(r.records[1].text,
            "<REUTERS NEWID=\"2\">\n<BODY>a &lt;b&gt; </DOC> c</BODY>\n"
            "</REUTERS>");
  EXPECT_EQ(r.records[2].text,
            "<reuters NEWID=\"3\"><BODY>same line</BODY></reuters >");
  EXPECT_EQ(r.records[3].text,
            "<DOC>\n<DOCNO> T-1 </DOCNO>\n<TEXT>x</TEXT>\n</DOC>");
  for (size_t i = 0; i < r.records.size(); ++i) {
    EXPECT_EQ(r.records[i].ordinal, i + 1);
    EXPECT_EQ(r.records[i].format, InputFormat::kSgml);
    EXPECT_EQ(r.records[i].file, dir.Sub("a.sgm"));
  }
  EXPECT_EQ(r.records[3].end_offset, content.size() - 1);
}

TEST(SgmlReaderTest, UnterminatedRecordEndsAtTheNextOne) {
  TempDir dir;
  WriteFile(dir.Sub("b.sgm"),
            "<REUTERS NEWID=\"1\"><BODY>cut off\n"
            "<REUTERS NEWID=\"2\"><BODY>fine</BODY></REUTERS>\n"
            "<DOC><DOCNO>x</DOCNO> never closed\n");
  const ReadResult r = ReadPath(dir.Sub("b.sgm"));
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_THAT(Texts(r),
              ElementsAre("<REUTERS NEWID=\"1\"><BODY>cut off\n",
                          "<REUTERS NEWID=\"2\"><BODY>fine</BODY></REUTERS>",
                          "<DOC><DOCNO>x</DOCNO> never closed\n"));
  EXPECT_THAT(Numbers(r), ElementsAre(1u, 2u, 3u));
}

TEST(SgmlReaderTest, NoRecordIsAnError) {
  TempDir dir;
  WriteFile(dir.Sub("c.sgm"), "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<P>x\n");
  const ReadResult r = ReadPath(dir.Sub("c.sgm"));
  EXPECT_EQ(r.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status.message(), HasSubstr("no <REUTERS> or <DOC> record"));
  EXPECT_THAT(r.status.message(), HasSubstr(dir.Sub("c.sgm")));
  WriteFile(dir.Sub("d.sgm"), "\n\n");
  EXPECT_TRUE(ReadPath(dir.Sub("d.sgm")).status.ok());
}

// Start and end tags cut by every chunk boundary position.
TEST(SgmlReaderTest, TagsSplitAcrossChunkBoundaries) {
  TempDir dir;
  const std::string first_open = "<REUTERS NEWID=\"1\">\n<BODY>";
  const std::string close = "</BODY>\n</REUTERS>";
  for (size_t shift = 0; shift < 24; ++shift) {
    SCOPED_TRACE(shift);
    // Record 1 ends, and record 2 starts, around offset kChunk.
    const size_t pad = kChunk - first_open.size() - close.size() - 12 + shift;
    std::string record1 = first_open;
    for (size_t i = 0; i < pad; ++i) {
      record1.push_back(i % 80 == 79 ? '\n' : 'x');
    }
    record1 += close;
    const std::string record2 =
        "<REUTERS NEWID=\"2\">\n<BODY>y</BODY>\n</REUTERS>";
    const std::string content = record1 + "\n" + record2 + "\n";
    const std::string name = absl::StrCat("s", shift, ".sgm");
    WriteFile(dir.Sub(name), content);
    const ReadResult r = ReadPath(dir.Sub(name));
    ASSERT_TRUE(r.status.ok()) << r.status;
    ASSERT_EQ(r.records.size(), 2u);
    EXPECT_EQ(r.records[0].text, record1);
    EXPECT_EQ(r.records[1].text, record2);
    const uint64_t lines1 = std::count(record1.begin(), record1.end(), '\n');
    EXPECT_EQ(r.records[1].number, lines1 + 2);
  }
}

TEST(SgmlReaderTest, CompressedSgml) {
  TempDir dir;
  std::string content = "<!DOCTYPE x>\n";
  for (int i = 1; i <= 3000; ++i) {
    absl::StrAppend(&content, "<DOC>\n<DOCNO>D", i, "</DOCNO>\n<TEXT>\n",
                    std::string(i % 997, 'z'), "\n</TEXT>\n</DOC>\n");
  }
  WriteFile(dir.Sub("x.trec.zst"), Zstd(content));
  WriteFile(dir.Sub("x.gz"), Gzip(content));
  for (const char* name : {"x.trec.zst", "x.gz"}) {
    const ReadResult r = ReadPath(dir.Sub(name));
    ASSERT_TRUE(r.status.ok()) << r.status;
    ASSERT_EQ(r.records.size(), 3000u);
    EXPECT_EQ(r.records[2999].ordinal, 3000u);
    EXPECT_THAT(r.records[2999].text, HasSubstr("<DOCNO>D3000</DOCNO>"));
  }
}

TEST(TextReaderTest, WalksTheTreeInSortedOrder) {
  TempDir dir;
  WriteFile(dir.Sub("tree/b/z.txt"), "Zed\nbody z\n");
  WriteFile(dir.Sub("tree/a.txt"), "Ay\nbody a\n");
  WriteFile(dir.Sub("tree/b/a/y.txt"), "Why\nbody y\n");
  WriteFile(dir.Sub("tree/B.TXT"), "Bee\nbody B\n");
  WriteFile(dir.Sub("tree/notes.md"), "not an article\n");
  WriteFile(dir.Sub("tree/c/deeper/empty.txt"), "");
  std::filesystem::create_directories(dir.Sub("tree/empty-dir"));
  auto reader = RecordReader::Open(dir.Sub("tree") + "/");
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->format(), InputFormat::kText);
  const ReadResult r = ReadAll(**reader);
  ASSERT_TRUE(r.status.ok()) << r.status;
  std::vector<std::string> files;
  for (const RawRecord& rec : r.records) files.push_back(rec.file);
  EXPECT_THAT(files, ElementsAre("B.TXT", "a.txt", "b/a/y.txt", "b/z.txt",
                                 "c/deeper/empty.txt"));
  EXPECT_EQ(r.records[2].text, "Why\nbody y\n");
  EXPECT_EQ(r.records[2].number, 1u);
  EXPECT_EQ(r.records[2].ordinal, 3u);
  EXPECT_EQ(r.records[2].format, InputFormat::kText);
  EXPECT_EQ((*reader)->total_bytes(), 11u + 10u + 11u + 11u);
  EXPECT_EQ((*reader)->consumed_bytes(), 43u);
  EXPECT_EQ(r.records.back().end_offset, 43u);
}

TEST(TextReaderTest, OneTextFile) {
  TempDir dir;
  WriteFile(dir.Sub("one.txt"), "Title\n\nBody.\n");
  const ReadResult r = ReadPath(dir.Sub("one.txt"));
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].file, dir.Sub("one.txt"));
  EXPECT_EQ(r.records[0].text, "Title\n\nBody.\n");
  EXPECT_EQ(r.records[0].format, InputFormat::kText);
}

}  // namespace
}  // namespace byline
