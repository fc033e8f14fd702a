// The search floor of the latency benchmark (bench/latency.sh 100k): plain
// Xapian at one document per article, the least a search engine must do to
// answer a query with ten results. Not a test and not a product.
//
// --build: reads Byline JSON Lines (id, title, body, ...) with simdjson and
// writes one Xapian document per article with Xapian::TermGenerator
// (English Snowball stemmer, STEM_SOME, positions): the title with prefix
// "S" and again unprefixed, then the body unprefixed (positions continuing
// after the title's); boolean term Q<id>; data = the body. One commit every
// 20,000 articles and at the end, like Byline.
//
// Search (default): Xapian::QueryParser (default operator OR, English
// stemmer, STEM_SOME, "title:" for the S prefix), BM25Weight, get_mset(0,
// 10), and for every hit the document is loaded and its data read. Each
// client thread owns its own Xapian::Database. Prints the same table rows
// as byline_search_bench (1 client, and --clients N when N > 1) and, with
// --json_out, the same JSON lines. --offset N adds two 1-client rows over
// the first --offset_queries queries: get_mset(0, 10) and get_mset(N, 10).
//
// Usage: byline_xapian_floor --build --index DIR FILE...
//        byline_xapian_floor --index DIR --queries FILE [--rounds R]
//                            [--clients N] [--page_size K] [--json_out F]
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "article_lines.h"
#include "latency_common.h"

namespace {

using Clock = std::chrono::steady_clock;
using Call = std::function<bool(const std::string&)>;

const char kUsage[] =
    "usage: byline_xapian_floor --build --index DIR FILE...\n"
    "       byline_xapian_floor --index DIR --queries FILE [--rounds R] "
    "[--clients N] [--page_size K] [--json_out FILE]\n"
    "       [--offset N [--offset_queries K]]\n";

int Build(const std::string& index, const std::vector<std::string>& inputs) {
  const auto started = Clock::now();
  Xapian::WritableDatabase db(index, Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator tg;
  tg.set_stemmer(Xapian::Stem("english"));
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  unsigned long articles = 0, bad = 0;
  const int rc = byline::bench::ForEachArticleLine(
      inputs, "byline_xapian_floor", &bad,
      [&](std::string_view id, std::string_view title, std::string_view body) {
      Xapian::Document d;
      tg.set_document(d);
      tg.index_text(Xapian::Utf8Iterator(title.data(), title.size()), 1, "S");
      tg.set_termpos(0);
      tg.index_text(Xapian::Utf8Iterator(title.data(), title.size()));
      tg.increase_termpos();
      tg.index_text(Xapian::Utf8Iterator(body.data(), body.size()));
      std::string id_term = "Q";
      id_term.append(id);
      d.add_boolean_term(id_term);
      d.set_data(std::string(body));
      db.replace_document(id_term, d);
      if (++articles % 20000 == 0) db.commit();
      return 0;
      });
  if (rc != 0) return rc;
  db.commit();
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  std::fprintf(stderr, "byline_xapian_floor: %lu articles, %lu bad lines in %.2f s -> %s\n",
               articles, bad, seconds, index.c_str());
  return bad == 0 ? 0 : 1;
}

// One client: its own Database, QueryParser and Enquire.
Call MakeClient(const std::string& index, int page_size, unsigned offset) {
  struct State {
    Xapian::Database db;
    Xapian::QueryParser qp;
    Xapian::Enquire enquire;
    explicit State(const std::string& path) : db(path), enquire(db) {
      qp.set_database(db);
      qp.set_stemmer(Xapian::Stem("english"));
      qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
      qp.set_default_op(Xapian::Query::OP_OR);
      qp.add_prefix("title", "S");
      enquire.set_weighting_scheme(Xapian::BM25Weight());
    }
  };
  auto state = std::make_shared<State>(index);
  return [state, page_size, offset](const std::string& q) {
    try {
      state->enquire.set_query(state->qp.parse_query(q));
      Xapian::MSet mset = state->enquire.get_mset(offset, page_size);
      size_t bytes = 0;
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        bytes += it.get_document().get_data().size();
      }
      return bytes > 0 || mset.empty();
    } catch (const Xapian::Error& e) {
      std::fprintf(stderr, "byline_xapian_floor: %s: %s\n", e.get_type(),
                   e.get_msg().c_str());
      return false;
    }
  };
}

}  // namespace

int main(int argc, char** argv) {
  bool build = false;
  std::string index, queries_path, json;
  int rounds = 20, clients = 1, page_size = 10;
  long deep_offset = 0, offset_queries = 0;
  std::vector<std::string> inputs;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fputs(kUsage, stderr);
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--build") build = true;
    else if (arg == "--index") index = value();
    else if (arg == "--queries") queries_path = value();
    else if (arg == "--rounds") rounds = std::atoi(value().c_str());
    else if (arg == "--clients") clients = std::atoi(value().c_str());
    else if (arg == "--page_size") page_size = std::atoi(value().c_str());
    else if (arg == "--json_out") json = value();
    else if (arg == "--offset") deep_offset = std::atol(value().c_str());
    else if (arg == "--offset_queries") offset_queries = std::atol(value().c_str());
    else if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (!arg.empty() && arg[0] == '-') {
      std::fprintf(stderr, "byline_xapian_floor: unknown flag %s\n%s", arg.c_str(), kUsage);
      return 2;
    } else {
      inputs.push_back(arg);
    }
  }
  try {
    if (build) {
      if (index.empty() || inputs.empty()) {
        std::fputs(kUsage, stderr);
        return 2;
      }
      return Build(index, inputs);
    }
    if (index.empty() || queries_path.empty() || rounds < 1 || clients < 1) {
      std::fputs(kUsage, stderr);
      return 2;
    }
    const std::vector<std::string> queries = bench::ReadQueries(queries_path);
    if (queries.empty()) {
      std::fprintf(stderr, "no queries in %s\n", queries_path.c_str());
      return 2;
    }
    { Xapian::Database probe(index); }  // fail early on a bad path
    auto make_at = [&](unsigned offset) {
      return [&index, page_size, offset]() { return MakeClient(index, page_size, offset); };
    };
    const auto make = make_at(0);
    const size_t nq = queries.size();
    bench::PrintHeader(nq, rounds, page_size);
    bench::Warm(queries, 1, make);  // one untimed pass
    bench::Print("Xapian floor (article)", 1, bench::Run(queries, 1, rounds, make), json,
                 0, nq);
    if (clients > 1) {
      bench::Print("Xapian floor (article)", clients,
                   bench::Run(queries, clients, rounds, make), json, 0, nq);
    }
    if (deep_offset > 0) {
      const auto sub = bench::FirstQueries(queries, offset_queries);
      std::printf("(offset rows: %zu queries x %d rounds)\n", sub.size(), rounds);
      bench::Print("floor, offset 0", 1, bench::Run(sub, 1, rounds, make), json, 0,
                   sub.size());
      const unsigned off = static_cast<unsigned>(deep_offset);
      bench::Print("floor, offset " + std::to_string(off), 1,
                   bench::Run(sub, 1, rounds, make_at(off)), json, off, sub.size());
    }
    return 0;
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "byline_xapian_floor: %s: %s\n", e.get_type(), e.get_msg().c_str());
    return 3;
  }
}
