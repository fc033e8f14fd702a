// SearchService handlers: validation, pool hand-off, time budgets, proto
// conversion, metrics and the access log.
#include "service/search_service.h"

#include <chrono>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "searcher/facet_counter.h"
#include "service/entity_convert.h"
#include "service/facet_convert.h"
#include "service/page_token.h"
#include "service/proto_convert.h"
#include "service/status_util.h"

namespace byline::service {
namespace {

constexpr int kDefaultPageSize = 10;

// "5 ms", "0.4 ms": a duration for an error message.
std::string FormatMs(absl::Duration d) {
  const double ms = absl::ToDoubleMilliseconds(d);
  return ms >= 10 ? absl::StrCat(static_cast<int64_t>(ms), " ms")
                  : absl::StrFormat("%.1f ms", ms);
}
// Facets one request may ask for: each field at most once.
constexpr uint32_t kFacetFields = 6;

grpc::Status InvalidArgument(std::string message) {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, std::move(message));
}

bool IsUtf8ContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Builds the searcher request from the proto, or says what is wrong.
// `generation` gets the page token's generation ("" without a token).
grpc::Status ToSearchRequest(const byline::v1::SearchRequest& in,
                             const SearchServiceOptions& options,
                             uint64_t fingerprint, SearchRequest* out,
                             std::string* generation) {
  if (in.query().size() > options.max_query_bytes) {
    return InvalidArgument(absl::StrCat("query is ", in.query().size(),
                                        " bytes, the maximum is ",
                                        options.max_query_bytes));
  }
  if (in.page_size() < 0 || in.page_size() > options.max_page_size) {
    return InvalidArgument(absl::StrCat("page_size must be 0 to ",
                                        options.max_page_size, ", not ",
                                        in.page_size()));
  }
  if (in.passages_per_article() < 0) {
    return InvalidArgument("passages_per_article must not be negative");
  }
  out->query = in.query();
  out->limit = in.page_size() == 0 ? kDefaultPageSize : in.page_size();
  out->passages_per_article =
      in.passages_per_article() == 0 ? 1 : in.passages_per_article();
  out->sort = FromProto(in.sort());
  out->sources.assign(in.sources().begin(), in.sources().end());
  auto from = FromProto(in.published_from(), "published_from");
  if (!from.ok()) return ToGrpcStatus(from.status());
  auto to = FromProto(in.published_to(), "published_to");
  if (!to.ok()) return ToGrpcStatus(to.status());
  out->published_from = *from;
  out->published_to = *to;
  out->offset = in.offset();
  if (absl::Status facets = FacetsFromProto(in, out); !facets.ok()) {
    return ToGrpcStatus(facets);
  }
  if (!in.page_token().empty()) {
    auto decoded = DecodePageToken(in.page_token(), fingerprint);
    if (!decoded.ok()) return ToGrpcStatus(decoded.status());
    out->offset = decoded->offset;
    *generation = std::move(decoded->generation);
  }
  return grpc::Status::OK;
}

}  // namespace

const std::vector<std::string>& SearchServiceMethods() {
  static const auto* const kMethods = new std::vector<std::string>{
      "Search", "GetArticle", "Stats", "ListEntities"};
  return *kMethods;
}

bool RefreshIndexGauges(SearcherPool* pool, ServiceMetrics* metrics,
                        absl::Duration timeout) {
  auto done = std::make_shared<absl::Notification>();
  auto ok = std::make_shared<bool>(false);
  if (!pool->TrySchedule([metrics, done, ok](LiveSearcher& live) {
        if (live.Refresh().ok()) {
          absl::StatusOr<IndexStats> stats = live.live().Stats();
          if (stats.ok()) {
            metrics->SetIndex(stats->generation, stats->articles,
                              stats->passages);
            *ok = true;
          }
        }
        done->Notify();
      })) {
    return false;
  }
  return done->WaitForNotificationWithTimeout(timeout) && *ok;
}

SearchServiceImpl::SearchServiceImpl(SearcherPool* pool,
                                     SearchServiceOptions options,
                                     SearchServiceObservers observers)
    : pool_(pool), options_(options), observers_(observers) {}

void SearchServiceImpl::FillLimits(byline::v1::ServerLimits* out) const {
  out->set_max_query_bytes(static_cast<uint32_t>(options_.max_query_bytes));
  out->set_max_page_size(static_cast<uint32_t>(options_.max_page_size));
  out->set_max_result_window(options_.max_result_window);
  out->set_max_facet_articles(options_.max_facet_articles);
  out->set_max_passages_per_article(kMaxPassagesPerArticle);
  out->set_max_facets(kFacetFields);
  out->set_max_facet_values(kMaxFacetValues);
  out->set_max_message_bytes(options_.max_message_bytes);
  out->set_request_budget_ms(static_cast<uint32_t>(
      absl::ToInt64Milliseconds(options_.request_budget)));
  out->set_max_queue(static_cast<uint32_t>(pool_->max_queued()));
  if (pool_->max_queue_wait() != absl::InfiniteDuration()) {
    out->set_max_queue_wait_ms(static_cast<uint32_t>(
        absl::ToInt64Milliseconds(pool_->max_queue_wait())));
  }
  out->set_workers(static_cast<uint32_t>(pool_->workers()));
}

SearchServiceImpl::Call SearchServiceImpl::StartCall(
    grpc::CallbackServerContext* context, const char* method,
    uint64_t query_bytes) const {
  Call call;
  call.method = method;
  call.arrival = absl::Now();
  call.query_bytes = query_bytes;
  call.client_deadline = absl::FromChrono(context->deadline());
  call.deadline = call.client_deadline;
  if (options_.request_budget > absl::ZeroDuration()) {
    call.deadline =
        std::min(call.deadline, call.arrival + options_.request_budget);
  }
  if (observers_.access_log != nullptr) call.peer = context->peer();
  return call;
}

void SearchServiceImpl::Finish(grpc::ServerUnaryReactor* reactor,
                               const Call& call,
                               const grpc::Status& status) const {
  const absl::Time now = absl::Now();
  if (observers_.metrics != nullptr) {
    observers_.metrics->RecordCall(call.method, status.error_code(),
                                   now - call.arrival);
  }
  if (observers_.access_log != nullptr) {
    observers_.access_log->Write({call.arrival, call.method,
                                  status.error_code(), now - call.arrival,
                                  call.query_bytes, call.hits, call.peer});
  }
  reactor->Finish(status);
}

grpc::Status SearchServiceImpl::BudgetExceeded(const Call& call,
                                               absl::string_view what) const {
  const absl::Time now = absl::Now();
  const int64_t ms = absl::ToInt64Milliseconds(now - call.arrival);
  if (now >= call.client_deadline) {
    return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                        absl::StrCat(what, " (", ms, " ms after arrival)"));
  }
  return grpc::Status(
      grpc::StatusCode::DEADLINE_EXCEEDED,
      absl::StrCat("the server's time budget of ",
                   absl::ToInt64Milliseconds(options_.request_budget),
                   " ms per call ran out: ", what, " (", ms,
                   " ms after arrival); narrow the query, or retry later if "
                   "the server is busy"));
}

grpc::Status SearchServiceImpl::QueueWaitRefusal(absl::Duration waited,
                                                 absl::Duration bound) const {
  return grpc::Status(
      grpc::StatusCode::RESOURCE_EXHAUSTED,
      absl::StrCat("the server is overloaded: the call waited ",
                   FormatMs(waited),
                   " in the queue, past the queue wait bound of ",
                   FormatMs(bound), "; it was not run; retry with backoff"));
}

void SearchServiceImpl::NoteGeneration(LiveSearcher& live) {
  ServiceMetrics* metrics = observers_.metrics;
  if (metrics == nullptr ||
      !metrics->ClaimIndexRefresh(live.live().generation())) {
    return;
  }
  // Read the new generation's counts on a worker, off this call's time.
  if (!pool_->TrySchedule([metrics](LiveSearcher& l) {
        absl::StatusOr<IndexStats> stats =
            l.Refresh().ok()
                ? l.live().Stats()
                : absl::StatusOr<IndexStats>(absl::UnavailableError("refresh"));
        if (stats.ok()) {
          metrics->SetIndex(stats->generation, stats->articles,
                            stats->passages);
        } else {
          metrics->ReleaseIndexClaim();
        }
      })) {
    metrics->ReleaseIndexClaim();
  }
}

grpc::ServerUnaryReactor* SearchServiceImpl::RunOnPool(
    grpc::CallbackServerContext* context, Call call, Work work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const SearcherPool::Admission admission =
      pool_->Schedule([this, context, reactor, call,
                       work = std::move(work)](LiveSearcher& live) mutable {
        // The client may have given up while the call waited in the queue.
        if (context->IsCancelled()) {
          Finish(reactor, call,
                 grpc::Status(grpc::StatusCode::CANCELLED,
                              "the call was cancelled"));
          return;
        }
        // A call that waited past the queue wait bound is shed: under
        // overload the queue then drains fast, and the calls that do run
        // keep a bounded latency (the client retries with backoff).
        const absl::Time now = absl::Now();
        const absl::Duration waited = now - call.arrival;
        if (absl::Duration bound; pool_->ShouldShed(waited, now, &bound)) {
          if (observers_.metrics != nullptr) {
            observers_.metrics->RecordRefusal(Refusal::kQueueWait);
          }
          Finish(reactor, call, QueueWaitRefusal(waited, bound));
          return;
        }
        // So may its time budget (or deadline): then it is not run.
        if (now >= call.deadline) {
          if (observers_.metrics != nullptr) {
            observers_.metrics->RecordRefusal(Refusal::kBudgetInQueue);
          }
          Finish(reactor, call,
                 BudgetExceeded(call,
                                "deadline passed while the call "
                                "waited in the queue; it was not run"));
          return;
        }
        // Follow the live generation (one stat), or pick up the latest
        // commit of an index without generations.
        grpc::Status status = ToGrpcStatus(live.Refresh());
        if (status.ok()) {
          NoteGeneration(live);
          status = std::move(work)(live, call);
        }
        if (status.ok() && absl::Now() >= call.client_deadline) {
          status = grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                                "deadline passed during the search");
        }
        Finish(reactor, call, status);
      });
  if (admission == SearcherPool::Admission::kQueueTooSlow) {
    if (observers_.metrics != nullptr) {
      observers_.metrics->RecordRefusal(Refusal::kQueueWait);
    }
    Finish(reactor, call,
           grpc::Status(
               grpc::StatusCode::RESOURCE_EXHAUSTED,
               absl::StrCat("the server is overloaded (the oldest queued "
                            "call has waited past the queue wait bound of ",
                            FormatMs(pool_->QueueWaitBound(absl::Now())),
                            "); retry with backoff")));
  } else if (admission != SearcherPool::Admission::kScheduled) {
    if (observers_.metrics != nullptr) {
      observers_.metrics->RecordRefusal(Refusal::kQueueFull);
    }
    Finish(reactor, call,
           grpc::Status(
               grpc::StatusCode::RESOURCE_EXHAUSTED,
               "the server is busy (search queue full); retry with backoff"));
  }
  return reactor;
}

grpc::ServerUnaryReactor* SearchServiceImpl::Search(
    grpc::CallbackServerContext* context,
    const byline::v1::SearchRequest* request,
    byline::v1::SearchResponse* response) {
  Call call = StartCall(context, "Search", request->query().size());
  const uint64_t fingerprint = RequestFingerprint(*request);
  SearchRequest local;
  std::string token_generation;
  if (grpc::Status status = ToSearchRequest(*request, options_, fingerprint,
                                            &local, &token_generation);
      !status.ok()) {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    Finish(reactor, call, status);
    return reactor;
  }
  local.deadline.at = call.deadline;
  const uint32_t offset = local.offset;
  const size_t max_bytes = options_.max_response_bytes;
  return RunOnPool(
      context, std::move(call),
      [this, local = std::move(local), offset, fingerprint, max_bytes, response,
       token_generation = std::move(token_generation)](
          LiveSearcher& live, Call& call) -> grpc::Status {
        // Later pages come from the generation of the first.
        absl::StatusOr<Searcher*> searcher =
            live.ForGeneration(token_generation);
        if (absl::IsNotFound(searcher.status())) {
          return grpc::Status(
              grpc::StatusCode::FAILED_PRECONDITION,
              absl::StrCat(
                  "this page token belongs to generation ", token_generation,
                  " of the index, which has been replaced and removed; "
                  "start the search again"));
        }
        if (!searcher.ok()) return ToGrpcStatus(searcher.status());
        absl::StatusOr<SearchResult> result = (*searcher)->Search(local);
        if (absl::IsDeadlineExceeded(result.status())) {
          return BudgetExceeded(call, result.status().message());
        }
        if (!result.ok()) return ToGrpcStatus(result.status());
        // Pages count articles; an article's passages are adjacent and share
        // its rank. An article that would not fit in the message starts the
        // next page, unless it is the page's first (then it goes alone, with
        // as many of its passages as fit).
        size_t bytes = 0;
        uint32_t articles = 0;
        std::vector<byline::v1::Passage> group;
        for (size_t i = 0; i < result->hits.size();) {
          size_t end = i;
          size_t group_bytes = 0;
          group.clear();
          for (; end < result->hits.size() &&
                 result->hits[end].rank == result->hits[i].rank;
               ++end) {
            ToProto(result->hits[end], &group.emplace_back());
            group_bytes += group.back().ByteSizeLong() + 8;  // + tag and length
          }
          if (articles > 0 && bytes + group_bytes > max_bytes) {
            result->has_more = true;
            break;
          }
          ++articles;
          for (byline::v1::Passage& p : group) {
            // A first article too big for one message keeps its best passages
            // that fit (at least one).
            const size_t size = p.ByteSizeLong() + 8;
            if (response->passages_size() > 0 && bytes + size > max_bytes)
              break;
            bytes += size;
            *response->add_passages() = std::move(p);
          }
          i = end;
        }
        for (const FacetResult& facet : result->facets) {
          ToProto(facet, response->add_facets());
        }
        response->set_estimated_articles(result->estimated_articles);
        response->set_generation((*searcher)->generation());
        response->set_sort_used(ToProto(result->sort_used));
        const int64_t nanos = absl::ToInt64Nanoseconds(result->elapsed);
        response->mutable_took()->set_seconds(nanos / 1000000000);
        response->mutable_took()->set_nanos(
            static_cast<int32_t>(nanos % 1000000000));
        if (result->has_more) {
          response->set_next_page_token(EncodePageToken(
              {offset + articles, (*searcher)->generation()}, fingerprint));
        }
        call.hits = static_cast<uint64_t>(response->passages_size());
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* SearchServiceImpl::GetArticle(
    grpc::CallbackServerContext* context,
    const byline::v1::GetArticleRequest* request,
    byline::v1::GetArticleResponse* response) {
  Call call = StartCall(context, "GetArticle", 0);
  if (request->id().empty()) {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    Finish(reactor, call, InvalidArgument("id is required"));
    return reactor;
  }
  const size_t chunk = options_.max_body_chunk_bytes;
  return RunOnPool(
      context, std::move(call),
      [request, response, chunk](LiveSearcher& live, Call&) -> grpc::Status {
        absl::StatusOr<ArticleRecord> article =
            live.live().GetArticle(request->id());
        if (!article.ok()) return ToGrpcStatus(article.status());
        const std::string& body = article->body;
        if (request->body_offset() > body.size()) {
          return grpc::Status(
              grpc::StatusCode::OUT_OF_RANGE,
              absl::StrCat("body_offset ", request->body_offset(),
                           " is past the end of the body (", body.size(),
                           " bytes)"));
        }
        size_t start = request->body_offset();
        const size_t limit =
            request->body_limit() == 0
                ? chunk
                : std::min<size_t>(request->body_limit(), chunk);
        size_t end = std::min(body.size(), start + limit);
        // Whole UTF-8 characters only: proto3 strings must be valid UTF-8.
        while (start > 0 && IsUtf8ContinuationByte(body[start])) --start;
        while (end < body.size() && IsUtf8ContinuationByte(body[end])) ++end;
        ToProto(article->meta, response->mutable_article());
        response->set_body(body.substr(start, end - start));
        response->set_body_offset(start);
        response->set_body_size(body.size());
        response->set_body_truncated(end < body.size());
        response->set_passage_count(article->passage_count);
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* SearchServiceImpl::Stats(
    grpc::CallbackServerContext* context,
    const byline::v1::StatsRequest* /*request*/,
    byline::v1::StatsResponse* response) {
  Call call = StartCall(context, "Stats", 0);
  return RunOnPool(context, std::move(call),
                   [this, response](LiveSearcher& live, Call&) -> grpc::Status {
                     absl::StatusOr<IndexStats> stats = live.live().Stats();
                     if (!stats.ok()) return ToGrpcStatus(stats.status());
                     ToProto(*stats, response);
                     FillLimits(response->mutable_limits());
                     if (observers_.metrics != nullptr) {
                       observers_.metrics->SetIndex(
                           stats->generation, stats->articles, stats->passages);
                     }
                     return grpc::Status::OK;
                   });
}

grpc::ServerUnaryReactor* SearchServiceImpl::ListEntities(
    grpc::CallbackServerContext* context,
    const byline::v1::ListEntitiesRequest* request,
    byline::v1::ListEntitiesResponse* response) {
  Call call = StartCall(context, "ListEntities",
                        request->query().size() + request->prefix().size());
  EntityListRequest local;
  grpc::Status invalid;
  if (request->query().size() > options_.max_query_bytes) {
    invalid = InvalidArgument(absl::StrCat("query is ", request->query().size(),
                                           " bytes, the maximum is ",
                                           options_.max_query_bytes));
  } else if (absl::Status converted = EntityRequestFromProto(*request, &local);
             !converted.ok()) {
    invalid = ToGrpcStatus(converted);
  } else if (absl::Status valid = ValidateEntityListRequest(local);
             !valid.ok()) {
    invalid = ToGrpcStatus(valid);
  }
  if (!invalid.ok()) {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    Finish(reactor, call, invalid);
    return reactor;
  }
  return RunOnPool(context, std::move(call),
                   [local = std::move(local), response](
                       LiveSearcher& live, Call& call) -> grpc::Status {
                     absl::StatusOr<EntityList> list =
                         live.live().ListEntities(local);
                     if (!list.ok()) return ToGrpcStatus(list.status());
                     EntityListToProto(*list, response);
                     response->set_generation(live.live().generation());
                     call.hits = list->entities.size();
                     return grpc::Status::OK;
                   });
}

}  // namespace byline::service
