// Authentication and TLS of the gRPC service, end to end: a throw-away CA
// and server and client certificates are made with openssl at test time;
// real servers (service::Server in-process and the `byline serve` binary)
// listen on 127.0.0.1 port 0. Checks plaintext against TLS, a wrong CA,
// mutual TLS, bearer tokens (missing, wrong, right, health exemption), the
// tokens file format, SIGHUP reload of the binary, the CLI client's flags,
// and the refusal of a non-loopback plaintext listener.
#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/byte_buffer.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "byline/v1/search.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/auth_tokens.h"
#include "service/client.h"
#include "service/server.h"
#include "service/transport_security.h"
#include "tests/subprocess.h"
#include "tests/test_index.h"
#include "tests/test_paths.h"
#include "util/temp_dir.h"

namespace byline {
namespace {

namespace v1 = ::byline::v1;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr auto kCallTimeout = std::chrono::seconds(10);
constexpr auto kRunTimeout = std::chrono::seconds(60);

// Tokens for the tests (16+ characters, as the file format requires).
constexpr absl::string_view kAliceToken = "alice-0123456789abcdef";
constexpr absl::string_view kBobToken = "bob-fedcba9876543210";
constexpr absl::string_view kNewToken = "rotated-aaaabbbbccccdddd";

void WriteFile(const std::string& path, absl::string_view contents) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    if (!out) ADD_FAILURE() << "cannot write " << tmp;
  }
  std::filesystem::rename(tmp, path);  // readers see old or new, whole
}

// The first `name` on $PATH that is executable, or "".
std::string FindOnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  for (absl::string_view dir :
       absl::StrSplit(path != nullptr ? path : "/usr/bin:/bin", ':')) {
    const std::string candidate = absl::StrCat(dir, "/", name);
    if (!dir.empty() && access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs a program to completion (bounded), with output captured in `dir`.
RunResult RunProgram(std::vector<std::string> argv, const TempDir& dir) {
  static int counter = 0;
  const std::string out = dir.Sub(absl::StrCat("run", ++counter, ".out"));
  const std::string err = dir.Sub(absl::StrCat("run", counter, ".err"));
  testing::Subprocess child(std::move(argv), "/dev/null", out, err);
  RunResult r;
  if (child.pid() == 0) {
    r.err = child.error();
    return r;
  }
  r.exit_code = child.Wait(kRunTimeout).value_or(-1);
  r.out = testing::ReadWholeFile(out);
  r.err = testing::ReadWholeFile(err);
  return r;
}

// Certificate files made by openssl: a CA with a server and a client
// certificate, and a second, unrelated CA with its own client certificate.
struct Certificates {
  std::string ca;           // CA certificate (PEM)
  std::string server_cert;  // CN=localhost, SAN IP:127.0.0.1, DNS:localhost
  std::string server_key;
  std::string client_cert;  // signed by ca, for mutual TLS
  std::string client_key;
  std::string other_ca;       // an unrelated CA
  std::string stranger_cert;  // a client certificate signed by other_ca
  std::string stranger_key;
};

::testing::AssertionResult Openssl(const std::string& openssl,
                                   std::vector<std::string> args,
                                   const TempDir& dir) {
  args.insert(args.begin(), openssl);
  const std::string command = absl::StrJoin(args, " ");
  RunResult r = RunProgram(std::move(args), dir);
  if (r.exit_code != 0) {
    return ::testing::AssertionFailure()
           << command << " -> exit " << r.exit_code << ": " << r.err;
  }
  return ::testing::AssertionSuccess();
}

// Makes a self-signed CA `name` (name.pem, name.key) in `dir`.
::testing::AssertionResult MakeCa(const std::string& openssl,
                                  const TempDir& dir, const std::string& name) {
  return Openssl(openssl,
                 {"req", "-x509", "-newkey", "ec", "-pkeyopt",
                  "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                  dir.Sub(name + ".key"), "-out", dir.Sub(name + ".pem"),
                  "-days", "2", "-subj", "/CN=Byline test " + name, "-addext",
                  "basicConstraints=critical,CA:TRUE", "-addext",
                  "keyUsage=critical,keyCertSign,cRLSign"},
                 dir);
}

// Makes `name`.pem/.key signed by CA `ca` with the given extensions.
::testing::AssertionResult MakeLeaf(const std::string& openssl,
                                    const TempDir& dir, const std::string& ca,
                                    const std::string& name,
                                    const std::string& cn,
                                    const std::string& extensions) {
  static int serial = 100;
  const std::string ext = dir.Sub(name + ".ext");
  WriteFile(ext, extensions);
  auto made = Openssl(
      openssl,
      {"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
       "-nodes", "-keyout", dir.Sub(name + ".key"), "-out",
       dir.Sub(name + ".csr"), "-subj", "/CN=" + cn},
      dir);
  if (!made) return made;
  return Openssl(openssl,
                 {"x509", "-req", "-in", dir.Sub(name + ".csr"), "-CA",
                  dir.Sub(ca + ".pem"), "-CAkey", dir.Sub(ca + ".key"),
                  "-set_serial", absl::StrCat(++serial), "-days", "2", "-out",
                  dir.Sub(name + ".pem"), "-extfile", ext},
                 dir);
}

std::optional<Certificates> MakeCertificates(const TempDir& dir) {
  const std::string openssl = FindOnPath("openssl");
  if (openssl.empty()) {
    ADD_FAILURE() << "openssl is not on PATH (scripts/setup.sh installs it)";
    return std::nullopt;
  }
  const std::string server_ext =
      "basicConstraints=CA:FALSE\n"
      "keyUsage=critical,digitalSignature,keyEncipherment\n"
      "extendedKeyUsage=serverAuth\n"
      "subjectAltName=IP:127.0.0.1,DNS:localhost\n";
  const std::string client_ext =
      "basicConstraints=CA:FALSE\n"
      "keyUsage=critical,digitalSignature,keyEncipherment\n"
      "extendedKeyUsage=clientAuth\n";
  for (auto made :
       {MakeCa(openssl, dir, "ca"), MakeCa(openssl, dir, "other_ca"),
        MakeLeaf(openssl, dir, "ca", "server", "localhost", server_ext),
        MakeLeaf(openssl, dir, "ca", "client", "byline-test-client",
                 client_ext),
        MakeLeaf(openssl, dir, "other_ca", "stranger", "stranger",
                 client_ext)}) {
    if (!made) {
      ADD_FAILURE() << made.message();
      return std::nullopt;
    }
  }
  Certificates c;
  c.ca = dir.Sub("ca.pem");
  c.server_cert = dir.Sub("server.pem");
  c.server_key = dir.Sub("server.key");
  c.client_cert = dir.Sub("client.pem");
  c.client_key = dir.Sub("client.key");
  c.other_ca = dir.Sub("other_ca.pem");
  c.stranger_cert = dir.Sub("stranger.pem");
  c.stranger_key = dir.Sub("stranger.key");
  return c;
}

std::string ReadOrDie(const std::string& path) {
  std::string text = testing::ReadWholeFile(path);
  if (text.empty()) ADD_FAILURE() << "empty or missing " << path;
  return text;
}

// ---------------------------------------------------------------------------
// Client side helpers: raw gRPC channels, so each case controls exactly what
// is sent.

struct Client {
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  std::string authorization;  // metadata value, or empty for none
};

Client Plaintext(absl::string_view authorization = "") {
  return {grpc::InsecureChannelCredentials(), std::string(authorization)};
}

Client Tls(const std::string& ca, const std::string& cert = "",
           const std::string& key = "", absl::string_view authorization = "") {
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = ReadOrDie(ca);
  if (!cert.empty()) {
    ssl.pem_cert_chain = ReadOrDie(cert);
    ssl.pem_private_key = ReadOrDie(key);
  }
  return {grpc::SslCredentials(ssl), std::string(authorization)};
}

std::string Bearer(absl::string_view token) {
  return absl::StrCat("Bearer ", token);
}

// Stats on a fresh channel (no connection reuse between cases).
grpc::Status CallStats(const std::string& target, const Client& client) {
  auto stub = v1::SearchService::NewStub(grpc::CreateCustomChannel(
      target, client.credentials, grpc::ChannelArguments()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + kCallTimeout);
  if (!client.authorization.empty()) {
    context.AddMetadata("authorization", client.authorization);
  }
  v1::StatsResponse response;
  grpc::Status status = stub->Stats(&context, v1::StatsRequest(), &response);
  if (status.ok() && response.articles() != 40) {
    return grpc::Status(
        grpc::StatusCode::INTERNAL,
        absl::StrCat("Stats: ", response.articles(), " articles, expected 40"));
  }
  return status;
}

// grpc.health.v1.Health/Check("") through the generic stub.
grpc::Status CallHealth(const std::string& target, const Client& client) {
  grpc::GenericStub generic(grpc::CreateCustomChannel(
      target, client.credentials, grpc::ChannelArguments()));
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + kCallTimeout);
  if (!client.authorization.empty()) {
    context.AddMetadata("authorization", client.authorization);
  }
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
  if (!cv.wait_for(lock, std::chrono::seconds(30),
                   [&] { return result.has_value(); })) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "health check hung");
  }
  return *result;
}

std::string Describe(const grpc::Status& s) {
  return absl::StrCat("code ", static_cast<int>(s.error_code()), ": ",
                      s.error_message());
}

// ---------------------------------------------------------------------------
// Fixture: one index and one set of certificates for the whole suite.

class AuthTlsTest : public ::testing::Test {
 protected:
  struct Shared {
    TempDir dir;
    std::string index;
    std::optional<Certificates> certs;
    std::string tokens_file;  // alice (named), bob (unnamed)
  };

  static void SetUpTestSuite() {
    shared_ = new Shared();
    shared_->index = shared_->dir.Sub("index");
    auto report = testing::BuildTestIndex(
        shared_->index, {testing::SourceDir() + "/data/sample/articles.jsonl"});
    ASSERT_TRUE(report.ok()) << report.status();
    shared_->certs = MakeCertificates(shared_->dir);
    shared_->tokens_file = shared_->dir.Sub("tokens");
    WriteFile(shared_->tokens_file,
              absl::StrCat("# test tokens\n\nalice: ", kAliceToken, "\n  ",
                           kBobToken, "  \n"));
  }
  static void TearDownTestSuite() {
    delete shared_;
    shared_ = nullptr;
  }

  void SetUp() override {
    ASSERT_TRUE(shared_->certs.has_value()) << "no certificates";
  }

  const Certificates& certs() const { return *shared_->certs; }

  // Starts an in-process server on 127.0.0.1:0 with `options`.
  std::unique_ptr<service::Server> StartServer(service::ServerOptions options,
                                               std::string* target) {
    options.listen_address = "127.0.0.1:0";
    options.pool.workers = 2;
    auto server = service::Server::Start(shared_->index, options);
    if (!server.ok()) {
      ADD_FAILURE() << "Server::Start: " << server.status();
      return nullptr;
    }
    *target = absl::StrCat("127.0.0.1:", (*server)->port());
    return *std::move(server);
  }

  service::ServerOptions TlsOptions(bool mutual) const {
    service::ServerOptions options;
    options.tls.cert_file = certs().server_cert;
    options.tls.key_file = certs().server_key;
    if (mutual) options.tls.client_ca_file = certs().ca;
    return options;
  }

  static Shared* shared_;
};

AuthTlsTest::Shared* AuthTlsTest::shared_ = nullptr;

// ---------------------------------------------------------------------------
// TLS.

TEST_F(AuthTlsTest, TlsServerRefusesPlaintextAndWrongCa) {
  std::string target;
  auto server = StartServer(TlsOptions(/*mutual=*/false), &target);
  ASSERT_NE(server, nullptr);

  const grpc::Status good = CallStats(target, Tls(certs().ca));
  EXPECT_TRUE(good.ok()) << Describe(good);

  const grpc::Status plain = CallStats(target, Plaintext());
  EXPECT_EQ(plain.error_code(), grpc::StatusCode::UNAVAILABLE)
      << Describe(plain);

  const grpc::Status wrong_ca = CallStats(target, Tls(certs().other_ca));
  EXPECT_EQ(wrong_ca.error_code(), grpc::StatusCode::UNAVAILABLE)
      << Describe(wrong_ca);

  // The library client, as `byline search --server --tls_ca` builds it.
  service::RemoteOptions remote;
  remote.tls.ca_file = certs().ca;
  auto searcher = service::RemoteSearcher::Create(target, remote);
  ASSERT_TRUE(searcher.ok()) << searcher.status();
  auto stats = (*searcher)->Stats();
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->articles, 40u);
  SearchRequest request;
  request.query = "port strike";
  auto result = (*searcher)->Search(request);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->hits.empty());

  remote.tls.ca_file = certs().other_ca;
  auto wrong = service::RemoteSearcher::Create(target, remote);
  ASSERT_TRUE(wrong.ok()) << wrong.status();
  EXPECT_EQ((*wrong)->Stats().status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(AuthTlsTest, MutualTlsRequiresAClientCertificateFromTheCa) {
  std::string target;
  auto server = StartServer(TlsOptions(/*mutual=*/true), &target);
  ASSERT_NE(server, nullptr);

  const grpc::Status with_cert = CallStats(
      target, Tls(certs().ca, certs().client_cert, certs().client_key));
  EXPECT_TRUE(with_cert.ok()) << Describe(with_cert);

  const grpc::Status without_cert = CallStats(target, Tls(certs().ca));
  EXPECT_EQ(without_cert.error_code(), grpc::StatusCode::UNAVAILABLE)
      << Describe(without_cert);

  const grpc::Status stranger = CallStats(
      target, Tls(certs().ca, certs().stranger_cert, certs().stranger_key));
  EXPECT_EQ(stranger.error_code(), grpc::StatusCode::UNAVAILABLE)
      << Describe(stranger);

  service::RemoteOptions remote;
  remote.tls = {certs().ca, certs().client_cert, certs().client_key};
  auto searcher = service::RemoteSearcher::Create(target, remote);
  ASSERT_TRUE(searcher.ok()) << searcher.status();
  auto stats = (*searcher)->Stats();
  EXPECT_TRUE(stats.ok()) << stats.status();
}

TEST_F(AuthTlsTest, BadTlsFilesAreClearStartupErrors) {
  service::ServerOptions options = TlsOptions(false);
  options.listen_address = "127.0.0.1:0";
  options.tls.key_file = shared_->dir.Sub("no-such.key");
  auto missing = service::Server::Start(shared_->index, options);
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("no-such.key"));

  options.tls.key_file = certs().server_cert;  // a certificate, not a key
  auto not_key = service::Server::Start(shared_->index, options);
  ASSERT_FALSE(not_key.ok());
  EXPECT_EQ(not_key.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(not_key.status().message(), HasSubstr("not a PEM private key"));

  options.tls.key_file = "";
  auto half = service::Server::Start(shared_->index, options);
  ASSERT_FALSE(half.ok());
  EXPECT_THAT(half.status().message(), HasSubstr("--tls_key"));

  service::TlsClientOptions client;
  client.cert_file = certs().client_cert;
  EXPECT_FALSE(service::MakeChannelCredentials(client).ok());
  client.key_file = certs().client_key;
  EXPECT_FALSE(service::MakeChannelCredentials(client).ok());  // no CA
}

// ---------------------------------------------------------------------------
// Bearer tokens.

TEST_F(AuthTlsTest, TokensOnPlaintextLoopback) {
  service::ServerOptions options;
  options.auth.tokens_file = shared_->tokens_file;
  std::string target;
  auto server = StartServer(options, &target);
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(server->auth_token_count(), 2u);

  const grpc::Status missing = CallStats(target, Plaintext());
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::UNAUTHENTICATED)
      << Describe(missing);
  EXPECT_THAT(missing.error_message(), HasSubstr("missing bearer token"));

  const std::string wrong_token = "mallory-0000000000000000";
  const grpc::Status wrong = CallStats(target, Plaintext(Bearer(wrong_token)));
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::UNAUTHENTICATED)
      << Describe(wrong);
  EXPECT_THAT(wrong.error_message(), Not(HasSubstr(wrong_token)));

  // A prefix or extension of a valid token is not valid.
  for (const std::string& near :
       {std::string(kAliceToken.substr(0, kAliceToken.size() - 1)),
        absl::StrCat(kAliceToken, "x")}) {
    EXPECT_EQ(CallStats(target, Plaintext(Bearer(near))).error_code(),
              grpc::StatusCode::UNAUTHENTICATED)
        << near;
  }
  // Another scheme is not a bearer token.
  EXPECT_EQ(CallStats(target, Plaintext(absl::StrCat("Basic ", kAliceToken)))
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  for (absl::string_view token : {kAliceToken, kBobToken}) {
    const grpc::Status right = CallStats(target, Plaintext(Bearer(token)));
    EXPECT_TRUE(right.ok()) << token << ": " << Describe(right);
  }
  // The scheme is case-insensitive.
  EXPECT_TRUE(
      CallStats(target, Plaintext(absl::StrCat("bearer ", kBobToken))).ok());

  // Health checks pass without a token by default.
  const grpc::Status health = CallHealth(target, Plaintext());
  EXPECT_TRUE(health.ok()) << Describe(health);

  // The library client with --token_file.
  const std::string token_file = shared_->dir.Sub("alice.token");
  WriteFile(token_file, absl::StrCat(kAliceToken, "\n"));
  service::RemoteOptions remote;
  remote.token_file = token_file;
  auto searcher = service::RemoteSearcher::Create(target, remote);
  ASSERT_TRUE(searcher.ok()) << searcher.status();
  auto stats = (*searcher)->Stats();
  EXPECT_TRUE(stats.ok()) << stats.status();
  auto anonymous = service::RemoteSearcher::Create(target, {});
  ASSERT_TRUE(anonymous.ok());
  EXPECT_EQ((*anonymous)->Stats().status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(AuthTlsTest, HealthNeedsATokenWhenNotExempt) {
  service::ServerOptions options;
  options.auth.tokens_file = shared_->tokens_file;
  options.auth.exempt_health = false;
  std::string target;
  auto server = StartServer(options, &target);
  ASSERT_NE(server, nullptr);
  const grpc::Status anonymous = CallHealth(target, Plaintext());
  EXPECT_EQ(anonymous.error_code(), grpc::StatusCode::UNAUTHENTICATED)
      << Describe(anonymous);
  const grpc::Status with_token =
      CallHealth(target, Plaintext(Bearer(kAliceToken)));
  EXPECT_TRUE(with_token.ok()) << Describe(with_token);
}

TEST_F(AuthTlsTest, TokensOverMutualTls) {
  service::ServerOptions options = TlsOptions(/*mutual=*/true);
  options.auth.tokens_file = shared_->tokens_file;
  std::string target;
  auto server = StartServer(options, &target);
  ASSERT_NE(server, nullptr);
  auto client = [&](absl::string_view authorization) {
    return Tls(certs().ca, certs().client_cert, certs().client_key,
               authorization);
  };
  EXPECT_TRUE(CallStats(target, client(Bearer(kAliceToken))).ok());
  EXPECT_EQ(CallStats(target, client("")).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(
      CallStats(target, client(Bearer("wrong-wrong-wrong-wrong"))).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(CallHealth(target, client("")).ok());
  // A right token without a client certificate is still refused.
  EXPECT_EQ(CallStats(target, Tls(certs().ca, "", "", Bearer(kAliceToken)))
                .error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(AuthTlsTest, ReloadSwapsTokensAndKeepsThemOnABadFile) {
  const std::string file = shared_->dir.Sub("reload-tokens");
  WriteFile(file, absl::StrCat("first: ", kAliceToken, "\n"));
  service::ServerOptions options;
  options.auth.tokens_file = file;
  std::string target;
  auto server = StartServer(options, &target);
  ASSERT_NE(server, nullptr);
  EXPECT_TRUE(CallStats(target, Plaintext(Bearer(kAliceToken))).ok());

  WriteFile(file, absl::StrCat("second: ", kNewToken, "\n"));
  ASSERT_TRUE(server->ReloadAuthTokens().ok());
  EXPECT_EQ(CallStats(target, Plaintext(Bearer(kAliceToken))).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(CallStats(target, Plaintext(Bearer(kNewToken))).ok());

  WriteFile(file, absl::StrCat("third: ", kBobToken, "\nbad line here\n"));
  const absl::Status bad = server->ReloadAuthTokens();
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.message(), HasSubstr(file + ":2:"));
  EXPECT_TRUE(CallStats(target, Plaintext(Bearer(kNewToken))).ok());
  EXPECT_EQ(CallStats(target, Plaintext(Bearer(kBobToken))).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

// ---------------------------------------------------------------------------
// The tokens file, constant-time comparison and the loopback rule.

TEST(AuthTokensFileTest, ParsesNamedUnnamedCommentsAndBlanks) {
  auto tokens = service::ParseAuthTokens(
      "# comment\n\n   \nci: abcdefghijklmnop\n  0123456789abcdef  \n"
      "ops.team@example: with:colons:0123456789\n# end",
      "tokens");
  ASSERT_TRUE(tokens.ok()) << tokens.status();
  ASSERT_EQ(tokens->size(), 3u);
  EXPECT_EQ((*tokens)[0].name, "ci");
  EXPECT_EQ((*tokens)[0].token, "abcdefghijklmnop");
  EXPECT_EQ((*tokens)[1].name, "line 5");
  EXPECT_EQ((*tokens)[1].token, "0123456789abcdef");
  EXPECT_EQ((*tokens)[2].name, "ops.team@example");
  EXPECT_EQ((*tokens)[2].token, "with:colons:0123456789");
}

TEST(AuthTokensFileTest, MalformedLinesNameTheLine) {
  struct Case {
    std::string contents;
    std::string expected;  // in the message
  };
  const std::string ok = "abcdefghijklmnop\n";
  for (const Case& c : std::vector<Case>{
           {ok + "short\n", "f:2: a token must be at least 16"},
           {ok + "two words 0123456789abcdef\n", "f:2: a token is visible"},
           {"# c\n" + ok + "bad name!: 0123456789abcdef\n", "f:3: expected"},
           {ok + ": 0123456789abcdef\n", "f:2: missing name"},
           {ok + "name:\n", "f:2: missing token"},
           {ok + "a: 0123456789abcdef\na: 0123456789abcdeX\n",
            "f:3: the name 'a' appears twice"},
           {ok + ok, "f:2: this token appears twice"},
           {"# only comments\n\n", "f: no tokens"},
           {"", "f: no tokens"},
           {ok + "caf\xc3\xa9-0123456789abcdef\n", "f:2: a token is visible"},
       }) {
    auto tokens = service::ParseAuthTokens(c.contents, "f");
    ASSERT_FALSE(tokens.ok()) << c.contents;
    EXPECT_EQ(tokens.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(tokens.status().message(), HasSubstr(c.expected)) << c.contents;
  }
  // Tokens never appear in errors.
  auto dup = service::ParseAuthTokens(
      "secret-secret-secret\nsecret-secret-secret\n", "f");
  ASSERT_FALSE(dup.ok());
  EXPECT_THAT(dup.status().message(), Not(HasSubstr("secret-secret")));

  auto missing = service::ReadAuthTokensFile("/nonexistent/byline-tokens");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
}

TEST(AuthTokensFileTest, ClientTokenFile) {
  TempDir dir;
  WriteFile(dir.Sub("t"), "  0123456789abcdef\n");
  auto token = service::ReadBearerTokenFile(dir.Sub("t"));
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(*token, "0123456789abcdef");
  WriteFile(dir.Sub("empty"), "\n\n");
  EXPECT_EQ(service::ReadBearerTokenFile(dir.Sub("empty")).status().code(),
            absl::StatusCode::kInvalidArgument);
  WriteFile(dir.Sub("two"), "one-token\nanother-token\n");
  EXPECT_EQ(service::ReadBearerTokenFile(dir.Sub("two")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(service::ReadBearerTokenFile(dir.Sub("none")).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(AuthTokensFileTest, ConstantTimeEquals) {
  EXPECT_TRUE(service::ConstantTimeEquals("", ""));
  EXPECT_TRUE(service::ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(service::ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(service::ConstantTimeEquals("abc", "ab"));
  EXPECT_FALSE(service::ConstantTimeEquals("ab", "abc"));
  EXPECT_FALSE(service::ConstantTimeEquals("", "a"));
  EXPECT_FALSE(service::ConstantTimeEquals(std::string("a\0", 2), "a"));
}

TEST(TransportSecurityTest, LoopbackRule) {
  for (const char* address :
       {"127.0.0.1:7700", "127.1.2.3:0", "localhost:7700", "[::1]:7700",
        "LOCALHOST:1", "unix:/tmp/byline.sock"}) {
    EXPECT_TRUE(service::IsLoopbackAddress(address)) << address;
  }
  for (const char* address :
       {"0.0.0.0:7700", "[::]:7700", ":7700", "10.0.0.1:7700",
        "example.com:7700", "[2001:db8::1]:7700", "128.0.0.1:1"}) {
    EXPECT_FALSE(service::IsLoopbackAddress(address)) << address;
  }
  service::TlsServerOptions none;
  service::TlsServerOptions tls{"cert.pem", "key.pem", ""};
  EXPECT_TRUE(
      service::CheckListenSecurity("127.0.0.1:1", none, false, true).ok());
  const absl::Status refused =
      service::CheckListenSecurity("0.0.0.0:7700", none, false, false);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.message(), HasSubstr("--insecure"));
  EXPECT_TRUE(
      service::CheckListenSecurity("0.0.0.0:7700", none, true, false).ok());
  EXPECT_FALSE(
      service::CheckListenSecurity("0.0.0.0:7700", none, true, true).ok());
  EXPECT_TRUE(
      service::CheckListenSecurity("0.0.0.0:7700", tls, false, true).ok());
  EXPECT_FALSE(
      service::CheckListenSecurity(
          "127.0.0.1:1", service::TlsServerOptions{"c", "", ""}, false, false)
          .ok());
  EXPECT_FALSE(
      service::CheckListenSecurity(
          "127.0.0.1:1", service::TlsServerOptions{"", "", "ca"}, false, false)
          .ok());
}

// ---------------------------------------------------------------------------
// The `byline serve` binary and the CLI client.

std::string BylinePath() { return testing::BinaryDir() + "/cli/byline"; }

TEST_F(AuthTlsTest, ServeRefusesAnExposedPlaintextAddress) {
  TempDir io;
  RunResult r = RunProgram({BylinePath(), "serve", "--index", shared_->index,
                            "--listen", "0.0.0.0:0"},
                           io);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("refusing to listen on 0.0.0.0:0 without TLS"));
  EXPECT_THAT(r.err, HasSubstr("--insecure"));

  r = RunProgram(
      {BylinePath(), "serve", "--index", shared_->index, "--listen",
       "0.0.0.0:0", "--insecure", "--auth_tokens_file", shared_->tokens_file},
      io);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("cross the network in clear"));

  r = RunProgram({BylinePath(), "serve", "--index", shared_->index, "--listen",
                  "127.0.0.1:0", "--tls_cert", certs().server_cert},
                 io);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("--tls_key"));

  const std::string bad_tokens = io.Sub("bad-tokens");
  WriteFile(bad_tokens, "# ok\nabcdefghijklmnop\nnot valid at all\n");
  r = RunProgram({BylinePath(), "serve", "--index", shared_->index, "--listen",
                  "127.0.0.1:0", "--auth_tokens_file", bad_tokens},
                 io);
  EXPECT_NE(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr(bad_tokens + ":3:"));
}

TEST_F(AuthTlsTest, ServeBinaryReloadsTokensOnSighup) {
  TempDir io;
  const std::string tokens = io.Sub("tokens");
  WriteFile(tokens, absl::StrCat("old: ", kAliceToken, "\n"));
  const std::string out_path = io.Sub("stdout");
  const std::string err_path = io.Sub("stderr");
  testing::Subprocess child(
      {BylinePath(), "serve", "--index", shared_->index, "--listen",
       "127.0.0.1:0", "--workers", "2", "--tls_cert", certs().server_cert,
       "--tls_key", certs().server_key, "--auth_tokens_file", tokens},
      "/dev/null", out_path, err_path);
  ASSERT_NE(child.pid(), 0) << child.error();
  const int port = testing::WaitForServePort(child, out_path);
  ASSERT_GT(port, 0) << "stdout: " << testing::ReadWholeFile(out_path)
                     << "\nstderr: " << testing::ReadWholeFile(err_path);
  EXPECT_THAT(testing::ReadWholeFile(out_path),
              HasSubstr("TLS, bearer tokens)"));
  const std::string target = absl::StrCat("127.0.0.1:", port);
  auto tls = [&](absl::string_view token) {
    return Tls(certs().ca, "", "", token.empty() ? "" : Bearer(token));
  };
  EXPECT_TRUE(CallStats(target, tls(kAliceToken)).ok());
  EXPECT_EQ(CallStats(target, tls(kNewToken)).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(CallStats(target, tls("")).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(CallHealth(target, tls("")).ok());

  // The CLI client: --tls_ca and --token_file.
  const std::string token_file = io.Sub("client.token");
  WriteFile(token_file, kAliceToken);
  RunResult stats =
      RunProgram({BylinePath(), "stats", "--server", target, "--tls_ca",
                  certs().ca, "--token_file", token_file, "--json"},
                 io);
  EXPECT_EQ(stats.exit_code, 0) << stats.err;
  EXPECT_THAT(stats.out, ::testing::ContainsRegex("\"articles\": ?40[,}]"));
  RunResult search = RunProgram(
      {BylinePath(), "search", "--server", target, "--tls_ca", certs().ca,
       "--token_file", token_file, "--color", "never", "port", "strike"},
      io);
  EXPECT_EQ(search.exit_code, 0) << search.err;
  RunResult no_token = RunProgram(
      {BylinePath(), "stats", "--server", target, "--tls_ca", certs().ca}, io);
  EXPECT_EQ(no_token.exit_code, 3);
  EXPECT_THAT(no_token.err, HasSubstr("missing bearer token"));
  RunResult plaintext =
      RunProgram({BylinePath(), "stats", "--server", target, "--token_file",
                  token_file, "--timeout_seconds", "5"},
                 io);
  EXPECT_EQ(plaintext.exit_code, 3) << plaintext.err;

  // Rotate: the new token replaces the old one on SIGHUP.
  WriteFile(tokens, absl::StrCat("new: ", kNewToken, "\n"));
  child.Signal(SIGHUP);
  bool swapped = false;
  for (int i = 0; i < 100 && !swapped; ++i) {
    swapped = CallStats(target, tls(kNewToken)).ok() &&
              CallStats(target, tls(kAliceToken)).error_code() ==
                  grpc::StatusCode::UNAUTHENTICATED;
    if (!swapped) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(swapped) << "tokens not swapped within 10 s of SIGHUP; stderr: "
                       << testing::ReadWholeFile(err_path);

  // A bad file on SIGHUP: logged with its line, the tokens in force stay.
  WriteFile(tokens, absl::StrCat("new: ", kNewToken, "\noops\n"));
  child.Signal(SIGHUP);
  bool logged = false;
  for (int i = 0; i < 100 && !logged; ++i) {
    logged =
        absl::StrContains(testing::ReadWholeFile(err_path), tokens + ":2:");
    if (!logged) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(logged) << testing::ReadWholeFile(err_path);
  EXPECT_THAT(testing::ReadWholeFile(err_path),
              HasSubstr("keeping the 1 tokens in force"));
  EXPECT_TRUE(CallStats(target, tls(kNewToken)).ok());
  EXPECT_THAT(testing::ReadWholeFile(err_path),
              Not(HasSubstr(std::string(kNewToken))));

  child.Signal(SIGTERM);
  EXPECT_EQ(child.Wait(std::chrono::seconds(20)), std::optional<int>(0))
      << testing::ReadWholeFile(err_path);
}

}  // namespace
}  // namespace byline
