// PassageSplitter (see passage_splitter.h): paragraphs at blank lines, ICU
// sentences inside them, grouped into passages bounded in sentences and words.
#include "analysis/passage_splitter.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <memory>
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"

namespace byline {
namespace {

// Abbreviations after which no sentence ends, on top of ICU's English list
// ("Mr.", "Prof.", ...): titles before names that the CLDR data lacks, and
// "U.S." and the like, which ICU's abbreviation filter cannot suppress as
// they contain inner dots. News copy has "U.S. Senate" far more often than
// a sentence ending in "U.S." followed by a capital, and merging two
// sentences costs less than cutting one.
constexpr absl::string_view kNoBreakAfter[] = {
    "Adm.", "Amb.",    "Atty.", "Brig.", "Capt.", "Cmdr.", "Col.",  "Cpl.",
    "Det.", "Dr.",     "Ft.",   "Gen.",  "Gov.",  "Hon.",  "Insp.", "Lt.",
    "Maj.", "Messrs.", "Mlle.", "Mme.",  "Pres.", "Rep.",  "Rt.",   "Sen.",
    "Sgt.", "St.",     "Supt.", "U.K.",  "U.N.",  "U.S."};

// utext_openUTF8 and U8_NEXT work with int32_t offsets.
constexpr size_t kMaxBodyBytes = INT32_MAX;

// First byte in [from, to) that does not start a white-space character, or
// `to`. Invalid UTF-8 counts as non-space.
uint32_t SkipSpaceForward(absl::string_view text, uint32_t from, uint32_t to) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = static_cast<int32_t>(from);
  while (i < static_cast<int32_t>(to)) {
    const int32_t here = i;
    UChar32 c;
    U8_NEXT(bytes, i, static_cast<int32_t>(to), c);
    if (c < 0 || !u_isUWhiteSpace(c)) return static_cast<uint32_t>(here);
  }
  return to;
}

// End of the last non-white-space character in [from, to), or `from`.
uint32_t SkipSpaceBackward(absl::string_view text, uint32_t from, uint32_t to) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = static_cast<int32_t>(to);
  while (i > static_cast<int32_t>(from)) {
    const int32_t here = i;
    UChar32 c;
    U8_PREV(bytes, static_cast<int32_t>(from), i, c);
    if (c < 0 || !u_isUWhiteSpace(c)) return static_cast<uint32_t>(here);
  }
  return from;
}

// End of the paragraph starting at `from`: just after the next blank line
// ("\n", optional spaces, tabs or "\r", "\n"), or the end of the text.
uint32_t ParagraphEnd(absl::string_view text, uint32_t from) {
  size_t i = text.find('\n', from);
  while (i != absl::string_view::npos) {
    size_t j = i + 1;
    while (j < text.size() &&
           (text[j] == ' ' || text[j] == '\t' || text[j] == '\r')) {
      ++j;
    }
    if (j < text.size() && text[j] == '\n') return static_cast<uint32_t>(j + 1);
    i = text.find('\n', j);
  }
  return static_cast<uint32_t>(text.size());
}

// Whether ICU's sentence break at `end` (of the sentence starting at
// `start`) comes right after one of kNoBreakAfter on the same line.
bool FollowsNoBreakAbbreviation(absl::string_view body, uint32_t start,
                                uint32_t end) {
  const uint32_t text_end = SkipSpaceBackward(body, start, end);
  const absl::string_view gap = body.substr(text_end, end - text_end);
  if (gap.empty() || gap.find_first_of("\n\r") != absl::string_view::npos) {
    return false;
  }
  const absl::string_view text = body.substr(start, text_end - start);
  for (absl::string_view abbreviation : kNoBreakAfter) {
    if (!absl::EndsWith(text, abbreviation)) continue;
    if (text.size() == abbreviation.size()) return true;
    // A whole word only: not "MU.S.", "Sen." in "Hasen.".
    const auto before =
        static_cast<unsigned char>(text[text.size() - abbreviation.size() - 1]);
    return before < 0x80 && !absl::ascii_isalnum(before) && before != '.';
  }
  return false;
}

// Groups the sentences of one Split call into passages.
class PassageBuilder {
 public:
  PassageBuilder(const PassageOptions& options, absl::string_view body,
                 absl::Span<const Token> tokens,
                 std::vector<PassageSpan>* passages)
      : options_(options), body_(body), tokens_(tokens), out_(passages) {}

  // Adds sentence body[start, end), which holds tokens [first, last).
  void AddSentence(uint32_t start, uint32_t end, uint32_t first,
                   uint32_t last) {
    const uint32_t words = last - first;
    if (words > static_cast<uint32_t>(options_.max_words)) {
      AddLongSentence(start, end, first, last);
      return;
    }
    const uint32_t text_start = SkipSpaceForward(body_, start, end);
    const uint32_t text_end = SkipSpaceBackward(body_, text_start, end);
    if (words == 0) {
      // Punctuation only: it joins the open passage, or is dropped.
      if (open_ && text_end > text_start) current_.end = text_end;
      return;
    }
    if (open_ && (sentences_ >= options_.max_sentences ||
                  words_ + words > static_cast<uint32_t>(options_.max_words))) {
      Close();
    }
    if (!open_) Open(text_start, first);
    current_.end = text_end;
    current_.end_token = last;
    ++sentences_;
    words_ += words;
  }

  // At a paragraph break: ends the open passage if it is long enough.
  void EndParagraph() {
    if (words_ >= static_cast<uint32_t>(options_.min_words)) Close();
  }

  // Ends the open passage, if any.
  void Close() {
    if (open_ && current_.end_token > current_.first_token) {
      out_->push_back(current_);
    }
    open_ = false;
  }

 private:
  void Open(uint32_t start, uint32_t first_token) {
    open_ = true;
    current_ = PassageSpan{.start = start,
                           .end = start,
                           .first_token = first_token,
                           .end_token = first_token};
    sentences_ = 0;
    words_ = 0;
  }

  // Cuts a sentence of more than max_words tokens into the fewest chunks of
  // at most max_words, of near-equal size, each a passage of its own.
  void AddLongSentence(uint32_t start, uint32_t end, uint32_t first,
                       uint32_t last) {
    Close();
    const uint32_t words = last - first;
    const uint32_t max_words = static_cast<uint32_t>(options_.max_words);
    const uint32_t chunks = (words + max_words - 1) / max_words;
    uint32_t chunk_first = first;
    uint32_t chunk_start = start;
    for (uint32_t k = 0; k < chunks; ++k) {
      const uint32_t size = words / chunks + (k < words % chunks ? 1 : 0);
      const uint32_t chunk_last = chunk_first + size;
      const uint32_t chunk_end =
          chunk_last == last ? end : CutBefore(chunk_last, start, end);
      const uint32_t text_start = SkipSpaceForward(body_, chunk_start, end);
      Open(text_start, chunk_first);
      current_.end = SkipSpaceBackward(body_, text_start, chunk_end);
      current_.end_token = chunk_last;
      Close();
      chunk_first = chunk_last;
      chunk_start = chunk_end;
    }
  }

  // Where to cut between tokens[i - 1] and tokens[i] within [start, end):
  // at the first white space after tokens[i - 1] (so that trailing
  // punctuation stays with it), else right before tokens[i].
  uint32_t CutBefore(uint32_t i, uint32_t start, uint32_t end) const {
    const uint32_t next = std::clamp(tokens_[i].start, start, end);
    const uint32_t prev_end = std::clamp(tokens_[i - 1].end, start, next);
    const auto* bytes = reinterpret_cast<const uint8_t*>(body_.data());
    int32_t j = static_cast<int32_t>(prev_end);
    while (j < static_cast<int32_t>(next)) {
      const int32_t here = j;
      UChar32 c;
      U8_NEXT(bytes, j, static_cast<int32_t>(next), c);
      if (c >= 0 && u_isUWhiteSpace(c)) return static_cast<uint32_t>(here);
    }
    return next;
  }

  const PassageOptions& options_;
  const absl::string_view body_;
  const absl::Span<const Token> tokens_;
  std::vector<PassageSpan>* const out_;
  bool open_ = false;
  PassageSpan current_;
  int sentences_ = 0;
  uint32_t words_ = 0;
};

// Makes every passage cover its tokens' bytes and start after the previous
// one ends, merging a passage into its predecessor if nothing is left. Only
// matters if a word crosses an ICU sentence boundary.
void CoverTokens(absl::string_view body, absl::Span<const Token> tokens,
                 std::vector<PassageSpan>* passages) {
  const uint32_t body_size = static_cast<uint32_t>(body.size());
  size_t kept = 0;
  for (size_t i = 0; i < passages->size(); ++i) {
    PassageSpan span = (*passages)[i];
    span.start = std::min(span.start,
                          std::min(tokens[span.first_token].start, body_size));
    span.end =
        std::max(span.end, std::min(tokens[span.end_token - 1].end, body_size));
    if (kept > 0) {
      PassageSpan& prev = (*passages)[kept - 1];
      if (span.start < prev.end) {
        span.start =
            SkipSpaceForward(body, prev.end, std::max(span.end, prev.end));
      }
      if (span.start >= span.end) {
        prev.end = std::max(prev.end, span.end);
        prev.end_token = span.end_token;
        continue;
      }
    }
    (*passages)[kept++] = span;
  }
  passages->resize(kept);
}

}  // namespace

class PassageSplitter::Impl {
 public:
  Impl(PassageOptions options, std::unique_ptr<icu::BreakIterator> sentences)
      : options_(options), sentences_(std::move(sentences)) {}
  ~Impl() { utext_close(&utext_); }

  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  std::vector<PassageSpan> Split(absl::string_view body,
                                 absl::Span<const Token> tokens);

 private:
  const PassageOptions options_;
  const std::unique_ptr<icu::BreakIterator> sentences_;
  // Reused for every paragraph; the break iterator keeps a shallow clone.
  UText utext_ = UTEXT_INITIALIZER;
};

std::vector<PassageSpan> PassageSplitter::Impl::Split(
    absl::string_view body, absl::Span<const Token> tokens) {
  std::vector<PassageSpan> passages;
  if (tokens.empty()) return passages;
  if (body.size() > kMaxBodyBytes) body = body.substr(0, kMaxBodyBytes);
  PassageBuilder builder(options_, body, tokens, &passages);
  uint32_t next_token = 0;
  const auto num_tokens = static_cast<uint32_t>(tokens.size());
  const auto body_size = static_cast<uint32_t>(body.size());
  for (uint32_t para = 0; para < body_size && next_token < num_tokens;) {
    const uint32_t para_end = ParagraphEnd(body, para);
    const bool last_para = para_end == body_size;
    if (!last_para && tokens[next_token].start >= para_end) {
      para = para_end;  // No words: no passage.
      continue;
    }
    UErrorCode status = U_ZERO_ERROR;
    utext_openUTF8(&utext_, body.data() + para, para_end - para, &status);
    sentences_->setText(&utext_, status);
    if (U_FAILURE(status)) break;
    int32_t start = sentences_->first();
    for (int32_t end = sentences_->next(); end != icu::BreakIterator::DONE;
         end = sentences_->next()) {
      const uint32_t sentence_end = para + static_cast<uint32_t>(end);
      if (sentence_end < para_end &&
          FollowsNoBreakAbbreviation(body, para + start, sentence_end)) {
        continue;  // The sentence goes on.
      }
      const bool last_sentence = last_para && sentence_end == body_size;
      uint32_t last = next_token;
      while (last < num_tokens &&
             (last_sentence || tokens[last].start < sentence_end)) {
        ++last;
      }
      builder.AddSentence(para + static_cast<uint32_t>(start), sentence_end,
                          next_token, last);
      next_token = last;
      start = end;
    }
    builder.EndParagraph();
    para = para_end;
  }
  builder.Close();
  // Tokens past the body (not from Tokenize(body)) join the last passage.
  if (next_token < num_tokens && !passages.empty()) {
    passages.back().end_token = num_tokens;
  }
  // Do not keep pointing at the caller's text.
  UErrorCode status = U_ZERO_ERROR;
  utext_openUTF8(&utext_, "", 0, &status);
  sentences_->setText(&utext_, status);
  CoverTokens(body, tokens, &passages);
  return passages;
}

absl::StatusOr<std::unique_ptr<PassageSplitter>> PassageSplitter::Create(
    PassageOptions options) {
  if (options.max_sentences < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "max_sentences must be at least 1, got ", options.max_sentences));
  }
  if (options.max_words < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_words must be at least 1, got ", options.max_words));
  }
  if (options.min_words < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("min_words must not be negative, got ", options.min_words));
  }
  UErrorCode status = U_ZERO_ERROR;
  // "ss=standard" suppresses breaks after English abbreviations like "Mr.".
  std::unique_ptr<icu::BreakIterator> sentences(
      icu::BreakIterator::createSentenceInstance(icu::Locale("en@ss=standard"),
                                                 status));
  if (U_FAILURE(status) || sentences == nullptr) {
    return absl::InternalError(
        absl::StrCat("cannot create the ICU sentence break iterator: ",
                     u_errorName(status)));
  }
  return std::unique_ptr<PassageSplitter>(new PassageSplitter(
      std::make_unique<Impl>(options, std::move(sentences))));
}

PassageSplitter::PassageSplitter(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}

PassageSplitter::~PassageSplitter() = default;

std::vector<PassageSpan> PassageSplitter::Split(
    absl::string_view body, absl::Span<const Token> tokens) {
  return impl_->Split(body, tokens);
}

}  // namespace byline
