// RemoteSearcher: byline.v1 calls mapped back to searcher types.
#include "service/client.h"

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "service/auth_tokens.h"
#include "service/entity_convert.h"
#include "service/facet_convert.h"
#include "service/proto_convert.h"
#include "service/status_util.h"
#include "util/status_macros.h"

namespace byline::service {
namespace {

// Pages asked for at once (the server's default cap).
constexpr uint32_t kPreferredPageSize = 100;

// InvalidArgument when `request` asks more than the server's `limits`
// allow (a limit of 0 is unknown: not checked).
absl::Status CheckLimits(const SearchRequest& request,
                         const byline::v1::ServerLimits& limits) {
  if (limits.max_query_bytes() > 0 &&
      request.query.size() > limits.max_query_bytes()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the query is ", request.query.size(),
                     " bytes; the server takes queries of at most ",
                     limits.max_query_bytes(), " bytes"));
  }
  const uint64_t end = uint64_t{request.offset} + request.limit;
  if (limits.max_result_window() > 0 && end > limits.max_result_window()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the server serves results up to result ", limits.max_result_window(),
        " at most; this page (offset ", request.offset, ", limit ",
        request.limit, ") would end at result ", end,
        ". Narrow the query (more words, a source: or date: filter) "
        "instead of paging deeper"));
  }
  if (limits.max_passages_per_article() > 0 &&
      request.passages_per_article > limits.max_passages_per_article()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the server returns at most ", limits.max_passages_per_article(),
        " passages per article, not ", request.passages_per_article));
  }
  if (limits.max_facets() > 0 && request.facets.size() > limits.max_facets()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the server counts at most ", limits.max_facets(),
                     " facets per search, not ", request.facets.size()));
  }
  for (const FacetRequest& f : request.facets) {
    if (limits.max_facet_values() > 0 && f.field != FacetField::kDate &&
        f.max_values > limits.max_facet_values()) {
      return absl::InvalidArgumentError(
          absl::StrCat("the server returns at most ", limits.max_facet_values(),
                       " values per facet, not ", f.max_values, " (",
                       FacetFieldName(f.field), ")"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<RemoteSearcher>> RemoteSearcher::Create(
    const std::string& target, const RemoteOptions& options) {
  BYLINE_ASSIGN_OR_RETURN(std::shared_ptr<grpc::ChannelCredentials> creds,
                          MakeChannelCredentials(options.tls));
  std::string authorization;
  if (!options.token_file.empty()) {
    BYLINE_ASSIGN_OR_RETURN(std::string token,
                            ReadBearerTokenFile(options.token_file));
    authorization = absl::StrCat("Bearer ", token);
  }
  return std::unique_ptr<RemoteSearcher>(new RemoteSearcher(
      byline::v1::SearchService::NewStub(grpc::CreateChannel(target, creds)),
      options.timeout, std::move(authorization)));
}

RemoteSearcher::RemoteSearcher(const std::string& target,
                               absl::Duration timeout)
    : RemoteSearcher(byline::v1::SearchService::NewStub(grpc::CreateChannel(
                         target, grpc::InsecureChannelCredentials())),
                     timeout, "") {}

RemoteSearcher::RemoteSearcher(
    std::unique_ptr<byline::v1::SearchService::Stub> stub,
    absl::Duration timeout, std::string authorization)
    : stub_(std::move(stub)),
      timeout_(timeout),
      authorization_(std::move(authorization)) {}

void RemoteSearcher::Prepare(grpc::ClientContext* context) const {
  context->set_deadline(std::chrono::system_clock::now() +
                        absl::ToChronoMilliseconds(timeout_));
  if (!authorization_.empty()) {
    context->AddMetadata("authorization", authorization_);
  }
}

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
  // The server's caps, checked here rather than learnt from its errors.
  BYLINE_ASSIGN_OR_RETURN(const byline::v1::ServerLimits limits, Limits());
  BYLINE_RETURN_IF_ERROR(CheckLimits(request, limits));
  // One call for the page at request.offset (counted in results); a page
  // larger than the server's cap, or cut by its message limit, continues
  // with the server's page tokens.
  SearchResult result;
  proto.set_offset(request.offset);
  uint32_t articles = 0;  // results collected
  uint32_t page_cap = kPreferredPageSize;
  if (limits.max_page_size() > 0) {
    page_cap = std::min(page_cap, limits.max_page_size());
  }
  uint32_t last_rank = 0;
  const absl::Time start = absl::Now();
  for (;;) {
    proto.set_page_size(
        static_cast<int32_t>(std::min(request.limit - articles, page_cap)));
    byline::v1::SearchResponse response;
    grpc::ClientContext context;
    Prepare(&context);
    grpc::Status status = stub_->Search(&context, proto, &response);
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

absl::StatusOr<byline::v1::ServerLimits> RemoteSearcher::Limits() {
  {
    absl::MutexLock lock(&limits_mu_);
    if (limits_.has_value()) return *limits_;
  }
  byline::v1::StatsResponse response;
  grpc::ClientContext context;
  Prepare(&context);
  grpc::Status status =
      stub_->Stats(&context, byline::v1::StatsRequest(), &response);
  if (!status.ok()) return FromGrpcStatus(status);
  absl::MutexLock lock(&limits_mu_);
  limits_ = response.limits();
  return *limits_;
}

absl::StatusOr<IndexStats> RemoteSearcher::Stats() {
  byline::v1::StatsResponse response;
  grpc::ClientContext context;
  Prepare(&context);
  grpc::Status status =
      stub_->Stats(&context, byline::v1::StatsRequest(), &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return FromProto(response);
}

// Entity look-up (ListEntities; see Searcher::ListEntities).
absl::StatusOr<EntityList> RemoteSearcher::ListEntities(
    const EntityListRequest& request) {
  byline::v1::ListEntitiesRequest proto;
  EntityRequestToProto(request, &proto);
  byline::v1::ListEntitiesResponse response;
  grpc::ClientContext context;
  Prepare(&context);
  grpc::Status status = stub_->ListEntities(&context, proto, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return EntityListFromProto(response);
}

}  // namespace byline::service
