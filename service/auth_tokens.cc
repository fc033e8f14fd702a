// Tokens file parsing, the token store and the bearer-token check.
#include "service/auth_tokens.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "util/durable_file.h"
#include "util/status_macros.h"

namespace byline::service {
namespace {

constexpr size_t kMinTokenBytes = 16;
constexpr size_t kMaxTokenBytes = 4096;
constexpr absl::string_view kHealthPrefix = "/grpc.health.v1.Health/";

bool IsNameChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' ||
         c == '-' || c == '.' || c == '@';
}

// Visible ASCII, as an HTTP/2 header value allows without escaping.
bool IsTokenChar(char c) { return c > 0x20 && c < 0x7f; }

// Why `token` is not a valid token, or empty if it is.
std::string TokenProblem(absl::string_view token) {
  if (token.size() < kMinTokenBytes) {
    return absl::StrCat("a token must be at least ", kMinTokenBytes,
                        " characters, this one has ", token.size());
  }
  if (token.size() > kMaxTokenBytes) {
    return absl::StrCat("a token may have at most ", kMaxTokenBytes,
                        " characters");
  }
  for (char c : token) {
    if (!IsTokenChar(c)) {
      return "a token is visible ASCII characters only (no spaces, tabs or "
             "non-ASCII)";
    }
  }
  return "";
}

}  // namespace

absl::StatusOr<std::vector<AuthToken>> ParseAuthTokens(
    absl::string_view contents, absl::string_view origin) {
  std::vector<AuthToken> tokens;
  std::set<std::string> names;
  std::set<std::string> secrets;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(contents, '\n')) {
    ++line_number;
    auto error = [&](absl::string_view problem) {
      return absl::InvalidArgumentError(
          absl::StrCat(origin, ":", line_number, ": ", problem));
    };
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line.front() == '#') continue;
    AuthToken entry;
    absl::string_view secret = line;
    if (const size_t colon = line.find(':'); colon != absl::string_view::npos) {
      absl::string_view name =
          absl::StripTrailingAsciiWhitespace(line.substr(0, colon));
      secret = absl::StripLeadingAsciiWhitespace(line.substr(colon + 1));
      if (name.empty()) return error("missing name before ':'");
      for (char c : name) {
        if (!IsNameChar(c)) {
          return error(
              "expected 'NAME: TOKEN' or 'TOKEN'; a name is letters, digits, "
              "'_', '-', '.' and '@'");
        }
      }
      entry.name = std::string(name);
    } else {
      entry.name = absl::StrCat("line ", line_number);
    }
    if (secret.empty()) return error("missing token after ':'");
    if (std::string problem = TokenProblem(secret); !problem.empty()) {
      return error(problem);
    }
    entry.token = std::string(secret);
    if (!names.insert(entry.name).second) {
      return error(absl::StrCat("the name '", entry.name, "' appears twice"));
    }
    if (!secrets.insert(entry.token).second) {
      return error("this token appears twice");
    }
    tokens.push_back(std::move(entry));
  }
  if (tokens.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(origin,
                     ": no tokens (one per line: 'NAME: TOKEN' or "
                     "'TOKEN')"));
  }
  return tokens;
}

absl::StatusOr<std::vector<AuthToken>> ReadAuthTokensFile(
    const std::string& path) {
  BYLINE_ASSIGN_OR_RETURN(std::string contents, ReadSmallFile(path));
  return ParseAuthTokens(contents, path);
}

bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  const size_t n = std::max(a.size(), b.size());
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? a[i] : 0;
    const unsigned char y = i < b.size() ? b[i] : 0;
    diff |= x ^ y;
  }
  return diff == 0;
}

absl::StatusOr<std::unique_ptr<AuthTokenStore>> AuthTokenStore::Load(
    const std::string& path) {
  BYLINE_ASSIGN_OR_RETURN(std::vector<AuthToken> tokens,
                          ReadAuthTokensFile(path));
  return std::unique_ptr<AuthTokenStore>(
      new AuthTokenStore(path, std::move(tokens)));
}

absl::Status AuthTokenStore::Reload() {
  BYLINE_ASSIGN_OR_RETURN(std::vector<AuthToken> tokens,
                          ReadAuthTokensFile(path_));
  absl::MutexLock lock(&mu_);
  tokens_ = std::move(tokens);
  return absl::OkStatus();
}

std::optional<std::string> AuthTokenStore::Match(
    absl::string_view token) const {
  absl::MutexLock lock(&mu_);
  const AuthToken* found = nullptr;
  for (const AuthToken& t : tokens_) {
    if (ConstantTimeEquals(t.token, token)) found = &t;
  }
  if (found == nullptr) return std::nullopt;
  return found->name;
}

size_t AuthTokenStore::size() const {
  absl::MutexLock lock(&mu_);
  return tokens_.size();
}

absl::StatusOr<std::string> ReadBearerTokenFile(const std::string& path) {
  BYLINE_ASSIGN_OR_RETURN(std::string contents, ReadSmallFile(path));
  absl::string_view token = absl::StripAsciiWhitespace(contents);
  if (token.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": the token file is empty"));
  }
  for (char c : token) {
    if (!IsTokenChar(c)) {
      return absl::InvalidArgumentError(absl::StrCat(
          path,
          ": a token file holds one token of visible ASCII characters "
          "(no spaces, no other lines)"));
    }
  }
  return std::string(token);
}

grpc::Status BearerTokenAuthProcessor::Process(
    const InputMetadata& auth_metadata, grpc::AuthContext* /*context*/,
    OutputMetadata* consumed_auth_metadata,
    OutputMetadata* /*response_metadata*/) {
  bool have_header = false;
  bool valid = false;
  for (auto [it, end] = auth_metadata.equal_range("authorization"); it != end;
       ++it) {
    have_header = true;
    absl::string_view value(it->second.data(), it->second.size());
    consumed_auth_metadata->emplace("authorization", std::string(value));
    constexpr absl::string_view kScheme = "bearer ";
    if (value.size() <= kScheme.size() ||
        !absl::StartsWithIgnoreCase(value, kScheme)) {
      continue;
    }
    value = absl::StripAsciiWhitespace(value.substr(kScheme.size()));
    if (store_->Match(value)) valid = true;
  }
  if (valid) return grpc::Status::OK;
  if (exempt_health_) {
    const auto path = auth_metadata.find(":path");
    if (path != auth_metadata.end() &&
        absl::StartsWith(
            absl::string_view(path->second.data(), path->second.size()),
            kHealthPrefix)) {
      return grpc::Status::OK;
    }
  }
  return grpc::Status(
      grpc::StatusCode::UNAUTHENTICATED,
      have_header ? "invalid bearer token"
                  : "missing bearer token: send 'authorization: Bearer TOKEN' "
                    "metadata");
}

}  // namespace byline::service
