// Shared by the latency benchmark's programs (byline_search_bench,
// byline_xapian_floor, byline_fts5_search): the query list, the per-call
// timing loop, the summary (median / p90 / p99 / queries per second) and
// its two printed forms, the Markdown table row and a JSON line that
// bench/latency_table.py reads. Standard library only. Not a test.
#ifndef BYLINE_BENCH_LATENCY_COMMON_H_
#define BYLINE_BENCH_LATENCY_COMMON_H_

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace bench {

struct Summary {
  double median_ms = 0, p90_ms = 0, p99_ms = 0, qps = 0;
  size_t calls = 0, errors = 0;
};

// The first n queries (all when n is 0 or not smaller than the list).
inline std::vector<std::string> FirstQueries(const std::vector<std::string>& q,
                                             long n) {
  if (n <= 0 || static_cast<size_t>(n) >= q.size()) return q;
  return std::vector<std::string>(q.begin(), q.begin() + n);
}

// Queries: one per line; blank lines and lines starting with '#' skipped.
inline std::vector<std::string> ReadQueries(const std::string& path) {
  std::vector<std::string> queries;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line[0] != '#') queries.push_back(line);
  }
  return queries;
}

inline Summary Summarize(std::vector<double> ms, size_t errors, double seconds) {
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) {
    return ms.empty() ? 0.0
                      : ms[std::min(ms.size() - 1, static_cast<size_t>(q * ms.size()))];
  };
  Summary s;
  s.median_ms = at(0.5);
  s.p90_ms = at(0.9);
  s.p99_ms = at(0.99);
  s.qps = seconds > 0 ? ms.size() / seconds : 0;
  s.calls = ms.size();
  s.errors = errors;
  return s;
}

inline void PrintHeader(size_t queries, int rounds, int page_size) {
  std::printf("%zu queries x %d rounds per client, %d passages per page\n\n",
              queries, rounds, page_size);
  std::printf("| %-22s | %7s | %9s | %9s | %9s | %9s | %7s | %6s |\n", "path",
              "clients", "median ms", "p90 ms", "p99 ms", "queries/s", "calls",
              "errors");
  std::printf("|%s|%s|%s|%s|%s|%s|%s|%s|\n", std::string(24, '-').c_str(),
              std::string(9, '-').c_str(), std::string(11, '-').c_str(),
              std::string(11, '-').c_str(), std::string(11, '-').c_str(),
              std::string(11, '-').c_str(), std::string(9, '-').c_str(),
              std::string(8, '-').c_str());
}

inline std::string JsonEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// The table row on stdout and, when json_path is not empty, one JSON object
// on a line of its own appended to that file:
// {"name":..,"clients":..,"offset":..,"queries":..,"median_ms":..,
//  "p90_ms":..,"p99_ms":..,"qps":..,"calls":..,"errors":..}
// (offset: results skipped; queries: how many distinct queries were run).
inline void Print(const std::string& name, int clients, const Summary& s,
                  const std::string& json_path = "", unsigned offset = 0,
                  size_t queries = 0) {
  std::printf("| %-22s | %7d | %9.2f | %9.2f | %9.2f | %9.0f | %7zu | %6zu |\n",
              name.c_str(), clients, s.median_ms, s.p90_ms, s.p99_ms, s.qps,
              s.calls, s.errors);
  std::fflush(stdout);
  if (json_path.empty()) return;
  if (FILE* f = std::fopen(json_path.c_str(), "a")) {
    std::fprintf(f,
                 "{\"name\":\"%s\",\"clients\":%d,\"offset\":%u,"
                 "\"queries\":%zu,\"median_ms\":%.4f,\"p90_ms\":%.4f,\"p99_ms\":%.4f,"
                 "\"qps\":%.2f,\"calls\":%zu,\"errors\":%zu}\n",
                 JsonEscape(name).c_str(), clients, offset, queries, s.median_ms,
                 s.p90_ms, s.p99_ms, s.qps, s.calls, s.errors);
    std::fclose(f);
  } else {
    std::fprintf(stderr, "cannot append to %s\n", json_path.c_str());
  }
}

// Runs `clients` threads; each makes its own client with make_client() (not
// timed), then calls it for every query, `rounds` times, client c starting
// at query c * 7. Returns the per-call latencies summarised; the throughput
// counts the time from the first thread's start to the last one's end.
template <typename MakeClient>
Summary Run(const std::vector<std::string>& queries, int clients, int rounds,
            MakeClient make_client) {
  using Clock = std::chrono::steady_clock;
  using Call = std::function<bool(const std::string&)>;
  std::vector<Call> calls;
  for (int c = 0; c < clients; ++c) calls.push_back(make_client());
  std::vector<std::vector<double>> per_thread(clients);
  std::vector<size_t> errors(clients, 0);
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      Call& one = calls[c];
      per_thread[c].reserve(static_cast<size_t>(rounds) * queries.size());
      for (int r = 0; r < rounds; ++r) {
        for (size_t i = 0; i < queries.size(); ++i) {
          const std::string& q = queries[(i + c * 7) % queries.size()];
          const auto t0 = Clock::now();
          const bool ok = one(q);
          per_thread[c].push_back(
              std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
          if (!ok) ++errors[c];
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  size_t error_count = 0;
  for (int c = 0; c < clients; ++c) {
    all.insert(all.end(), per_thread[c].begin(), per_thread[c].end());
    error_count += errors[c];
  }
  return Summarize(std::move(all), error_count, seconds);
}

// One untimed pass over the queries with one client, to bring the index
// into the page cache and the code's caches before the first timed row.
template <typename MakeClient>
void Warm(const std::vector<std::string>& queries, int rounds,
          MakeClient make_client) {
  if (rounds <= 0) return;
  auto one = make_client();
  for (int r = 0; r < rounds; ++r) {
    for (const std::string& q : queries) one(q);
  }
}

}  // namespace bench

#endif  // BYLINE_BENCH_LATENCY_COMMON_H_
