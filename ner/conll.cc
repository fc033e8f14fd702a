// CoNLL data handling (see conll.h).
#include "ner/conll.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ner/entity.h"

namespace byline::ner {
namespace {

// Splits "B-PER" into 'B' and the type; "O" into 'O'. Returns false if the
// tag is malformed.
bool SplitTag(absl::string_view tag, char* prefix, EntityType* type) {
  if (tag == "O") {
    *prefix = 'O';
    return true;
  }
  if (tag.size() < 3 || tag[1] != '-') return false;
  *prefix = tag[0];
  if (absl::string_view("BIESL").find(*prefix) == absl::string_view::npos) {
    return false;
  }
  const auto parsed = ParseEntityType(tag.substr(2));
  if (!parsed.has_value()) return false;
  *type = *parsed;
  return true;
}

bool AttachesLeft(absl::string_view w) {
  return w == "," || w == "." || w == ";" || w == ":" || w == ")" || w == "]" ||
         w == "}" || w == "?" || w == "!" || w == "%" || w == "'s" ||
         w == "'S" || w == "n't" || w == "'" || w == "'re" || w == "'ve" ||
         w == "'ll" || w == "'d" || w == "'m";
}

bool AttachesRight(absl::string_view w) {
  return w == "(" || w == "[" || w == "{" || w == "$";
}

}  // namespace

absl::StatusOr<std::vector<ConllDocument>> ParseConll(absl::string_view text,
                                                      absl::string_view name) {
  std::vector<ConllDocument> docs;
  bool saw_docstart = false;
  bool in_sentence = false;
  int line_number = 0;
  auto current = [&]() -> ConllDocument& {
    if (docs.empty()) docs.emplace_back();
    return docs.back();
  };
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) {
      in_sentence = false;
      continue;
    }
    std::vector<absl::string_view> columns =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (columns[0] == "-DOCSTART-") {
      saw_docstart = true;
      docs.emplace_back();
      in_sentence = false;
      continue;
    }
    if (columns.size() < 2) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ":", line_number,
                       ": expected a word and a tag, got \"", line, "\""));
    }
    char prefix;
    EntityType type;
    if (!SplitTag(columns.back(), &prefix, &type)) {
      return absl::InvalidArgumentError(absl::StrCat(
          name, ":", line_number, ": bad entity tag \"", columns.back(),
          "\" (want O or B-/I-/E-/S- + PER, "
          "ORG, LOC or MISC)"));
    }
    if (!in_sentence) {
      if (!saw_docstart) docs.emplace_back();  // One document per sentence.
      current().sentence_starts.push_back(
          static_cast<uint32_t>(current().words.size()));
      in_sentence = true;
    }
    current().words.emplace_back(columns[0]);
    current().tags.emplace_back(columns.back());
  }
  std::erase_if(docs, [](const ConllDocument& d) { return d.words.empty(); });
  return docs;
}

absl::StatusOr<std::vector<ConllDocument>> ReadConllFile(
    const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return absl::NotFoundError(
        absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
  }
  std::ostringstream contents;
  contents << file.rdbuf();
  return ParseConll(contents.str(), path);
}

void ChunksFromTags(absl::Span<const std::string> tags, uint32_t first,
                    std::vector<TokenSpan>* chunks) {
  char prev_prefix = 'O';
  EntityType prev_type = EntityType::kPerson;
  bool open = false;
  uint32_t open_start = 0;
  for (uint32_t i = 0; i <= tags.size(); ++i) {
    char prefix = 'O';
    EntityType type = EntityType::kPerson;
    if (i < tags.size() && !SplitTag(tags[i], &prefix, &type)) prefix = 'O';
    // conlleval's endOfChunk / startOfChunk, plus S (single) and L (last).
    bool end = false;
    if (prev_prefix != 'O') {
      if (prefix == 'O' || prefix == 'B' || prefix == 'S' ||
          prev_prefix == 'E' || prev_prefix == 'L' || prev_prefix == 'S' ||
          type != prev_type) {
        end = true;
      }
    }
    bool start = false;
    if (prefix != 'O') {
      if (prefix == 'B' || prefix == 'S' || prev_prefix == 'O' ||
          prev_prefix == 'E' || prev_prefix == 'L' || prev_prefix == 'S' ||
          type != prev_type) {
        start = true;
      }
    }
    if (open && (end || start)) {
      chunks->push_back({first + open_start, first + i, prev_type});
      open = false;
    }
    if (start) {
      open = true;
      open_start = i;
    }
    prev_prefix = prefix;
    prev_type = type;
  }
}

std::vector<TokenSpan> DocumentChunks(const ConllDocument& doc) {
  std::vector<TokenSpan> chunks;
  for (size_t s = 0; s < doc.sentence_starts.size(); ++s) {
    const uint32_t begin = doc.sentence_starts[s];
    const uint32_t end = s + 1 < doc.sentence_starts.size()
                             ? doc.sentence_starts[s + 1]
                             : static_cast<uint32_t>(doc.words.size());
    ChunksFromTags(absl::MakeConstSpan(doc.tags).subspan(begin, end - begin),
                   begin, &chunks);
  }
  return chunks;
}

RenderedDocument RenderDocument(const ConllDocument& doc) {
  RenderedDocument out;
  out.word_spans.reserve(doc.words.size());
  size_t next_sentence = 0;
  bool open_quote = false;  // Inside "...".
  bool glue_next = true;    // No space before the next word.
  for (size_t i = 0; i < doc.words.size(); ++i) {
    const std::string& w = doc.words[i];
    if (next_sentence < doc.sentence_starts.size() &&
        doc.sentence_starts[next_sentence] == i) {
      if (i > 0) out.text += '\n';
      glue_next = true;
      ++next_sentence;
    }
    bool glue = glue_next;
    glue_next = false;
    if (w == "\"") {
      if (open_quote) {
        glue = true;  // Closing quote sticks to the word before.
      } else {
        glue_next = true;
      }
      open_quote = !open_quote;
    } else if (AttachesLeft(w)) {
      // "U.S. ." keeps its space: two dots in a row would read oddly.
      if (!(w == "." && i > 0 && absl::EndsWith(doc.words[i - 1], "."))) {
        glue = true;
      }
    }
    if (AttachesRight(w)) glue_next = true;
    if (!glue && !out.text.empty() && out.text.back() != '\n') {
      out.text += ' ';
    }
    const uint32_t start = static_cast<uint32_t>(out.text.size());
    out.text += w;
    out.word_spans.emplace_back(start, static_cast<uint32_t>(out.text.size()));
  }
  return out;
}

std::vector<TokenSpan> ProjectChunksToTokens(
    absl::Span<const TokenSpan> chunks,
    absl::Span<const std::pair<uint32_t, uint32_t>> word_spans,
    absl::Span<const Token> tokens) {
  // Chunk of each word (-1: none).
  std::vector<int> chunk_of_word(word_spans.size(), -1);
  for (size_t c = 0; c < chunks.size(); ++c) {
    for (uint32_t w = chunks[c].begin; w < chunks[c].end; ++w) {
      chunk_of_word[w] = static_cast<int>(c);
    }
  }
  // Chunk of each token: the first overlapping word that has one.
  std::vector<int> chunk_of_token(tokens.size(), -1);
  size_t w = 0;
  for (size_t t = 0; t < tokens.size(); ++t) {
    while (w < word_spans.size() && word_spans[w].second <= tokens[t].start) {
      ++w;
    }
    for (size_t v = w;
         v < word_spans.size() && word_spans[v].first < tokens[t].end; ++v) {
      if (chunk_of_word[v] >= 0) {
        chunk_of_token[t] = chunk_of_word[v];
        break;
      }
    }
  }
  std::vector<TokenSpan> spans;
  for (size_t t = 0; t < tokens.size();) {
    if (chunk_of_token[t] < 0) {
      ++t;
      continue;
    }
    size_t end = t + 1;
    while (end < tokens.size() && chunk_of_token[end] == chunk_of_token[t]) {
      ++end;
    }
    spans.push_back({static_cast<uint32_t>(t), static_cast<uint32_t>(end),
                     chunks[chunk_of_token[t]].type});
    t = end;
  }
  return spans;
}

std::vector<TokenSpan> ProjectMentionsToWords(
    absl::Span<const EntityMention> mentions,
    absl::Span<const std::pair<uint32_t, uint32_t>> word_spans,
    absl::string_view text) {
  std::vector<int> mention_of_word(word_spans.size(), -1);
  size_t w = 0;
  for (size_t m = 0; m < mentions.size(); ++m) {
    while (w > 0 && word_spans[w - 1].second > mentions[m].start) --w;
    while (w < word_spans.size() && word_spans[w].second <= mentions[m].start) {
      ++w;
    }
    size_t last = word_spans.size();
    for (size_t v = w;
         v < word_spans.size() && word_spans[v].first < mentions[m].end; ++v) {
      if (mention_of_word[v] < 0 &&
          word_spans[v].second > word_spans[v].first) {
        mention_of_word[v] = static_cast<int>(m);
        last = v;
      }
    }
    // A final "." that is a word of its own is the sentence's full stop
    // (CoNLL writes "Co ." at the end of a sentence), not the
    // abbreviation's dot that the mention includes.
    if (last < word_spans.size() && last > w &&
        word_spans[last].second - word_spans[last].first == 1 &&
        text[word_spans[last].first] == '.') {
      mention_of_word[last] = -1;
    }
  }
  std::vector<TokenSpan> chunks;
  for (size_t v = 0; v < word_spans.size();) {
    if (mention_of_word[v] < 0) {
      ++v;
      continue;
    }
    size_t end = v + 1;
    while (end < word_spans.size() &&
           mention_of_word[end] == mention_of_word[v]) {
      ++end;
    }
    chunks.push_back({static_cast<uint32_t>(v), static_cast<uint32_t>(end),
                      mentions[mention_of_word[v]].type});
    v = end;
  }
  return chunks;
}

}  // namespace byline::ner
