// The second stage of a search: within one article that the match ranked,
// scores every passage by how well it answers the query (BM25 over the
// passage's words, with the query words' weights from the match, a bonus
// for quoted phrases and a small one for the lead), and finds the query's
// words in it for highlighting. The passage shown first is chosen with two
// more signals: for a question, whether the passage holds an answer of the
// kind it asks for (answer_type.h); otherwise, a larger bonus for the lead.
// Works on the stored article alone, after the match, so it costs no database
// calls and runs the same over remote shards.
#ifndef BYLINE_SEARCHER_PASSAGE_SCORER_H_
#define BYLINE_SEARCHER_PASSAGE_SCORER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/node_hash_map.h"
#include "absl/strings/string_view.h"
#include "analysis/text_analyzer.h"
#include "schema/record.h"
#include "searcher/answer_type.h"
#include "searcher/query_builder.h"

namespace byline {

// A highlighted word, as offsets into the article body (bytes and code
// points).
struct HighlightSpan {
  uint32_t start_byte = 0;
  uint32_t end_byte = 0;
  uint32_t start_char = 0;
  uint32_t end_char = 0;
};

struct PassageScorerOptions {
  // BM25 within the article: passages are compared with the article's own
  // average passage length.
  double k1 = 1.2;
  double b = 0.75;
  // A passage holding a quoted phrase of the query earns this fraction of
  // the phrase's word weights on top.
  double phrase_bonus = 1.0;
  // The lead passage's score is multiplied by 1 + lead_bonus: news puts the
  // answer first, all else being equal. This score is the article's passage
  // evidence (article_ranker.h).
  double lead_bonus = 0.1;
  // Choosing which of an article's passages to show first (the choice
  // score): for a query that is not a question the lead's choice is
  // multiplied by 1 + choice_lead_bonus, since the lead sums the story up;
  // for a question by 1 + question_lead_bonus, since it asks for one fact
  // (bench/RESULTS-relevance.md: 0.4 and 0 best; 0.2-1.0 within 0.02).
  double choice_lead_bonus = 0.4;
  double question_lead_bonus = 0.0;
  // A question's passage that holds an answer of the kind it asks for (a
  // person the query does not name, an amount, a date...) gains this many
  // times the mean query word weight in the choice (4-6 best, 8-12 lose one
  // query in 60).
  double answer_type_bonus = 5.0;
  // Weight of a word matched only through a prefix (ukrain*).
  double prefix_word_weight = 1.0;
};

// One passage's evidence.
struct ScoredPassage {
  uint32_t index = 0;  // into StoredArticle::passages
  double score = 0;    // 0: no query word in it; the article's evidence
  double choice = 0;   // orders the article's passages (0 when score is)
  std::vector<HighlightSpan> highlights;  // in body order
};

// Thread safety: not thread-safe (uses the analyzer it is given, not owned,
// which must outlive it). One per query.
class PassageScorer {
 public:
  // `word_weights` maps each query word key (see WordKeys) to its weight
  // (an idf); keys it lacks weigh `prefix_word_weight`. `intent` says
  // whether the query is a question and which answer it asks for
  // (DetectIntent of the query as typed).
  PassageScorer(const QueryTerms& terms,
                absl::flat_hash_map<std::string, double> word_weights,
                TextAnalyzer* analyzer, PassageScorerOptions options = {},
                QueryIntent intent = {});

  // The key of every query word and the Xapian term whose frequency gives
  // its weight: "Z"+stem for words matched by stem, the term itself for
  // words matched exactly. Pure; for building `word_weights`.
  static std::vector<std::pair<std::string, std::string>> WordKeys(
      const QueryTerms& terms, TextAnalyzer& analyzer);

  // Scores every passage of `article`, in passage order.
  std::vector<ScoredPassage> Score(const schema::StoredArticle& article);

 private:
  // The key of the query word `term` matches, or nullptr.
  const std::string* KeyOf(const std::string& term);
  // Per passage of `article` (tokenised into tokens_): whether it mentions
  // an entity of the type the question asks for that the query does not
  // name. All false unless the answer type is an entity type.
  std::vector<bool> HoldsAnswerEntity(const schema::StoredArticle& article);

  const QueryTerms& terms_;
  absl::flat_hash_map<std::string, double> word_weights_;
  TextAnalyzer* analyzer_;
  PassageScorerOptions options_;
  QueryIntent intent_;
  double mean_weight_ = 0;  // of word_weights_
  // Query term -> key, for exact matches; body term -> key ("" for none),
  // a cache of stemming decisions over the query's articles. KeyOf hands
  // out pointers into seen_, so it needs pointer stability (a node map).
  absl::flat_hash_map<std::string, std::string> exact_keys_;
  absl::node_hash_map<std::string, std::string> seen_;
  std::vector<Token> tokens_;  // scratch
};

}  // namespace byline

#endif  // BYLINE_SEARCHER_PASSAGE_SCORER_H_
