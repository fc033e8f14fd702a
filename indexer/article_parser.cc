// JSON Lines article parsing with simdjson's On Demand API, plus the field
// validation every input format shares.
#include "indexer/article_parser.h"

#include <simdjson.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "schema/schema.h"

namespace byline {
namespace {

namespace od = simdjson::ondemand;

absl::Status FieldError(absl::string_view field, absl::string_view reason) {
  return absl::InvalidArgumentError(
      absl::StrCat("field '", field, "': ", reason));
}

bool IsBlank(absl::string_view s) {
  for (char c : s) {
    if (!absl::ascii_isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Shortens a value for an error message.
std::string Excerpt(absl::string_view value) {
  constexpr size_t kMax = 40;
  if (value.size() <= kMax) return std::string(value);
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) {
    --cut;  // do not split a UTF-8 sequence
  }
  return absl::StrCat(value.substr(0, cut), "...");
}

// Which Article field a JSON key fills, with the priority of the key among
// its aliases (lower wins).
enum class Slot {
  kNone, kId, kTitle, kBody, kSource, kUrl, kPublished, kLanguage, kDeleted
};

struct KeyInfo {
  Slot slot;
  int priority;
};

KeyInfo ClassifyKey(absl::string_view key) {
  if (key == "id") return {Slot::kId, 0};
  if (key == "title") return {Slot::kTitle, 0};
  if (key == "body") return {Slot::kBody, 0};
  if (key == "text") return {Slot::kBody, 1};
  if (key == "content") return {Slot::kBody, 2};
  if (key == "source") return {Slot::kSource, 0};
  if (key == "url") return {Slot::kUrl, 0};
  if (key == "published") return {Slot::kPublished, 0};
  if (key == "date") return {Slot::kPublished, 1};
  if (key == "language") return {Slot::kLanguage, 0};
  if (key == "lang") return {Slot::kLanguage, 1};
  if (key == "deleted") return {Slot::kDeleted, 0};
  return {Slot::kNone, 0};
}

absl::string_view SlotName(Slot slot) {
  switch (slot) {
    case Slot::kId: return "id";
    case Slot::kTitle: return "title";
    case Slot::kBody: return "body";
    case Slot::kSource: return "source";
    case Slot::kUrl: return "url";
    case Slot::kPublished: return "published";
    case Slot::kLanguage: return "language";
    case Slot::kDeleted: return "deleted";
    case Slot::kNone: break;
  }
  return "";
}

absl::string_view SimdjsonReason(simdjson::error_code error) {
  switch (error) {
    case simdjson::UTF8_ERROR: return "invalid UTF-8";
    case simdjson::UNCLOSED_STRING: return "unclosed string";
    case simdjson::STRING_ERROR: return "bad string escape";
    case simdjson::NUMBER_ERROR: return "bad number";
    case simdjson::TAPE_ERROR: return "malformed JSON";
    case simdjson::INCORRECT_TYPE: return "not a JSON object";
    case simdjson::TRAILING_CONTENT: return "trailing content after the object";
    case simdjson::EMPTY: return "empty line";
    default: return simdjson::error_message(error);
  }
}

}  // namespace

schema::ArticleMeta Article::Meta() const {
  return schema::ArticleMeta{id, title, source, url, language, published};
}

absl::StatusOr<absl::Time> ParsePublishedTime(absl::string_view value) {
  const std::string s(absl::StripAsciiWhitespace(value));
  absl::Time t;
  std::string err;
  // absl::ParseTime also takes "infinite-future" and years of any length;
  // only UTC years 0000..9999 fit the index (schema::DayValue is YYYYMMDD).
  auto in_range = [](absl::Time time) {
    const int64_t year = absl::ToCivilYear(time, absl::UTCTimeZone()).year();
    return time != absl::InfiniteFuture() && time != absl::InfinitePast() &&
           year >= 0 && year <= 9999;
  };
  // RFC 3339 with offset or 'Z', then without offset (UTC).
  for (const char* format :
       {"%Y-%m-%d%ET%H:%M:%E*S%Ez", "%Y-%m-%d %H:%M:%E*S%Ez",
        "%Y-%m-%d%ET%H:%M:%E*S", "%Y-%m-%d %H:%M:%E*S", "%Y-%m-%d%ET%H:%M%Ez",
        "%Y-%m-%d%ET%H:%M"}) {
    if (absl::ParseTime(format, s, absl::UTCTimeZone(), &t, &err) &&
        in_range(t)) {
      return t;
    }
  }
  absl::CivilDay day;
  if (s.size() == 10 && absl::ParseCivilTime(s, &day) &&
      in_range(absl::FromCivil(day, absl::UTCTimeZone()))) {
    return absl::FromCivil(day, absl::UTCTimeZone());
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "'", Excerpt(value), "' is not an RFC 3339 time or a YYYY-MM-DD date"));
}

absl::StatusOr<std::string> NormalizeLanguage(absl::string_view value) {
  size_t n = 0;
  while (n < value.size() &&
         absl::ascii_isalpha(static_cast<unsigned char>(value[n]))) {
    ++n;
  }
  const bool ends_ok = n == value.size() || value[n] == '-' || value[n] == '_';
  if (n < 2 || n > 3 || !ends_ok) {
    return absl::InvalidArgumentError(absl::StrCat(
        "'", Excerpt(value), "' is not a language code such as 'en'"));
  }
  return absl::AsciiStrToLower(value.substr(0, n));
}

absl::Status ValidateId(absl::string_view id) {
  if (id.empty()) return FieldError("id", "missing or empty");
  if (id.size() > schema::kMaxIdBytes) {
    return FieldError("id", absl::StrFormat("%d bytes, the maximum is %d",
                                            id.size(), schema::kMaxIdBytes));
  }
  if (!simdjson::validate_utf8(id.data(), id.size())) {
    return FieldError("id", "invalid UTF-8");
  }
  return absl::OkStatus();
}

absl::Status ValidateArticle(const Article& a, const ArticleLimits& limits) {
  if (absl::Status status = ValidateId(a.id); !status.ok()) return status;
  if (a.body.empty() || IsBlank(a.body)) {
    return FieldError("body", "missing or empty");
  }
  if (a.body.size() > limits.max_body_bytes) {
    return FieldError("body", absl::StrFormat("%d bytes, the maximum is %d",
                                              a.body.size(),
                                              limits.max_body_bytes));
  }
  if (a.title.size() > limits.max_title_bytes) {
    return FieldError("title", absl::StrFormat("%d bytes, the maximum is %d",
                                               a.title.size(),
                                               limits.max_title_bytes));
  }
  for (const auto& [name, value] :
       {std::pair<absl::string_view, const std::string*>{"title", &a.title}, {"body", &a.body}, {"source", &a.source},
        {"url", &a.url}}) {
    if (!simdjson::validate_utf8(value->data(), value->size())) {
      return FieldError(name, "invalid UTF-8");
    }
  }
  return absl::OkStatus();
}

class ArticleParser::Impl {
 public:
  explicit Impl(ArticleLimits limits) : limits_(limits) {}

  absl::StatusOr<Article> Parse(absl::string_view line) {
    if (IsBlank(line)) return absl::InvalidArgumentError("empty line");
    // simdjson reads up to SIMDJSON_PADDING bytes past the end.
    buffer_.assign(line.data(), line.size());
    buffer_.resize(line.size() + simdjson::SIMDJSON_PADDING);
    simdjson::padded_string_view json(buffer_.data(), line.size(),
                                      buffer_.size());
    od::document doc;
    if (auto error = parser_.iterate(json).get(doc)) {
      return absl::InvalidArgumentError(
          absl::StrCat("bad JSON: ", SimdjsonReason(error)));
    }
    od::object object;
    if (auto error = doc.get_object().get(object)) {
      return absl::InvalidArgumentError(
          absl::StrCat("bad JSON: ", SimdjsonReason(error)));
    }
    Article article;
    std::string published;
    std::string language;
    int priority[9] = {99, 99, 99, 99, 99, 99, 99, 99, 99};
    for (auto field : object) {
      std::string_view key;
      if (auto error = field.unescaped_key().get(key)) {
        return absl::InvalidArgumentError(
            absl::StrCat("bad JSON: ", SimdjsonReason(error)));
      }
      const KeyInfo info = ClassifyKey(absl::string_view(key.data(), key.size()));
      od::value value;
      if (auto error = field.value().get(value)) {
        return absl::InvalidArgumentError(
            absl::StrCat("bad JSON: ", SimdjsonReason(error)));
      }
      if (info.slot == Slot::kNone) continue;
      if (info.slot == Slot::kDeleted) {
        if (absl::Status status = ReadDeleted(value, &article.deleted);
            !status.ok()) {
          return status;
        }
        continue;
      }
      int& best = priority[static_cast<int>(info.slot)];
      if (info.priority > best) continue;
      std::string text;
      bool is_null = false;
      absl::Status status = ReadScalar(value, info.slot, &text, &is_null);
      if (!status.ok()) return status;
      if (is_null) continue;
      best = info.priority;
      switch (info.slot) {
        case Slot::kId: article.id = std::move(text); break;
        case Slot::kTitle: article.title = std::move(text); break;
        case Slot::kBody: article.body = std::move(text); break;
        case Slot::kSource: article.source = std::move(text); break;
        case Slot::kUrl: article.url = std::move(text); break;
        case Slot::kPublished: published = std::move(text); break;
        case Slot::kLanguage: language = std::move(text); break;
        case Slot::kDeleted:
        case Slot::kNone: break;
      }
    }
    // current_location() fails with OUT_OF_BOUNDS once the document is
    // fully consumed; anything else means bytes follow the object.
    if (!doc.current_location().error()) {
      return absl::InvalidArgumentError(
          "bad JSON: trailing content after the object");
    }
    if (article.deleted) {
      if (absl::Status status = ValidateId(article.id); !status.ok()) {
        return status;
      }
      Article tombstone;
      tombstone.id = std::move(article.id);
      tombstone.deleted = true;
      return tombstone;
    }
    if (!published.empty()) {
      auto t = ParsePublishedTime(published);
      if (!t.ok()) return FieldError("published", t.status().message());
      article.published = *t;
    }
    if (!language.empty()) {
      auto lang = NormalizeLanguage(language);
      if (!lang.ok()) return FieldError("language", lang.status().message());
      article.language = *std::move(lang);
    }
    if (auto status = ValidateArticle(article, limits_); !status.ok()) {
      return status;
    }
    return article;
  }

 private:
  // Reads the `deleted` flag: true, false or null (absent, so false).
  static absl::Status ReadDeleted(od::value& value, bool* deleted) {
    od::json_type type;
    if (auto error = value.type().get(type)) {
      return FieldError("deleted", SimdjsonReason(error));
    }
    if (type == od::json_type::null) return absl::OkStatus();
    bool flag = false;
    if (type != od::json_type::boolean || value.get_bool().get(flag)) {
      return FieldError("deleted", "must be true or false");
    }
    *deleted = flag;
    return absl::OkStatus();
  }

  // Reads a string (or, for id, an integer) value. Sets *is_null for null.
  static absl::Status ReadScalar(od::value& value, Slot slot, std::string* out,
                                 bool* is_null) {
    od::json_type type;
    if (auto error = value.type().get(type)) {
      return FieldError(SlotName(slot), SimdjsonReason(error));
    }
    switch (type) {
      case od::json_type::null:
        *is_null = true;
        return absl::OkStatus();
      case od::json_type::string: {
        std::string_view s;
        if (auto error = value.get_string().get(s)) {
          return FieldError(SlotName(slot), SimdjsonReason(error));
        }
        out->assign(s);
        return absl::OkStatus();
      }
      case od::json_type::number:
        if (slot == Slot::kId) {
          int64_t n;
          if (value.get_int64().get(n)) {
            return FieldError("id", "a number that is not an integer");
          }
          *out = absl::StrCat(n);
          return absl::OkStatus();
        }
        [[fallthrough]];
      default:
        return FieldError(SlotName(slot), slot == Slot::kId
                                              ? "must be a string or integer"
                                              : "must be a string");
    }
  }

  ArticleLimits limits_;
  od::parser parser_;
  std::string buffer_;
};

ArticleParser::ArticleParser(ArticleLimits limits)
    : impl_(std::make_unique<Impl>(limits)) {}
ArticleParser::~ArticleParser() = default;

absl::StatusOr<Article> ArticleParser::ParseJsonLine(absl::string_view line) {
  return impl_->Parse(line);
}

}  // namespace byline
