// Featurizer (see featurizer.h): token attributes and feature templates.
#include "ner/featurizer.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "analysis/text_analyzer.h"
#include "ner/gazetteer.h"
#include "ner/hashing.h"
#include "ner/word_clusters.h"

namespace byline::ner {
namespace {

// Feature templates. Values only matter through their hashes; never reuse or
// renumber one without bumping kFeatureSetVersion.
enum Template : uint64_t {
  kTBias = 1,
  kTWord,
  kTSurface,
  kTWordPrev,
  kTWordNext,
  kTWordPrev2,
  kTWordNext2,
  kTBigramPrev,
  kTBigramNext,
  kTShape,
  kTShortShapePrev,
  kTShortShapeNext,
  kTShortShapeTri,
  kTPrefix,  // + length
  kTSuffix,  // + length
  kTCase,
  kTGapBefore,
  kTGapAfter,
  kTLength,
  kTPossessive,
  kTWordPrevCase,
  kTWordNextCase,
  kTCluster,  // + prefix length
  kTClusterPrev,
  kTClusterNext,
  kTGazetteer,
  kTGazetteerCase,
  kTGazetteerPrev,
  kTGazetteerNext,
  kTDoc,
  kTCapRun,
  kTCapsLineWord,
  kTSurfacePrev,
  kTSurfaceNext,
  kTShortShape,
  kTCaseContext,
};

// Stand-ins for missing neighbours (sentence edges).
constexpr uint64_t kNoPrev = 0x3c533e3c533e3c53ULL;  // "<S>"
constexpr uint64_t kNoNext = 0x3c2f533e3c2f533eULL;  // "</S>"

inline uint64_t Feature(Template t, uint64_t a) { return Combine(Mix64(t), a); }
inline uint64_t Feature(Template t, uint64_t a, uint64_t b) {
  return Combine(Combine(Mix64(t), a), b);
}
inline uint64_t Feature(Template t, uint64_t a, uint64_t b, uint64_t c) {
  return Combine(Combine(Combine(Mix64(t), a), b), c);
}

// Byte-level FNV step.
inline uint64_t FnvStep(uint64_t h, char c) {
  return (h ^ static_cast<unsigned char>(c)) * kFnvPrime;
}

bool IsCapitalised(uint8_t case_class) {
  return case_class == kCaseTitle || case_class == kCaseUpper ||
         case_class == kCaseSingleUpper || case_class == kCaseMixed;
}

// Shape character of a code point.
char ShapeChar(UChar32 c) {
  if (c < 0x80) {
    if (c >= 'A' && c <= 'Z') return 'X';
    if (c >= 'a' && c <= 'z') return 'x';
    if (c >= '0' && c <= '9') return 'd';
    return static_cast<char>(c);
  }
  if (u_isupper(c) || u_istitle(c)) return 'X';
  if (u_islower(c)) return 'x';
  if (u_isdigit(c)) return 'd';
  if (c == 0x2019 || c == 0x02BC || c == 0x2018) return '\'';
  if (u_isalpha(c)) return 'a';
  return '?';
}

}  // namespace

size_t StripPossessiveLength(absl::string_view s) {
  for (absl::string_view apostrophe : {"'", "\xE2\x80\x99"}) {
    const size_t a = apostrophe.size();
    if (s.size() > a + 1 && (s.back() == 's' || s.back() == 'S') &&
        s.substr(s.size() - 1 - a, a) == apostrophe) {
      return s.size() - 1 - a;
    }
    if (s.size() > a && s.substr(s.size() - a) == apostrophe) {
      return s.size() - a;
    }
  }
  return s.size();
}

SurfaceInfo AnalyzeSurface(absl::string_view surface) {
  SurfaceInfo info;
  uint64_t shape = kFnvOffset;
  uint64_t short_shape = kFnvOffset;
  char last = 0;
  int run = 0;
  int upper = 0, lower = 0, digits = 0, uncased = 0;
  bool first_upper = false;
  const auto* s = reinterpret_cast<const uint8_t*>(surface.data());
  const int32_t n = static_cast<int32_t>(surface.size());
  int32_t i = 0;
  int index = 0;
  while (i < n) {
    UChar32 c;
    if (s[i] < 0x80) {
      c = s[i++];
    } else {
      U8_NEXT(s, i, n, c);
      if (c < 0) c = '?';
    }
    const char k = ShapeChar(c);
    switch (k) {
      case 'X':
        ++upper;
        break;
      case 'x':
        ++lower;
        break;
      case 'd':
        ++digits;
        info.flags |= kHasDigit;
        break;
      case 'a':
        ++uncased;
        break;
      case '.':
        info.flags |= kHasDot;
        break;
      case '\'':
        info.flags |= kHasApostrophe;
        break;
      default:
        break;
    }
    if (index++ == 0) first_upper = k == 'X';
    if (k == last) {
      ++run;
    } else {
      run = 1;
      last = k;
      short_shape = FnvStep(short_shape, k);
    }
    if (run <= 4) shape = FnvStep(shape, k);
  }
  info.shape = shape;
  info.short_shape = short_shape;
  const int letters = upper + lower;
  if (letters == 0) {
    info.case_class = uncased > 0  ? kCaseUncased
                      : digits > 0 ? kCaseDigits
                                   : kCaseNone;
  } else if (upper == 0) {
    info.case_class = kCaseLower;
  } else if (lower == 0) {
    info.case_class = letters == 1 ? kCaseSingleUpper : kCaseUpper;
  } else if (first_upper && upper == 1) {
    info.case_class = kCaseTitle;
  } else {
    info.case_class = kCaseMixed;
  }
  return info;
}

uint16_t AnalyzeGap(absl::string_view gap) {
  if (gap.empty()) return kGapNone;
  uint16_t bits = 0;
  bool space = false;
  bool dash = false;
  const auto* s = reinterpret_cast<const uint8_t*>(gap.data());
  const int32_t n = static_cast<int32_t>(gap.size());
  int32_t i = 0;
  while (i < n) {
    UChar32 c;
    if (s[i] < 0x80) {
      c = s[i++];
    } else {
      U8_NEXT(s, i, n, c);
    }
    switch (c) {
      case '\n':
      case '\r':
      case 0x2028:
      case 0x2029:
        bits |= kGapNewline;
        space = true;
        break;
      case ' ':
      case '\t':
        space = true;
        break;
      case ',':
        bits |= kGapComma;
        break;
      case '.':
      case '!':
      case '?':
      case 0x2026:
        bits |= kGapStop;
        break;
      case ':':
      case ';':
        bits |= kGapColon;
        break;
      case '(':
      case '[':
      case '{':
        bits |= kGapOpen;
        break;
      case ')':
      case ']':
      case '}':
        bits |= kGapClose;
        break;
      case '"':
      case '\'':
      case '`':
      case 0x2018:
      case 0x2019:
      case 0x201A:
      case 0x201C:
      case 0x201D:
      case 0x201E:
      case 0x00AB:
      case 0x00BB:
      case 0x2039:
      case 0x203A:
        bits |= kGapQuote;
        break;
      case '-':
      case 0x2010:
      case 0x2011:
      case 0x2012:
      case 0x2013:
      case 0x2014:
      case 0x2015:
      case 0x2212:
        dash = true;
        break;
      case '&':
        bits |= kGapAmpersand;
        break;
      case '/':
        bits |= kGapSlash;
        break;
      default:
        if (c >= 0 && u_isUWhiteSpace(c)) {
          space = true;
        } else {
          bits |= kGapOther;
        }
        break;
    }
  }
  if (dash) bits |= (space || bits != 0) ? kGapDash : kGapJoin;
  return bits;
}

Featurizer::Featurizer(const Gazetteer* gazetteer, const WordClusters* clusters)
    : gazetteer_(gazetteer), clusters_(clusters) {}

void Featurizer::Prepare(absl::string_view text,
                         absl::Span<const Token> tokens) {
  const size_t n = tokens.size();
  infos_.assign(n, TokenInfo{});
  term_hashes_.resize(n);
  gazetteer_bits_.resize(n);
  uint32_t prev_end = 0;
  const uint32_t text_size = static_cast<uint32_t>(text.size());
  for (size_t i = 0; i < n; ++i) {
    const Token& token = tokens[i];
    TokenInfo& info = infos_[i];
    const uint32_t start = std::min(token.start, text_size);
    const uint32_t end = std::max(start, std::min(token.end, text_size));
    const absl::string_view surface = text.substr(start, end - start);
    const size_t core = StripPossessiveLength(surface);
    const SurfaceInfo s = AnalyzeSurface(surface.substr(0, core));
    info.shape = s.shape;
    info.short_shape = s.short_shape;
    info.case_class = s.case_class;
    info.flags = s.flags;
    if (core < surface.size()) info.flags |= kPossessive;
    info.surface = HashBytes(surface.substr(0, core));
    const absl::string_view term = token.term;
    info.term = HashBytes(term);
    term_hashes_[i] = info.term;
    info.length = static_cast<uint8_t>(std::min<size_t>(term.size(), 255));
    uint64_t prefix = kFnvOffset;
    uint64_t suffix = kFnvOffset;
    for (size_t k = 0; k < 4 && k < term.size(); ++k) {
      prefix = FnvStep(prefix, term[k]);
      suffix = FnvStep(suffix, term[term.size() - 1 - k]);
      info.prefix[k] = prefix;
      info.suffix[k] = suffix;
    }
    info.gap_before =
        AnalyzeGap(prev_end <= start ? text.substr(prev_end, start - prev_end)
                                     : absl::string_view());
    info.cluster = clusters_ != nullptr ? clusters_->Lookup(info.term) : 0;
    info.mention_end = start + static_cast<uint32_t>(core);
    prev_end = end;
  }
  if (gazetteer_ != nullptr) {
    gazetteer_->Match(term_hashes_, absl::MakeSpan(gazetteer_bits_));
    for (size_t i = 0; i < n; ++i) infos_[i].gazetteer = gazetteer_bits_[i];
  }
  constexpr GazetteerBits kAbbreviationBit = GazetteerBits{1}
                                             << (4 * kGazAbbreviation + 3);
  for (size_t i = 0; i < n; ++i) {
    TokenInfo& info = infos_[i];
    const bool abbreviation =
        (info.flags & kHasDot) != 0 || (info.gazetteer & kAbbreviationBit);
    // "U.S." and "Corp." keep their final dot in mentions.
    if (abbreviation && (info.flags & kPossessive) == 0 &&
        tokens[i].end < text_size && text[tokens[i].end] == '.') {
      info.mention_end = tokens[i].end + 1;
    }
    if (i == 0 || (info.gap_before & kGapNewline) != 0) {
      info.flags |= kSentenceStart;
    } else if ((info.gap_before & kGapStop) != 0) {
      const TokenInfo& prev = infos_[i - 1];
      const bool prev_abbreviation = (prev.flags & kHasDot) != 0 ||
                                     prev.case_class == kCaseSingleUpper ||
                                     (prev.gazetteer & kAbbreviationBit) != 0;
      if (!prev_abbreviation) info.flags |= kSentenceStart;
    }
  }
  ComputeLines();
  ComputeCapRuns();
  ComputeDocFlags();
}

void Featurizer::ComputeLines() {
  const size_t n = infos_.size();
  size_t line_start = 0;
  while (line_start < n) {
    size_t line_end = line_start + 1;
    while (line_end < n && (infos_[line_end].gap_before & kGapNewline) == 0) {
      ++line_end;
    }
    int cased = 0, upper = 0;
    for (size_t i = line_start; i < line_end; ++i) {
      const uint8_t c = infos_[i].case_class;
      if (c == kCaseUpper) ++upper;
      if (c == kCaseUpper || c == kCaseLower || c == kCaseTitle ||
          c == kCaseMixed) {
        ++cased;
      }
    }
    if (upper > 0 && upper * 10 >= cased * 7) {
      for (size_t i = line_start; i < line_end; ++i) {
        infos_[i].flags |= kCapsLine;
      }
    }
    line_start = line_end;
  }
}

void Featurizer::ComputeCapRuns() {
  const size_t n = infos_.size();
  constexpr uint16_t kRunGaps = kGapJoin | kGapAmpersand | kGapNone;
  size_t i = 0;
  while (i < n) {
    if (!IsCapitalised(infos_[i].case_class)) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < n && IsCapitalised(infos_[j].case_class)) {
      const uint16_t gap = infos_[j].gap_before;
      const bool joined =
          (gap & ~kRunGaps) == 0 ||
          (gap == kGapStop && (infos_[j - 1].case_class == kCaseSingleUpper ||
                               (infos_[j - 1].flags & kHasDot)));
      if (!joined) break;
      ++j;
    }
    if (j == i + 1) {
      infos_[i].cap_run = 4;
    } else {
      infos_[i].cap_run = 1;
      for (size_t k = i + 1; k + 1 < j; ++k) infos_[k].cap_run = 2;
      infos_[j - 1].cap_run = 3;
    }
    i = j;
  }
}

void Featurizer::ComputeDocFlags() {
  const size_t n = infos_.size();
  size_t capacity = 64;
  while (capacity < 2 * n) capacity *= 2;
  doc_keys_.assign(capacity, 0);
  doc_values_.assign(capacity, 0);
  const uint64_t mask = capacity - 1;
  auto slot_of = [&](uint64_t key) {
    if (key == 0) key = 1;
    uint64_t s = Mix64(key) & mask;
    while (doc_keys_[s] != 0 && doc_keys_[s] != key) s = (s + 1) & mask;
    doc_keys_[s] = key;
    return s;
  };
  for (size_t i = 0; i < n; ++i) {
    const TokenInfo& info = infos_[i];
    if (info.flags & kCapsLine) continue;
    uint8_t flag = 0;
    if (info.case_class == kCaseLower) {
      flag = kDocSeenLower;
    } else if (IsCapitalised(info.case_class) &&
               (info.flags & kSentenceStart) == 0) {
      flag = kDocSeenCapMid;
    }
    if (flag != 0) doc_values_[slot_of(info.term)] |= flag;
  }
  for (size_t i = 0; i < n; ++i) {
    infos_[i].doc_flags = doc_values_[slot_of(infos_[i].term)];
  }
}

int Featurizer::Extract(size_t i, uint64_t* out) const {
  const size_t n = infos_.size();
  const TokenInfo& t = infos_[i];
  const bool has_prev = i > 0 && (t.flags & kSentenceStart) == 0;
  const bool has_next =
      i + 1 < n && (infos_[i + 1].flags & kSentenceStart) == 0;
  const TokenInfo* prev = has_prev ? &infos_[i - 1] : nullptr;
  const TokenInfo* next = has_next ? &infos_[i + 1] : nullptr;
  const bool has_prev2 =
      has_prev && i > 1 && (infos_[i - 1].flags & kSentenceStart) == 0;
  const bool has_next2 =
      has_next && i + 2 < n && (infos_[i + 2].flags & kSentenceStart) == 0;
  const uint64_t w_prev = prev ? prev->term : kNoPrev;
  const uint64_t w_next = next ? next->term : kNoNext;
  const uint64_t c = t.case_class;
  const uint64_t context = t.flags & (kSentenceStart | kCapsLine);

  int k = 0;
  out[k++] = Feature(kTBias, 0);
  out[k++] = Feature(kTWord, t.term);
  out[k++] = Feature(kTSurface, t.surface);
  out[k++] = Feature(kTWordPrev, w_prev);
  out[k++] = Feature(kTWordNext, w_next);
  out[k++] = Feature(kTWordPrev2, has_prev2 ? infos_[i - 2].term : kNoPrev);
  out[k++] = Feature(kTWordNext2, has_next2 ? infos_[i + 2].term : kNoNext);
  out[k++] = Feature(kTBigramPrev, w_prev, t.term);
  out[k++] = Feature(kTBigramNext, t.term, w_next);
  out[k++] = Feature(kTSurfacePrev, prev ? prev->surface : kNoPrev);
  out[k++] = Feature(kTSurfaceNext, next ? next->surface : kNoNext);
  out[k++] = Feature(kTShape, t.shape);
  out[k++] = Feature(kTShortShape, t.short_shape, context);
  const uint64_t ss_prev = prev ? prev->short_shape : kNoPrev;
  const uint64_t ss_next = next ? next->short_shape : kNoNext;
  out[k++] = Feature(kTShortShapePrev, ss_prev);
  out[k++] = Feature(kTShortShapeNext, ss_next);
  out[k++] = Feature(kTShortShapeTri, ss_prev, t.short_shape, ss_next);
  for (int a = 0; a < 4 && a < t.length; ++a) {
    out[k++] = Feature(kTPrefix, a, t.prefix[a]);
    out[k++] = Feature(kTSuffix, a, t.suffix[a]);
  }
  out[k++] = Feature(kTCase, c, context);
  out[k++] = Feature(kTCaseContext, c, prev ? prev->case_class : 99,
                     next ? next->case_class : 99);
  out[k++] = Feature(kTGapBefore, t.gap_before & ~kGapNewline);
  out[k++] = Feature(kTGapAfter,
                     i + 1 < n ? infos_[i + 1].gap_before & ~kGapNewline : 0);
  out[k++] = Feature(kTLength, std::min<int>(t.length, 12), c);
  if (t.flags & kPossessive) out[k++] = Feature(kTPossessive, c);
  out[k++] = Feature(kTWordPrevCase, w_prev, c);
  out[k++] = Feature(kTWordNextCase, w_next, c);
  if (t.cluster != 0) {
    for (int level = 0; level < kClusterLevels; ++level) {
      out[k++] = Feature(kTCluster, level, ClusterLevel(t.cluster, level));
    }
  } else {
    out[k++] = Feature(kTCluster, kClusterLevels, c);
  }
  // Neighbours' finest classes.
  constexpr int kFinest = kClusterLevels - 1;
  out[k++] = Feature(kTClusterPrev,
                     prev ? ClusterLevel(prev->cluster, kFinest) : 1u << 30);
  out[k++] = Feature(kTClusterNext,
                     next ? ClusterLevel(next->cluster, kFinest) : 1u << 29);
  // Gazetteer matches of this token, and the categories around it.
  const bool capitalised = IsCapitalised(t.case_class);
  for (GazetteerBits bits = t.gazetteer; bits != 0 && k < kMaxFeatures - 12;
       bits &= bits - 1) {
    const uint64_t bit = __builtin_ctzll(bits);
    out[k++] = Feature(kTGazetteer, bit);
    out[k++] = Feature(kTGazetteerCase, bit, capitalised);
  }
  auto categories = [](GazetteerBits bits) {
    uint32_t mask = 0;
    for (; bits != 0; bits &= bits - 1)
      mask |= 1u << (__builtin_ctzll(bits) / 4);
    return mask;
  };
  if (prev != nullptr) {
    for (uint32_t m = categories(prev->gazetteer);
         m != 0 && k < kMaxFeatures - 8; m &= m - 1) {
      out[k++] = Feature(kTGazetteerPrev, __builtin_ctz(m));
    }
  }
  if (next != nullptr) {
    for (uint32_t m = categories(next->gazetteer);
         m != 0 && k < kMaxFeatures - 6; m &= m - 1) {
      out[k++] = Feature(kTGazetteerNext, __builtin_ctz(m));
    }
  }
  out[k++] = Feature(kTDoc, t.doc_flags, c, context);
  out[k++] = Feature(kTCapRun, t.cap_run, context & kCapsLine);
  if (t.flags & kCapsLine) out[k++] = Feature(kTCapsLineWord, t.term);
  return k;
}

}  // namespace byline::ner
