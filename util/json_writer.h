// A minimal streaming JSON writer for --json output, reports and manifests.
#ifndef BYLINE_UTIL_JSON_WRITER_H_
#define BYLINE_UTIL_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

namespace byline {

// Builds one JSON document in memory. Calls must nest properly (a Key before
// each value inside an object); the writer inserts commas. Not thread-safe.
class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(absl::string_view key);
  JsonWriter& String(absl::string_view value);  // valid UTF-8 expected
  JsonWriter& Int(int64_t value);
  JsonWriter& Uint(uint64_t value);
  JsonWriter& Double(double value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();

  const std::string& str() const { return out_; }

 private:
  void BeforeValue();
  std::string out_;
  std::vector<bool> has_items_;  // per open container
  bool after_key_ = false;
};

// Appends `value` to `out` as a quoted JSON string.
void AppendJsonString(absl::string_view value, std::string* out);

}  // namespace byline

#endif  // BYLINE_UTIL_JSON_WRITER_H_
