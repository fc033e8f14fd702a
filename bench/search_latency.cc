// Search latency benchmark: runs a fixed query list against an index, in
// process (the Searcher library) and through a `byline serve` gRPC server,
// with 1 and N concurrent clients, and prints median / p90 / p99 latency and
// throughput. Not a test: run it with bench/latency.sh.
#include <grpcpp/create_channel.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "byline/v1/search.grpc.pb.h"
#include "searcher/searcher.h"

ABSL_FLAG(std::string, index, "", "Index to search in process.");
ABSL_FLAG(std::string, server, "", "host:port of a running byline serve.");
ABSL_FLAG(std::string, queries, "bench/queries.txt", "Query list.");
ABSL_FLAG(int, rounds, 20, "Times each client runs the whole query list.");
ABSL_FLAG(int, clients, 8, "Concurrent clients in the concurrent runs.");
ABSL_FLAG(int, page_size, 10, "Passages per query.");

namespace {

struct Summary {
  double median_ms, p90_ms, p99_ms, qps;
  size_t calls, errors;
};

Summary Summarize(std::vector<double> ms, size_t errors, double seconds) {
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) {
    return ms.empty() ? 0.0 : ms[std::min(ms.size() - 1,
                                          static_cast<size_t>(q * ms.size()))];
  };
  return {at(0.5), at(0.9), at(0.99), ms.size() / seconds, ms.size(), errors};
}

void Print(const char* name, int clients, const Summary& s) {
  std::printf("| %-22s | %7d | %9.2f | %9.2f | %9.2f | %9.0f | %7zu | %6zu |\n",
              name, clients, s.median_ms, s.p90_ms, s.p99_ms, s.qps, s.calls,
              s.errors);
}

// Runs `clients` threads, each calling `one(query)` for every query, rounds
// times; returns per-call milliseconds.
template <typename OneCall, typename MakeClient>
Summary Run(const std::vector<std::string>& queries, int clients, int rounds,
            MakeClient make_client) {
  std::vector<std::vector<double>> per_thread(clients);
  std::vector<size_t> errors(clients, 0);
  const absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      OneCall one = make_client();
      for (int r = 0; r < rounds; ++r) {
        for (size_t i = 0; i < queries.size(); ++i) {
          const std::string& q = queries[(i + c * 7) % queries.size()];
          const absl::Time t0 = absl::Now();
          const bool ok = one(q);
          per_thread[c].push_back(
              absl::ToDoubleMilliseconds(absl::Now() - t0));
          if (!ok) ++errors[c];
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  std::vector<double> all;
  size_t error_count = 0;
  for (int c = 0; c < clients; ++c) {
    all.insert(all.end(), per_thread[c].begin(), per_thread[c].end());
    error_count += errors[c];
  }
  return Summarize(std::move(all), error_count, seconds);
}

using Call = std::function<bool(const std::string&)>;

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  std::vector<std::string> queries;
  std::ifstream in(absl::GetFlag(FLAGS_queries));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') queries.push_back(line);
  }
  if (queries.empty()) {
    std::fprintf(stderr, "no queries in %s\n",
                 absl::GetFlag(FLAGS_queries).c_str());
    return 2;
  }
  const int rounds = absl::GetFlag(FLAGS_rounds);
  const int clients = absl::GetFlag(FLAGS_clients);
  const int page_size = absl::GetFlag(FLAGS_page_size);
  std::printf("%zu queries x %d rounds per client, %d passages per page\n\n",
              queries.size(), rounds, page_size);
  std::printf("| %-22s | %7s | %9s | %9s | %9s | %9s | %7s | %6s |\n", "path",
              "clients", "median ms", "p90 ms", "p99 ms", "queries/s", "calls",
              "errors");
  std::printf("|%s|%s|%s|%s|%s|%s|%s|%s|\n", std::string(24, '-').c_str(),
              std::string(9, '-').c_str(), std::string(11, '-').c_str(),
              std::string(11, '-').c_str(), std::string(11, '-').c_str(),
              std::string(11, '-').c_str(), std::string(9, '-').c_str(),
              std::string(8, '-').c_str());

  const std::string index = absl::GetFlag(FLAGS_index);
  if (!index.empty()) {
    auto make_local = [&]() -> Call {
      auto searcher = byline::Searcher::Open(index);
      if (!searcher.ok()) {
        std::fprintf(stderr, "%s\n",
                     std::string(searcher.status().message()).c_str());
        std::exit(3);
      }
      return [s = std::shared_ptr<byline::Searcher>(std::move(*searcher)),
              page_size](const std::string& q) {
        byline::SearchRequest r;
        r.query = q;
        r.limit = page_size;
        return s->Search(r).ok();
      };
    };
    Print("in process (library)", 1, Run<Call>(queries, 1, rounds, make_local));
    Print("in process (library)", clients,
          Run<Call>(queries, clients, rounds, make_local));
  }
  const std::string server = absl::GetFlag(FLAGS_server);
  if (!server.empty()) {
    auto make_remote = [&]() -> Call {
      std::shared_ptr<byline::v1::SearchService::Stub> stub =
          byline::v1::SearchService::NewStub(
              grpc::CreateChannel(server, grpc::InsecureChannelCredentials()));
      return [stub, page_size](const std::string& q) {
        byline::v1::SearchRequest request;
        request.set_query(q);
        request.set_page_size(page_size);
        byline::v1::SearchResponse response;
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() +
                             std::chrono::seconds(10));
        return stub->Search(&context, request, &response).ok();
      };
    };
    Print("gRPC (byline serve)", 1, Run<Call>(queries, 1, rounds, make_remote));
    Print("gRPC (byline serve)", clients,
          Run<Call>(queries, clients, rounds, make_remote));
  }
  return 0;
}
