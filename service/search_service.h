// byline.v1.SearchService on gRPC's callback API. Each RPC is validated on
// the calling thread, then handed to a SearcherPool worker; the reactor
// thread never blocks on Xapian. Searches run on the index's live
// generation, except pages of a search that started on an older one: their
// page token names it, and they are served from it while it exists.
#ifndef BYLINE_SERVICE_SEARCH_SERVICE_H_
#define BYLINE_SERVICE_SEARCH_SERVICE_H_

#include <cstdint>

#include "byline/v1/search.grpc.pb.h"
#include "service/searcher_pool.h"

namespace byline::service {

struct SearchServiceOptions {
  int max_page_size = 100;            // larger page_size: INVALID_ARGUMENT
  size_t max_query_bytes = 4096;      // longer query: INVALID_ARGUMENT
  // GetArticle never sends more body than this in one response; bigger
  // bodies come as byte ranges (body_truncated = true).
  size_t max_body_chunk_bytes = (4 << 20) - (64 << 10);
  // A Search page never exceeds this: passages that would not fit move to
  // the next page (next_page_token), instead of failing the call.
  size_t max_response_bytes = (4 << 20) - (64 << 10);
};

// Thread safety: gRPC calls the handlers from many threads; the service
// holds only immutable options and the (thread-safe) pool, which must
// outlive it.
class SearchServiceImpl final
    : public byline::v1::SearchService::CallbackService {
 public:
  SearchServiceImpl(SearcherPool* pool, SearchServiceOptions options);

  grpc::ServerUnaryReactor* Search(
      grpc::CallbackServerContext* context,
      const byline::v1::SearchRequest* request,
      byline::v1::SearchResponse* response) override;
  grpc::ServerUnaryReactor* GetArticle(
      grpc::CallbackServerContext* context,
      const byline::v1::GetArticleRequest* request,
      byline::v1::GetArticleResponse* response) override;
  grpc::ServerUnaryReactor* Stats(
      grpc::CallbackServerContext* context,
      const byline::v1::StatsRequest* request,
      byline::v1::StatsResponse* response) override;

 private:
  using Work = absl::AnyInvocable<grpc::Status(LiveSearcher&) &&>;
  // Runs `work` on a pool worker and finishes the RPC with its status;
  // refuses when the client has already given up or the pool is full.
  grpc::ServerUnaryReactor* RunOnPool(grpc::CallbackServerContext* context,
                                      Work work);

  SearcherPool* pool_;
  const SearchServiceOptions options_;
};

}  // namespace byline::service

#endif  // BYLINE_SERVICE_SEARCH_SERVICE_H_
