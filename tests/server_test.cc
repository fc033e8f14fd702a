// End-to-end tests of the gRPC SearchService over a real server on an
// ephemeral loopback port: service::Server runs in-process on an index of
// the sample corpus and is called through the generated C++ stub. Covers
// passage offsets and highlights, equality with local search, status codes,
// deadlines, overload, cancellation, GetArticle byte ranges, paging and
// concurrency; following the index's live generation across job swaps,
// page tokens pinned to their generation, and generation retention under a
// server that holds one. The SIGTERM test runs the real `byline serve`
// binary and stops it under load.
#include "service/server.h"

#include <fcntl.h>
#include <google/protobuf/util/message_differencer.h>
#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/byte_buffer.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "analysis/text_analyzer.h"
#include "analysis/utf8.h"
#include "byline/v1/search.grpc.pb.h"
#include "generations/index_directory.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "indexer/article_parser.h"
#include "indexer/document_builder.h"
#include "indexer/index_writer.h"
#include "jobs/index_job.h"
#include "searcher/searcher.h"
#include "service/client.h"
#include "service/proto_convert.h"
#include "tests/subprocess.h"
#include "tests/test_index.h"
#include "tests/test_paths.h"
#include "util/temp_dir.h"

namespace byline {
namespace {

namespace v1 = ::byline::v1;
using ::testing::HasSubstr;

constexpr auto kCallTimeout = std::chrono::seconds(10);

std::string SampleCorpus() {
  return testing::SourceDir() + "/data/sample/articles.jsonl";
}

void SetDeadline(grpc::ClientContext* context,
                 std::chrono::milliseconds timeout = kCallTimeout) {
  context->set_deadline(std::chrono::system_clock::now() + timeout);
}

std::string CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::OK:
      return "OK";
    case grpc::CANCELLED:
      return "CANCELLED";
    case grpc::UNKNOWN:
      return "UNKNOWN";
    case grpc::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::ABORTED:
      return "ABORTED";
    case grpc::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::INTERNAL:
      return "INTERNAL";
    case grpc::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      return absl::StrCat("code ", static_cast<int>(code));
  }
}

std::string Describe(const grpc::Status& status) {
  return absl::StrCat(CodeName(status.error_code()), ": ",
                      status.error_message());
}

// ---------------------------------------------------------------------------
// UTF-8 helpers.

bool IsContinuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Whether `offset` is a character boundary of `text` (or its end).
bool AtCharStart(absl::string_view text, size_t offset) {
  return offset == 0 || offset >= text.size() || !IsContinuation(text[offset]);
}

// Code points in text[0, bytes).
uint64_t CharsBefore(absl::string_view text, uint64_t bytes) {
  uint64_t n = 0;
  for (uint64_t i = 0; i < bytes && i < text.size(); ++i) {
    if (!IsContinuation(text[i])) ++n;
  }
  return n;
}

// ---------------------------------------------------------------------------
// Indexing.

// The sample corpus, through the same job as `byline index`: a first
// generation of the index at `index`.
::testing::AssertionResult IndexSampleCorpus(const std::string& index) {
  auto report = testing::BuildTestIndex(index, {SampleCorpus()});
  if (!report.ok()) return ::testing::AssertionFailure() << report.status();
  if (report->indexing.counts.indexed != 40) {
    return ::testing::AssertionFailure()
           << "indexed " << report->indexing.counts.indexed;
  }
  return ::testing::AssertionSuccess();
}

constexpr absl::string_view kBigId = "big-utf8";
constexpr size_t kSmallMessageBytes = 131072;

// A body of over 200 KB mixing 1-, 2-, 3- and 4-byte UTF-8 characters,
// arranged so that byte 65536 (the first chunk's end on a server with
// 128 KiB messages) falls inside a multibyte character.
std::string BigBody() {
  std::string body;
  for (int i = 0; body.size() < 300 * 1024; ++i) {
    absl::StrAppend(&body, "Bericht ", i,
                    ": der Bürgermeister von Zürich sagte über die Straße, "
                    "dass 中文新闻报道 und 日本語 wichtig seien 😀 — naïve "
                    "café crème brûlée kostet €",
                    i % 97, " 𝄞 🚢. ");
    if (i % 4 == 3) body += "\n\n";
  }
  body += "Ende des Berichts.";
  for (int shift = 0; shift < 4 && AtCharStart(body, 65536); ++shift) {
    body.insert(0, "x");
  }
  return body;
}

::testing::AssertionResult IndexBigArticle(const std::string& index,
                                           const std::string& body) {
  auto builder = DocumentBuilder::Create();
  if (!builder.ok()) return ::testing::AssertionFailure() << builder.status();
  auto writer = IndexWriter::Open(index);
  if (!writer.ok()) return ::testing::AssertionFailure() << writer.status();
  Article a;
  a.id = std::string(kBigId);
  a.title = "Ein sehr langer Bericht über Zürich";
  a.body = body;
  a.source = "Test Wire";
  a.url = "https://example.com/big";
  a.language = "de";
  a.published = absl::FromUnixSeconds(1717200000);
  if (absl::Status s = ValidateArticle(a, ArticleLimits()); !s.ok()) {
    return ::testing::AssertionFailure() << s;
  }
  auto docs = (*builder)->Build(a);
  if (!docs.ok()) return ::testing::AssertionFailure() << docs.status();
  auto outcome = (*writer)->Write(a.id, *std::move(docs));
  if (!outcome.ok()) return ::testing::AssertionFailure() << outcome.status();
  if (absl::Status s = (*writer)->Commit(); !s.ok()) {
    return ::testing::AssertionFailure() << s;
  }
  return ::testing::AssertionSuccess();
}

// ---------------------------------------------------------------------------
// A server and a stub connected to it.

struct Running {
  std::unique_ptr<service::Server> server;
  std::unique_ptr<v1::SearchService::Stub> stub;
  std::string target;
};

std::optional<Running> Start(const std::string& index,
                             service::ServerOptions options = {}) {
  options.listen_address = "127.0.0.1:0";
  auto server = service::Server::Start(index, options);
  if (!server.ok()) {
    ADD_FAILURE() << "Server::Start: " << server.status();
    return std::nullopt;
  }
  Running r;
  r.server = *std::move(server);
  if (r.server->port() <= 0) {
    ADD_FAILURE() << "no port";
    return std::nullopt;
  }
  r.target = absl::StrCat("127.0.0.1:", r.server->port());
  r.stub = v1::SearchService::NewStub(
      grpc::CreateChannel(r.target, grpc::InsecureChannelCredentials()));
  return r;
}

v1::SearchRequest Req(const std::string& query, int page_size = 10,
                      int passages_per_article = 0) {
  v1::SearchRequest r;
  r.set_query(query);
  r.set_page_size(page_size);
  r.set_passages_per_article(passages_per_article);
  return r;
}

grpc::Status CallSearch(v1::SearchService::Stub& stub,
                        const v1::SearchRequest& request,
                        v1::SearchResponse* response) {
  grpc::ClientContext context;
  SetDeadline(&context);
  return stub.Search(&context, request, response);
}

grpc::Status CallGetArticle(v1::SearchService::Stub& stub,
                            const std::string& id, uint64_t offset,
                            uint64_t limit, v1::GetArticleResponse* response) {
  v1::GetArticleRequest request;
  request.set_id(id);
  request.set_body_offset(offset);
  request.set_body_limit(limit);
  grpc::ClientContext context;
  SetDeadline(&context);
  return stub.GetArticle(&context, request, response);
}

// ---------------------------------------------------------------------------
// Comparisons.

void ExpectHitEq(const PassageHit& remote, const PassageHit& local,
                 const std::string& where) {
  SCOPED_TRACE(where);
  EXPECT_EQ(remote.rank, local.rank);
  EXPECT_EQ(remote.score, local.score);
  EXPECT_EQ(remote.passage_score, local.passage_score);
  EXPECT_EQ(remote.article.id, local.article.id);
  EXPECT_EQ(remote.article.title, local.article.title);
  EXPECT_EQ(remote.article.source, local.article.source);
  EXPECT_EQ(remote.article.url, local.article.url);
  EXPECT_EQ(remote.article.language, local.article.language);
  EXPECT_EQ(remote.article.published, local.article.published);
  EXPECT_EQ(remote.passage_index, local.passage_index);
  EXPECT_EQ(remote.passage_count, local.passage_count);
  EXPECT_EQ(remote.start_byte, local.start_byte);
  EXPECT_EQ(remote.end_byte, local.end_byte);
  EXPECT_EQ(remote.start_char, local.start_char);
  EXPECT_EQ(remote.end_char, local.end_char);
  EXPECT_EQ(remote.text, local.text);
  ASSERT_EQ(remote.highlights.size(), local.highlights.size());
  for (size_t i = 0; i < remote.highlights.size(); ++i) {
    EXPECT_EQ(remote.highlights[i].start_byte, local.highlights[i].start_byte);
    EXPECT_EQ(remote.highlights[i].end_byte, local.highlights[i].end_byte);
    EXPECT_EQ(remote.highlights[i].start_char, local.highlights[i].start_char);
    EXPECT_EQ(remote.highlights[i].end_char, local.highlights[i].end_char);
  }
}

// The response without its timing, for exact comparisons.
v1::SearchResponse Untimed(v1::SearchResponse r) {
  r.clear_took();
  return r;
}

bool SameResponse(const v1::SearchResponse& a, const v1::SearchResponse& b) {
  return google::protobuf::util::MessageDifferencer::Equals(Untimed(a),
                                                            Untimed(b));
}

// ASCII and Latin-1 letters lower-cased ("ZÜRICH" -> "zürich"): enough for
// the sample corpus's words.
std::string Fold(absl::string_view s) {
  std::string out = absl::AsciiStrToLower(s);
  for (size_t i = 0; i + 1 < out.size(); ++i) {
    const unsigned char lead = static_cast<unsigned char>(out[i]);
    const unsigned char next = static_cast<unsigned char>(out[i + 1]);
    // U+00C0..U+00DE except U+00D7 (multiplication sign).
    if (lead == 0xC3 && next >= 0x80 && next <= 0x9E && next != 0x97) {
      out[i + 1] = static_cast<char>(next + 0x20);
    }
  }
  return out;
}

// Folded query words, without operators, quotes, field names or '*'.
std::vector<std::string> QueryWords(const std::string& query) {
  std::vector<std::string> words;
  for (absl::string_view w :
       absl::StrSplit(query, absl::ByAnyChar(" ()\"+-*"), absl::SkipEmpty())) {
    if (w == "AND" || w == "OR" || w == "NOT") continue;
    if (const size_t colon = w.find(':'); colon != absl::string_view::npos) {
      w.remove_prefix(colon + 1);
    }
    if (!w.empty()) words.push_back(Fold(w));
  }
  return words;
}

// Whether `slice` is (a form of) one of `words`: the same word, or for
// longer words the same first four letters (stems and prefix matches).
bool IsQueryWord(absl::string_view slice,
                 const std::vector<std::string>& words) {
  const std::string s = Fold(slice);
  static TextAnalyzer* const analyzer = TextAnalyzer::Create()->release();
  for (const std::string& w : words) {
    // Same English stem ("rising" for "rise").
    if (!s.empty() && analyzer->Stem(s, "en") == analyzer->Stem(w, "en")) {
      return true;
    }
    if (std::min(s.size(), w.size()) < 4) {
      if (s == w) return true;
    } else if (s.compare(0, 4, w, 0, 4) == 0) {
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------
// The fixture: one index of the sample corpus, one of the big article, and
// a server with default options on the former.

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    big_body_ = new std::string(BigBody());
    ASSERT_TRUE(IndexSampleCorpus(SampleIndex()));
    ASSERT_TRUE(IndexBigArticle(BigIndex(), *big_body_));
    auto running = Start(SampleIndex());
    ASSERT_TRUE(running.has_value());
    shared_ = new Running(*std::move(running));
  }
  static void TearDownTestSuite() {
    if (shared_ != nullptr) shared_->server->Shutdown(absl::Seconds(5));
    delete shared_;
    shared_ = nullptr;
    delete big_body_;
    delete dir_;
  }

  void SetUp() override {
    ASSERT_NE(shared_, nullptr) << "the shared server did not start";
    auto local = Searcher::Open(SampleIndex());
    ASSERT_TRUE(local.ok()) << local.status();
    local_ = *std::move(local);
  }

  static std::string SampleIndex() { return dir_->Sub("sample"); }
  static std::string BigIndex() { return dir_->Sub("big"); }
  static v1::SearchService::Stub& stub() { return *shared_->stub; }

  // The article body as the server returns it (one response).
  std::string Body(const std::string& id) {
    v1::GetArticleResponse response;
    grpc::Status status = CallGetArticle(stub(), id, 0, 0, &response);
    EXPECT_TRUE(status.ok()) << id << ": " << Describe(status);
    EXPECT_FALSE(response.body_truncated()) << id;
    EXPECT_EQ(response.body_offset(), 0u) << id;
    EXPECT_EQ(response.body_size(), response.body().size()) << id;
    return response.body();
  }

  static TempDir* dir_;
  static std::string* big_body_;
  static Running* shared_;
  std::unique_ptr<Searcher> local_;
};

TempDir* ServerTest::dir_ = nullptr;
std::string* ServerTest::big_body_ = nullptr;
Running* ServerTest::shared_ = nullptr;

// Ten queries of different shapes, used by several tests.
const std::vector<std::string>& RotatingQueries() {
  static const auto* queries = new std::vector<std::string>{
      "port strike rotterdam",
      "central bank cuts interest rate",
      "\"the freedom to log off\"",
      "ukrain*",
      "title:heist",
      "heart failure drug trial hospital admissions",
      "wildfire evacuation greek island",
      "methane satellite launch Kourou",
      "lender merger cleared by competition regulators",
      "company profit -shipping",
  };
  return *queries;
}

// ---------------------------------------------------------------------------

TEST_F(ServerTest, PassagesHaveExactOffsetsAndHighlights) {
  std::map<std::string, std::string> bodies;
  for (const std::string& query :
       {std::string("port strike rotterdam"),
        std::string("how much did the company's profit rise last quarter"),
        std::string("\"the freedom to log off\""), std::string("ukrain*"),
        std::string("wildfire evacuation greek island"),
        std::string("lender merger cleared by competition regulators"),
        std::string("zürich OR são OR rød")}) {
    SCOPED_TRACE(query);
    v1::SearchResponse response;
    grpc::Status status = CallSearch(stub(), Req(query, 20, 3), &response);
    ASSERT_TRUE(status.ok()) << Describe(status);
    ASSERT_GT(response.passages_size(), 0);
    const std::vector<std::string> words = QueryWords(query);
    int highlighted = 0;
    uint32_t rank = 0;
    std::string previous_id;
    for (const v1::Passage& p : response.passages()) {
      const std::string where =
          absl::StrCat(p.article().id(), " passage ", p.passage_index());
      SCOPED_TRACE(where);
      // Ranks count articles; an article's passages share its rank.
      if (p.article().id() != previous_id) ++rank;
      previous_id = p.article().id();
      EXPECT_EQ(p.rank(), rank);
      EXPECT_LT(p.passage_index(), p.passage_count());
      auto [it, inserted] = bodies.try_emplace(p.article().id());
      if (inserted) it->second = Body(p.article().id());
      const std::string& body = it->second;
      const v1::BodyRange& r = p.range();
      ASSERT_LE(r.start_byte(), r.end_byte());
      ASSERT_LE(r.end_byte(), body.size());
      EXPECT_EQ(body.substr(r.start_byte(), r.end_byte() - r.start_byte()),
                p.text());
      EXPECT_EQ(CharsBefore(body, r.start_byte()), r.start_char());
      EXPECT_EQ(CharsBefore(body, r.end_byte()), r.end_char());
      uint32_t previous_end = r.start_byte();
      for (const v1::BodyRange& h : p.highlights()) {
        ASSERT_LT(h.start_byte(), h.end_byte());
        ASSERT_GE(h.start_byte(), previous_end) << "overlap or out of order";
        ASSERT_LE(h.end_byte(), r.end_byte()) << "outside the passage";
        previous_end = h.end_byte();
        const std::string slice =
            body.substr(h.start_byte(), h.end_byte() - h.start_byte());
        EXPECT_EQ(CharsBefore(body, h.start_byte()), h.start_char()) << slice;
        EXPECT_EQ(CharsBefore(body, h.end_byte()), h.end_char()) << slice;
        EXPECT_TRUE(AtCharStart(body, h.start_byte()) &&
                    AtCharStart(body, h.end_byte()))
            << slice;
        EXPECT_TRUE(IsQueryWord(slice, words))
            << "highlight '" << slice << "' is not a query word";
        ++highlighted;
      }
    }
    EXPECT_GT(highlighted, 0) << "no highlights at all";
  }
}

TEST_F(ServerTest, RemoteResultsEqualLocalResults) {
  struct Case {
    std::string name;
    v1::SearchRequest request;
  };
  std::vector<Case> cases;
  for (const std::string& q : RotatingQueries()) {
    cases.push_back({q, Req(q, 10)});
  }
  {
    v1::SearchRequest r = Req("company OR bank OR strike", 25, 2);
    cases.push_back({"passages_per_article 2", r});
    r.set_sort(v1::SORT_ORDER_DATE);
    cases.push_back({"sort by date", r});
    r.add_sources("Harbour Wire");
    r.add_sources("capital-courier");
    cases.push_back({"sources", r});
    r.mutable_published_from()->set_year(2024);
    r.mutable_published_from()->set_month(3);
    r.mutable_published_from()->set_day(1);
    r.mutable_published_to()->set_year(2024);
    r.mutable_published_to()->set_month(5);
    r.mutable_published_to()->set_day(31);
    cases.push_back({"dates", r});
    cases.push_back({"filters only", Req("date:2024-03", 50)});
    cases.push_back(
        {"source filter only", Req("source:\"Meridian Post\"", 50)});
  }
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    v1::SearchResponse response;
    grpc::Status status = CallSearch(stub(), c.request, &response);
    ASSERT_TRUE(status.ok()) << Describe(status);

    SearchRequest local_request;
    local_request.query = c.request.query();
    local_request.limit = c.request.page_size();
    local_request.passages_per_article =
        std::max(1, c.request.passages_per_article());
    local_request.sort = service::FromProto(c.request.sort());
    local_request.sources.assign(c.request.sources().begin(),
                                 c.request.sources().end());
    auto from = service::FromProto(c.request.published_from(), "from");
    auto to = service::FromProto(c.request.published_to(), "to");
    ASSERT_TRUE(from.ok() && to.ok());
    local_request.published_from = *from;
    local_request.published_to = *to;
    auto local = local_->Search(local_request);
    ASSERT_TRUE(local.ok()) << local.status();

    EXPECT_GT(local->hits.size(), 0u);
    EXPECT_EQ(response.estimated_articles(), local->estimated_articles);
    EXPECT_EQ(service::FromProto(response.sort_used()), local->sort_used);
    EXPECT_EQ(!response.next_page_token().empty(), local->has_more);
    ASSERT_EQ(static_cast<size_t>(response.passages_size()),
              local->hits.size());
    for (int i = 0; i < response.passages_size(); ++i) {
      ExpectHitEq(service::FromProto(response.passages(i)), local->hits[i],
                  absl::StrCat("hit ", i));
    }
    EXPECT_TRUE(response.has_took());
  }
}

TEST_F(ServerTest, RemoteSearcherClientEqualsLocal) {
  service::RemoteSearcher remote(shared_->target, absl::Seconds(10));
  for (const auto& [offset, limit] : std::vector<std::pair<uint32_t, uint32_t>>{
           {0, 10}, {3, 7}, {0, 150}, {95, 20}, {500, 5}}) {
    SearchRequest request;
    request.query = "the OR company OR bank";
    request.offset = offset;
    request.limit = limit;
    request.passages_per_article = 3;
    SCOPED_TRACE(absl::StrCat("offset ", offset, " limit ", limit));
    auto r = remote.Search(request);
    ASSERT_TRUE(r.ok()) << r.status();
    auto l = local_->Search(request);
    ASSERT_TRUE(l.ok()) << l.status();
    EXPECT_EQ(r->has_more, l->has_more);
    EXPECT_EQ(r->estimated_articles, l->estimated_articles);
    ASSERT_EQ(r->hits.size(), l->hits.size());
    for (size_t i = 0; i < r->hits.size(); ++i) {
      ExpectHitEq(r->hits[i], l->hits[i], absl::StrCat("hit ", i));
    }
  }
  auto remote_stats = remote.Stats();
  ASSERT_TRUE(remote_stats.ok()) << remote_stats.status();
  auto local_stats = local_->Stats();
  ASSERT_TRUE(local_stats.ok());
  EXPECT_EQ(remote_stats->articles, 40u);
  EXPECT_EQ(remote_stats->articles, local_stats->articles);
  EXPECT_EQ(remote_stats->passages, local_stats->passages);
  EXPECT_EQ(remote_stats->undated_articles, local_stats->undated_articles);
  EXPECT_EQ(remote_stats->average_passage_words,
            local_stats->average_passage_words);
  EXPECT_EQ(remote_stats->path, local_stats->path);
  EXPECT_EQ(remote_stats->schema_version, local_stats->schema_version);
  EXPECT_EQ(remote_stats->built_at, local_stats->built_at);
  EXPECT_EQ(remote_stats->oldest_published, local_stats->oldest_published);
  EXPECT_EQ(remote_stats->newest_published, local_stats->newest_published);
  EXPECT_EQ(remote_stats->articles_by_source, local_stats->articles_by_source);
}

TEST_F(ServerTest, GetArticleEqualsLocal) {
  for (const std::string id : {"sample-001", "sample-020", "sample-029"}) {
    SCOPED_TRACE(id);
    v1::GetArticleResponse response;
    grpc::Status status = CallGetArticle(stub(), id, 0, 0, &response);
    ASSERT_TRUE(status.ok()) << Describe(status);
    auto local = local_->GetArticle(id);
    ASSERT_TRUE(local.ok()) << local.status();
    EXPECT_EQ(response.body(), local->body);
    EXPECT_EQ(response.body_size(), local->body.size());
    EXPECT_FALSE(response.body_truncated());
    EXPECT_EQ(response.passage_count(), local->passage_count);
    const schema::ArticleMeta meta = service::FromProto(response.article());
    EXPECT_EQ(meta.id, local->meta.id);
    EXPECT_EQ(meta.title, local->meta.title);
    EXPECT_EQ(meta.source, local->meta.source);
    EXPECT_EQ(meta.url, local->meta.url);
    EXPECT_EQ(meta.language, local->meta.language);
    EXPECT_EQ(meta.published, local->meta.published);
  }
  // sample-020 is undated.
  v1::GetArticleResponse response;
  ASSERT_TRUE(CallGetArticle(stub(), "sample-020", 0, 0, &response).ok());
  EXPECT_FALSE(response.article().has_published());
}

TEST_F(ServerTest, StatusCodes) {
  auto search_code = [&](const v1::SearchRequest& request) {
    v1::SearchResponse response;
    return CallSearch(stub(), request, &response);
  };
  // Bad queries name the position.
  for (const std::string query :
       {"\"unterminated", "(a OR b", "a AND", "", "a)", "()"}) {
    grpc::Status status = search_code(Req(query));
    EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT)
        << query << " -> " << Describe(status);
    EXPECT_THAT(status.error_message(), HasSubstr("at character")) << query;
  }

  // Page size: 0 (default) and the cap are fine; over it or negative not.
  EXPECT_TRUE(search_code(Req("bank", 0)).ok());
  EXPECT_TRUE(search_code(Req("bank", 100)).ok());
  for (int page_size : {101, 1000, -1, std::numeric_limits<int32_t>::max()}) {
    grpc::Status status = search_code(Req("bank", page_size));
    EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT)
        << page_size << " -> " << Describe(status);
    EXPECT_THAT(status.error_message(), HasSubstr("page_size")) << page_size;
  }

  // Query length: 4096 bytes is served, 4097 is not.
  std::string longest = "bank";
  longest.resize(4096, ' ');  // one word, padded
  grpc::Status status = search_code(Req(longest));
  EXPECT_TRUE(status.ok()) << "4096-byte query: " << Describe(status);
  status = search_code(Req(longest + "x"));
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT) << Describe(status);
  EXPECT_THAT(status.error_message(), HasSubstr("4097"));
  EXPECT_THAT(status.error_message(), HasSubstr("4096"));
  status = search_code(Req(std::string(1 << 20, 'a')));
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT) << Describe(status);

  // Page tokens: from another query, malformed, or from another
  // passages_per_article.
  v1::SearchResponse first;
  ASSERT_TRUE(CallSearch(stub(), Req("the", 5), &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());
  v1::SearchRequest foreign = Req("bank", 5);
  foreign.set_page_token(first.next_page_token());
  status = search_code(foreign);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT) << Describe(status);
  EXPECT_THAT(status.error_message(), HasSubstr("page_token"));
  foreign = Req("the", 5, 2);
  foreign.set_page_token(first.next_page_token());
  EXPECT_EQ(search_code(foreign).error_code(), grpc::INVALID_ARGUMENT);
  foreign = Req("the", 5);
  foreign.set_sort(v1::SORT_ORDER_DATE);
  foreign.set_page_token(first.next_page_token());
  EXPECT_EQ(search_code(foreign).error_code(), grpc::INVALID_ARGUMENT);
  foreign = Req("the", 5);
  foreign.add_sources("harbour-wire");
  foreign.set_page_token(first.next_page_token());
  EXPECT_EQ(search_code(foreign).error_code(), grpc::INVALID_ARGUMENT);
  for (const std::string token : {"garbage!", "djE6MTA6", "AAAA"}) {
    v1::SearchRequest bad = Req("the", 5);
    bad.set_page_token(token);
    status = search_code(bad);
    EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT)
        << token << " -> " << Describe(status);
  }
  // The same token with another page size is fine.
  v1::SearchRequest same = Req("the", 7);
  same.set_page_token(first.next_page_token());
  EXPECT_TRUE(search_code(same).ok());

  // Other bad arguments.
  v1::SearchRequest bad = Req("bank");
  bad.set_passages_per_article(-1);
  EXPECT_EQ(search_code(bad).error_code(), grpc::INVALID_ARGUMENT);
  bad = Req("bank");
  bad.set_passages_per_article(101);
  EXPECT_EQ(search_code(bad).error_code(), grpc::INVALID_ARGUMENT);
  bad = Req("bank");
  bad.mutable_published_from()->set_year(2024);
  bad.mutable_published_from()->set_month(2);
  bad.mutable_published_from()->set_day(30);
  status = search_code(bad);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT) << Describe(status);
  EXPECT_THAT(status.error_message(), HasSubstr("published_from"));
  bad = Req("bank");
  bad.mutable_published_from()->set_year(2024);
  bad.mutable_published_from()->set_month(6);
  bad.mutable_published_from()->set_day(1);
  bad.mutable_published_to()->set_year(2024);
  bad.mutable_published_to()->set_month(5);
  bad.mutable_published_to()->set_day(1);
  EXPECT_EQ(search_code(bad).error_code(), grpc::INVALID_ARGUMENT);

  // GetArticle.
  v1::GetArticleResponse article;
  status = CallGetArticle(stub(), "no-such-article", 0, 0, &article);
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND) << Describe(status);
  status = CallGetArticle(stub(), "", 0, 0, &article);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT) << Describe(status);
  const std::string body = Body("sample-001");
  ASSERT_FALSE(body.empty());
  status = CallGetArticle(stub(), "sample-001", body.size() + 1, 0, &article);
  EXPECT_EQ(status.error_code(), grpc::OUT_OF_RANGE) << Describe(status);
  status = CallGetArticle(stub(), "sample-001",
                          std::numeric_limits<uint64_t>::max(), 10, &article);
  EXPECT_EQ(status.error_code(), grpc::OUT_OF_RANGE) << Describe(status);
  // Exactly at the end: an empty, final range.
  article.Clear();
  status = CallGetArticle(stub(), "sample-001", body.size(), 0, &article);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_TRUE(article.body().empty());
  EXPECT_EQ(article.body_offset(), body.size());
  EXPECT_EQ(article.body_size(), body.size());
  EXPECT_FALSE(article.body_truncated());

  // The server still serves after all that.
  v1::SearchResponse ok;
  EXPECT_TRUE(CallSearch(stub(), Req("bank"), &ok).ok());
  EXPECT_GT(ok.passages_size(), 0);
}

// An already-expired deadline always fails with DEADLINE_EXCEEDED. So does
// one 1 µs away, except that gRPC keeps deadlines in whole milliseconds
// (rounded up), so a call that completes within that millisecond may
// legitimately succeed; no other outcome is allowed.
TEST_F(ServerTest, ExpiredDeadlinesAreDeadlineExceeded) {
  auto search = [&](std::chrono::system_clock::duration from_now,
                    const v1::SearchRequest& request) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + from_now);
    v1::SearchResponse response;
    return stub().Search(&context, request, &response);
  };
  auto get_article = [&](std::chrono::system_clock::duration from_now) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + from_now);
    v1::GetArticleRequest request;
    request.set_id("sample-001");
    v1::GetArticleResponse response;
    return stub().GetArticle(&context, request, &response);
  };
  auto stats = [&](std::chrono::system_clock::duration from_now) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + from_now);
    v1::StatsResponse response;
    return stub().Stats(&context, v1::StatsRequest(), &response);
  };
  const auto expired = -std::chrono::seconds(1);
  const auto just_expired = -std::chrono::milliseconds(1);
  const auto one_us = std::chrono::microseconds(1);
  int exceeded_1us = 0, ok_1us = 0;
  for (int i = 0; i < 20; ++i) {
    for (const grpc::Status& status :
         {search(expired, Req("bank")), search(just_expired, Req("bank")),
          get_article(expired), stats(just_expired)}) {
      EXPECT_EQ(status.error_code(), grpc::DEADLINE_EXCEEDED)
          << Describe(status);
    }
    for (const grpc::Status& status :
         {search(one_us, Req("the OR bank", 100, 3)),
          search(one_us, Req("bank")), get_article(one_us), stats(one_us)}) {
      if (status.ok()) {
        ++ok_1us;
      } else {
        EXPECT_EQ(status.error_code(), grpc::DEADLINE_EXCEEDED)
            << Describe(status);
        ++exceeded_1us;
      }
    }
  }
  std::printf("1 us deadlines: %d DEADLINE_EXCEEDED, %d OK\n", exceeded_1us,
              ok_1us);
  EXPECT_GT(exceeded_1us, 0) << "no 1 us call timed out";
  v1::SearchResponse ok;
  EXPECT_TRUE(CallSearch(stub(), Req("bank"), &ok).ok());
}

// Many async calls at a server with one worker and a queue of two: each
// call either succeeds or is refused with RESOURCE_EXHAUSTED, and the
// server survives.
TEST_F(ServerTest, OverloadIsResourceExhaustedNeverACrash) {
  service::ServerOptions options;
  options.pool.workers = 1;
  options.pool.max_queued = 2;
  auto running = Start(SampleIndex(), options);
  ASSERT_TRUE(running.has_value());

  struct Call {
    grpc::ClientContext context;
    v1::SearchRequest request;
    v1::SearchResponse response;
    grpc::Status status;
  };
  constexpr int kCalls = 300;
  std::vector<std::unique_ptr<Call>> calls;
  std::mutex mu;
  std::condition_variable cv;
  int done = 0;
  for (int i = 0; i < kCalls; ++i) {
    auto call = std::make_unique<Call>();
    SetDeadline(&call->context, std::chrono::seconds(60));
    call->request = Req(i % 2 == 0 ? "the OR company OR bank OR port"
                                   : RotatingQueries()[i % 10],
                        100, 3);
    calls.push_back(std::move(call));
  }
  for (auto& call : calls) {
    Call* c = call.get();
    running->stub->async()->Search(&c->context, &c->request, &c->response,
                                   [c, &mu, &cv, &done](grpc::Status s) {
                                     std::lock_guard<std::mutex> lock(mu);
                                     c->status = std::move(s);
                                     ++done;
                                     cv.notify_all();
                                   });
  }
  {
    std::unique_lock<std::mutex> lock(mu);
    if (!cv.wait_for(lock, std::chrono::seconds(90),
                     [&] { return done == kCalls; })) {
      // Not all callbacks ran: cancel the rest and give them time; the
      // calls must outlive their callbacks, so leak them if still stuck.
      lock.unlock();
      for (auto& call : calls) call->context.TryCancel();
      lock.lock();
      if (!cv.wait_for(lock, std::chrono::seconds(30),
                       [&] { return done == kCalls; })) {
        for (auto& call : calls) call.release();
        FAIL() << "only " << done << " of " << kCalls << " calls completed";
      }
      ADD_FAILURE() << "calls did not complete within 90 s";
    }
  }
  std::map<std::string, int> codes;
  for (const auto& call : calls) {
    ++codes[CodeName(call->status.error_code())];
    EXPECT_TRUE(call->status.ok() ||
                call->status.error_code() == grpc::RESOURCE_EXHAUSTED)
        << Describe(call->status);
    if (call->status.ok()) {
      EXPECT_GT(call->response.passages_size(), 0);
    }
    if (call->status.error_code() == grpc::RESOURCE_EXHAUSTED) {
      EXPECT_THAT(call->status.error_message(), HasSubstr("busy"));
    }
  }
  std::string summary;
  for (const auto& [code, n] : codes)
    absl::StrAppend(&summary, code, "=", n, " ");
  std::printf("overload: %s\n", summary.c_str());
  EXPECT_GT(codes["OK"], 0);

  // Still serving.
  v1::SearchResponse ok;
  EXPECT_TRUE(CallSearch(*running->stub, Req("bank"), &ok).ok());
  running->server->Shutdown(absl::Seconds(5));
}

TEST_F(ServerTest, CancelledCallsAreCancelledOrFinished) {
  // Cancelled before it starts: always CANCELLED.
  {
    grpc::ClientContext context;
    SetDeadline(&context);
    context.TryCancel();
    v1::SearchResponse response;
    grpc::Status status = stub().Search(&context, Req("bank"), &response);
    EXPECT_EQ(status.error_code(), grpc::CANCELLED) << Describe(status);
  }
  // Cancelled from another thread at various points.
  int cancelled = 0, finished = 0;
  for (int i = 0; i < 40; ++i) {
    grpc::ClientContext context;
    SetDeadline(&context);
    v1::SearchResponse response;
    grpc::Status status;
    std::atomic<bool> started{false};
    std::thread caller([&] {
      started = true;
      status = stub().Search(&context, Req("the OR company OR bank", 100, 3),
                             &response);
    });
    while (!started) std::this_thread::yield();
    // 0 to ~10 ms: before, during and after the search.
    std::this_thread::sleep_for(std::chrono::microseconds(250 * i));
    context.TryCancel();
    caller.join();
    if (status.ok()) {
      ++finished;
      EXPECT_GT(response.passages_size(), 0);
    } else {
      EXPECT_EQ(status.error_code(), grpc::CANCELLED) << Describe(status);
      ++cancelled;
    }
  }
  std::printf("cancel: %d cancelled, %d finished first\n", cancelled, finished);
  v1::SearchResponse ok;
  EXPECT_TRUE(CallSearch(stub(), Req("bank"), &ok).ok());
}

TEST_F(ServerTest, GetArticleByteRangesReassembleOnCharacterBoundaries) {
  const std::string& body = *big_body_;
  ASSERT_GT(body.size(), 200u * 1024);
  ASSERT_FALSE(AtCharStart(body, 65536)) << "test body layout";
  service::ServerOptions options;
  options.max_message_bytes = kSmallMessageBytes;
  auto running = Start(BigIndex(), options);
  ASSERT_TRUE(running.has_value());
  v1::SearchService::Stub& small = *running->stub;

  // Whole body, chunk by chunk, each as large as the server sends.
  std::string assembled;
  uint64_t offset = 0;
  int chunks = 0;
  bool widened = false;
  for (; chunks < 100; ++chunks) {
    v1::GetArticleResponse r;
    grpc::Status status =
        CallGetArticle(small, std::string(kBigId), offset, 0, &r);
    ASSERT_TRUE(status.ok()) << "offset " << offset << ": " << Describe(status);
    ASSERT_EQ(r.body_offset(), offset);  // offsets given were char starts
    EXPECT_EQ(r.body_size(), body.size());
    EXPECT_EQ(r.article().id(), kBigId);
    EXPECT_GT(r.passage_count(), 1u);
    EXPECT_LE(r.body().size(), kSmallMessageBytes);
    EXPECT_TRUE(AtCharStart(body, r.body_offset()));
    EXPECT_TRUE(AtCharStart(body, r.body_offset() + r.body().size()));
    EXPECT_TRUE(IsValidUtf8(r.body())) << "chunk at " << offset;
    if (r.body().size() != 65536 && r.body_truncated()) widened = true;
    assembled += r.body();
    offset = r.body_offset() + r.body().size();
    if (!r.body_truncated()) {
      EXPECT_EQ(offset, body.size());
      break;
    }
    ASSERT_GT(r.body().size(), 0u) << "no progress at " << offset;
  }
  EXPECT_GE(chunks + 1, 4) << "expected several chunks";
  EXPECT_TRUE(widened) << "no chunk end fell inside a character";
  EXPECT_TRUE(assembled == body)
      << "reassembled " << assembled.size() << " bytes of " << body.size();

  // Ranges that start or end inside a character are widened to whole
  // characters, and always cover what was asked.
  std::vector<size_t> probes;
  for (size_t pos = 65530; pos < 65546; ++pos) probes.push_back(pos);
  for (size_t i = 0, seen = 0; i < body.size() && seen < 3; ++i) {
    if ((static_cast<unsigned char>(body[i]) >> 3) == 0x1E) {  // 4-byte char
      for (size_t k = 0; k < 5; ++k) probes.push_back(i + k);
      ++seen;
    }
  }
  probes.push_back(body.size() - 1);
  for (size_t start : probes) {
    for (uint64_t limit : {1, 2, 3, 5, 1000}) {
      v1::GetArticleResponse r;
      grpc::Status status =
          CallGetArticle(small, std::string(kBigId), start, limit, &r);
      ASSERT_TRUE(status.ok())
          << start << "+" << limit << ": " << Describe(status);
      const uint64_t got_start = r.body_offset();
      const uint64_t got_end = got_start + r.body().size();
      SCOPED_TRACE(absl::StrCat("asked ", start, "+", limit, ", got ",
                                got_start, "..", got_end));
      EXPECT_LE(got_start, start);
      EXPECT_GE(got_end, std::min<uint64_t>(start + limit, body.size()));
      EXPECT_LT(start - got_start, 4u);
      EXPECT_TRUE(AtCharStart(body, got_start));
      EXPECT_TRUE(AtCharStart(body, got_end));
      EXPECT_EQ(r.body(), body.substr(got_start, got_end - got_start));
      EXPECT_EQ(r.body_truncated(), got_end < body.size());
      EXPECT_TRUE(IsValidUtf8(r.body()));
    }
  }

  // A limit above the chunk size is capped to it.
  v1::GetArticleResponse r;
  ASSERT_TRUE(CallGetArticle(small, std::string(kBigId), 0, 1 << 30, &r).ok());
  EXPECT_TRUE(r.body_truncated());
  EXPECT_LE(r.body().size(), 65536u + 3);

  // The big article is searchable there too, with exact offsets.
  v1::SearchResponse found;
  grpc::Status status =
      CallSearch(small, Req("Bürgermeister Zürich", 20, 5), &found);
  ASSERT_TRUE(status.ok()) << Describe(status);
  ASSERT_GT(found.passages_size(), 0);
  for (const v1::Passage& p : found.passages()) {
    EXPECT_EQ(body.substr(p.range().start_byte(),
                          p.range().end_byte() - p.range().start_byte()),
              p.text());
    EXPECT_EQ(CharsBefore(body, p.range().start_byte()),
              p.range().start_char());
  }
  running->server->Shutdown(absl::Seconds(5));
}

// The CLI's client adapts to a server whose page cap is below its own.
TEST_F(ServerTest, RemoteSearcherAdaptsToASmallerPageCap) {
  service::ServerOptions options;
  options.service.max_page_size = 10;
  auto running = Start(SampleIndex(), options);
  ASSERT_TRUE(running.has_value());
  service::RemoteSearcher remote(
      absl::StrCat("127.0.0.1:", running->server->port()), absl::Seconds(10));
  SearchRequest request;
  request.query = "the OR port";
  request.offset = 5;
  request.limit = 25;
  auto r = remote.Search(request);
  ASSERT_TRUE(r.ok()) << r.status();
  auto l = local_->Search(request);
  ASSERT_TRUE(l.ok());
  ASSERT_EQ(r->hits.size(), l->hits.size());
  for (size_t i = 0; i < r->hits.size(); ++i) {
    EXPECT_EQ(r->hits[i].article.id, l->hits[i].article.id) << i;
    EXPECT_EQ(r->hits[i].rank, l->hits[i].rank) << i;
  }
  EXPECT_EQ(r->has_more, l->has_more);
  running->server->Shutdown(absl::Seconds(5));
}

// A page whose articles would not fit in one response is cut short and
// continues on the next page, instead of failing with RESOURCE_EXHAUSTED;
// an article too big on its own keeps the best passages that fit.
TEST_F(ServerTest, OversizedPagesContinueOnTheNextPage) {
  service::ServerOptions options;
  options.max_message_bytes = kSmallMessageBytes;
  auto running = Start(BigIndex(), options);
  ASSERT_TRUE(running.has_value());
  const v1::SearchRequest request =
      Req("Bürgermeister OR Zürich OR the", 100, 100);
  v1::SearchResponse page;
  grpc::Status status = CallSearch(*running->stub, request, &page);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_LE(page.ByteSizeLong(), kSmallMessageBytes);
  ASSERT_GT(page.passages_size(), 1);
  // The big article has more matching passages than fit: they are its
  // best ones, in the order a local search gives them.
  auto local = Searcher::Open(BigIndex());
  ASSERT_TRUE(local.ok());
  SearchRequest local_request;
  local_request.query = request.query();
  local_request.limit = 100;
  local_request.passages_per_article = 100;
  auto all = (*local)->Search(local_request);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_GT(all->hits.size(), static_cast<size_t>(page.passages_size()))
      << "everything fitted in one page: make the body bigger";
  for (int i = 0; i < page.passages_size(); ++i) {
    EXPECT_EQ(page.passages(i).passage_index(), all->hits[i].passage_index);
  }
  running->server->Shutdown(absl::Seconds(5));
}

// Several articles that would not fit in one response continue on the next
// page: walking the tokens returns every article once.
TEST_F(ServerTest, OversizedPagesOfSampleArticlesContinue) {
  // Twelve articles of about 30 KB, each a page's worth of passages.
  const std::string index = dir_->Sub("medium");
  {
    auto builder = DocumentBuilder::Create();
    ASSERT_TRUE(builder.ok());
    auto writer = IndexWriter::Open(index);
    ASSERT_TRUE(writer.ok());
    for (int n = 0; n < 12; ++n) {
      Article a;
      a.id = absl::StrCat("m", n);
      a.title = absl::StrCat("Bericht ", n);
      for (int i = 0; a.body.size() < 30 * 1024; ++i) {
        absl::StrAppend(&a.body, "Bericht ", n, "-", i,
                        ": der Bürgermeister von Zürich sagte über die "
                        "Straße, dass 中文新闻报道 wichtig seien. ");
      }
      auto doc = (*builder)->Build(a);
      ASSERT_TRUE(doc.ok());
      ASSERT_TRUE((*writer)->Write(a.id, *std::move(doc)).ok());
    }
    ASSERT_TRUE((*writer)->Commit().ok());
  }
  service::ServerOptions options;
  options.max_message_bytes = kSmallMessageBytes;
  auto running = Start(index, options);
  ASSERT_TRUE(running.has_value());
  v1::SearchRequest request = Req("Bürgermeister OR Zürich", 50, 100);
  std::set<std::string> seen;
  int pages = 0;
  for (; pages < 100; ++pages) {
    v1::SearchResponse page;
    grpc::Status status = CallSearch(*running->stub, request, &page);
    ASSERT_TRUE(status.ok()) << Describe(status);
    EXPECT_LE(page.ByteSizeLong(), kSmallMessageBytes);
    ASSERT_GT(page.passages_size(), 0);
    std::set<std::string> on_page;
    for (const v1::Passage& p : page.passages())
      on_page.insert(p.article().id());
    for (const std::string& id : on_page) {
      EXPECT_TRUE(seen.insert(id).second) << id << " on two pages";
    }
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }
  EXPECT_GT(pages, 1) << "everything fitted in one page";
  EXPECT_EQ(seen.size(), 12u);
  running->server->Shutdown(absl::Seconds(5));
}

// Walks `request` page by page with next_page_token, for each page size,
// and checks that the pages together are exactly `all` (one big page): the
// same passages in the same order, none twice, none missing. Returns the
// number of walks made.
int ExpectPagesEqualOneBigPage(v1::SearchService::Stub& stub,
                               v1::SearchRequest request,
                               const std::vector<int>& page_sizes) {
  request.clear_page_token();
  request.set_page_size(1000);
  v1::SearchResponse all;
  grpc::Status status = CallSearch(stub, request, &all);
  EXPECT_TRUE(status.ok()) << Describe(status);
  EXPECT_TRUE(all.next_page_token().empty());
  EXPECT_GT(all.passages_size(), 3) << request.query();
  if (!status.ok()) return 0;
  std::set<std::pair<std::string, uint32_t>> unique;
  for (const v1::Passage& p : all.passages()) {
    unique.emplace(p.article().id(), p.passage_index());
  }
  EXPECT_EQ(unique.size(), static_cast<size_t>(all.passages_size()))
      << "duplicates within one page";

  int walks = 0;
  for (int page_size : page_sizes) {
    SCOPED_TRACE(absl::StrCat(request.query(), ", sort ", request.sort(), ", ",
                              request.passages_per_article(),
                              " per article, pages of ", page_size));
    request.set_page_size(page_size);
    request.clear_page_token();
    std::vector<v1::Passage> walked;
    int pages = 0;
    for (; pages < 1000; ++pages) {
      v1::SearchResponse page;
      status = CallSearch(stub, request, &page);
      if (!status.ok()) {
        ADD_FAILURE() << "page " << pages << ": " << Describe(status);
        return walks;
      }
      // Page sizes count articles: each brings up to passages_per_article
      // passages, adjacent and sharing its rank.
      std::set<uint32_t> ranks;
      for (const v1::Passage& p : page.passages()) ranks.insert(p.rank());
      EXPECT_LE(ranks.size(), static_cast<size_t>(page_size));
      EXPECT_EQ(page.sort_used(), all.sort_used());
      EXPECT_EQ(page.estimated_articles(), all.estimated_articles());
      for (const v1::Passage& p : page.passages()) walked.push_back(p);
      if (page.next_page_token().empty()) break;
      EXPECT_EQ(ranks.size(), static_cast<size_t>(page_size))
          << "short page, not last";
      request.set_page_token(page.next_page_token());
    }
    EXPECT_LT(pages, 1000) << "paging did not end";
    std::set<std::pair<std::string, uint32_t>> seen;
    std::vector<std::string> twice, differ;
    uint32_t rank = 0;
    for (size_t i = 0; i < walked.size(); ++i) {
      const v1::Passage& a = walked[i];
      const auto key = std::make_pair(a.article().id(), a.passage_index());
      if (!seen.insert(key).second) {
        twice.push_back(absl::StrCat(key.first, "/", key.second));
      }
      if (i == 0 || a.article().id() != walked[i - 1].article().id()) ++rank;
      EXPECT_EQ(a.rank(), rank);
      if (i < static_cast<size_t>(all.passages_size())) {
        const v1::Passage& b = all.passages(static_cast<int>(i));
        if (a.article().id() != b.article().id() ||
            a.passage_index() != b.passage_index() || a.score() != b.score() ||
            a.text() != b.text()) {
          differ.push_back(absl::StrCat(
              i, ": ", a.article().id(), "/", a.passage_index(), " instead of ",
              b.article().id(), "/", b.passage_index()));
        }
      }
    }
    std::vector<std::string> missing;
    for (const auto& key : unique) {
      if (!seen.contains(key)) {
        missing.push_back(absl::StrCat(key.first, "/", key.second));
      }
    }
    EXPECT_EQ(walked.size(), static_cast<size_t>(all.passages_size()));
    EXPECT_TRUE(twice.empty())
        << "returned twice: " << absl::StrJoin(twice, " ");
    EXPECT_TRUE(missing.empty())
        << "never returned: " << absl::StrJoin(missing, " ");
    EXPECT_TRUE(differ.empty())
        << "order differs from one big page at " << absl::StrJoin(differ, "; ");
    ++walks;
  }
  return walks;
}

// Walking next_page_token visits every result of one big page exactly once,
// in order, whatever the page size.
TEST_F(ServerTest, PagingWalksEveryResultExactlyOnce) {
  service::ServerOptions options;
  options.service.max_page_size = 1000;
  auto running = Start(SampleIndex(), options);
  ASSERT_TRUE(running.has_value());

  std::vector<v1::SearchRequest> requests;
  for (const std::string& q :
       {std::string("the"), std::string("bank OR port OR strike OR company"),
        std::string("date:2024"), std::string("company OR shares")}) {
    requests.push_back(Req(q));
  }
  {
    // By date, filtered to dated articles (see the disabled test below for
    // undated ones).
    v1::SearchRequest r = Req("the OR a");
    r.set_sort(v1::SORT_ORDER_DATE);
    r.add_sources("northern-ledger");
    r.add_sources("Harbour Wire");
    r.mutable_published_from()->set_year(2024);
    r.mutable_published_from()->set_month(1);
    r.mutable_published_from()->set_day(1);
    requests.push_back(r);
  }
  int walks = 0;
  for (v1::SearchRequest request : requests) {
    for (int per_article : {1, 3}) {
      request.set_passages_per_article(per_article);
      walks += ExpectPagesEqualOneBigPage(*running->stub, request,
                                          {1, 3, 7, 10, 64});
    }
  }
  // By date including undated articles, one passage per article.
  v1::SearchRequest by_date = Req("the");
  by_date.set_sort(v1::SORT_ORDER_DATE);
  by_date.set_passages_per_article(1);
  walks += ExpectPagesEqualOneBigPage(*running->stub, by_date, {1, 2, 3, 10});
  EXPECT_EQ(walks, 54);
  running->server->Shutdown(absl::Seconds(5));
}

// Regression test: by date with several passages per article, paging
// through the undated articles (which all tie on the date) once returned a
// different order than one big page, repeating one passage and dropping
// another, because passages were regrouped within each page only.
// A client may jump to a page with `offset` (one bounded match, no walk);
// a page past the 10,000-result window is INVALID_ARGUMENT saying so.
TEST_F(ServerTest, OffsetJumpsToAPageWithinTheResultWindow) {
  v1::SearchRequest all = Req("port OR strike OR bank OR profit", 30);
  v1::SearchResponse whole;
  ASSERT_TRUE(CallSearch(stub(), all, &whole).ok());
  ASSERT_GT(whole.passages_size(), 8);
  v1::SearchRequest jump = Req("port OR strike OR bank OR profit", 3);
  jump.set_offset(5);
  v1::SearchResponse page;
  ASSERT_TRUE(CallSearch(stub(), jump, &page).ok());
  ASSERT_EQ(page.passages_size(), 3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(page.passages(i).article().id(),
              whole.passages(5 + i).article().id());
    EXPECT_EQ(page.passages(i).rank(), 6u + i);
  }
  // Its next page token goes on from there.
  jump.set_page_token(page.next_page_token());
  ASSERT_TRUE(CallSearch(stub(), jump, &page).ok());
  ASSERT_GT(page.passages_size(), 0);
  EXPECT_EQ(page.passages(0).article().id(), whole.passages(8).article().id());

  v1::SearchRequest deep = Req("port", 10);
  deep.set_offset(9990);
  EXPECT_TRUE(CallSearch(stub(), deep, &page).ok());
  EXPECT_EQ(page.passages_size(), 0);
  deep.set_offset(9991);
  grpc::Status status = CallSearch(stub(), deep, &page);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("10000")) << Describe(status);
}

TEST_F(ServerTest, PagingByDateThroughUndatedArticles) {
  service::ServerOptions options;
  options.service.max_page_size = 1000;
  auto running = Start(SampleIndex(), options);
  ASSERT_TRUE(running.has_value());
  for (const std::string& q : {std::string("the"), std::string("the OR a")}) {
    v1::SearchRequest request = Req(q);
    request.set_sort(v1::SORT_ORDER_DATE);
    request.set_passages_per_article(3);
    ExpectPagesEqualOneBigPage(*running->stub, request, {1, 2, 3, 7, 10});
  }
  running->server->Shutdown(absl::Seconds(5));
}

TEST_F(ServerTest, ConcurrentQueriesAllSucceedAndEqualSerialResults) {
  const std::vector<std::string>& queries = RotatingQueries();
  std::vector<v1::SearchResponse> serial(queries.size());
  for (size_t i = 0; i < queries.size(); ++i) {
    grpc::Status status =
        CallSearch(stub(), Req(queries[i], 20, 2), &serial[i]);
    ASSERT_TRUE(status.ok()) << queries[i] << ": " << Describe(status);
    ASSERT_GT(serial[i].passages_size(), 0) << queries[i];
  }
  constexpr int kThreads = 8, kPerThread = 200;
  std::atomic<int> ok{0}, mismatched{0}, failed{0};
  std::mutex mu;
  std::vector<std::string> problems;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const size_t q = static_cast<size_t>(t + i) % queries.size();
        v1::SearchResponse response;
        grpc::Status status =
            CallSearch(stub(), Req(queries[q], 20, 2), &response);
        if (!status.ok()) {
          ++failed;
          std::lock_guard<std::mutex> lock(mu);
          if (problems.size() < 10) {
            problems.push_back(
                absl::StrCat(queries[q], ": ", Describe(status)));
          }
        } else if (!SameResponse(response, serial[q])) {
          ++mismatched;
          std::lock_guard<std::mutex> lock(mu);
          if (problems.size() < 10) {
            problems.push_back(
                absl::StrCat(queries[q], ": differs from serial"));
          }
        } else {
          ++ok;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), kThreads * kPerThread)
      << failed.load() << " failed, " << mismatched.load()
      << " mismatched: " << absl::StrJoin(problems, "; ");
}

TEST_F(ServerTest, HealthServiceReportsServing) {
  grpc::GenericStub generic(
      grpc::CreateChannel(shared_->target, grpc::InsecureChannelCredentials()));
  // grpc.health.v1.HealthCheckRequest{service: ""} is the empty message;
  // HealthCheckResponse{status: SERVING} is field 1 = 1, i.e. 08 01.
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  grpc::ClientContext context;
  SetDeadline(&context);
  std::mutex mu;
  std::condition_variable cv;
  std::optional<grpc::Status> result;
  generic.UnaryCall(&context, "/grpc.health.v1.Health/Check",
                    grpc::StubOptions(), &request, &response,
                    [&](grpc::Status s) {
                      std::lock_guard<std::mutex> lock(mu);
                      result = std::move(s);
                      cv.notify_all();
                    });
  std::unique_lock<std::mutex> lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] {
    return result.has_value();
  })) << "health check did not complete";
  ASSERT_TRUE(result->ok()) << Describe(*result);
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(response.Dump(&slices).ok());
  std::string bytes;
  for (const grpc::Slice& s : slices) {
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  EXPECT_EQ(bytes, std::string("\x08\x01", 2)) << "status is not SERVING";
}

// ---------------------------------------------------------------------------
// The real binary, stopped with SIGTERM while clients keep calling.

TEST_F(ServerTest, ServeBinaryDrainsOnSigterm) {
  TempDir io;
  const std::string out_path = io.Sub("stdout");
  const std::string err_path = io.Sub("stderr");
  std::vector<std::string> words = {testing::BinaryDir() + "/cli/byline",
                                    "serve",
                                    "--index",
                                    SampleIndex(),
                                    "--listen",
                                    "127.0.0.1:0",
                                    "--workers",
                                    "2"};
  testing::Subprocess child(words, "/dev/null", out_path, err_path);
  ASSERT_NE(child.pid(), 0) << child.error();
  auto ReadFile = testing::ReadWholeFile;

  // The port, from "byline serve: listening on 127.0.0.1:PORT (...)".
  const int port = testing::WaitForServePort(child, out_path);
  ASSERT_GT(port, 0) << "no listening line within 20 s; stdout: "
                     << ReadFile(out_path)
                     << "\nstderr: " << ReadFile(err_path);

  const std::string target = absl::StrCat("127.0.0.1:", port);
  constexpr int kThreads = 4, kMaxCalls = 2000;
  std::atomic<bool> sigterm_sent{false};
  std::mutex mu;
  std::map<std::string, int> codes;
  std::vector<std::string> bad;
  int ok_calls = 0;
  int shutdown_cancelled = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto stub = v1::SearchService::NewStub(
          grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
      for (int i = 0; i < kMaxCalls; ++i) {
        const std::string& query =
            RotatingQueries()[static_cast<size_t>(t + i) % 10];
        v1::SearchResponse response;
        grpc::ClientContext context;
        SetDeadline(&context, std::chrono::seconds(5));
        grpc::Status status =
            stub->Search(&context, Req(query, 10, 2), &response);
        const bool after_sigterm = sigterm_sent.load();
        std::lock_guard<std::mutex> lock(mu);
        ++codes[CodeName(status.error_code())];
        if (status.ok()) {
          if (response.passages_size() > 0) {
            ++ok_calls;
          } else {
            bad.push_back(absl::StrCat(query, ": OK without results"));
          }
        } else if (status.error_code() == grpc::UNAVAILABLE) {
          break;
        } else if (status.error_code() == grpc::CANCELLED &&
                   status.error_message() == "CANCELLED" && after_sigterm) {
          // Known gRPC core behaviour (1.51, still open upstream as
          // grpc/grpc#41785): a call that reaches the server after
          // Server::Shutdown began, before the client saw the GOAWAY, is
          // never handed to a handler and is failed with CANCELLED
          // "CANCELLED" instead of UNAVAILABLE. Byline's own cancellation
          // says "the call was cancelled". Tolerated, counted, reported.
          ++shutdown_cancelled;
        } else {
          bad.push_back(absl::StrCat(
              query, ": ", Describe(status),
              after_sigterm ? " (after SIGTERM)" : " (before SIGTERM)"));
          break;
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  sigterm_sent = true;
  const auto sigterm_time = std::chrono::steady_clock::now();
  child.Signal(SIGTERM);
  const std::optional<int> exit_code = child.Wait(std::chrono::seconds(15));
  const bool exited = exit_code.has_value();
  const auto exit_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - sigterm_time)
                           .count();
  for (std::thread& t : threads) t.join();
  const std::string err = ReadFile(err_path);

  std::string summary;
  for (const auto& [code, n] : codes)
    absl::StrAppend(&summary, code, "=", n, " ");
  std::printf(
      "sigterm: %s(of which gRPC shutdown CANCELLED: %d); exit %s\n",
      summary.c_str(), shutdown_cancelled,
      exited ? absl::StrCat("after ", exit_ms, " ms").c_str() : "timed out");
  ASSERT_TRUE(exited) << "byline serve did not exit within 15 s of SIGTERM "
                         "(killed); stderr: "
                      << err;
  EXPECT_EQ(*exit_code, 0) << "(128 + N: killed by signal N) " << err;
  EXPECT_THAT(err, HasSubstr("SIGTERM received"));
  EXPECT_THAT(err, HasSubstr("stopped"));
  EXPECT_TRUE(bad.empty()) << absl::StrJoin(bad, "\n") << "\nserver stderr:\n"
                           << err;
  EXPECT_GT(ok_calls, 0);
  // Only calls racing the GOAWAY can hit it: a handful, not a flood.
  EXPECT_LE(shutdown_cancelled, 5 * kThreads);
}

// ---------------------------------------------------------------------------
// Generations: the server follows the live pointer, page tokens pin their
// generation, and jobs never remove a generation a server holds.

struct NewArticle {
  std::string id;
  std::string title;
  std::string body;
};

// Writes `articles` as a JSON Lines file at `path` (plain ASCII text).
void WriteJsonl(const std::string& path,
                const std::vector<NewArticle>& articles) {
  std::ofstream out(path);
  for (const NewArticle& a : articles) {
    out << "{\"id\": \"" << a.id << "\", \"title\": \"" << a.title
        << "\", \"body\": \"" << a.body
        << "\", \"source\": \"Test Wire\", \"url\": \"https://example.com/"
        << a.id << "\", \"published\": \"2024-08-01T10:00:00Z\", "
        << "\"language\": \"en\"}\n";
  }
}

// An update job on the index at `dir` keeping `keep` old generations.
absl::StatusOr<jobs::JobReport> Update(
    const std::string& dir, const std::vector<std::string>& inputs,
    uint32_t keep, std::vector<std::string> delete_ids = {}) {
  jobs::JobOptions options;
  options.indexer.threads = 2;
  options.max_shrink = 1.0;
  options.keep = keep;
  options.delete_ids = std::move(delete_ids);
  options.job_label = "server_test";
  auto report = jobs::RunIndexJob(dir, jobs::JobKind::kUpdate, inputs, options);
  if (report.ok() && report->outcome != jobs::JobOutcome::kSwapped) {
    return absl::FailedPreconditionError(report->refusal);
  }
  return report;
}

bool GenerationExists(const std::string& dir, const std::string& name) {
  std::error_code ec;
  return std::filesystem::exists(std::filesystem::path(dir) / name, ec);
}

// Whether some reader (in this process or another) holds generation `name`:
// its manifest's shared flock blocks an exclusive one.
bool Held(const std::string& dir, const std::string& name) {
  const std::string manifest =
      (std::filesystem::path(dir) / name / generations::kManifestFile).string();
  const int fd = ::open(manifest.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool held = ::flock(fd, LOCK_EX | LOCK_NB) != 0;
  ::close(fd);  // also drops the exclusive lock if it was taken
  return held;
}

// Waits (at most 10 s) until no reader holds generation `name`.
bool WaitUntilUnheld(const std::string& dir, const std::string& name) {
  for (int i = 0; i < 200; ++i) {
    if (!Held(dir, name)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

std::vector<std::string> ArticleIds(const v1::SearchResponse& response) {
  std::vector<std::string> ids;
  for (const v1::Passage& p : response.passages()) {
    if (ids.empty() || ids.back() != p.article().id()) {
      ids.push_back(p.article().id());
    }
  }
  return ids;
}

grpc::Status CallStats(v1::SearchService::Stub& stub,
                       v1::StatsResponse* response) {
  grpc::ClientContext context;
  SetDeadline(&context);
  return stub.Stats(&context, v1::StatsRequest(), response);
}

// Servers for these tests: idle workers look at the pointer every 20 ms.
service::ServerOptions FollowingOptions(absl::Duration pinned_idle) {
  service::ServerOptions options;
  options.pool.workers = 2;
  options.pool.idle_follow_interval = absl::Milliseconds(20);
  options.pool.pinned_idle = pinned_idle;
  return options;
}

TEST(ServerGenerationsTest, ServerFollowsASwap) {
  TempDir dir;
  const std::string index = dir.Sub("index");
  ASSERT_TRUE(IndexSampleCorpus(index));
  auto first = generations::ReadLiveGeneration(index);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_FALSE(first->empty());
  auto running = Start(index, FollowingOptions(absl::Seconds(10)));
  ASSERT_TRUE(running.has_value());

  v1::StatsResponse stats;
  ASSERT_TRUE(CallStats(*running->stub, &stats).ok());
  EXPECT_EQ(stats.generation(), *first);
  EXPECT_EQ(stats.articles(), 40u);
  v1::SearchResponse before;
  ASSERT_TRUE(CallSearch(*running->stub, Req("quokka"), &before).ok());
  EXPECT_EQ(before.passages_size(), 0);
  EXPECT_EQ(before.generation(), *first);

  // A new article, indexed by a job while the server runs.
  const std::string input = dir.Sub("new.jsonl");
  WriteJsonl(input, {{"quokka-1", "Quokka colony found on the mainland",
                      "Rangers counted a quokka colony near the coast."}});
  auto report = testing::BuildTestIndex(index, {input});
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_NE(report->generation, *first);

  // Every call (whichever worker runs it) sees the new generation.
  for (int i = 0; i < 6; ++i) {
    SCOPED_TRACE(i);
    v1::SearchResponse after;
    grpc::Status status = CallSearch(*running->stub, Req("quokka"), &after);
    ASSERT_TRUE(status.ok()) << Describe(status);
    ASSERT_EQ(after.passages_size(), 1);
    EXPECT_EQ(after.passages(0).article().id(), "quokka-1");
    EXPECT_EQ(after.generation(), report->generation);
    ASSERT_TRUE(CallStats(*running->stub, &stats).ok());
    EXPECT_EQ(stats.generation(), report->generation);
    EXPECT_EQ(stats.articles(), 41u);
  }
  // The remote client reports the generation too (as `byline stats
  // --server` prints it).
  auto remote =
      service::RemoteSearcher(running->target, absl::Seconds(10)).Stats();
  ASSERT_TRUE(remote.ok()) << remote.status();
  EXPECT_EQ(remote->generation, report->generation);
  running->server->Shutdown(absl::Seconds(5));
}

TEST(ServerGenerationsTest, PageTokensPinTheirGenerationUntilItIsRemoved) {
  TempDir dir;
  const std::string index = dir.Sub("index");
  ASSERT_TRUE(IndexSampleCorpus(index));
  auto old_generation = generations::ReadLiveGeneration(index);
  ASSERT_TRUE(old_generation.ok()) << old_generation.status();
  // Unused non-live generations are released at once.
  auto running = Start(index, FollowingOptions(absl::ZeroDuration()));
  ASSERT_TRUE(running.has_value());
  v1::SearchService::Stub& stub = *running->stub;

  const std::string query = "port OR strike OR bank OR profit";
  v1::SearchResponse whole;
  ASSERT_TRUE(CallSearch(stub, Req(query, 8), &whole).ok());
  const std::vector<std::string> expected = ArticleIds(whole);
  ASSERT_EQ(expected.size(), 8u);
  v1::SearchResponse page1;
  ASSERT_TRUE(CallSearch(stub, Req(query, 4), &page1).ok());
  EXPECT_EQ(page1.generation(), *old_generation);
  ASSERT_FALSE(page1.next_page_token().empty());

  // An update swaps in a generation where an article of page 2 is gone and
  // a new one ranks first.
  const std::string input = dir.Sub("new.jsonl");
  WriteJsonl(input, {{"port-1", "Port strike strike strike at the bank",
                      "The port strike hit bank profit: port strike, port "
                      "strike, bank profit, bank profit."}});
  auto update = Update(index, {input}, /*keep=*/2, {expected[5]});
  ASSERT_TRUE(update.ok()) << update.status();
  const std::string new_generation = update->generation;

  v1::SearchRequest next = Req(query, 4);
  next.set_page_token(page1.next_page_token());
  v1::SearchResponse page2;
  grpc::Status status = CallSearch(stub, next, &page2);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_EQ(page2.generation(), *old_generation);
  std::vector<std::string> walked = ArticleIds(page1);
  for (const std::string& id : ArticleIds(page2)) walked.push_back(id);
  EXPECT_EQ(walked, expected) << "an article was repeated or lost";
  // A new search runs on the new generation.
  v1::SearchResponse fresh;
  ASSERT_TRUE(CallSearch(stub, Req(query, 8), &fresh).ok());
  EXPECT_EQ(fresh.generation(), new_generation);
  const std::vector<std::string> fresh_ids = ArticleIds(fresh);
  EXPECT_EQ(fresh_ids.front(), "port-1");
  EXPECT_EQ(std::count(fresh_ids.begin(), fresh_ids.end(), expected[5]), 0);

  // Once the server lets go of the old generation, a job removes it, and
  // the token is refused.
  ASSERT_TRUE(WaitUntilUnheld(index, *old_generation))
      << "the server still holds " << *old_generation;
  WriteJsonl(input, {{"port-2", "Another port strike", "Port strike again."}});
  auto removal = Update(index, {input}, /*keep=*/0);
  ASSERT_TRUE(removal.ok()) << removal.status();
  EXPECT_FALSE(GenerationExists(index, *old_generation));
  EXPECT_THAT(removal->removed_generations,
              ::testing::Contains(*old_generation));
  v1::SearchResponse refused;
  status = CallSearch(stub, next, &refused);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION) << Describe(status);
  EXPECT_THAT(status.error_message(),
              HasSubstr(absl::StrCat("belongs to generation ", *old_generation,
                                     " of the index, which has been replaced "
                                     "and removed; start the search again")));
  running->server->Shutdown(absl::Seconds(5));
}

TEST(ServerGenerationsTest, JobsKeepGenerationsAServerHolds) {
  TempDir dir;
  const std::string index = dir.Sub("index");
  ASSERT_TRUE(IndexSampleCorpus(index));
  auto pinned = generations::ReadLiveGeneration(index);
  ASSERT_TRUE(pinned.ok()) << pinned.status();
  // A worker keeps the generation a token needed open for an hour.
  auto running = Start(index, FollowingOptions(absl::Hours(1)));
  ASSERT_TRUE(running.has_value());
  const std::string query = "port OR strike OR bank OR profit";
  v1::SearchResponse page1;
  ASSERT_TRUE(CallSearch(*running->stub, Req(query, 4), &page1).ok());
  ASSERT_FALSE(page1.next_page_token().empty());

  const std::string input = dir.Sub("new.jsonl");
  WriteJsonl(input, {{"extra-1", "Extra", "An extra article."}});
  auto update = Update(index, {input}, /*keep=*/2);
  ASSERT_TRUE(update.ok()) << update.status();
  v1::SearchRequest next = Req(query, 4);
  next.set_page_token(page1.next_page_token());
  v1::SearchResponse page2;
  grpc::Status status = CallSearch(*running->stub, next, &page2);
  ASSERT_TRUE(status.ok()) << Describe(status);
  ASSERT_EQ(page2.generation(), *pinned);

  // keep=0, but a server worker holds the old generation: it stays.
  WriteJsonl(input, {{"extra-2", "Extra", "Another extra article."}});
  auto kept = Update(index, {input}, /*keep=*/0);
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_TRUE(GenerationExists(index, *pinned));
  EXPECT_THAT(kept->removed_generations,
              ::testing::Not(::testing::Contains(*pinned)));
  // The token still works, from the held generation.
  status = CallSearch(*running->stub, next, &page2);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_EQ(page2.generation(), *pinned);

  // Stopping the server releases its holds; the next job removes every
  // old generation.
  running->server->Shutdown(absl::Seconds(5));
  running->server.reset();
  EXPECT_FALSE(Held(index, *pinned));
  WriteJsonl(input, {{"extra-3", "Extra", "A third extra article."}});
  auto removed = Update(index, {input}, /*keep=*/0);
  ASSERT_TRUE(removed.ok()) << removed.status();
  EXPECT_FALSE(GenerationExists(index, *pinned));
  EXPECT_FALSE(GenerationExists(index, update->generation));
  EXPECT_FALSE(GenerationExists(index, kept->generation));
  EXPECT_TRUE(GenerationExists(index, removed->generation));

  // The same with a Searcher held in the test itself.
  auto holder = Searcher::OpenGeneration(index, removed->generation);
  ASSERT_TRUE(holder.ok()) << holder.status();
  EXPECT_EQ((*holder)->generation(), removed->generation);
  WriteJsonl(input, {{"extra-4", "Extra", "A fourth extra article."}});
  auto while_held = Update(index, {input}, /*keep=*/0);
  ASSERT_TRUE(while_held.ok()) << while_held.status();
  EXPECT_TRUE(GenerationExists(index, removed->generation));
  // The held generation still answers.
  auto found = (*holder)->GetArticle("extra-3");
  EXPECT_TRUE(found.ok()) << found.status();
  holder->reset();
  WriteJsonl(input, {{"extra-5", "Extra", "A fifth extra article."}});
  auto after_release = Update(index, {input}, /*keep=*/0);
  ASSERT_TRUE(after_release.ok()) << after_release.status();
  EXPECT_FALSE(GenerationExists(index, removed->generation));
  EXPECT_FALSE(GenerationExists(index, while_held->generation));
  // A removed generation cannot be opened.
  auto gone = Searcher::OpenGeneration(index, removed->generation);
  EXPECT_EQ(gone.status().code(), absl::StatusCode::kNotFound) << gone.status();
}

TEST(ServerGenerationsTest, AFailedOpenKeepsServingTheOldGeneration) {
  TempDir dir;
  const std::string index = dir.Sub("index");
  ASSERT_TRUE(IndexSampleCorpus(index));
  auto live = generations::ReadLiveGeneration(index);
  ASSERT_TRUE(live.ok()) << live.status();
  auto running = Start(index, FollowingOptions(absl::Seconds(10)));
  ASSERT_TRUE(running.has_value());

  // A complete-looking generation whose shard is missing goes live.
  auto manifest = generations::ReadManifest(
      (std::filesystem::path(index) / *live).string());
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  manifest->number = 99;
  manifest->name = generations::GenerationName(99);
  manifest->parent = *live;
  for (generations::ManifestShard& shard : manifest->shards) {
    shard.location = "shard-missing";
  }
  std::filesystem::create_directories(std::filesystem::path(index) /
                                      manifest->name);
  ASSERT_TRUE(generations::WriteManifest(index, *manifest).ok());
  ASSERT_TRUE(generations::SwitchLive(index, manifest->name).ok());

  for (int i = 0; i < 4; ++i) {
    v1::SearchResponse response;
    grpc::Status status =
        CallSearch(*running->stub, Req("port strike"), &response);
    ASSERT_TRUE(status.ok()) << Describe(status);
    EXPECT_GT(response.passages_size(), 0);
    EXPECT_EQ(response.generation(), *live);
  }
  // Rolled back to the generation served: still served.
  ASSERT_TRUE(generations::SwitchLive(index, *live).ok());
  v1::StatsResponse stats;
  ASSERT_TRUE(CallStats(*running->stub, &stats).ok());
  EXPECT_EQ(stats.generation(), *live);
  running->server->Shutdown(absl::Seconds(5));
}

// ---------------------------------------------------------------------------
// Entity look-up (ListEntities) over gRPC: equal to the local searcher, and
// bad requests are INVALID_ARGUMENT naming the field.

grpc::Status CallListEntities(v1::SearchService::Stub& stub,
                              const v1::ListEntitiesRequest& request,
                              v1::ListEntitiesResponse* response) {
  grpc::ClientContext context;
  SetDeadline(&context);
  return stub.ListEntities(&context, request, response);
}

TEST(ServerEntitiesTest, ListEntitiesEqualsLocalAndRefusesBadRequests) {
  TempDir dir;
  const std::string index = dir.Sub("index");
  testing::TestIndexOptions options;
  options.entities = true;
  auto report = testing::BuildTestIndex(index, {SampleCorpus()}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  auto running = Start(index);
  ASSERT_TRUE(running.has_value());
  auto local = Searcher::Open(index);
  ASSERT_TRUE(local.ok()) << local.status();
  service::RemoteSearcher client(running->target, absl::Seconds(10));

  struct Case {
    std::string prefix;
    std::vector<v1::FacetField> types;
    uint32_t limit;
    std::string query;
  };
  const std::vector<Case> cases = {
      {"", {}, 0, ""},
      {"", {v1::FACET_FIELD_PERSON}, 5, ""},
      {"", {v1::FACET_FIELD_ORGANIZATION, v1::FACET_FIELD_PLACE}, 100, ""},
      {"mar", {}, 20, ""},
      {"ROT", {v1::FACET_FIELD_PLACE}, 3, ""},
      {"van d", {}, 10, ""},
      {"", {}, 10, "port strike"},
      {"h", {v1::FACET_FIELD_ORGANIZATION}, 10, "port strike"},
  };
  bool found_some = false;
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::StrCat("prefix '", c.prefix, "' query '", c.query,
                              "' limit ", c.limit));
    v1::ListEntitiesRequest request;
    request.set_prefix(c.prefix);
    for (v1::FacetField t : c.types) request.add_types(t);
    request.set_limit(c.limit);
    request.set_query(c.query);
    v1::ListEntitiesResponse response;
    grpc::Status status = CallListEntities(*running->stub, request, &response);
    ASSERT_TRUE(status.ok()) << Describe(status);
    EXPECT_EQ(response.generation(), (*local)->generation());

    EntityListRequest same;
    same.prefix = c.prefix;
    for (v1::FacetField t : c.types) {
      same.types.push_back(static_cast<schema::EntityType>(t - 1));
    }
    same.limit = c.limit == 0 ? 10 : c.limit;
    same.query = c.query;
    auto want = (*local)->ListEntities(same);
    ASSERT_TRUE(want.ok()) << want.status();
    EXPECT_EQ(response.matched(), want->matched);
    ASSERT_EQ(response.entities_size(),
              static_cast<int>(want->entities.size()));
    for (int i = 0; i < response.entities_size(); ++i) {
      const v1::Entity& e = response.entities(i);
      const EntityEntry& w = want->entities[i];
      EXPECT_EQ(e.id(), w.id);
      EXPECT_EQ(e.type(), static_cast<int>(w.type) + 1);
      EXPECT_EQ(e.display_name(), w.display_name);
      EXPECT_EQ(e.articles(), w.articles);
    }
    found_some = found_some || response.entities_size() > 0;
    // The C++ client returns the same list.
    auto via_client = client.ListEntities(same);
    ASSERT_TRUE(via_client.ok()) << via_client.status();
    EXPECT_EQ(via_client->entities, want->entities);
    EXPECT_EQ(via_client->matched, want->matched);
  }
  EXPECT_TRUE(found_some);

  // Bad requests: INVALID_ARGUMENT naming the field.
  const auto expect_invalid = [&](const v1::ListEntitiesRequest& request,
                                  const std::string& field) {
    v1::ListEntitiesResponse response;
    grpc::Status status = CallListEntities(*running->stub, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << Describe(status);
    EXPECT_THAT(status.error_message(), HasSubstr(field));
  };
  v1::ListEntitiesRequest bad;
  bad.set_limit(101);
  expect_invalid(bad, "limit");
  bad.set_limit(10);
  bad.set_prefix(std::string(201, 'a'));
  expect_invalid(bad, "prefix");
  bad.set_prefix("ma");
  bad.add_types(v1::FACET_FIELD_UNSPECIFIED);
  expect_invalid(bad, "types[0]");
  bad.clear_types();
  bad.add_types(v1::FACET_FIELD_SOURCE);
  expect_invalid(bad, "types[0]");
  bad.clear_types();
  bad.add_types(v1::FACET_FIELD_PERSON);
  bad.add_types(v1::FACET_FIELD_PERSON);
  expect_invalid(bad, "types[1]");
  bad.clear_types();
  bad.set_query("(port");
  expect_invalid(bad, "");
  bad.set_query(std::string(5000, 'a'));
  expect_invalid(bad, "query");
  running->server->Shutdown(absl::Seconds(5));
}

}  // namespace
}  // namespace byline
