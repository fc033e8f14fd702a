// The BILOU tag set used by the tagger: O, and for each entity type
// B(egin), I(nside), L(ast), U(nit-length). Converts between tag sequences and
// token spans, and says which tag may follow which, so that Viterbi decoding
// only produces well-formed sequences.
#ifndef BYLINE_NER_BILOU_H_
#define BYLINE_NER_BILOU_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "ner/entity.h"

namespace byline::ner {

// Tags are small integers: 0 is O, then 1 + 4 * type + {B, I, L, U}.
using Tag = uint8_t;
inline constexpr Tag kOutside = 0;
inline constexpr int kNumTags = 1 + 4 * kNumEntityTypes;  // 17

enum class TagPart : uint8_t { kBegin = 0, kInside = 1, kLast = 2, kUnit = 3 };

inline constexpr Tag MakeTag(EntityType type, TagPart part) {
  return static_cast<Tag>(1 + 4 * static_cast<int>(type) +
                          static_cast<int>(part));
}
inline constexpr EntityType TagType(Tag tag) {
  return static_cast<EntityType>((tag - 1) / 4);
}
inline constexpr TagPart TagPartOf(Tag tag) {
  return static_cast<TagPart>((tag - 1) % 4);
}

// "O", "B-PER", "L-MISC", ...
std::string TagName(Tag tag);

// Whether `next` may follow `prev` in a BILOU sequence.
bool TransitionAllowed(Tag prev, Tag next);
// Whether a sequence may start / end with `tag`.
bool StartAllowed(Tag tag);
bool EndAllowed(Tag tag);

// A span of tokens [begin, end) with a type.
struct TokenSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
  EntityType type = EntityType::kPerson;
  bool operator==(const TokenSpan&) const = default;
};

// Writes the BILOU tags of `spans` (sorted, non-overlapping, within
// [0, num_tokens)) to `*tags`, resized to num_tokens.
void SpansToTags(absl::Span<const TokenSpan> spans, uint32_t num_tokens,
                 std::vector<Tag>* tags);

// Appends the spans of a tag sequence. Ill-formed sequences are read
// leniently: an I or L without a matching B starts a span, a B or I not
// followed by I/L of its type ends one.
void TagsToSpans(absl::Span<const Tag> tags, std::vector<TokenSpan>* spans);

}  // namespace byline::ner

#endif  // BYLINE_NER_BILOU_H_
