// Entity type names (see entity.h).
#include "ner/entity.h"

#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"

namespace byline::ner {

absl::string_view EntityTypeName(EntityType type) {
  switch (type) {
    case EntityType::kPerson:
      return "PER";
    case EntityType::kOrganization:
      return "ORG";
    case EntityType::kLocation:
      return "LOC";
    case EntityType::kMisc:
      return "MISC";
  }
  return "?";
}

std::optional<EntityType> ParseEntityType(absl::string_view name) {
  if (absl::EqualsIgnoreCase(name, "PER") ||
      absl::EqualsIgnoreCase(name, "PERSON")) {
    return EntityType::kPerson;
  }
  if (absl::EqualsIgnoreCase(name, "ORG") ||
      absl::EqualsIgnoreCase(name, "ORGANIZATION")) {
    return EntityType::kOrganization;
  }
  if (absl::EqualsIgnoreCase(name, "LOC") ||
      absl::EqualsIgnoreCase(name, "LOCATION")) {
    return EntityType::kLocation;
  }
  if (absl::EqualsIgnoreCase(name, "MISC")) return EntityType::kMisc;
  return std::nullopt;
}

}  // namespace byline::ner
