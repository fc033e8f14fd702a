// The benchmark contestants' shared input loop: the id, title and body of
// every article of JSON Lines files (simdjson, no copies). Not a test and
// not part of Byline; Byline's own reader is indexer/record_reader.h.
#ifndef BYLINE_BENCH_ARTICLE_LINES_H_
#define BYLINE_BENCH_ARTICLE_LINES_H_

#include <simdjson.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace byline::bench {

// Calls on_article(id, title, body) for each line of `paths` with a
// non-empty id and body; the views are valid during the call only. Lines
// that are not such an object are counted in *bad. Returns 2 (after saying
// so on stderr as `program`) if a file cannot be opened, the callback's
// first non-zero return (which stops the loop), or 0.
template <typename OnArticle>
int ForEachArticleLine(const std::vector<std::string>& paths,
                       const char* program, unsigned long* bad,
                       OnArticle on_article) {
  simdjson::ondemand::parser parser;
  std::string line, buffer;
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "%s: cannot open %s\n", program, path.c_str());
      return 2;
    }
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      buffer.assign(line);
      buffer.resize(line.size() + simdjson::SIMDJSON_PADDING);
      simdjson::padded_string_view json(buffer.data(), line.size(),
                                        buffer.size());
      simdjson::ondemand::document doc;
      simdjson::ondemand::object object;
      if (parser.iterate(json).get(doc) || doc.get_object().get(object)) {
        ++*bad;
        continue;
      }
      // Unescaped strings live in the parser's buffer until the next
      // iterate(), so they can be passed on without copying.
      std::string_view id, title, body;
      bool ok = true;
      for (auto field : object) {
        std::string_view key;
        if (field.unescaped_key().get(key)) { ok = false; break; }
        std::string_view* slot = key == "id" ? &id
                                 : key == "title" ? &title
                                 : key == "body" ? &body : nullptr;
        if (slot == nullptr) continue;
        if (field.value().get_string().get(*slot)) { ok = false; break; }
      }
      if (!ok || id.empty() || body.empty()) {
        ++*bad;
        continue;
      }
      if (int rc = on_article(id, title, body); rc != 0) return rc;
    }
  }
  return 0;
}

}  // namespace byline::bench

#endif  // BYLINE_BENCH_ARTICLE_LINES_H_
