// libFuzzer target for Search page tokens (service::DecodePageToken), which
// come from clients as opaque strings. The fingerprint a token must match
// is taken from the token itself when it has one (the hex after the last
// ':' of its base64 payload), so that the fuzzer gets past the fingerprint
// check; tokens are plain text in corpus/fuzz_page_token/. Checks:
//  * a token never decodes with a fingerprint other than its own;
//  * a decoded token names a valid generation or none, and re-encodes to a
//    token that decodes to the same offset and generation and re-encodes
//    identically (the input itself may differ: base64 padding, leading
//    zeros, hex case);
//  * from the other side, any offset and valid generation encode to a
//    token that decodes back to them.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "generations/index_directory.h"
#include "service/page_token.h"

namespace byline::service {
namespace {

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

// The fingerprint the token claims, or an arbitrary one.
uint64_t ClaimedFingerprint(const std::string& token) {
  std::string raw;
  uint64_t fingerprint = 0x5eed;
  if (absl::WebSafeBase64Unescape(token, &raw)) {
    const size_t colon = raw.rfind(':');
    uint64_t claimed = 0;
    if (colon != std::string::npos &&
        absl::SimpleHexAtoi(absl::string_view(raw).substr(colon + 1),
                            &claimed)) {
      fingerprint = claimed;
    }
  }
  return fingerprint;
}

void CheckDecoded(const PageToken& token, uint64_t fingerprint) {
  Check(token.generation.empty() ||
        generations::ParseGenerationName(token.generation).has_value());
  const std::string encoded = EncodePageToken(token, fingerprint);
  absl::StatusOr<PageToken> again = DecodePageToken(encoded, fingerprint);
  Check(again.ok() && *again == token);
  Check(EncodePageToken(*again, fingerprint) == encoded);
  Check(!DecodePageToken(encoded, fingerprint ^ 1).ok());
}

void FuzzOne(absl::string_view data) {
  const std::string token(data);
  const uint64_t fingerprint = ClaimedFingerprint(token);
  absl::StatusOr<PageToken> decoded = DecodePageToken(token, fingerprint);
  if (decoded.ok()) CheckDecoded(*decoded, fingerprint);
  Check(!DecodePageToken(token, fingerprint + 1).ok());

  // The encoder's side: the first 4 bytes an offset, the next 8 a
  // fingerprint, the rest a generation number.
  if (data.size() >= 12) {
    PageToken made;
    uint64_t made_fingerprint;
    std::memcpy(&made.offset, data.data(), 4);
    std::memcpy(&made_fingerprint, data.data() + 4, 8);
    uint64_t number = 0;
    if (absl::SimpleAtoi(data.substr(12), &number)) {
      made.generation = generations::GenerationName(number);
      if (!generations::ParseGenerationName(made.generation)) {
        made.generation.clear();
      }
    }
    absl::StatusOr<PageToken> back = DecodePageToken(
        EncodePageToken(made, made_fingerprint), made_fingerprint);
    Check(back.ok() && *back == made);
  }
}

}  // namespace
}  // namespace byline::service

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  byline::service::FuzzOne(
      absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
