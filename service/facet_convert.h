// Conversions of facet requests, entity filters and facet results between
// the searcher's types and byline.v1 messages (server and client).
#ifndef BYLINE_SERVICE_FACET_CONVERT_H_
#define BYLINE_SERVICE_FACET_CONVERT_H_

#include <vector>

#include "absl/status/status.h"
#include "byline/v1/search.pb.h"
#include "searcher/facet_counter.h"
#include "searcher/searcher.h"

namespace byline::service {

// The request's facets and entity filters into `out`. InvalidArgument
// naming the field ("facets[1].field: unspecified") for what the searcher
// cannot take; the searcher checks the rest (ValidateFacetRequests).
absl::Status FacetsFromProto(const byline::v1::SearchRequest& in,
                             SearchRequest* out);
void FacetsToProto(const SearchRequest& in, byline::v1::SearchRequest* out);

void ToProto(const FacetResult& facet, byline::v1::Facet* out);
FacetResult FromProto(const byline::v1::Facet& facet);

}  // namespace byline::service

#endif  // BYLINE_SERVICE_FACET_CONVERT_H_
