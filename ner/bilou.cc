// BILOU tag set (see bilou.h).
#include "ner/bilou.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"

namespace byline::ner {

std::string TagName(Tag tag) {
  if (tag == kOutside) return "O";
  static constexpr char kParts[] = {'B', 'I', 'L', 'U'};
  return absl::StrCat(std::string(1, kParts[static_cast<int>(TagPartOf(tag))]),
                      "-", EntityTypeName(TagType(tag)));
}

namespace {
// Whether `tag` continues an open span (B or I).
bool OpensSpan(Tag tag) {
  return tag != kOutside && (TagPartOf(tag) == TagPart::kBegin ||
                             TagPartOf(tag) == TagPart::kInside);
}
// Whether `tag` can only continue an open span (I or L).
bool ContinuesSpan(Tag tag) {
  return tag != kOutside && (TagPartOf(tag) == TagPart::kInside ||
                             TagPartOf(tag) == TagPart::kLast);
}
}  // namespace

bool TransitionAllowed(Tag prev, Tag next) {
  if (OpensSpan(prev)) {
    return ContinuesSpan(next) && TagType(next) == TagType(prev);
  }
  return !ContinuesSpan(next);
}

bool StartAllowed(Tag tag) { return !ContinuesSpan(tag); }
bool EndAllowed(Tag tag) { return !OpensSpan(tag); }

void SpansToTags(absl::Span<const TokenSpan> spans, uint32_t num_tokens,
                 std::vector<Tag>* tags) {
  tags->assign(num_tokens, kOutside);
  for (const TokenSpan& span : spans) {
    if (span.begin >= span.end || span.end > num_tokens) continue;
    if (span.end - span.begin == 1) {
      (*tags)[span.begin] = MakeTag(span.type, TagPart::kUnit);
      continue;
    }
    (*tags)[span.begin] = MakeTag(span.type, TagPart::kBegin);
    for (uint32_t i = span.begin + 1; i + 1 < span.end; ++i) {
      (*tags)[i] = MakeTag(span.type, TagPart::kInside);
    }
    (*tags)[span.end - 1] = MakeTag(span.type, TagPart::kLast);
  }
}

void TagsToSpans(absl::Span<const Tag> tags, std::vector<TokenSpan>* spans) {
  const uint32_t n = static_cast<uint32_t>(tags.size());
  uint32_t i = 0;
  while (i < n) {
    const Tag tag = tags[i];
    if (tag == kOutside) {
      ++i;
      continue;
    }
    const EntityType type = TagType(tag);
    uint32_t end = i + 1;
    if (OpensSpan(tag)) {
      // Extend over I/L of the same type; stop after L.
      while (end < n && tags[end] != kOutside && TagType(tags[end]) == type &&
             ContinuesSpan(tags[end])) {
        const bool last = TagPartOf(tags[end]) == TagPart::kLast;
        ++end;
        if (last) break;
      }
    }
    spans->push_back({i, end, type});
    i = end;
  }
}

}  // namespace byline::ner
