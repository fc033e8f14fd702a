// byline.v1.SearchService on gRPC's callback API. Each RPC is validated on
// the calling thread, then handed to a SearcherPool worker; the reactor
// thread never blocks on Xapian. Searches run on the index's live
// generation, except pages of a search that started on an older one: their
// page token names it, and they are served from it while it exists. Each
// call has a time budget from its arrival (a client deadline can only
// shorten it): a call still queued when it runs out is dropped unrun, and a
// search past it is stopped between its stages (DEADLINE_EXCEEDED). Every
// finished call is counted in ServiceMetrics and written to the AccessLog,
// when given.
#ifndef BYLINE_SERVICE_SEARCH_SERVICE_H_
#define BYLINE_SERVICE_SEARCH_SERVICE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "byline/v1/search.grpc.pb.h"
#include "service/access_log.h"
#include "service/metrics.h"
#include "service/searcher_pool.h"

namespace byline::service {

struct SearchServiceOptions {
  int max_page_size = 100;        // larger page_size: INVALID_ARGUMENT
  size_t max_query_bytes = 4096;  // longer query: INVALID_ARGUMENT
  // GetArticle never sends more body than this in one response; bigger
  // bodies come as byte ranges (body_truncated = true).
  size_t max_body_chunk_bytes = (4 << 20) - (64 << 10);
  // A Search page never exceeds this: passages that would not fit move to
  // the next page (next_page_token), instead of failing the call.
  size_t max_response_bytes = (4 << 20) - (64 << 10);
  // Server-side time for one call from its arrival, its wait in the queue
  // included; a client deadline can only shorten it. Zero: none (the
  // client's deadline only).
  absl::Duration request_budget = absl::Seconds(2);
  // Reported in Stats (ServerLimits) only; Server::Start sets them from
  // the options that enforce them.
  uint32_t max_result_window = 10000;
  uint32_t max_message_bytes = 4 << 20;
  uint32_t max_facet_articles = 0;
};

// Where finished calls are recorded; each may be null, and must outlive
// the service.
struct SearchServiceObservers {
  ServiceMetrics* metrics = nullptr;
  AccessLog* access_log = nullptr;
};

// The methods of byline.v1.SearchService, as metrics and the access log
// name them.
const std::vector<std::string>& SearchServiceMethods();

// Thread safety: gRPC calls the handlers from many threads; the service
// holds only immutable options and the (thread-safe) pool, which must
// outlive it.
class SearchServiceImpl final
    : public byline::v1::SearchService::CallbackService {
 public:
  SearchServiceImpl(SearcherPool* pool, SearchServiceOptions options,
                    SearchServiceObservers observers = {});

  grpc::ServerUnaryReactor* Search(
      grpc::CallbackServerContext* context,
      const byline::v1::SearchRequest* request,
      byline::v1::SearchResponse* response) override;
  grpc::ServerUnaryReactor* GetArticle(
      grpc::CallbackServerContext* context,
      const byline::v1::GetArticleRequest* request,
      byline::v1::GetArticleResponse* response) override;
  grpc::ServerUnaryReactor* Stats(grpc::CallbackServerContext* context,
                                  const byline::v1::StatsRequest* request,
                                  byline::v1::StatsResponse* response) override;
  // Entity look-up (Searcher::ListEntities) on the live generation. The
  // request is checked on the calling thread (query length as Search's,
  // then ValidateEntityListRequest): INVALID_ARGUMENT naming the field.
  grpc::ServerUnaryReactor* ListEntities(
      grpc::CallbackServerContext* context,
      const byline::v1::ListEntitiesRequest* request,
      byline::v1::ListEntitiesResponse* response) override;

  // The caps Stats reports.
  void FillLimits(byline::v1::ServerLimits* out) const;

 private:
  // One call in flight: its deadline and what metrics and the access log
  // record of it.
  struct Call {
    const char* method = "";
    absl::Time arrival;
    absl::Time client_deadline;
    absl::Time deadline;  // the budget's end or client_deadline, if sooner
    uint64_t query_bytes = 0;
    uint64_t hits = 0;  // set by the work
    std::string peer;   // only with an access log
  };
  using Work = absl::AnyInvocable<grpc::Status(LiveSearcher&, Call&) &&>;

  Call StartCall(grpc::CallbackServerContext* context, const char* method,
                 uint64_t query_bytes) const;
  // Records the call, then finishes the RPC with `status`.
  void Finish(grpc::ServerUnaryReactor* reactor, const Call& call,
              const grpc::Status& status) const;
  // Runs `work` on a pool worker and finishes the RPC with its status;
  // refuses when the pool is full, and drops the call unrun when the
  // client has given up or its deadline passed while it waited.
  grpc::ServerUnaryReactor* RunOnPool(grpc::CallbackServerContext* context,
                                      Call call, Work work);
  // Fills the metrics' index gauges (once per generation, on a worker).
  void NoteGeneration(LiveSearcher& live);
  // The DEADLINE_EXCEEDED of a search stopped by its deadline.
  grpc::Status BudgetExceeded(const Call& call, absl::string_view what) const;
  // RESOURCE_EXHAUSTED for a call shed after waiting `waited` in the queue,
  // past `bound` (SearcherPool::QueueWaitBound).
  grpc::Status QueueWaitRefusal(absl::Duration waited,
                                absl::Duration bound) const;

  SearcherPool* pool_;
  const SearchServiceOptions options_;
  const SearchServiceObservers observers_;
};

// Reads the index's statistics on a worker of `pool` into `metrics`' index
// gauges, waiting up to `timeout`. False if that failed or timed out.
bool RefreshIndexGauges(SearcherPool* pool, ServiceMetrics* metrics,
                        absl::Duration timeout);

}  // namespace byline::service

#endif  // BYLINE_SERVICE_SEARCH_SERVICE_H_
