// Search latency benchmark: runs a fixed query list against an index, in
// process (the Searcher library) and through a `byline serve` gRPC server,
// with 1 and N concurrent clients, and prints median / p90 / p99 latency and
// throughput (a table row per run; --json_out also appends them as JSON
// lines). --offset N adds two in-process rows timing the same queries at
// offset 0 and at offset N (deep paging). --facets counts facets in every
// search ("person,org,place,date"), the same in process and over gRPC (the
// text form of searcher/facet_counter.h ParseFacetList). Not a test: run it with
// bench/latency.sh.
#include <grpcpp/create_channel.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "byline/v1/search.grpc.pb.h"
#include "latency_common.h"
#include "searcher/facet_counter.h"
#include "searcher/searcher.h"
#include "service/facet_convert.h"

ABSL_FLAG(std::string, index, "", "Index to search in process.");
ABSL_FLAG(std::string, server, "", "host:port of a running byline serve.");
ABSL_FLAG(std::string, queries, "bench/queries.txt", "Query list.");
ABSL_FLAG(int, rounds, 20, "Times each client runs the whole query list.");
ABSL_FLAG(int, clients, 8, "Concurrent clients in the concurrent runs.");
ABSL_FLAG(int, page_size, 10, "Passages per query.");
ABSL_FLAG(uint32_t, offset, 0,
          "Also time deep pages in process: the same queries at offset 0 and "
          "at this offset (e.g. 9990), 1 client, printed as two extra rows.");
ABSL_FLAG(int, offset_rounds, 0,
          "Rounds of the two offset rows (0: the same as --rounds).");
ABSL_FLAG(int, offset_queries, 0,
          "Queries of the two offset rows: the first N of the list (0: all).");
ABSL_FLAG(int, warmup_rounds, 1,
          "Untimed passes over the query list (1 client) before the first "
          "in-process row and before the first gRPC row.");
ABSL_FLAG(std::string, facets, "",
          "Facets to count in every search, e.g. person,org,place,date "
          "(empty: none).");
ABSL_FLAG(uint32_t, facet_limit, 0,
          "Count the facets over a sample of about this many matching "
          "articles (SearchRequest::facet_article_limit; 0: all, exact).");
ABSL_FLAG(std::string, json_out, "",
          "Also append one JSON object per row to this file (for "
          "bench/latency_table.py).");

namespace {

using Call = std::function<bool(const std::string&)>;
using bench::Print;
using bench::Run;

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::vector<std::string> queries =
      bench::ReadQueries(absl::GetFlag(FLAGS_queries));
  if (queries.empty()) {
    std::fprintf(stderr, "no queries in %s\n",
                 absl::GetFlag(FLAGS_queries).c_str());
    return 2;
  }
  const int rounds = absl::GetFlag(FLAGS_rounds);
  const int clients = absl::GetFlag(FLAGS_clients);
  const int page_size = absl::GetFlag(FLAGS_page_size);
  const uint32_t facet_limit = absl::GetFlag(FLAGS_facet_limit);
  const uint32_t deep_offset = absl::GetFlag(FLAGS_offset);
  const int offset_rounds = absl::GetFlag(FLAGS_offset_rounds) > 0
                                ? absl::GetFlag(FLAGS_offset_rounds)
                                : rounds;
  const std::string json = absl::GetFlag(FLAGS_json_out);
  const int warmup_rounds = absl::GetFlag(FLAGS_warmup_rounds);
  const std::vector<std::string> offset_queries =
      bench::FirstQueries(queries, absl::GetFlag(FLAGS_offset_queries));
  const size_t nq = queries.size(), noq = offset_queries.size();
  absl::StatusOr<std::vector<byline::FacetRequest>> facets =
      byline::ParseFacetList(absl::GetFlag(FLAGS_facets));
  if (!facets.ok()) {
    std::fprintf(stderr, "--facets: %s\n",
                 std::string(facets.status().message()).c_str());
    return 2;
  }
  if (!facets->empty()) {
    std::printf("(every search counts facets: %s)\n",
                absl::GetFlag(FLAGS_facets).c_str());
  }
  bench::PrintHeader(queries.size(), rounds, page_size);

  const std::string index = absl::GetFlag(FLAGS_index);
  if (!index.empty()) {
    auto make_local_at = [&](uint32_t offset) {
      return [&index, &facets, page_size, offset, facet_limit]() -> Call {
        auto searcher = byline::Searcher::Open(index);
        if (!searcher.ok()) {
          std::fprintf(stderr, "%s\n",
                       std::string(searcher.status().message()).c_str());
          std::exit(3);
        }
        return [s = std::shared_ptr<byline::Searcher>(std::move(*searcher)),
                page_size, offset, facets = *facets,
                facet_limit](const std::string& q) {
          byline::SearchRequest r;
          r.query = q;
          r.offset = offset;
          r.limit = page_size;
          r.facets = facets;
          r.facet_article_limit = facet_limit;
          return s->Search(r).ok();
        };
      };
    };
    bench::Warm(queries, warmup_rounds, make_local_at(0));
    Print("in process (library)", 1, Run(queries, 1, rounds, make_local_at(0)),
          json, 0, nq);
    Print("in process (library)", clients,
          Run(queries, clients, rounds, make_local_at(0)), json, 0, nq);
    if (deep_offset > 0) {
      std::printf("(offset rows: %zu queries x %d rounds)\n",
                  offset_queries.size(), offset_rounds);
      Print("library, offset 0", 1,
            Run(offset_queries, 1, offset_rounds, make_local_at(0)), json, 0,
            noq);
      Print("library, offset " + std::to_string(deep_offset), 1,
            Run(offset_queries, 1, offset_rounds, make_local_at(deep_offset)),
            json, deep_offset, noq);
    }
  }
  const std::string server = absl::GetFlag(FLAGS_server);
  if (!server.empty()) {
    auto make_remote = [&]() -> Call {
      std::shared_ptr<byline::v1::SearchService::Stub> stub =
          byline::v1::SearchService::NewStub(
              grpc::CreateChannel(server, grpc::InsecureChannelCredentials()));
      byline::SearchRequest with_facets;
      with_facets.facets = *facets;
      with_facets.facet_article_limit = facet_limit;
      return [stub, page_size, with_facets](const std::string& q) {
        byline::v1::SearchRequest request;
        request.set_query(q);
        request.set_page_size(page_size);
        byline::service::FacetsToProto(with_facets, &request);
        byline::v1::SearchResponse response;
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() +
                             std::chrono::seconds(10));
        return stub->Search(&context, request, &response).ok();
      };
    };
    bench::Warm(queries, warmup_rounds, make_remote);
    Print("gRPC (byline serve)", 1, Run(queries, 1, rounds, make_remote), json,
          0, nq);
    Print("gRPC (byline serve)", clients,
          Run(queries, clients, rounds, make_remote), json, 0, nq);
  }
  return 0;
}
