// RemoteSearcher: byline.v1 calls mapped back to searcher types.
#include "service/client.h"

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include "service/proto_convert.h"
#include "service/status_util.h"

namespace byline::service {
namespace {

constexpr uint32_t kMaxRemotePageSize = 100;  // the server's default cap

void SetDeadline(grpc::ClientContext* context, absl::Duration timeout) {
  context->set_deadline(std::chrono::system_clock::now() +
                        absl::ToChronoMilliseconds(timeout));
}

}  // namespace

RemoteSearcher::RemoteSearcher(const std::string& target,
                               absl::Duration timeout)
    : stub_(byline::v1::SearchService::NewStub(
          grpc::CreateChannel(target, grpc::InsecureChannelCredentials()))),
      timeout_(timeout) {}

absl::StatusOr<SearchResult> RemoteSearcher::Search(
    const SearchRequest& request) {
  byline::v1::SearchRequest proto;
  proto.set_query(request.query);
  proto.set_passages_per_article(
      static_cast<int32_t>(request.passages_per_article));
  proto.set_sort(ToProto(request.sort));
  for (const std::string& s : request.sources) proto.add_sources(s);
  if (request.published_from) {
    ToProto(*request.published_from, proto.mutable_published_from());
  }
  if (request.published_to) {
    ToProto(*request.published_to, proto.mutable_published_to());
  }
  SearchResult result;
  uint32_t skipped = 0;
  const absl::Time start = absl::Now();
  // Pages are fetched until request.offset passages are skipped and
  // request.limit collected.
  for (;;) {
    const uint32_t still_to_skip = request.offset - skipped;
    const uint32_t want = request.limit + 1 - result.hits.size();
    proto.set_page_size(static_cast<int32_t>(
        std::min(kMaxRemotePageSize, still_to_skip + want)));
    byline::v1::SearchResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, timeout_);
    grpc::Status status = stub_->Search(&context, proto, &response);
    if (!status.ok()) return FromGrpcStatus(status);
    result.estimated_articles = response.estimated_articles();
    result.sort_used = FromProto(response.sort_used());
    for (const byline::v1::Passage& p : response.passages()) {
      if (skipped < request.offset) {
        ++skipped;
        continue;
      }
      result.hits.push_back(FromProto(p));
    }
    if (response.next_page_token().empty() ||
        result.hits.size() > request.limit) {
      break;
    }
    proto.set_page_token(response.next_page_token());
  }
  result.has_more = result.hits.size() > request.limit;
  if (result.has_more) result.hits.resize(request.limit);
  result.elapsed = absl::Now() - start;
  return result;
}

absl::StatusOr<IndexStats> RemoteSearcher::Stats() {
  byline::v1::StatsResponse response;
  grpc::ClientContext context;
  SetDeadline(&context, timeout_);
  grpc::Status status =
      stub_->Stats(&context, byline::v1::StatsRequest(), &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return FromProto(response);
}

}  // namespace byline::service
