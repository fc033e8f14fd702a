// Conversions of entity look-up requests and results (searcher/
// entity_lookup.h) to and from byline.v1 ListEntities messages, for the
// server and the client.
#ifndef BYLINE_SERVICE_ENTITY_CONVERT_H_
#define BYLINE_SERVICE_ENTITY_CONVERT_H_

#include "absl/status/status.h"
#include "byline/v1/search.pb.h"
#include "searcher/entity_lookup.h"

namespace byline::service {

// The request into `out` (limit 0 becomes 10). InvalidArgument naming the
// field ("types[1]: unspecified") for a type that is not an entity type;
// ValidateEntityListRequest checks the rest.
absl::Status EntityRequestFromProto(const byline::v1::ListEntitiesRequest& in,
                                    EntityListRequest* out);
void EntityRequestToProto(const EntityListRequest& in,
                          byline::v1::ListEntitiesRequest* out);

void EntityListToProto(const EntityList& in,
                       byline::v1::ListEntitiesResponse* out);
// Entities whose type is not an entity type are skipped.
EntityList EntityListFromProto(const byline::v1::ListEntitiesResponse& in);

}  // namespace byline::service

#endif  // BYLINE_SERVICE_ENTITY_CONVERT_H_
