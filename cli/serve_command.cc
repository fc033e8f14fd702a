// `byline serve`: serves an index over gRPC (byline.v1.SearchService, health
// and reflection) until SIGTERM or SIGINT, then drains in-flight calls.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "cli/commands.h"
#include "cli/common_flags.h"
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
ABSL_FLAG(uint32_t, max_queue_wait_ms, 0,
          "Shed overload (0, the default: off, --max_queue only): how long a "
          "search may wait for a worker while the queue keeps emptying; once "
          "the queue has stood non-empty for longer than this, 1/20 of it. "
          "Searches that would wait longer, or did, are refused with "
          "RESOURCE_EXHAUSTED, so that the searches served stay fast. For "
          "servers behind clients that retry with backoff (e.g. 100); clients "
          "that keep more searches in flight than there are workers also see "
          "refusals.");
ABSL_FLAG(int32_t, max_page_size, 100, "Largest page_size served.");
ABSL_FLAG(uint32_t, max_query_bytes, 4096, "Longest query served, in bytes.");
ABSL_FLAG(uint32_t, max_facet_articles, 0,
          "The most matching articles one facet count covers; a search "
          "matching more gets its facets counted over that many and flagged "
          "as estimates (ListEntities with a query, which counts through "
          "facets, then returns estimates too). 0: no cap, counts are "
          "exact.");
ABSL_FLAG(int32_t, max_message_bytes, 4 << 20,
          "Largest response; GetArticle sends longer bodies as byte ranges.");
ABSL_FLAG(double, shutdown_grace_seconds, 10,
          "On SIGTERM/SIGINT, how long in-flight calls may take to finish.");

// Transport security (README: Securing the service).
ABSL_FLAG(std::string, auth_tokens_file, "",
          "Require 'authorization: Bearer TOKEN' on every call, TOKEN from "
          "this file: one per line, 'NAME: TOKEN' or just 'TOKEN' (16+ "
          "visible ASCII characters); blank lines and '#' comments allowed. "
          "Re-read on SIGHUP (a bad file keeps the old tokens). Without TLS "
          "only on a loopback address.");
ABSL_FLAG(bool, auth_exempt_health, true,
          "With --auth_tokens_file: let grpc.health.v1.Health calls through "
          "without a token (for load balancers and probes).");
ABSL_FLAG(std::string, tls_cert, "",
          "Serve TLS with this PEM certificate chain (needs --tls_key).");
ABSL_FLAG(std::string, tls_key, "", "The PEM private key of --tls_cert.");
ABSL_FLAG(std::string, tls_client_ca, "",
          "Mutual TLS: require client certificates signed by a CA in this "
          "PEM file.");
ABSL_FLAG(bool, insecure, false,
          "Allow plaintext (no TLS) on a --listen address other than "
          "loopback; refused without it.");

// Time budget, metrics and the access log (README: Operating the service).
ABSL_FLAG(uint32_t, request_budget_ms, 2000,
          "Server-side time for one call from its arrival, queue wait "
          "included (a client deadline can only shorten it): a call still "
          "queued past it is dropped, a search past it is stopped between "
          "its stages, both with DEADLINE_EXCEEDED. Over remote shards it "
          "also caps Xapian's remote timeouts at budget / (remote shards + "
          "1), so that a hung shard host is failed over within it. 0: "
          "none.");
ABSL_FLAG(std::string, metrics_listen, "",
          "Serve Prometheus metrics at http://HOST:PORT/metrics (e.g. "
          "127.0.0.1:9464); empty: none. Loopback only unless "
          "--metrics_allow_remote.");
ABSL_FLAG(bool, metrics_allow_remote, false,
          "Allow --metrics_listen on an address other than loopback (the "
          "endpoint has no authentication).");
ABSL_FLAG(std::string, access_log, "",
          "Append one JSON line per call to this file ('-': stderr): time, "
          "method, code, latency_ms, query_bytes, hits, peer; never the "
          "query text or any token. Empty: none.");

namespace byline::cli {
namespace {

// SIGHUP: re-reads --auth_tokens_file; a bad file keeps the old tokens.
void ReloadTokens(service::Server& server) {
  if (absl::GetFlag(FLAGS_auth_tokens_file).empty()) {
    std::fprintf(stderr, "byline serve: SIGHUP: no --auth_tokens_file\n");
    return;
  }
  if (absl::Status s = server.ReloadAuthTokens(); !s.ok()) {
    std::fprintf(stderr,
                 "byline serve: SIGHUP: %s; keeping the %zu tokens in force\n",
                 std::string(s.message()).c_str(), server.auth_token_count());
    return;
  }
  std::fprintf(stderr, "byline serve: SIGHUP: reloaded %zu tokens\n",
               server.auth_token_count());
}

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
      workers > 0
          ? workers
          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.pool.max_queued = absl::GetFlag(FLAGS_max_queue);
  if (const uint32_t ms = absl::GetFlag(FLAGS_max_queue_wait_ms); ms > 0) {
    options.pool.max_queue_wait = absl::Milliseconds(ms);
  }
  options.service.max_page_size = absl::GetFlag(FLAGS_max_page_size);
  options.service.max_query_bytes = absl::GetFlag(FLAGS_max_query_bytes);
  options.pool.searcher.max_facet_articles =
      absl::GetFlag(FLAGS_max_facet_articles);
  options.max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  options.auth.tokens_file = absl::GetFlag(FLAGS_auth_tokens_file);
  options.auth.exempt_health = absl::GetFlag(FLAGS_auth_exempt_health);
  options.tls.cert_file = absl::GetFlag(FLAGS_tls_cert);
  options.tls.key_file = absl::GetFlag(FLAGS_tls_key);
  options.tls.client_ca_file = absl::GetFlag(FLAGS_tls_client_ca);
  options.insecure = absl::GetFlag(FLAGS_insecure);
  // Time budget, metrics and the access log.
  options.service.request_budget =
      absl::Milliseconds(absl::GetFlag(FLAGS_request_budget_ms));
  // A hung shard host must not hold a call past the budget: Xapian's remote
  // timeouts are capped so that every failover fits in it.
  options.pool.searcher.remote_call_budget_ms =
      absl::GetFlag(FLAGS_request_budget_ms);
  options.metrics_listen_address = absl::GetFlag(FLAGS_metrics_listen);
  options.metrics_allow_non_loopback =
      absl::GetFlag(FLAGS_metrics_allow_remote);
  options.access_log_path = absl::GetFlag(FLAGS_access_log);
  if (absl::Status s = service::CheckListenSecurity(
          options.listen_address, options.tls, options.insecure,
          !options.auth.tokens_file.empty());
      !s.ok()) {
    std::fprintf(stderr, "byline serve: %s\n",
                 std::string(s.message()).c_str());
    return kExitUsage;
  }
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
  sigaddset(&stop_signals, SIGHUP);  // reloads --auth_tokens_file
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  const std::string index = absl::GetFlag(FLAGS_index);
  auto server = service::Server::Start(index, options);
  if (!server.ok()) {
    std::fprintf(stderr, "byline serve: %s\n",
                 std::string(server.status().message()).c_str());
    return kExitFailure;
  }
  const std::string host =
      options.listen_address.substr(0, options.listen_address.rfind(':'));
  std::printf("byline serve: listening on %s:%d (index %s, %d workers, %s%s)\n",
              host.c_str(), (*server)->port(), index.c_str(),
              options.pool.workers,
              options.tls.client_ca_file.empty()
                  ? (options.tls.enabled() ? "TLS" : "plaintext")
                  : "mutual TLS",
              options.auth.tokens_file.empty() ? "" : ", bearer tokens");
  if ((*server)->metrics_port() > 0) {
    const std::string metrics_host = options.metrics_listen_address.substr(
        0, options.metrics_listen_address.rfind(':'));
    std::printf("byline serve: metrics at http://%s:%d/metrics\n",
                metrics_host.c_str(), (*server)->metrics_port());
  }
  std::fflush(stdout);

  int signal_number = 0;
  while (sigwait(&stop_signals, &signal_number) == 0 &&
         signal_number == SIGHUP) {
    ReloadTokens(**server);
  }
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
      "listens on. SIGTERM or SIGINT stops it after in-flight calls finish;\n"
      "SIGHUP re-reads --auth_tokens_file. A --listen address beyond\n"
      "loopback needs TLS (--tls_cert, --tls_key) or --insecure.\n"
      "Searches follow the index's live generation without a restart: when\n"
      "a job (byline index, update, rebuild, compact, rollback) makes a new\n"
      "generation live, each worker moves to it after its current call and\n"
      "lets go of the old one. Pages after the first come from the\n"
      "generation of the first page (their page token names it) for as long\n"
      "as it exists. Older indexes without generations are reopened before\n"
      "each call to see new commits.\n",
      {"index", "listen", "workers", "max_queue", "max_queue_wait_ms",
       "max_page_size", "max_query_bytes", "max_facet_articles",
       "max_message_bytes",
       "shutdown_grace_seconds", "auth_tokens_file", "auth_exempt_health",
       "tls_cert", "tls_key", "tls_client_ca", "insecure", "request_budget_ms",
       "metrics_listen", "metrics_allow_remote", "access_log"},
      &RunServe};
  return kCommand;
}

}  // namespace byline::cli
