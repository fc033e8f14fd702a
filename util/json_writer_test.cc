// Tests for the JSON writer.
#include "util/json_writer.h"

#include "gtest/gtest.h"

namespace byline {
namespace {

TEST(JsonWriterTest, NestsAndSeparates) {
  JsonWriter json;
  json.BeginObject()
      .Key("a").Int(-1)
      .Key("b").BeginArray().Uint(1).Uint(2).BeginObject().EndObject().EndArray()
      .Key("c").Bool(true)
      .Key("d").Null()
      .Key("e").Double(0.5)
      .EndObject();
  EXPECT_EQ(json.str(), R"({"a":-1,"b":[1,2,{}],"c":true,"d":null,"e":0.5})");
}

TEST(JsonWriterTest, EscapesStrings) {
  std::string out;
  AppendJsonString("q\"b\\n\nt\tc\x01 é", &out);
  EXPECT_EQ(out, "\"q\\\"b\\\\n\\nt\\tc\\u0001 é\"");
}

TEST(JsonWriterTest, NonFiniteNumbersBecomeNull) {
  JsonWriter json;
  json.BeginArray().Double(1.0 / 0.0).Double(0.0 / 0.0).EndArray();
  EXPECT_EQ(json.str(), "[null,null]");
}

}  // namespace
}  // namespace byline
