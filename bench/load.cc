// bench/load: drives a running `byline serve` at a fixed arrival rate (open
// loop): Search calls are sent at their scheduled arrival times over N
// channels, never waiting for replies, for T seconds, with queries from a
// file. Reports latency percentiles of the accepted calls, throughput,
// errors by gRPC code and queue rejections; --json_out writes them as JSON.
// A send that starts late (the sender fell behind its schedule) is counted,
// and latency is measured from the scheduled time, so coordinated omission
// does not hide queueing. --calls_out also writes one line per answered
// call (its scheduled send time, latency, code and the generation that
// answered), for timelines such as bench/failover.sh's.
#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "byline/v1/search.grpc.pb.h"
#include "service/metrics.h"
#include "util/json_writer.h"

ABSL_FLAG(std::string, server, "127.0.0.1:7700", "host:port of byline serve");
ABSL_FLAG(double, rate, 100, "Arrivals per second (open loop).");
ABSL_FLAG(int, connections, 4, "gRPC channels, used in turn.");
ABSL_FLAG(double, duration_s, 10, "How long to send, in seconds.");
ABSL_FLAG(std::string, queries, "bench/queries.txt", "One query per line.");
ABSL_FLAG(int, page_size, 10, "page_size of each Search.");
ABSL_FLAG(double, timeout_s, 10, "Client deadline per call, in seconds.");
ABSL_FLAG(std::string, json_out, "", "Also write the report as JSON here.");
ABSL_FLAG(std::string, calls_out, "",
          "Also write one line per answered call here: its scheduled send "
          "time (Unix ms), latency from then (ms), gRPC code and the "
          "generation that answered ('-' for none), in the order answered.");

namespace {

namespace v1 = ::byline::v1;
using Clock = std::chrono::steady_clock;

struct Call {
  grpc::ClientContext context;
  v1::SearchRequest request;
  v1::SearchResponse response;
  Clock::time_point scheduled;
};

// One answered call, for --calls_out.
struct CallRecord {
  double scheduled_unix_ms;
  double latency_ms;
  grpc::StatusCode code;
  std::string generation;
};

struct Results {
  std::mutex mu;
  bool keep_calls = false;
  std::vector<CallRecord> calls;    // with --calls_out
  std::vector<double> ok_ms;        // accepted calls, from scheduled time
  std::vector<double> rejected_ms;  // RESOURCE_EXHAUSTED
  std::map<std::string, int64_t> codes;
  int64_t done = 0;
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t i = std::min(v.size() - 1, static_cast<size_t>(p * v.size()));
  return v[i];
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  std::vector<std::string> queries;
  {
    std::ifstream in(absl::GetFlag(FLAGS_queries));
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line[0] != '#') queries.push_back(line);
    }
  }
  const double rate = absl::GetFlag(FLAGS_rate);
  const int connections = absl::GetFlag(FLAGS_connections);
  const double duration_s = absl::GetFlag(FLAGS_duration_s);
  if (queries.empty() || rate <= 0 || connections < 1 || duration_s <= 0) {
    std::fprintf(stderr,
                 "load: need a non-empty --queries file, --rate > 0, "
                 "--connections >= 1 and --duration_s > 0\n");
    return 2;
  }
  std::vector<std::unique_ptr<v1::SearchService::Stub>> stubs;
  for (int i = 0; i < connections; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("grpc.channel_id", i);  // distinct channels, not one shared
    stubs.push_back(v1::SearchService::NewStub(
        grpc::CreateCustomChannel(absl::GetFlag(FLAGS_server),
                                  grpc::InsecureChannelCredentials(), args)));
  }
  Results results;
  results.keep_calls = !absl::GetFlag(FLAGS_calls_out).empty();
  std::atomic<int64_t> in_flight{0};
  const int64_t total = static_cast<int64_t>(rate * duration_s);
  const auto interval = std::chrono::duration<double>(1.0 / rate);
  const auto timeout =
      std::chrono::duration<double>(absl::GetFlag(FLAGS_timeout_s));
  int64_t late_starts = 0;  // sent over 1 ms after their scheduled time
  double max_lateness_ms = 0;
  int64_t max_in_flight = 0;
  const Clock::time_point start = Clock::now();
  // The same instant on the wall clock, for --calls_out's Unix times.
  const double start_unix_ms =
      std::chrono::duration<double, std::milli>(
          std::chrono::system_clock::now().time_since_epoch())
          .count();
  for (int64_t i = 0; i < total; ++i) {
    const Clock::time_point scheduled =
        start + std::chrono::duration_cast<Clock::duration>(interval * i);
    std::this_thread::sleep_until(scheduled);
    const double late_ms =
        std::chrono::duration<double, std::milli>(Clock::now() - scheduled)
            .count();
    if (late_ms > 1) ++late_starts;
    max_lateness_ms = std::max(max_lateness_ms, late_ms);
    auto* call = new Call;
    call->scheduled = scheduled;
    call->request.set_query(queries[i % queries.size()]);
    call->request.set_page_size(absl::GetFlag(FLAGS_page_size));
    call->context.set_deadline(
        std::chrono::system_clock::now() +
        std::chrono::duration_cast<std::chrono::system_clock::duration>(
            timeout));
    max_in_flight = std::max(max_in_flight, ++in_flight);
    stubs[i % connections]->async()->Search(
        &call->context, &call->request, &call->response,
        [call, &results, &in_flight, start, start_unix_ms](
            grpc::Status status) {
          const double ms = std::chrono::duration<double, std::milli>(
                                Clock::now() - call->scheduled)
                                .count();
          {
            std::lock_guard<std::mutex> lock(results.mu);
            if (results.keep_calls) {
              results.calls.push_back(
                  {start_unix_ms + std::chrono::duration<double, std::milli>(
                                       call->scheduled - start)
                                       .count(),
                   ms, status.error_code(),
                   status.ok() ? call->response.generation() : ""});
            }
            ++results.codes[std::string(
                ::byline::service::GrpcCodeName(status.error_code()))];
            if (status.ok()) results.ok_ms.push_back(ms);
            if (status.error_code() == grpc::RESOURCE_EXHAUSTED) {
              results.rejected_ms.push_back(ms);
            }
            ++results.done;
          }
          --in_flight;
          delete call;
        });
  }
  const double send_s =
      std::chrono::duration<double>(Clock::now() - start).count();
  // Wait (bounded by the deadline) for the replies.
  const Clock::time_point wait_until =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(timeout) +
      std::chrono::seconds(5);
  while (in_flight.load() > 0 && Clock::now() < wait_until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const double wall_s =
      std::chrono::duration<double>(Clock::now() - start).count();

  std::lock_guard<std::mutex> lock(results.mu);
  const double p50 = Percentile(results.ok_ms, 0.50);
  const double p90 = Percentile(results.ok_ms, 0.90);
  const double p99 = Percentile(results.ok_ms, 0.99);
  const double max = Percentile(results.ok_ms, 1.0);
  const double rejected_p99 = Percentile(results.rejected_ms, 0.99);
  const int64_t errors =
      results.done - static_cast<int64_t>(results.ok_ms.size());
  std::printf(
      "load: rate %.1f/s for %.1f s over %d connections: sent %lld, answered "
      "%lld, ok %zu (%.1f/s), errors %lld, RESOURCE_EXHAUSTED %zu (p99 %.2f "
      "ms)\n",
      rate, duration_s, connections, static_cast<long long>(total),
      static_cast<long long>(results.done), results.ok_ms.size(),
      results.ok_ms.size() / send_s, static_cast<long long>(errors),
      results.rejected_ms.size(), rejected_p99);
  std::printf(
      "load: accepted latency ms (from the scheduled send): p50 %.2f p90 "
      "%.2f p99 %.2f max %.2f\n",
      p50, p90, p99, max);
  std::printf("load: codes:");
  for (const auto& [code, n] : results.codes) {
    std::printf(" %s=%lld", code.c_str(), static_cast<long long>(n));
  }
  std::printf(
      "\nload: late starts (sender > 1 ms behind schedule): %lld, "
      "max %.2f ms; max in flight %lld; %lld unanswered\n",
      static_cast<long long>(late_starts), max_lateness_ms,
      static_cast<long long>(max_in_flight),
      static_cast<long long>(in_flight.load()));

  const std::string json_out = absl::GetFlag(FLAGS_json_out);
  if (!json_out.empty()) {
    byline::JsonWriter json;
    json.BeginObject()
        .Key("rate")
        .Double(rate)
        .Key("duration_s")
        .Double(duration_s)
        .Key("connections")
        .Int(connections)
        .Key("sent")
        .Int(total)
        .Key("answered")
        .Int(results.done)
        .Key("ok")
        .Uint(results.ok_ms.size())
        .Key("throughput_ok_per_s")
        .Double(results.ok_ms.size() / send_s)
        .Key("wall_s")
        .Double(wall_s)
        .Key("p50_ms")
        .Double(p50)
        .Key("p90_ms")
        .Double(p90)
        .Key("p99_ms")
        .Double(p99)
        .Key("max_ms")
        .Double(max)
        .Key("resource_exhausted")
        .Uint(results.rejected_ms.size())
        .Key("resource_exhausted_p99_ms")
        .Double(rejected_p99)
        .Key("errors")
        .Int(errors)
        .Key("late_starts")
        .Int(late_starts)
        .Key("max_lateness_ms")
        .Double(max_lateness_ms)
        .Key("unanswered")
        .Int(in_flight.load())
        .Key("codes")
        .BeginObject();
    for (const auto& [code, n] : results.codes) json.Key(code).Int(n);
    json.EndObject().EndObject();
    std::ofstream out(json_out);
    out << json.str() << "\n";
  }
  const std::string calls_out = absl::GetFlag(FLAGS_calls_out);
  if (!calls_out.empty()) {
    std::ofstream out(calls_out);
    out << "# scheduled_unix_ms latency_ms code generation\n";
    char line[64];
    for (const CallRecord& c : results.calls) {
      std::snprintf(line, sizeof(line), "%.3f %.3f ", c.scheduled_unix_ms,
                    c.latency_ms);
      out << line << ::byline::service::GrpcCodeName(c.code) << " "
          << (c.generation.empty() ? "-" : c.generation) << "\n";
    }
  }
  // Calls still in flight own their state; leave them to process exit.
  std::fflush(stdout);
  std::_Exit(in_flight.load() == 0 ? 0 : 3);
}
