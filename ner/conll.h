// CoNLL-2003 style annotated data: reading files ("word ... TAG" lines,
// blank lines between sentences, "-DOCSTART-" between documents), reading
// chunks from IOB1/IOB2 tags with the conlleval rules, rendering a document
// as running text, and moving annotations between CoNLL tokens and
// Byline's ICU tokens (both ways, through byte offsets).
#ifndef BYLINE_NER_CONLL_H_
#define BYLINE_NER_CONLL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "analysis/text_analyzer.h"
#include "ner/bilou.h"
#include "ner/entity.h"

namespace byline::ner {

struct ConllDocument {
  std::vector<std::string> words;
  std::vector<std::string> tags;  // The last column: "O", "I-PER", "B-LOC"...
  // Index of the first word of each sentence.
  std::vector<uint32_t> sentence_starts;
};

// Parses CoNLL text. The first column is the word, the last the entity tag;
// columns are separated by spaces or tabs. Tags are O or X-TYPE with X in
// B, I, E, S, L and TYPE in PER, ORG, LOC, MISC. Without any -DOCSTART-
// line each sentence is a document. `name` is used in error messages, which
// give the line number.
absl::StatusOr<std::vector<ConllDocument>> ParseConll(absl::string_view text,
                                                      absl::string_view name);
absl::StatusOr<std::vector<ConllDocument>> ReadConllFile(
    const std::string& path);

// The entity chunks of one sentence's tags, as spans of word indices
// (offset by `first`), following conlleval: a chunk starts at B-X, at I-X
// after O or after another type, and ends where the next does not continue
// it. Works for IOB1 and IOB2 alike.
void ChunksFromTags(absl::Span<const std::string> tags, uint32_t first,
                    std::vector<TokenSpan>* chunks);
// All chunks of a document (chunks never cross sentences).
std::vector<TokenSpan> DocumentChunks(const ConllDocument& doc);

// A document as running text: sentences on separate lines, words joined by
// spaces except around punctuation ("said ,"-> "said,", "( Reuters )" ->
// "(Reuters)", "Blinken 's" -> "Blinken's"). word_spans[i] is the byte range
// of word i in text.
struct RenderedDocument {
  std::string text;
  std::vector<std::pair<uint32_t, uint32_t>> word_spans;
};
RenderedDocument RenderDocument(const ConllDocument& doc);

// Chunks over CoNLL words -> spans over `tokens` (ICU tokens of the rendered
// text): a token belongs to the chunk of the first word it overlaps.
std::vector<TokenSpan> ProjectChunksToTokens(
    absl::Span<const TokenSpan> chunks,
    absl::Span<const std::pair<uint32_t, uint32_t>> word_spans,
    absl::Span<const Token> tokens);

// Mentions (byte ranges of the rendered text) -> chunks over CoNLL words, as
// conlleval would read them from one tag per word: a word takes the type of
// the first mention it overlaps, and consecutive words of one mention form
// one chunk. A mention's last word that is just "." (the full stop after
// "Co." at the end of a sentence, which CoNLL splits off) is left out.
std::vector<TokenSpan> ProjectMentionsToWords(
    absl::Span<const EntityMention> mentions,
    absl::Span<const std::pair<uint32_t, uint32_t>> word_spans,
    absl::string_view text);

}  // namespace byline::ner

#endif  // BYLINE_NER_CONLL_H_
