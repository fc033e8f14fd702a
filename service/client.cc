// RemoteSearcher: byline.v1 calls mapped back to searcher types.
#include "service/client.h"

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include "absl/strings/numbers.h"
#include "absl/strings/strip.h"
#include "service/facet_convert.h"
#include "service/proto_convert.h"
#include "service/status_util.h"

namespace byline::service {
namespace {

// Pages asked for at once (the server's default cap).
constexpr uint32_t kPreferredPageSize = 100;

// Reads the cap from the server's "page_size must be 0 to N, not M".
bool ServerPageCap(absl::string_view message, int* cap) {
  constexpr absl::string_view kPrefix = "page_size must be 0 to ";
  if (!absl::ConsumePrefix(&message, kPrefix)) return false;
  return absl::SimpleAtoi(message.substr(0, message.find(',')), cap);
}

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
  FacetsToProto(request, &proto);
  if (request.published_from) {
    ToProto(*request.published_from, proto.mutable_published_from());
  }
  if (request.published_to) {
    ToProto(*request.published_to, proto.mutable_published_to());
  }
  // One call for the page at request.offset (counted in results); a page
  // larger than the server's cap, or cut by its message limit, continues
  // with the server's page tokens.
  SearchResult result;
  proto.set_offset(request.offset);
  uint32_t articles = 0;  // results collected
  uint32_t page_cap = kPreferredPageSize;
  uint32_t last_rank = 0;
  const absl::Time start = absl::Now();
  for (;;) {
    proto.set_page_size(static_cast<int32_t>(
        std::min(request.limit - articles, page_cap)));
    byline::v1::SearchResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, timeout_);
    grpc::Status status = stub_->Search(&context, proto, &response);
    if (int cap = 0; status.error_code() == grpc::INVALID_ARGUMENT &&
                     ServerPageCap(status.error_message(), &cap) &&
                     cap > 0 && cap < proto.page_size()) {
      page_cap = static_cast<uint32_t>(cap);  // a smaller server cap: ask again
      continue;
    }
    if (!status.ok()) return FromGrpcStatus(status);
    result.estimated_articles = response.estimated_articles();
    if (result.facets.empty()) {
      for (const byline::v1::Facet& f : response.facets()) {
        result.facets.push_back(FromProto(f));
      }
    }
    result.sort_used = FromProto(response.sort_used());
    for (const byline::v1::Passage& p : response.passages()) {
      if (p.rank() != last_rank) ++articles;
      last_rank = p.rank();
      result.hits.push_back(FromProto(p));
    }
    if (response.next_page_token().empty()) break;
    if (articles >= request.limit) {
      result.has_more = true;
      break;
    }
    proto.set_page_token(response.next_page_token());
    proto.clear_facets();  // counted once, with the first page
  }
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
