// Writes the seed corpus of fuzz_stored_record: made-up articles (written
// for Byline, no corpus text) encoded by schema::EncodeStoredArticle.
// Usage: make_stored_record_seeds DIR   (then copy DIR/* into
// fuzz/corpus/fuzz_stored_record/). Rerun it when the record format
// changes.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "schema/record.h"

namespace byline::schema {
namespace {

std::vector<StoredArticle> Articles() {
  std::vector<StoredArticle> articles;

  StoredArticle full;
  full.article = {"harbour-1", "Night shift ends the crane strike",
                  "Harbour Wire", "https://harbour.example/1", "en",
                  absl::FromUnixSeconds(1709543700)};
  full.body =
      "Crane drivers at the east quay went back to work on Monday. "
      "Marta Velde of the dockers' union said the deal holds.";
  full.passages = {{0, 59, 0, 59}, {60, 114, 60, 114}};
  full.entities = {{EntityType::kPerson, "marta velde", "Marta Velde"},
                   {EntityType::kPlace, "east quay", "east quay"}};
  full.mentions = {{21, 30, 1}, {60, 71, 0}};
  articles.push_back(full);

  StoredArticle undated;
  undated.article = {"42", "", "", "", "de", std::nullopt};
  undated.body = "Die Fähre fährt wieder. Ab Mittwoch gilt der Sommerplan.";
  // Code-point offsets differ from byte offsets after the umlauts.
  undated.passages = {{0, 25, 0, 23}, {26, 58, 24, 56}};
  articles.push_back(undated);

  StoredArticle old;
  old.article = {"archive-1969", "Moon walk", "Evening Post", "", "en",
                 absl::FromUnixSeconds(-14182940)};
  old.body = "Two men walked on the moon.";
  old.passages = {{0, 27, 0, 27}};
  old.entities = {{EntityType::kMisc, "moon", "moon"}};
  old.mentions = {{22, 26, 0}};
  articles.push_back(old);

  StoredArticle empty;
  empty.article = {"x", "", "", "", "en", std::nullopt};
  empty.body = "";
  articles.push_back(empty);
  return articles;
}

}  // namespace
}  // namespace byline::schema

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_stored_record_seeds DIR\n";
    return 2;
  }
  int n = 0;
  for (const auto& article : byline::schema::Articles()) {
    const std::string path =
        std::string(argv[1]) + "/record-" + std::to_string(++n) + ".bin";
    std::ofstream out(path, std::ios::binary);
    out << byline::schema::EncodeStoredArticle(article);
    if (!out) {
      std::cerr << "cannot write " << path << "\n";
      return 1;
    }
  }
  return 0;
}
