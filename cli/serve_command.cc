// `byline serve`: serves an index over gRPC (byline.v1.SearchService, health
// and reflection) until SIGTERM or SIGINT, then drains in-flight calls.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/time/time.h"
#include "cli/common_flags.h"
#include "cli/commands.h"
#include "service/server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:7700",
          "Address to listen on, host:port; port 0 picks a free port. Only "
          "loopback by default: use 0.0.0.0:PORT to serve other machines.");
ABSL_FLAG(int32_t, workers, 0,
          "Search worker threads, each with its own index handle (0: one per "
          "core).");
ABSL_FLAG(uint32_t, max_queue, 256,
          "Searches waiting for a worker beyond this are refused with "
          "RESOURCE_EXHAUSTED.");
ABSL_FLAG(int32_t, max_page_size, 100, "Largest page_size served.");
ABSL_FLAG(uint32_t, max_query_bytes, 4096, "Longest query served, in bytes.");
ABSL_FLAG(int32_t, max_message_bytes, 4 << 20,
          "Largest response; GetArticle sends longer bodies as byte ranges.");
ABSL_FLAG(double, shutdown_grace_seconds, 10,
          "On SIGTERM/SIGINT, how long in-flight calls may take to finish.");

namespace byline::cli {
namespace {

int RunServe(const std::vector<std::string>& args) {
  if (!args.empty()) {
    std::fprintf(stderr, "byline serve: unexpected argument '%s'\n",
                 args.front().c_str());
    return kExitUsage;
  }
  service::ServerOptions options;
  options.listen_address = absl::GetFlag(FLAGS_listen);
  const int workers = absl::GetFlag(FLAGS_workers);
  options.pool.workers =
      workers > 0 ? workers
                  : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.pool.max_queued = absl::GetFlag(FLAGS_max_queue);
  options.service.max_page_size = absl::GetFlag(FLAGS_max_page_size);
  options.service.max_query_bytes = absl::GetFlag(FLAGS_max_query_bytes);
  options.max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  if (options.max_message_bytes < (128 << 10) ||
      options.service.max_page_size < 1) {
    std::fprintf(stderr,
                 "byline serve: --max_message_bytes must be at least 131072 "
                 "and --max_page_size at least 1\n");
    return kExitUsage;
  }

  // Block the stop signals in every thread (gRPC's and the workers'
  // inherit this mask) and wait for them here.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  const std::string index = absl::GetFlag(FLAGS_index);
  auto server = service::Server::Start(index, options);
  if (!server.ok()) {
    std::fprintf(stderr, "byline serve: %s\n",
                 std::string(server.status().message()).c_str());
    return kExitFailure;
  }
  const std::string host = options.listen_address.substr(
      0, options.listen_address.rfind(':'));
  std::printf("byline serve: listening on %s:%d (index %s, %d workers)\n",
              host.c_str(), (*server)->port(), index.c_str(),
              options.pool.workers);
  std::fflush(stdout);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  std::fprintf(stderr, "byline serve: %s received, finishing in-flight calls\n",
               signal_number == SIGTERM ? "SIGTERM" : "SIGINT");
  (*server)->Shutdown(
      absl::Seconds(absl::GetFlag(FLAGS_shutdown_grace_seconds)));
  std::fprintf(stderr, "byline serve: stopped\n");
  return kExitOk;
}

}  // namespace

const Command& ServeCommand() {
  static const Command kCommand{
      "serve",
      "Serve an index over gRPC (byline.v1.SearchService).",
      "byline serve [flags]",
      "Serves Search, GetArticle and Stats, the standard health service\n"
      "(grpc.health.v1.Health) and server reflection. Prints the address it\n"
      "listens on. SIGTERM or SIGINT stops it after in-flight calls finish.\n"
      "Searches follow the index's live generation without a restart: when\n"
      "a job (byline index, update, rebuild, compact, rollback) makes a new\n"
      "generation live, each worker moves to it after its current call and\n"
      "lets go of the old one. Pages after the first come from the\n"
      "generation of the first page (their page token names it) for as long\n"
      "as it exists. Older indexes without generations are reopened before\n"
      "each call to see new commits.\n",
      {"index", "listen", "workers", "max_queue", "max_page_size",
       "max_query_bytes", "max_message_bytes", "shutdown_grace_seconds"},
      &RunServe};
  return kCommand;
}

}  // namespace byline::cli
