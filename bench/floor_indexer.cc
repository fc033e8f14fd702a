// The indexing floor: the least code that writes Byline's index layout with
// Xapian, to measure how fast Byline's indexer could be. Not a test and not
// a product: run it with bench/indexing.sh.
//
// Reads Byline JSON Lines (id, title, body, source, url, published,
// language) with simdjson, cuts each body into passages the cheap way
// (paragraphs at blank lines, sentences after ". ", "? ", "! ", at most 3
// sentences and 80 whitespace-separated words per passage; no ICU), and
// writes one Xapian document per passage with Xapian::TermGenerator (English
// Snowball stemmer, STEM_SOME, positions):
//   * passage text: unprefixed positional terms + "Z"+stem (index_text),
//     positions continuing through the article as Byline's do;
//   * title: "S" positional + "ZS" stems (index_text with prefix "S");
//   * boolean terms Q<id>, XSRC<source slug>, L<language>, XHEAD on passage 0;
//   * values 0 id, 1 sortable_serialise(published Unix seconds), 2 slug;
//   * data: a small record (article fields, passage offsets, passage text and,
//     on passage 0, the whole body), about the size of Byline's.
// Each article's old documents are deleted by its Q term before the new ones
// are added, and the database is committed every --commit-every articles
// (Byline's default, 20,000) and at the end; Xapian's own flush threshold
// (XAPIAN_FLUSH_THRESHOLD, 10,000 documents by default) applies as usual.
// On exit it prints where the time went: building documents (reading,
// parsing, splitting, TermGenerator), adding them (including Xapian's
// automatic flushes) and explicit commits.
// Errors: a malformed line is counted and skipped; exit 1 if any were.
//
// Usage: byline_floor_index --db DIR [--commit-every N] FILE...
#include <simdjson.h>
#include <xapian.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

struct Article {
  std::string id, title, body, source, url, published, language;
};

struct Span {
  size_t start, end;
};

std::string Slug(std::string_view s) {
  std::string out;
  bool dash = false;
  for (unsigned char c : s) {
    const bool keep = std::isalnum(c) || c >= 0x80;
    if (!keep) {
      dash = !out.empty();
      continue;
    }
    if (dash) out.push_back('-');
    dash = false;
    out.push_back(static_cast<char>(std::tolower(c)));
  }
  return out;
}

// "2018-01-01T00:08:53Z" (or a bare date) -> Unix seconds; -1 if unparsable.
long long ParseTime(const std::string& s) {
  std::tm tm{};
  const char* end = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr) {
    tm = std::tm{};
    end = strptime(s.c_str(), "%Y-%m-%d", &tm);
    if (end == nullptr) return -1;
  }
  return static_cast<long long>(timegm(&tm));
}

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// Passages: [start, end) ranges of `body` holding at most 3 sentences and 80
// words, never crossing a blank line.
void SplitPassages(const std::string& body, std::vector<Span>* out) {
  out->clear();
  constexpr int kMaxSentences = 3, kMaxWords = 80;
  size_t pos = 0;
  const size_t n = body.size();
  size_t start = std::string::npos, last_end = 0;
  int sentences = 0, words = 0;
  auto flush = [&] {
    if (start != std::string::npos) out->push_back({start, last_end});
    start = std::string::npos;
    sentences = words = 0;
  };
  while (pos < n) {
    while (pos < n && IsSpace(body[pos])) {
      if (body[pos] == '\n' && pos + 1 < n && body[pos + 1] == '\n') flush();
      ++pos;
    }
    if (pos >= n) break;
    const size_t word_start = pos;
    while (pos < n && !IsSpace(body[pos])) ++pos;
    if (words == kMaxWords) flush();
    if (start == std::string::npos) start = word_start;
    ++words;
    last_end = pos;
    const char last = body[pos - 1];
    if ((last == '.' || last == '?' || last == '!') &&
        (pos == n || IsSpace(body[pos]))) {
      if (++sentences == kMaxSentences) flush();
    }
  }
  flush();
}

void PutField(std::string* data, std::string_view s) {
  data->append(std::to_string(s.size()));
  data->push_back(':');
  data->append(s);
}

bool ParseLine(simdjson::ondemand::parser& parser, std::string& buffer,
               const std::string& line, Article* a) {
  buffer.assign(line);
  buffer.resize(line.size() + simdjson::SIMDJSON_PADDING);
  simdjson::padded_string_view json(buffer.data(), line.size(), buffer.size());
  simdjson::ondemand::document doc;
  if (parser.iterate(json).get(doc)) return false;
  simdjson::ondemand::object object;
  if (doc.get_object().get(object)) return false;
  *a = Article{};
  a->language = "en";
  for (auto field : object) {
    std::string_view key, value;
    if (field.unescaped_key().get(key)) return false;
    std::string* slot = nullptr;
    if (key == "id") slot = &a->id;
    else if (key == "title") slot = &a->title;
    else if (key == "body") slot = &a->body;
    else if (key == "source") slot = &a->source;
    else if (key == "url") slot = &a->url;
    else if (key == "published") slot = &a->published;
    else if (key == "language") slot = &a->language;
    if (slot == nullptr) continue;
    if (field.value().get_string().get(value)) return false;
    slot->assign(value);
  }
  return !a->id.empty() && !a->body.empty();
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path;
  unsigned long commit_every = 20000;
  std::vector<std::string> inputs;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--db" && i + 1 < argc) {
      db_path = argv[++i];
    } else if (arg == "--commit-every" && i + 1 < argc) {
      commit_every = std::strtoul(argv[++i], nullptr, 10);
    } else if (arg == "-h" || arg == "--help") {
      std::printf("usage: byline_floor_index --db DIR [--commit-every N] FILE...\n");
      return 0;
    } else {
      inputs.push_back(arg);
    }
  }
  if (db_path.empty() || inputs.empty() || commit_every == 0) {
    std::fprintf(stderr, "usage: byline_floor_index --db DIR [--commit-every N] FILE...\n");
    return 2;
  }
  const auto started = Clock::now();
  // Where the time goes: reading, parsing, splitting and TermGenerator
  // (build); delete + add_document, including Xapian's automatic flushes
  // (add); explicit commits (commit).
  double build_s = 0, write_s = 0, commit_s = 0;
  try {
    Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OPEN);
    db.set_metadata("byline.schema", "floor");
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("en"));
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    simdjson::ondemand::parser parser;
    std::string line, buffer, data;
    std::vector<Span> spans;
    Article a;
    unsigned long articles = 0, passages = 0, bad = 0, uncommitted = 0;
    for (const std::string& path : inputs) {
      std::ifstream in(path, std::ios::binary);
      if (!in) {
        std::fprintf(stderr, "byline_floor_index: cannot open %s\n", path.c_str());
        return 2;
      }
      while (std::getline(in, line)) {
        if (line.empty()) continue;
        auto t0 = Clock::now();
        if (!ParseLine(parser, buffer, line, &a)) {
          ++bad;
          continue;
        }
        SplitPassages(a.body, &spans);
        if (spans.empty()) {
          ++bad;
          continue;
        }
        const std::string id_term = "Q" + a.id;
        const std::string slug = Slug(a.source);
        const long long t = a.published.empty() ? -1 : ParseTime(a.published);
        const std::string published =
            t < 0 ? "" : Xapian::sortable_serialise(static_cast<double>(t));
        auto t1 = Clock::now();
        build_s += Seconds(t1 - t0);
        if (db.term_exists(id_term)) db.delete_document(id_term);
        write_s += Seconds(Clock::now() - t1);
        Xapian::termpos body_pos = 0;
        for (size_t i = 0; i < spans.size(); ++i) {
          t0 = Clock::now();
          const Span& s = spans[i];
          Xapian::Document doc;
          tg.set_document(doc);
          tg.set_termpos(body_pos);
          tg.index_text(Xapian::Utf8Iterator(a.body.data() + s.start, s.end - s.start));
          body_pos = tg.get_termpos();
          tg.set_termpos(0);
          tg.index_text(a.title, 1, "S");
          doc.add_boolean_term(id_term);
          if (!slug.empty()) doc.add_boolean_term("XSRC" + slug);
          doc.add_boolean_term("L" + a.language);
          if (i == 0) doc.add_boolean_term("XHEAD");
          doc.add_value(0, a.id);
          if (!published.empty()) doc.add_value(1, published);
          if (!slug.empty()) doc.add_value(2, slug);
          data.clear();
          for (std::string_view f : {std::string_view(a.id), std::string_view(a.title),
                                     std::string_view(a.source), std::string_view(a.url),
                                     std::string_view(a.language),
                                     std::string_view(published)}) {
            PutField(&data, f);
          }
          data.append(std::to_string(i) + " " + std::to_string(spans.size()) + " " +
                      std::to_string(s.start) + " " + std::to_string(s.end) + " ");
          PutField(&data, std::string_view(a.body).substr(s.start, s.end - s.start));
          if (i == 0) PutField(&data, a.body);
          doc.set_data(data);
          t1 = Clock::now();
          build_s += Seconds(t1 - t0);
          db.add_document(doc);  // flushes every XAPIAN_FLUSH_THRESHOLD docs
          write_s += Seconds(Clock::now() - t1);
          ++passages;
        }
        ++articles;
        if (++uncommitted >= commit_every) {
          t0 = Clock::now();
          db.commit();
          commit_s += Seconds(Clock::now() - t0);
          uncommitted = 0;
        }
      }
    }
    auto t0 = Clock::now();
    db.commit();
    commit_s += Seconds(Clock::now() - t0);
    const double seconds = Seconds(Clock::now() - started);
    std::fprintf(stderr,
                 "byline_floor_index: %lu articles, %lu passages, %lu bad lines "
                 "in %.2f s -> %s\n"
                 "byline_floor_index: time: build %.2f s, add %.2f s, commit "
                 "%.2f s\n",
                 articles, passages, bad, seconds, db_path.c_str(), build_s,
                 write_s, commit_s);
    return bad == 0 ? 0 : 1;
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "byline_floor_index: %s: %s\n", e.get_type(),
                 e.get_msg().c_str());
    return 3;
  }
}
