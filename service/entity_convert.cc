// Entity look-up conversions: entity types travel as the FacetField of
// their facet (person, organization, place, misc).
#include "service/entity_convert.h"

#include <optional>

#include "absl/strings/str_cat.h"

namespace byline::service {
namespace {

constexpr uint32_t kDefaultEntityLimit = 10;

// FACET_FIELD_PERSON .. FACET_FIELD_MISC are schema::EntityType + 1.
std::optional<schema::EntityType> TypeFromProto(byline::v1::FacetField field) {
  if (field < byline::v1::FACET_FIELD_PERSON ||
      field > byline::v1::FACET_FIELD_MISC) {
    return std::nullopt;
  }
  return static_cast<schema::EntityType>(static_cast<int>(field) - 1);
}

byline::v1::FacetField TypeToProto(schema::EntityType type) {
  return static_cast<byline::v1::FacetField>(static_cast<int>(type) + 1);
}

static_assert(byline::v1::FACET_FIELD_PERSON ==
              static_cast<int>(schema::EntityType::kPerson) + 1);
static_assert(byline::v1::FACET_FIELD_MISC ==
              static_cast<int>(schema::EntityType::kMisc) + 1);

}  // namespace

absl::Status EntityRequestFromProto(const byline::v1::ListEntitiesRequest& in,
                                    EntityListRequest* out) {
  out->prefix = in.prefix();
  out->query = in.query();
  out->limit = in.limit() == 0 ? kDefaultEntityLimit : in.limit();
  out->types.clear();
  for (int i = 0; i < in.types_size(); ++i) {
    const std::optional<schema::EntityType> type = TypeFromProto(in.types(i));
    if (!type) {
      return absl::InvalidArgumentError(absl::StrCat(
          "types[", i, "]: ",
          in.types(i) == byline::v1::FACET_FIELD_UNSPECIFIED
              ? "unspecified"
              : "not an entity type (person, organization, place, misc)"));
    }
    out->types.push_back(*type);
  }
  return absl::OkStatus();
}

void EntityRequestToProto(const EntityListRequest& in,
                          byline::v1::ListEntitiesRequest* out) {
  out->set_prefix(in.prefix);
  out->set_query(in.query);
  out->set_limit(in.limit);
  for (schema::EntityType type : in.types) out->add_types(TypeToProto(type));
}

void EntityListToProto(const EntityList& in,
                       byline::v1::ListEntitiesResponse* out) {
  for (const EntityEntry& e : in.entities) {
    byline::v1::Entity* p = out->add_entities();
    p->set_id(e.id);
    p->set_type(TypeToProto(e.type));
    p->set_display_name(e.display_name);
    p->set_articles(e.articles);
  }
  out->set_matched(in.matched);
}

EntityList EntityListFromProto(const byline::v1::ListEntitiesResponse& in) {
  EntityList list;
  list.matched = in.matched();
  for (const byline::v1::Entity& p : in.entities()) {
    const std::optional<schema::EntityType> type = TypeFromProto(p.type());
    if (!type) continue;
    list.entities.push_back({p.id(), *type, p.display_name(), p.articles()});
  }
  return list;
}

}  // namespace byline::service
