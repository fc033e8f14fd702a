// Conversions between the searcher's C++ types and byline.v1 messages, used
// by the server (C++ -> proto) and by the client (proto -> C++), so local and
// remote search print through the same code.
#ifndef BYLINE_SERVICE_PROTO_CONVERT_H_
#define BYLINE_SERVICE_PROTO_CONVERT_H_

#include "absl/status/statusor.h"
#include "byline/v1/search.pb.h"
#include "searcher/searcher.h"

namespace byline::service {

void ToProto(const PassageHit& hit, byline::v1::Passage* out);
void ToProto(const schema::ArticleMeta& meta, byline::v1::ArticleInfo* out);
void ToProto(const IndexStats& stats, byline::v1::StatsResponse* out);
byline::v1::SortOrder ToProto(SortOrder sort);

PassageHit FromProto(const byline::v1::Passage& passage);
schema::ArticleMeta FromProto(const byline::v1::ArticleInfo& info);
IndexStats FromProto(const byline::v1::StatsResponse& stats);
SortOrder FromProto(byline::v1::SortOrder sort);

// A proto Date to a civil day; an all-zero (unset) Date is absent.
// InvalidArgument names `field` for an impossible day.
absl::StatusOr<std::optional<absl::CivilDay>> FromProto(
    const byline::v1::Date& date, absl::string_view field);
void ToProto(const absl::CivilDay& day, byline::v1::Date* out);

}  // namespace byline::service

#endif  // BYLINE_SERVICE_PROTO_CONVERT_H_
