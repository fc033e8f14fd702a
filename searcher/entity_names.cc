// EntityNames: display names of entities from their name terms.
#include "searcher/entity_names.h"

namespace byline {

const std::string& EntityNames::DisplayName(const Xapian::Database& db,
                                            schema::EntityType type,
                                            absl::string_view id) {
  // The name term without a form: the prefix of all of the entity's forms.
  std::string prefix = schema::EntityNameTerm(type, id, "");
  auto cached = cache_.find(prefix);
  if (cached != cache_.end()) return cached->second;
  std::string best;
  Xapian::doccount best_articles = 0;
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix);
       ++it) {
    const std::string term = *it;
    const Xapian::doccount articles = it.get_termfreq();
    const absl::string_view form = absl::string_view(term).substr(prefix.size());
    if (best_articles == 0 || articles > best_articles ||
        (articles == best_articles && form < best)) {
      best.assign(form.data(), form.size());
      best_articles = articles;
    }
  }
  if (best_articles == 0) best.assign(id.data(), id.size());
  if (cache_.size() >= max_cached_) cache_.clear();
  return cache_.emplace(std::move(prefix), std::move(best)).first->second;
}

}  // namespace byline
